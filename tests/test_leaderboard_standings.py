"""The leaderboards read each student's standing on a set (points, answers, right ones),
kept by the database as reviews come and go, not sums of the whole review log."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from factories import generated_set, make_user
from study_helpers import right_answer, wrong_answer

from quizzes.models import Card, Review, Standing
from quizzes.selectors import progress
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def totals_from_the_log(question_set) -> dict[int, tuple[int, int, int]]:
    rows = (
        Review.objects.filter(question_set=question_set)
        .values("user_id")
        .annotate(points=Sum("points"), answers=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    )
    return {row["user_id"]: (row["points"], row["answers"], row["right"]) for row in rows}


def standings(question_set) -> dict[int, tuple[int, int, int]]:
    return {
        standing.user_id: (standing.points, standing.answers, standing.right_answers)
        for standing in Standing.objects.filter(question_set=question_set)
    }


def studied(user, question_set, count: int, *, wrong_every: int = 3) -> None:
    for number, question in enumerate(question_set.questions.order_by("pk")[:count]):
        card = introduce_card(user=user, question=question, now=NOW)
        answer = wrong_answer(question) if number % wrong_every == 0 else right_answer(question)
        review_card(user=user, card_id=card.pk, answer=answer, now=NOW)


def test_each_review_adds_to_the_students_standing_on_the_set():
    question_set = generated_set()
    alice, bob = make_user("alice", nickname="Alice"), make_user("bob", nickname="Bob")

    studied(alice, question_set, 7)
    studied(bob, question_set, 4, wrong_every=2)

    assert standings(question_set) == totals_from_the_log(question_set)
    assert standings(question_set)[alice.pk][0] > 0


def test_reviews_deleted_with_their_cards_are_taken_off():
    question_set = generated_set()
    alice = make_user("alice", nickname="Alice")
    studied(alice, question_set, 6)

    Card.objects.filter(user=alice, question__in=question_set.questions.order_by("pk")[:2]).delete()

    assert standings(question_set) == totals_from_the_log(question_set)
    assert standings(question_set)[alice.pk][1] == 4


def test_the_leaderboard_ranks_by_the_standings_without_reading_the_review_log():
    question_set = generated_set()
    alice, bob = make_user("alice", nickname="Alice"), make_user("bob", nickname="Bob")
    studied(alice, question_set, 3)
    studied(bob, question_set, 8)

    with CaptureQueriesContext(connection) as captured:
        board = progress.compute_leaderboard(question_set=question_set)

    assert [row["username"] for row in board] == ["Bob", "Alice"]
    log = totals_from_the_log(question_set)
    assert [row["points"] for row in board] == [log[bob.pk][0], log[alice.pk][0]]
    assert board[0]["accuracy"] == pytest.approx(log[bob.pk][2] / log[bob.pk][1])
    assert not any(Review._meta.db_table in query["sql"] for query in captured.captured_queries)
