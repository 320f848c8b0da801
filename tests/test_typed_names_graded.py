"""Study and quizzes grade a typed person or place with the source's other names as rivals
(docs/content.md, "Forgiving typed names"): a slip that lands nearest the right name is
right, one that lands on another name is wrong, and a right answer costs no query more."""

import pytest
from factories import api_client_for, generated_set

from quizzes.answers import Verdict
from quizzes.models import AttemptAnswer, Review
from quizzes.selectors import verdicts
from quizzes.services import attempts, authoring, study

pytestmark = pytest.mark.django_db

# What a student types for a question of the small document's generated set (tests/factories.py),
# and whether it is right: the source also names Westtown, Northtown, Southtown, Boris Petrov...
TYPED = [
    ("Easttown", "Eastown", Verdict.CLOSE),  # a doubled letter once
    ("Easttown", "Esattown", Verdict.CLOSE),  # two neighbours swapped
    ("Northtown", "Norttown", Verdict.CLOSE),  # one letter wrong, making a doubled one
    ("Northtown", "Nortown", Verdict.CLOSE),  # two letters from Northtown, one from Nordtown (accepted)
    ("Easttown", "Westown", Verdict.WRONG),  # nearer Westtown, another place of the source
    ("Easttown", "Westtown", Verdict.WRONG),
    ("Dmitri Orlov", "Orlov", Verdict.CLOSE),  # a surname no one else has
    ("Dmitri Orlov", "General Dmitry Orlow", Verdict.CLOSE),  # a title, -y/-i, w/v
    ("Dmitri Orlov", "Dimitri Orloff", Verdict.EXACT),  # an accepted answer
    ("Dmitri Orlov", "Boris Petrov", Verdict.WRONG),
    ("Boris Petrov", "Petrov", Verdict.CLOSE),
    ("Boris Petrov", "Boris Petrof", Verdict.CLOSE),
]


@pytest.fixture
def typed_questions(db):
    question_set = generated_set()
    return {
        question.answer: question
        for question in question_set.questions.filter(type="text", kind__in=["person", "place"])
    }


@pytest.mark.parametrize(("answer", "typed", "verdict"), TYPED)
def test_a_typed_name_is_judged_against_the_sources_other_names(typed_questions, answer, typed, verdict):
    question = typed_questions[answer]
    accepted = list(question.accepted_answers.values_list("text", flat=True))

    assert verdicts.verdict_on(question, typed, accepted_answers=accepted) is verdict


def test_the_rivals_are_the_sources_names_but_the_answers_own(typed_questions):
    question = typed_questions["Dmitri Orlov"]

    rivals = verdicts.rival_names(question, accepted_answers=["Dimitri Orloff"])

    assert "Dmitri Orlov" not in rivals and "Dimitri Orloff" not in rivals
    assert {"Boris Petrov", "Anna Ivanova", "Анна Иванова", "Westtown", "Old Fort"} <= set(rivals)


def test_a_right_answer_reads_no_rivals_and_a_near_miss_one_query(typed_questions, django_assert_num_queries):
    question = typed_questions["Easttown"]

    with django_assert_num_queries(0):
        assert verdicts.verdict_on(question, "easttown", accepted_answers=[]) is Verdict.EXACT
    with django_assert_num_queries(1):
        assert verdicts.verdict_on(question, "Eastown", accepted_answers=[]) is Verdict.CLOSE


def test_dates_and_picks_are_never_forgiven(typed_questions):
    question_set = next(iter(typed_questions.values())).question_set
    date = question_set.questions.filter(type="text", kind="date").first()
    swapped = date.answer[:-2] + date.answer[-1] + date.answer[-2]  # 1908 for 1980: one slip

    assert swapped != date.answer
    assert verdicts.verdict_on(date, swapped, accepted_answers=[]) is Verdict.WRONG
    choice = question_set.questions.filter(type="choice", kind="place").first()
    assert verdicts.verdict_on(choice, choice.answer[:-1], accepted_answers=[]) is Verdict.WRONG


def test_a_hand_written_question_without_a_source_forgives_a_slip_not_a_part(tina):
    question_set = authoring.create_set(owner=tina, title="Names", is_published=True)
    question = authoring.create_question(
        question_set=question_set,
        fields={"kind": "person", "type": "text", "prompt": "Who commanded?", "answer": "Nikolai Yudenich"},
    )

    assert verdicts.verdict_on(question, "Nikolai Yudenitch", accepted_answers=[]) is Verdict.CLOSE
    assert verdicts.verdict_on(question, "Yudenich", accepted_answers=[]) is Verdict.WRONG


def test_the_api_review_counts_a_near_miss_right(alice, typed_questions):
    question = typed_questions["Easttown"]
    card = study.introduce_card(user=alice, question=question, now=question.created_at)

    reply = api_client_for(alice).post(
        "/api/study/reviews/", {"card": card.pk, "answer": "Eastown"}, format="json"
    )

    assert reply.status_code == 201, reply.content
    assert reply.json()["review"]["correct"] is True and reply.json()["review"]["rating"] == 3
    assert reply.json()["review"]["verdict"] == "close"
    review = Review.objects.get()
    assert (review.correct, review.self_graded, review.answer) == (True, False, "Eastown")


def test_the_api_review_counts_a_slip_onto_another_name_wrong(alice, typed_questions):
    question = typed_questions["Easttown"]
    card = study.introduce_card(user=alice, question=question, now=question.created_at)

    reply = api_client_for(alice).post(
        "/api/study/reviews/", {"card": card.pk, "answer": "Westown"}, format="json"
    )

    assert reply.status_code == 201 and reply.json()["review"]["correct"] is False
    assert reply.json()["review"]["verdict"] == "wrong"
    assert Review.objects.get().rating == Review.Rating.AGAIN


def test_a_quiz_counts_a_near_miss_right_and_a_slip_onto_another_name_wrong(alice, typed_questions):
    question_set = next(iter(typed_questions.values())).question_set
    quiz = attempts.start_quiz(user=alice, question_set=question_set, size=50, types=["text"])
    easttown, orlov = typed_questions["Easttown"], typed_questions["Dmitri Orlov"]
    assert {easttown.pk, orlov.pk} <= set(quiz.question_ids)

    attempts.save_answer(user=alice, attempt_id=quiz.pk, question_id=easttown.pk, answer="Westown")
    attempts.save_answer(user=alice, attempt_id=quiz.pk, question_id=orlov.pk, answer="Orlov")

    saved = dict(AttemptAnswer.objects.values_list("question_id", "correct"))
    assert saved == {easttown.pk: False, orlov.pk: True}
    assert attempts.submit_quiz(user=alice, attempt_id=quiz.pk).score == 1


def test_every_typed_name_question_of_the_set_accepts_its_own_answer_misspelt_once(typed_questions):
    """A wrong letter in the middle of each answer of 5 letters or more: the student's
    commonest mistake is never refused when the source has no name as near."""
    for answer, question in typed_questions.items():
        if len(answer.replace(" ", "")) < 5:
            continue
        middle = len(answer) // 2 + (answer[len(answer) // 2] == " ")  # a letter, not the space
        slipped = answer[:middle] + "z" + answer[middle + 1 :]
        verdict = verdicts.verdict_on(question, slipped, accepted_answers=[])
        assert verdict is Verdict.CLOSE, (answer, slipped)
