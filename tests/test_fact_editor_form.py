"""The fact source editor's form: a document becomes rows of fields and back unchanged, a
removed or blank row is left out, and each of the validator's messages lands beside the
field it is about."""

import json
from pathlib import Path

import pytest
from django.http import QueryDict
from editor_helpers import posted

from quizzes.facts.validator import validate_fact_source
from quizzes.views.fact_editor import document_from, editor_form

BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"
HANSEATIC = Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.json"


def comparable(document: dict) -> dict:
    document = json.loads(json.dumps(document))
    document["source"].pop("text_file", None)
    return document


@pytest.mark.parametrize("path", [BUNDLED, HANSEATIC], ids=["bundled", "hanseatic"])
def test_a_document_goes_through_the_form_unchanged(path):
    document = json.loads(path.read_text())

    again = document_from(posted(editor_form(document)))

    assert again == comparable(document)
    assert validate_fact_source(again) == []


def test_a_removed_row_and_a_blank_row_are_left_out():
    document = json.loads(HANSEATIC.read_text())
    form = editor_form(document, extra_rows={"people": 2})
    assert len(form.sections[2].rows) == len(document["people"]) + 2

    again = document_from(posted(form, **{"people-0-remove": "on"}))

    assert [person["id"] for person in again["people"]] == [person["id"] for person in document["people"][1:]]


def test_each_message_lands_beside_its_field():
    document = json.loads(HANSEATIC.read_text())
    document["people"][1]["side"] = "nobody"
    document["events"][0]["date"] = "1370-13"
    document["places"][0]["aliases"] = ["x", document["people"][0]["name"]]
    errors = validate_fact_source(document)
    assert errors

    form = editor_form(document, errors)

    people = {cell.field.name: cell for cell in form.sections[2].rows[1].cells}
    assert people["side"].errors == ['"nobody" is not a side id']
    events = {cell.field.name: cell for cell in form.sections[4].rows[0].cells}
    assert events["date"].errors and "is not a date" in events["date"].errors[0]
    places = {cell.field.name: cell for cell in form.sections[3].rows[0].cells}
    assert places["aliases"].errors
    assert form.error_count == len(errors)


def test_a_message_about_no_field_of_the_form_is_shown_at_the_top():
    form = editor_form({"format": 3, "source": {}}, ["format: 3 is not a known format (expected 1 or 2)"])

    assert form.errors == ["3 is not a known format (expected 1 or 2)"]


def test_participants_and_phrases_and_about_are_written_as_a_teacher_types_them():
    data = QueryDict(mutable=True)
    data.update({"format": "2", "events-count": "1", "events-0-id": "siege", "events-0-name": "the siege",
                 "events-0-participants": "anna leader\n\nboris  subject\n",
                 "events-0-asked": "was it besieged", "events-0-date": "", "statements-count": "1",
                 "statements-0-about": "event:siege", "statements-0-id": "why",
                 "statements-0-wrong": "a\nb\n c "})  # fmt: skip

    document = document_from(data)

    [event] = document["events"]
    assert event["participants"] == [
        {"person": "anna", "role": "leader"},
        {"person": "boris", "role": "subject"},
    ]
    assert event["phrases"] == {"asked": "was it besieged"} and event["date"] is None
    assert "date_end" not in event and "open_ended" not in event
    [statement] = document["statements"]
    assert statement["about"] == {"event": "siege"} and statement["wrong"] == ["a", "b", "c"]
