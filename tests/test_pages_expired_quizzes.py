"""A quiz whose time ran out counts on every page that shows scores, as in the API, without
anyone opening it again (attempts.close_expired_attempts before the selector)."""

import datetime as dt

import pytest
from django.core.cache import cache
from factories import make_listed, make_user

from quizzes.models import Attempt
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


def quiz_that_ran_out(user, question_set) -> Attempt:
    """A one-question quiz answered right, then left open past its one-minute deadline."""
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    attempt = attempts.start_quiz(
        user=user, question_set=question_set, size=1, types=["text"], time_limit_s=60, now=started
    )
    question = question_set.questions.get(pk=attempt.question_ids[0])
    attempts.save_answer(
        user=user, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer, now=started
    )
    return attempt


def test_the_dashboard_counts_a_quiz_that_ran_out(client, alice, tinas_set):
    attempt = quiz_that_ran_out(alice, tinas_set)
    client.force_login(alice)

    scores = client.get("/").context["scores"]

    assert (scores["quizzes"], scores["points"]) == (1, attempts.POINTS_PER_RIGHT_ANSWER)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.submitted_at == attempt.deadline


def test_the_progress_page_counts_a_quiz_that_ran_out(client, alice, tinas_set):
    quiz_that_ran_out(alice, tinas_set)
    client.force_login(alice)

    scores = client.get("/progress/").context["scores"]

    assert (scores["quizzes"], scores["points"]) == (1, attempts.POINTS_PER_RIGHT_ANSWER)


def test_the_set_leaderboard_counts_another_students_quiz_that_ran_out(client, alice, bob, tinas_set):
    make_listed(bob, "Bobcat")
    quiz_that_ran_out(bob, tinas_set)
    client.force_login(alice)

    page = client.get(f"/sets/{tinas_set.pk}/")

    assert page.context["leaderboard"] == [
        {"user_id": bob.pk, "username": "Bobcat", "points": attempts.POINTS_PER_RIGHT_ANSWER, "accuracy": 1.0}
    ]


def test_the_teachers_results_count_a_quiz_that_ran_out(client, alice, tina, tinas_set):
    attempt = quiz_that_ran_out(alice, tinas_set)
    client.force_login(tina)

    page = client.get(f"/teach/sets/{tinas_set.pk}/results/")

    [row] = page.context["students"]
    assert (row["username"], row["attempts"], row["best_percent"]) == ("alice", 1, 100.0)
    assert [quiz.pk for quiz in page.context["latest_quizzes"]] == [attempt.pk]


def test_the_set_page_takes_as_many_queries_for_many_students_as_for_one(
    client, alice, tinas_set, django_assert_num_queries
):
    # session, user, the set and its owner, its question count, a look for quizzes whose
    # time ran out and one UPDATE scoring them (however many), points from reviews, from quizzes
    client.force_login(alice)
    quiz_that_ran_out(make_user("first", nickname="First"), tinas_set)
    with django_assert_num_queries(8):
        client.get(f"/sets/{tinas_set.pk}/")  # scores it

    for number in range(6):
        quiz_that_ran_out(make_user(f"student{number}", nickname=f"Nick {number}"), tinas_set)
    cache.clear()  # the leaderboard is kept half a minute: measure it computed again
    with django_assert_num_queries(8):
        page = client.get(f"/sets/{tinas_set.pk}/")  # scores the six
    assert len(page.context["leaderboard"]) == 7
