"""A second, small source of another subject (the Hanseatic League), written for the tests
with its own text: it goes through the checks the bundled one does, so nothing in the
generator may be specific to the first article. Its content report is held to the same
thresholds in tests/test_content_report.py."""

import json
from pathlib import Path

import pytest
from content_checks import assert_dates_written, check_question
from django.core.management import call_command

from quizzes.facts.validator import validate_fact_source
from quizzes.generation.sync import generate_questions
from quizzes.models import Question, Source

FACT_FILE = Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.json"
DOCUMENT = json.loads(FACT_FILE.read_text(encoding="utf-8"))
TEXT = (FACT_FILE.parent / DOCUMENT["source"]["text_file"]).read_text(encoding="utf-8")
SENTENCES = {sentence["id"]: sentence["text"] for sentence in DOCUMENT["sentences"]}


def test_the_file_is_valid_and_in_format_2():
    assert validate_fact_source(DOCUMENT) == []
    assert DOCUMENT["format"] == 2 and len(DOCUMENT["statements"]) >= 20


@pytest.mark.parametrize("sentence", DOCUMENT["sentences"], ids=lambda s: s["id"])
def test_every_cited_sentence_is_quoted_verbatim_from_its_text(sentence):
    assert sentence["text"] in TEXT


@pytest.mark.parametrize("event", [e for e in DOCUMENT["events"] if e["date"]], ids=lambda e: e["id"])
def test_every_event_date_is_written_in_its_sentence(event):
    assert_dates_written(event, SENTENCES)


@pytest.mark.django_db
def test_every_question_is_right_by_its_facts_and_regenerating_changes_nothing():
    call_command("load_facts", str(FACT_FILE), verbosity=0)
    source = Source.objects.get(slug="hanseatic-league")
    generated = generate_questions(source=source)
    questions = (
        Question.objects.filter(question_set=generated.question_set)
        .select_related(
            "event__place",
            "event__source",
            "person__side",
            "place__located_in",
            "source_sentence",
            "statement",
        )
        .prefetch_related("choices", "accepted_answers")
    )

    assert questions.count() > 150
    assert {q.type for q in questions} == set(Question.Type.values)
    for question in questions:
        check_question(question)
    again = generate_questions(source=source)
    assert again.unchanged == questions.count() and not again.created
