"""The content report's thresholds (docs/content.md), on the bundled source: what its
questions ask and what they leave out."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from quizzes.generation.question_templates import MOST_QUESTIONS_PER_ANSWER
from quizzes.generation.sync import generate_questions
from quizzes.models import Question, Sentence, Source
from quizzes.selectors.content_report import MIN_WHY_AND_HOW, content_report

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


BUNDLED = FIXTURES / "persian_constitutional_revolution.json"
# A second source of another subject, written for the tests: nothing in the generator may
# be specific to the first article, so both meet the same thresholds.
SECOND = Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.json"


@pytest.fixture(scope="module", params=[BUNDLED, SECOND], ids=["bundled", "hanseatic"])
def report(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_facts", str(request.param), verbosity=0)
        slug = json.loads(request.param.read_text(encoding="utf-8"))["source"]["slug"]
        source = Source.objects.get(slug=slug)
        generate_questions(source=source)
        built = content_report(source=source)
        call_command("flush", interactive=False, verbosity=0)
    return built


def test_it_asks_why_how_and_with_what_result(report):
    # The target for the bundled article; the second source is short (about 30 statements).
    bundled = report.source.slug == "persian-constitutional-revolution"
    assert report.why_and_how >= (MIN_WHY_AND_HOW if bundled else 20)


def test_no_answer_but_true_or_false_keys_more_than_three_percent_of_the_questions(report):
    assert report.largest_answer_share <= MOST_QUESTIONS_PER_ANSWER, report.top_answers[:3]


def test_no_prompt_is_asked_twice_with_different_answers(report):
    assert report.prompts_with_different_answers == {}


def test_every_cited_sentence_is_behind_a_question(report):
    assert report.unasked_sentences == []


def test_nearly_every_statement_and_event_is_asked(report):
    # A statement without wrong answers of its own and with too few others of its kind is
    # not asked, nor an event the text neither dates, places nor gives a leader.
    assert len(report.unasked_statements) <= 2, report.unasked_statements
    assert len(report.unasked_events) <= 5, report.unasked_events


def test_no_template_carries_more_than_a_quarter_of_the_questions(report):
    assert max(report.by_template.values()) <= report.questions / 4, report.by_template.most_common(3)


@pytest.mark.django_db
def test_a_sentence_counts_as_asked_only_through_a_question_citing_it_or_a_passage_quoting_it():
    call_command("load_facts", str(BUNDLED), verbosity=0)
    call_command("generate_questions", verbosity=0)
    source = Source.objects.get(slug="persian-constitutional-revolution")
    demand = Sentence.objects.get(
        source=source, key="s-ultimatum-shuster"
    )  # the ultimatum and its first demand
    passages = Sentence.objects.filter(source=source, text__contains=demand.text).exclude(pk=demand.pk)
    assert passages.exists()  # the ultimatum's text quoting it with the second and third demands

    Question.objects.filter(source_sentence=demand).delete()
    assert "s-ultimatum-shuster" not in content_report(source=source).unasked_sentences

    Question.objects.filter(source_sentence__in=passages).delete()
    assert "s-ultimatum-shuster" in content_report(source=source).unasked_sentences
