import json

import pytest
from django.core.management import CommandError, call_command
from factories import fact_document

from quizzes.facts.validator import validate_fact_source
from quizzes.models import Event, Person, Source


def test_the_small_document_is_valid():
    assert validate_fact_source(fact_document()) == []


def break_document(mutate):
    document = fact_document()
    mutate(document)
    return validate_fact_source(document)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["events"][0].update(date="1909-02-31"), 'events[0].date: "1909-02-31" is not a date'),
        (
            lambda d: d["events"][0].update(date="31 Febuary 1909"),
            'events[0].date: "31 Febuary 1909" is not a date',
        ),
        (
            lambda d: d["events"][1].update(date="1910-13"),
            'events[1].date: "1910-13" is not a date (month 13',
        ),
        (lambda d: d["events"][0].update(date_end="1900"), 'events[0].date_end: "1900" does not end after'),
        (
            lambda d: d["events"][4].update(other_dates=["July"]),
            'events[4].other_dates[0]: "July" is not a date',
        ),
        (lambda d: d["events"][0].update(open_ended="yes"), "events[0].open_ended: must be true or false"),
        (
            lambda d: d["events"][5].update(date=None, open_ended=True),
            "events[5].open_ended: an open end needs a start date",
        ),
        (
            lambda d: d["events"][0].update(date_end="1911", open_ended=True),
            "events[0].open_ended: a range with an end is not open-ended",
        ),
        (lambda d: d["people"][0].update(side="rusia"), 'people[0].side: "rusia" is not a side id'),
        (lambda d: d["people"][1].update(sentence="s99"), 'people[1].sentence: "s99" is not a sentence id'),
        (
            lambda d: d["places"][5].update(located_in="moon"),
            'places[5].located_in: "moon" is not a place id',
        ),
        (lambda d: d["places"][0].update(kind="planet"), "places[0].kind: 'planet' is not one of"),
        (
            lambda d: d["places"][2].update(aliases=["Nordtown"]),
            'places[2].aliases[0]: "Nordtown" also names places[1]',
        ),
        (
            lambda d: d["people"][3].update(aliases=["ANNA IVANOVA"]),
            'people[3].aliases[0]: "ANNA IVANOVA" also names people[0]',
        ),
        (lambda d: d["people"][0].update(id="Anna Ivanova"), 'people[0].id: "Anna Ivanova" is not a slug'),
        (lambda d: d["people"][1].update(id="anna"), 'people[1].id: "anna" is already used by people[0]'),
        (lambda d: d["people"][0].pop("name"), "people[0].name: is required"),
        (lambda d: d["people"][0].update(nmae="x"), "people[0].nmae: unknown key"),
        (lambda d: d["people"][0].update(description=7), "people[0].description: must be a string"),
        (
            lambda d: d["people"][0].update(description="Red general, Anna Ivanova herself"),
            'people[0].description: names the person ("Anna Ivanova")',
        ),
        (lambda d: d["people"][3].update(role=""), "people[3].role: must be a non-empty string"),
        (
            lambda d: d["sides"][0].update(opposes=["purple"]),
            'sides[0].opposes[0]: "purple" is not a side id',
        ),
        (
            lambda d: d["sides"][1].update(opposes=["blue"]),
            "sides[1].opposes[0]: a side cannot oppose itself",
        ),
        (lambda d: d["sides"][2].update(opposes="red"), "sides[2].opposes: must be a list of side ids"),
        (
            lambda d: d["places"][0].update(located_in="fort"),
            "places[0].located_in: lies in itself through land → fort → north → land",
        ),
        (lambda d: d["places"][1].update(located_in="north"), "places[1].located_in: a place cannot lie in"),
        (lambda d: d["people"][0].update(aliases="Anna"), "people[0].aliases: must be a list of strings"),
        (
            lambda d: d["events"][0]["participants"][0].update(role="hero"),
            'events[0].participants[0].role: "hero" is not one of',
        ),
        (
            lambda d: d["events"][0]["participants"][0].update(person="zoe"),
            'events[0].participants[0].person: "zoe" is not a person id',
        ),
        (
            lambda d: d["events"][1].update(name="The taking of a northern city"),
            "events[1].name: is the same as events[0].name",
        ),
        (lambda d: d.pop("sides"), "sides: is required"),
        (lambda d: d.update(format=3), "format: 3 is not a known format"),
        (lambda d: d.update(statements=[]), "statements: needs format 2"),
    ],
)
def test_each_problem_is_reported_with_its_path(mutate, expected):
    errors = break_document(mutate)
    assert any(error.startswith(expected) for error in errors), errors


def test_a_person_the_text_does_not_tell_apart_may_have_no_description():
    document = fact_document()
    document["people"][0]["description"] = ""

    assert validate_fact_source(document) == []


def test_every_problem_is_reported_at_once():
    def mutate(document):
        document["events"][0]["date"] = "1909-02-31"
        document["people"][0]["side"] = "rusia"
        document["places"][0]["kind"] = "planet"

    assert len(break_document(mutate)) == 3


def test_not_an_object_is_reported():
    assert validate_fact_source([]) == ["$: a fact source must be a JSON object"]


@pytest.mark.django_db
def test_an_invalid_file_loads_nothing_and_exits_non_zero(tmp_path, capsys):
    document = fact_document()
    document["events"][2]["date"] = "1911-02-30"
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_facts", str(path))

    assert 'events[2].date: "1911-02-30" is not a date' in capsys.readouterr().err
    assert not Source.objects.exists()
    assert not Person.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_reported(tmp_path, capsys):
    path = tmp_path / "facts.json"
    path.write_text('{"format": 1,')

    with pytest.raises(CommandError):
        call_command("load_facts", str(path))

    assert "not valid JSON (line 1" in capsys.readouterr().err
