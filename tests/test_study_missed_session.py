"""A study session of just the questions missed in a quiz (`/sets/ID/study/?missed=QUIZ`):
each is served once since the quiz, due or not, and again while due; one not due yet earns
no points; then the session says it is done. Another's quiz, or one still being taken, is a 404."""

import pytest
from study_helpers import answer_form

from quizzes.models import Card, Review
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


def session_page(client, attempt):
    return client.get(f"/sets/{attempt.question_set_id}/study/", {"missed": attempt.pk})


def answer_and_grade(client, attempt, card, *, right: bool, rating=3):
    url = f"/sets/{attempt.question_set_id}/study/?missed={attempt.pk}"
    given = {"card": card.pk, "client_id": f"m{card.pk}-{Review.objects.count()}", "action": "answer"}
    feedback = client.post(url, {**given, **answer_form(card.question, right=right)})
    if feedback.context["phase"] == "feedback":
        graded = client.post(
            url, {**given, "action": "grade", "rating": rating, "given": feedback.context["given_json"]}
        )
        assert graded.status_code == 302 and graded.url == url
    return feedback


def test_the_session_serves_only_the_missed_questions_then_says_it_is_done(student, alice, quiz_with_misses):
    attempt, questions = quiz_with_misses
    attempts.bring_back_missed(user=alice, attempt_id=attempt.pk)
    served = []

    for _ in range(2):
        page = session_page(student, attempt)
        card = page.context["card"]
        served.append(card.question_id)
        answer_and_grade(student, attempt, card, right=True)

    # The never-studied one first (due now), then the wrongly answered one, early.
    assert served == [questions[2].pk, questions[1].pk]
    done = session_page(student, attempt)
    assert done.context.get("card") is None and done.context["missed_left"] == 0
    assert "That is every question you missed" in done.content.decode()


def test_a_missed_question_not_due_yet_earns_no_points_and_says_so(student, alice, quiz_with_misses):
    attempt, questions = quiz_with_misses
    Card.objects.filter(user=alice, question=questions[2]).delete()  # only the studied one is left

    page = session_page(student, attempt)

    assert page.context["card"].question_id == questions[1].pk and page.context["ahead"] is True
    assert "This one is not due yet, so a right answer earns no points." in page.content.decode()
    before = Review.objects.count()
    answer_and_grade(student, attempt, page.context["card"], right=True)
    review = Review.objects.latest("pk")
    assert Review.objects.count() == before + 1 and review.correct and review.points == 0


def test_a_missed_question_answered_wrong_again_comes_back_in_the_session(student, alice, quiz_with_misses):
    attempt, questions = quiz_with_misses
    Card.objects.filter(user=alice, question=questions[2]).delete()
    card = session_page(student, attempt).context["card"]

    answer_and_grade(student, attempt, card, right=False, rating=1)
    Card.objects.filter(pk=card.pk).update(due=attempt.submitted_at)  # its relearning step has passed

    assert session_page(student, attempt).context["card"].pk == card.pk


def test_cards_of_questions_answered_right_are_not_in_the_session(student, alice, quiz_with_misses):
    attempt, questions = quiz_with_misses
    Card.objects.filter(user=alice, question__in=[questions[0], questions[3]]).update(
        due=attempt.submitted_at
    )  # due now, but answered right in the quiz

    served = session_page(student, attempt).context["card"].question_id

    assert served in {questions[1].pk, questions[2].pk}


def test_another_students_quiz_or_a_bad_one_is_a_404(client, bob, quiz_with_misses):
    attempt, _ = quiz_with_misses
    client.force_login(bob)

    assert session_page(client, attempt).status_code == 404
    assert client.get(f"/sets/{attempt.question_set_id}/study/", {"missed": "x"}).status_code == 404


def test_a_quiz_still_being_taken_is_a_404(student, alice, tinas_set):
    quiz = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)

    assert student.get(f"/sets/{tinas_set.pk}/study/", {"missed": quiz.pk}).status_code == 404


def test_a_session_page_takes_few_queries(student, alice, quiz_with_misses, django_assert_max_num_queries):
    attempt, _ = quiz_with_misses
    attempts.bring_back_missed(user=alice, attempt_id=attempt.pk)

    with django_assert_max_num_queries(12):
        assert session_page(student, attempt).context["card"] is not None
