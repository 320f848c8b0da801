"""The content report's thresholds (docs/content.md), on the bundled source: what its
questions ask and what they leave out."""

from pathlib import Path

import pytest
from django.core.management import call_command

from quizzes.models import Source
from quizzes.selectors.content_report import MIN_WHY_AND_HOW, MOST_QUESTIONS_PER_ANSWER, content_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_facts", str(FIXTURES / "persian_constitutional_revolution.json"), verbosity=0)
        call_command("generate_questions", verbosity=0)
        built = content_report(source=Source.objects.get(slug="persian-constitutional-revolution"))
        call_command("flush", interactive=False, verbosity=0)
    return built


def test_it_asks_why_how_and_with_what_result(report):
    assert report.why_and_how >= MIN_WHY_AND_HOW


def test_no_answer_but_true_or_false_keys_more_than_three_percent_of_the_questions(report):
    assert report.largest_answer_share <= MOST_QUESTIONS_PER_ANSWER, report.top_answers[:3]


def test_no_prompt_is_asked_twice_with_different_answers(report):
    assert report.prompts_with_different_answers == {}


def test_every_cited_sentence_is_behind_a_question(report):
    assert report.unasked_sentences == []


def test_nearly_every_statement_and_event_is_asked(report):
    # A statement of a kind with too few others to be its wrong answers is not asked (the
    # Tabriz pretext has two), nor an event the text neither dates, places nor gives a leader.
    assert len(report.unasked_statements) <= 2, report.unasked_statements
    assert len(report.unasked_events) <= 5, report.unasked_events


def test_no_template_carries_more_than_a_quarter_of_the_questions(report):
    assert max(report.by_template.values()) <= report.questions / 4, report.by_template.most_common(3)
