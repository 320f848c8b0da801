"""The bundled fact base, cross-checked against the article it was curated from."""

import json
from pathlib import Path

import pytest
from content_checks import check_question, grade
from django.core.management import call_command

from quizzes.answers import normalize_text
from quizzes.facts.dates import FactDate
from quizzes.facts.validator import validate_fact_source
from quizzes.models import Question

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FACT_FILE = FIXTURES / "persian_constitutional_revolution.json"
DOCUMENT = json.loads(FACT_FILE.read_text(encoding="utf-8"))
ARTICLE = (FIXTURES / DOCUMENT["source"]["text_file"]).read_text(encoding="utf-8")
SENTENCES = {sentence["id"]: sentence["text"] for sentence in DOCUMENT["sentences"]}


def word_start_in(text: str, names: list[str]) -> bool:
    haystack = f" {normalize_text(text)}"
    return any(f" {normalize_text(name)}" in haystack for name in names)


def test_the_bundled_file_is_valid():
    assert validate_fact_source(DOCUMENT) == []


def test_it_holds_every_named_person_and_enough_places_and_events():
    # The article names 37 distinct people; each must be here.
    assert len(DOCUMENT["people"]) >= 37
    assert len(DOCUMENT["places"]) >= 30
    assert len(DOCUMENT["events"]) >= 30
    for name in ["Vladimir Liakhov", "Sattar Khan", "Morgan Shuster", "Dabizha", "Heydar Latifiyan"]:
        assert any(person["name"] == name for person in DOCUMENT["people"]), name


@pytest.mark.parametrize("sentence", DOCUMENT["sentences"], ids=lambda s: s["id"])
def test_every_cited_sentence_is_quoted_verbatim_from_the_article(sentence):
    assert sentence["text"] in ARTICLE


@pytest.mark.parametrize("event", [e for e in DOCUMENT["events"] if e["date"]], ids=lambda e: e["id"])
def test_every_event_date_is_written_in_its_sentence(event):
    """The date and range end in the event's sentence; conflicting dates somewhere cited."""
    cited = [(SENTENCES[event["sentence"]], value) for value in (event["date"], event.get("date_end"))]
    everywhere = " | ".join(SENTENCES.values())
    cited += [(everywhere, value) for value in event.get("other_dates", [])]
    for sentence, value in cited:
        if not value:
            continue
        date = FactDate.parse(value)
        if date.precision == "day":
            month = date.written().split()[1]
            assert (
                f"{date.day} {month} {date.year}" in sentence
                or f"{month} {date.day}, {date.year}" in sentence
            )
        elif date.precision == "month":
            assert date.written().split()[0] in sentence and str(date.year) in sentence
        else:
            assert str(date.year) in sentence


@pytest.mark.parametrize("person", DOCUMENT["people"], ids=lambda p: p["id"])
def test_every_person_is_named_in_their_sentence_and_not_in_their_description(person):
    names = [person["name"], *person["aliases"]]
    surnames = [name.split()[-1] for name in names]
    assert word_start_in(SENTENCES[person["sentence"]], names + surnames)
    assert not word_start_in(person["description"], names)


@pytest.mark.parametrize("place", DOCUMENT["places"], ids=lambda p: p["id"])
def test_every_place_is_named_in_its_sentence(place):
    names = [place["name"], *place["aliases"]]
    assert word_start_in(SENTENCES[place["sentence"]], names + [name.split()[0] for name in names])


@pytest.fixture
def bundled_set(db):
    call_command("load_facts", str(FACT_FILE))
    call_command("generate_questions")
    return Question.objects.select_related(
        "event__place", "event__source", "person__side", "place__located_in", "source_sentence"
    ).prefetch_related("choices", "accepted_answers")


def test_every_bundled_question_is_right_by_its_facts(bundled_set):
    questions = list(bundled_set)

    assert len(questions) > 300
    for question in questions:
        check_question(question)


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("when-text:occupation-tabriz", "20 April 1909"),
        ("when-text:coup-1908", "24 June 1908"),
        ("when-text:russian-ultimatum", "21 November 1911"),
        ("when-text:deposition-mohammad-ali-shah", "16 July 1909"),
        ("when-text:constitution-1906", "October 1906"),
        ("who-text:commander:occupation-tabriz", "I. Snarsky"),
        ("who-text:commander:occupation-ardabil", "Nikolai Yudenich"),
        ("where-text:exile-odessa", "Odessa"),
    ],
)
def test_answers_agree_with_the_article(bundled_set, key, answer):
    assert bundled_set.get(generator_key=key).answer == answer


@pytest.mark.parametrize(
    ("key", "given", "right"),
    [
        ("when-text:deposition-mohammad-ali-shah", "15 July 1909", True),  # the article gives both
        ("when-text:deposition-mohammad-ali-shah", "July 16, 1909", True),
        ("when-text:deposition-mohammad-ali-shah", "1909", False),  # coarser than asked
        ("who-text:commander:coup-1908", "Lyakhov", True),
        ("who-text:commander:coup-1908", "Ляхов", True),
        ("who-text:commander:coup-1908", "Snarsky", False),
        ("where-text:return-mohammad-ali-shah", "Gomsh Tappeh", True),
    ],
)
def test_typed_answers_are_graded_with_aliases_and_dates(bundled_set, key, given, right):
    assert grade(bundled_set.get(generator_key=key), given) is right
