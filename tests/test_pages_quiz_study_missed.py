"""From a result, "Study the ones you missed": the questions answered wrongly or left
unanswered in that quiz that were never studied get their cards, and a study session of just
those questions opens (tests/test_study_missed_session.py); cards already studied keep their
schedule, so no points can be farmed by missing on purpose (attempts.bring_back_missed). Only
the taker's own submitted quiz: anyone else's is a 404."""

import datetime as dt

import pytest
from study_helpers import right_answer

from quizzes.models import Attempt, Card, Question
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


def due_question_ids(user) -> set[int]:
    return set(
        Card.objects.filter(user=user, due__lte=dt.datetime.now(dt.UTC)).values_list("question", flat=True)
    )


def test_studying_the_ones_missed_adds_the_never_studied_and_leaves_the_studied_alone(
    student, alice, quiz_with_misses
):
    attempt, questions = quiz_with_misses
    schedule = {card.pk: card.due for card in Card.objects.filter(user=alice)}
    assert due_question_ids(alice) == set()

    response = student.post(f"/quizzes/{attempt.pk}/study-missed/")

    assert response.status_code == 302
    assert response["Location"] == f"/sets/{attempt.question_set_id}/study/?missed={attempt.pk}"
    # The unanswered, never-studied question is now a new card; the wrongly answered one keeps
    # its schedule: made due, a review would earn points for missing on purpose.
    assert due_question_ids(alice) == {questions[2].pk}
    unmet = Card.objects.get(user=alice, question=questions[2])
    assert unmet.state == Card.State.NEW and unmet.question_set_id == attempt.question_set_id
    assert {card.pk: card.due for card in Card.objects.filter(pk__in=schedule)} == schedule


def test_the_study_page_then_serves_the_new_card_and_says_what_happened(student, alice, quiz_with_misses):
    attempt, questions = quiz_with_misses

    page = student.post(f"/quizzes/{attempt.pk}/study-missed/", follow=True)

    assert page.context["card"].question_id == questions[2].pk
    assert "Studying the questions you missed in your quiz: 2 to go." in page.content.decode()


def test_pressing_it_twice_makes_no_second_card(student, alice, quiz_with_misses):
    attempt, _ = quiz_with_misses

    student.post(f"/quizzes/{attempt.pk}/study-missed/")
    student.post(f"/quizzes/{attempt.pk}/study-missed/")

    assert Card.objects.filter(user=alice).count() == 4


def test_the_result_offers_it_to_the_taker_with_the_number_missed(student, quiz_with_misses):
    attempt, _ = quiz_with_misses

    content = student.get(f"/quizzes/{attempt.pk}/").content.decode()

    assert f'action="/quizzes/{attempt.pk}/study-missed/"' in content
    assert "Study the ones you missed (2)" in content


def test_a_result_with_nothing_missed_does_not_offer_it(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1)
    question = Question.objects.get(pk=attempt.question_ids[0])
    attempts.save_answer(
        user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=right_answer(question)
    )
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)

    content = student.get(f"/quizzes/{attempt.pk}/").content.decode()

    assert "study-missed" not in content


def test_another_students_quiz_is_a_404_and_changes_nothing(client, alice, bob, quiz_with_misses):
    attempt, _ = quiz_with_misses
    cards = list(Card.objects.values_list("pk", "due"))
    client.force_login(bob)

    response = client.post(f"/quizzes/{attempt.pk}/study-missed/")

    assert response.status_code == 404
    assert list(Card.objects.values_list("pk", "due")) == cards
    assert not Card.objects.filter(user=bob).exists()


def test_the_sets_teacher_sees_the_result_without_the_button_and_cannot_press_it(
    client, tina, quiz_with_misses
):
    attempt, _ = quiz_with_misses
    client.force_login(tina)

    result = client.get(f"/quizzes/{attempt.pk}/").content.decode()

    assert "Taken by" in result and "study-missed" not in result
    assert client.post(f"/quizzes/{attempt.pk}/study-missed/").status_code == 404
    assert not Card.objects.filter(user=tina).exists()


def test_a_quiz_still_being_taken_is_a_404(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)

    assert student.post(f"/quizzes/{attempt.pk}/study-missed/").status_code == 404
    assert not Card.objects.exists() and not Attempt.objects.get().is_submitted


def test_it_takes_a_post(student, quiz_with_misses):
    attempt, _ = quiz_with_misses

    assert student.get(f"/quizzes/{attempt.pk}/study-missed/").status_code == 405
