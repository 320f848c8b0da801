import json

import pytest
from django.core.management import call_command
from factories import fact_document

from quizzes.facts.loader import load_fact_source
from quizzes.models import Event, EventParticipant, Person, Place, Sentence, Side

pytestmark = pytest.mark.django_db


def snapshot():
    rows = {}
    for model in (Sentence, Person, Place, Event, EventParticipant):
        for row in model.objects.all():
            rows[(model.__name__, row.pk)] = {
                field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields
            }
    return rows


def test_loading_the_same_document_twice_changes_nothing():
    load_fact_source(fact_document())
    before = snapshot()

    _, report = load_fact_source(fact_document())

    assert not report.changed, report.summary()
    assert snapshot() == before


def test_loading_an_edited_document_updates_rows_in_place():
    load_fact_source(fact_document())
    anna_pk = Person.objects.get(key="anna").pk
    document = fact_document()
    document["people"][0]["aliases"].append("Anya")
    document["events"][0]["date"] = "1909-04-21"

    _, report = load_fact_source(document)

    assert report.updated == {"people": 1, "events": 1}
    anna = Person.objects.get(key="anna")
    assert anna.pk == anna_pk and "Anya" in anna.aliases
    assert Event.objects.get(key="taking").date == "1909-04-21"


def test_facts_removed_from_the_file_are_removed():
    load_fact_source(fact_document())
    document = fact_document()
    document["events"] = document["events"][1:]

    _, report = load_fact_source(document)

    assert report.deleted["events"] == 1 and report.deleted["participants"] == 1
    assert not Event.objects.filter(key="taking").exists()


def test_the_command_loads_a_file_and_says_what_changed(tmp_path, capsys):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(fact_document(), ensure_ascii=False), encoding="utf-8")

    call_command("load_facts", str(path))
    assert "created 6 events" in capsys.readouterr().out
    call_command("load_facts", str(path))
    assert "no changes" in capsys.readouterr().out
    assert Person.objects.get(key="cyrus").aliases == ["کوروش کریمی"]


def opposed_pairs():
    return {
        (side.key, other.key)
        for side in Side.objects.prefetch_related("opposes")
        for other in side.opposes.all()
    }


def test_opposition_is_mutual_and_reloads_without_change():
    load_fact_source(fact_document())

    pairs = {("red", "blue"), ("red", "green"), ("blue", "green")}
    assert opposed_pairs() == pairs | {(b, a) for a, b in pairs}
    _, report = load_fact_source(fact_document())
    assert not report.changed, report.summary()


def test_an_edited_opposition_updates_both_sides():
    load_fact_source(fact_document())
    document = fact_document()
    document["sides"][1]["opposes"] = []  # the Blues and the Greens make peace

    _, report = load_fact_source(document)

    assert report.updated["sides"] >= 1
    assert ("blue", "green") not in opposed_pairs() and ("green", "blue") not in opposed_pairs()
    assert ("red", "green") in opposed_pairs()
