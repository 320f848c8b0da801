"""Checks that a generated question is right by the facts it came from.

Shared by the tests of the small test document and of the bundled fixture: the keyed
answer must be accepted, no distractor may be, and the answer must agree with the fact.
"""

from quizzes.answers import is_correct
from quizzes.facts.dates import FactDate
from quizzes.generation.factbase import EventDates, sentence_case
from quizzes.models import EventParticipant, Question


def grade(question: Question, given) -> bool:
    return is_correct(
        given,
        question_type=question.type,
        kind=question.kind,
        answer=question.answer,
        accepted_answers=[a.text for a in question.accepted_answers.all()],
    )


def check_answer_and_distractors(question: Question) -> None:
    choices = [c.text for c in question.choices.all()]
    assert grade(question, question.answer), question.generator_key
    if question.type == "choice":
        assert question.answer in choices, question.generator_key
        assert len(choices) == len(set(choices)) >= 3, question.generator_key
        for choice in choices:
            if choice != question.answer:
                assert not grade(question, choice), (question.generator_key, choice)
    elif question.type == "order":
        assert sorted(choices) == sorted(question.answer) and choices != question.answer
        assert not grade(question, choices)
    elif question.type == "true_false":
        assert not grade(question, not question.answer)


def check_answer_agrees_with_facts(question: Question) -> None:
    template, _, _ = question.generator_key.partition(":")
    event, person, place = question.event, question.person, question.place
    if template in ("when", "when-text"):
        assert question.answer == FactDate.parse(event.date).written()
        assert event.date[:4] in question.source_sentence.text
    elif template in ("where", "where-text"):
        assert question.answer == event.place.name == place.name
    elif template in ("who", "who-text"):
        role = question.generator_key.split(":")[1]
        assert question.answer == person.name
        assert EventParticipant.objects.filter(event=event, person=person, role=role).exists()
    elif template == "who-was":
        assert question.answer == person.description
    elif template in ("described", "described-text"):
        assert question.answer == person.name
    elif template == "side":
        assert question.answer == person.side.name
    elif template in ("located", "located-text"):
        assert question.answer == place.located_in.name
    elif template == "what-happened":
        assert question.answer == sentence_case(event.name) and event.place_id == place.pk
    elif template in ("first", "order"):
        events = {sentence_case(e.name): e for e in event.source.events.all()}
        names = question.answer if template == "order" else None
        if names is None:
            names = sorted((c.text for c in question.choices.all()), key=lambda n: events[n].date)
            assert question.answer == names[0]
        spans = [EventDates.of(events[name]) for name in names]
        assert all(a.strictly_before(b) for a, b in zip(spans, spans[1:], strict=False)), names
    elif template == "tf-date":
        truth = question.explanation.split(": ", 1)[1]
        assert FactDate.parse(event.date).written() in truth
        assert question.answer == (question.prompt == f"True or false: {truth}")
    elif template == "tf-place":
        truth = question.explanation.split(": ", 1)[1]
        assert event.place.name in truth
        assert question.answer == (question.prompt == f"True or false: {truth}")
    elif template == "tf-person":
        truth = question.explanation.split(": ", 1)[1]
        assert truth.startswith(person.name)
        assert question.answer == (question.prompt == f"True or false: {truth}")
    else:
        raise AssertionError(f"no content check for template {template!r}")


def check_question(question: Question) -> None:
    check_answer_and_distractors(question)
    check_answer_agrees_with_facts(question)
    assert question.source_sentence is not None
