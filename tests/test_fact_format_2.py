"""Format 2 of the fact file: statements about why, how and with what result, each asked
with the same kind of statement about other events as its wrong answers."""

import pytest
from django.core.management import call_command
from factories import fact_document, fact_document_2

from quizzes.facts.loader import load_fact_source
from quizzes.facts.validator import validate_fact_source
from quizzes.generation.sync import generate_questions
from quizzes.models import Event, Question, Statement

pytestmark = pytest.mark.django_db


def test_a_format_1_file_still_loads_unchanged():
    assert validate_fact_source(fact_document()) == []
    source, _ = load_fact_source(fact_document())

    assert not Statement.objects.filter(source=source).exists()
    assert Event.objects.get(source=source, key="taking").phrases == {}


def test_a_format_2_file_loads_its_statements_and_phrases_and_again_changes_nothing():
    assert validate_fact_source(fact_document_2()) == []
    source, _ = load_fact_source(fact_document_2())
    _, again = load_fact_source(fact_document_2())

    assert Statement.objects.filter(source=source).count() == 6
    taking = Event.objects.get(source=source, key="taking")
    assert taking.phrases["done"] == "took Northtown"
    assert not again.changed


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda d: d["statements"][0].update(kind="mood"), "statements[0].kind"),
        (lambda d: d["statements"][0].update(about={"event": "nowhere"}), "statements[0].about.event"),
        (lambda d: d["statements"][0].update(about={"place": "north"}), "statements[0].about"),
        (lambda d: d["statements"][0].update(question="No question mark"), "statements[0].question"),
        (lambda d: d["statements"][0].update(sentence="s99"), "statements[0].sentence"),
        (lambda d: d["statements"][0].update(also_right=["nobody"]), "statements[0].also_right[0]"),
        (lambda d: d["statements"][1].update(id="taking-aim"), "statements[1].id"),
        (lambda d: d["statements"][0].update(wrong=["a", "b"]), "statements[0].wrong"),
        (lambda d: d["statements"][0].update(wrong=["a", "b", d["statements"][0]["answer"].upper()]),
         "statements[0].wrong[2]: repeats the answer"),
        (lambda d: d["statements"][0].update(wrong=["a", "b", "A"]), "statements[0].wrong[2]"),
        (lambda d: d["statements"][0].update(true_claim="It was so."), "statements[0].true_claim: "),
        (lambda d: d["statements"][0].update(true_claim="It was so.", false_claim="it was so"),
         "statements[0].false_claim: must differ"),
        (lambda d: d["events"][1].update(phrases={"asked": "was it 1910"}), "events[1].phrases.told"),
        (lambda d: d["events"][1].update(phrases={"asked": "did it happen in 1910", "told": "x"}),
         "events[1].phrases.asked: gives away the year"),
        (lambda d: d["events"][5].update(phrases={"asked": "a", "told": "b", "done": "c"}),
         "events[5].phrases.done"),
    ],
)  # fmt: skip
def test_a_bad_statement_or_phrase_is_reported_with_its_path(spoil, problem):
    document = fact_document_2()
    spoil(document)

    errors = validate_fact_source(document)

    assert any(error.startswith(problem) for error in errors), errors


def test_statements_in_a_format_1_file_are_refused():
    document = fact_document(statements=[])

    assert "statements: needs format 2" in validate_fact_source(document)


def test_a_statement_is_asked_with_statements_of_its_kind_about_other_events_as_wrong_answers():
    source, _ = load_fact_source(fact_document_2())
    generate_questions(source=source)

    question = Question.objects.get(generator_key="statement:march-aim")
    treaty = Question.objects.get(generator_key="statement:treaty-aim")

    assert question.prompt == "What did the Blues march south for?"
    assert question.answer == "to relieve their besieged allies" and question.type == "choice"
    choices = [choice.text for choice in question.choices.all()]
    assert len(choices) == 4 and question.answer in choices
    assert question.statement.key == "march-aim" and question.source_sentence.key == "s2"
    treaty_choices = {choice.text for choice in treaty.choices.all()}
    # Never a statement marked as right too, nor another about the same event.
    assert "an end to the war on the coast" not in treaty_choices
    taking_choices = {
        c.text for c in Question.objects.get(generator_key="statement:taking-aim").choices.all()
    }
    assert "an end to the war on the coast" not in taking_choices


def test_the_content_report_lists_what_is_asked_and_what_is_not(capsys):
    source, _ = load_fact_source(fact_document_2())
    generate_questions(source=source)

    call_command("content_report", "--source", "small-war")

    printed = capsys.readouterr().out
    assert "why/how/what-result" in printed and "Unasked cited sentences" in printed


def test_a_teachers_own_wrong_answers_are_offered_instead_of_other_statements_answers():
    document = fact_document_2()
    march = next(s for s in document["statements"] if s["id"] == "march-aim")
    march["wrong"] = ["to collect taxes in the south", "to escort a royal wedding", "to guard the harvest"]
    assert validate_fact_source(document) == []
    source, _ = load_fact_source(document)
    generate_questions(source=source)

    question = Question.objects.get(generator_key="statement:march-aim")
    assert {c.text for c in question.choices.all()} == {march["answer"], *march["wrong"]}


def test_each_statement_is_asked_once_a_quarter_of_those_with_claims_as_true_or_false():
    document = fact_document_2()
    for statement in document["statements"]:
        statement["true_claim"] = f"It is so: {statement['answer']}."
        statement["false_claim"] = f"It is not so: {statement['answer']}."
    assert validate_fact_source(document) == []
    source, _ = load_fact_source(document)
    generate_questions(source=source)

    for statement in Statement.objects.filter(source=source):
        [question] = Question.objects.filter(statement=statement)
        if question.type == "true_false":
            assert question.generator_key == f"tf-statement:{statement.key}"
            shown = statement.true_claim if question.answer is True else statement.false_claim
            assert question.prompt == f"True or false: {shown}"
            assert question.explanation == f"{'True' if question.answer else 'False'}: {statement.true_claim}"
            assert question.source_sentence_id == statement.sentence_id
    claims = Question.objects.filter(statement__source=source, type="true_false").count()
    assert 1 <= claims <= 3  # of six, seeded


def test_four_events_are_matched_with_their_years_none_of_one_chronology_question():
    source, _ = load_fact_source(fact_document_2())
    generate_questions(source=source)

    [match] = Question.objects.filter(question_set__source=source, type="match", kind="date")
    events = {event.name[:1].upper() + event.name[1:]: event for event in source.events.all()}
    matched = [events[item] for item in match.items]
    assert match.prompt == "Match each event with its year." and len(matched) == 4
    assert match.answer == [event.date[:4] for event in matched]
    assert len(set(match.answer)) == 4
    assert not any(event.other_dates for event in matched)  # dated one way only
