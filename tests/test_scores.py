import datetime as dt
import random

import pytest
from assignment_helpers import add_reviews
from django.db import connection
from factories import api_client_for, make_listed, make_user
from study_helpers import right_answer

from quizzes.models import Card, Question, QuestionSet, Review
from quizzes.selectors import progress
from quizzes.services import study

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def card(user, question_set, key="who-was:anna", now=NOW):
    question = Question.objects.get(question_set=question_set, generator_key=key)
    return study.introduce_card(user=user, question=question, now=now)


def answered(user, card_id, *, now=NOW, rating=None):
    """A right answer to the card, graded by the checker (with `rating`, or Good)."""
    question = Card.objects.get(pk=card_id).question
    return study.review_card(
        user=user, card_id=card_id, answer=right_answer(question), rating=rating, now=now
    )


def test_a_right_answer_on_a_new_card_earns_ten_points(alice, question_set):
    outcome = answered(alice, card(alice, question_set).pk)

    assert outcome.review.points == 10 and not outcome.review.self_graded


def test_wrong_answers_and_reviews_of_cards_not_due_earn_nothing(alice, question_set):
    first = card(alice, question_set)
    answered(alice, first.pk)  # Good: next due in 10 minutes (a learning step)

    early = answered(alice, first.pk, now=NOW + dt.timedelta(seconds=61))
    wrong = study.review_card(user=alice, card_id=first.pk, rating=1, now=NOW + dt.timedelta(hours=1))

    assert (early.review.points, wrong.review.points) == (0, 0)
    assert early.review.correct  # scheduled as usual, only unpaid


def test_a_review_of_a_card_long_before_it_is_due_earns_nothing(alice, question_set):
    graduated = Question.objects.get(question_set=question_set, generator_key="who-was:cyrus")
    waiting = Card.objects.create(
        user=alice, question=graduated, question_set=question_set, state="review", stability=30,
        difficulty=5, due=NOW + dt.timedelta(days=20), last_review=NOW - dt.timedelta(days=10),
        created_at=NOW,
    )  # fmt: skip

    assert answered(alice, waiting.pk).review.points == 0


def test_a_self_graded_flip_earns_half_of_a_right_answer_and_says_so(alice, question_set):
    flipped = study.review_card(user=alice, card_id=card(alice, question_set).pk, rating=4, now=NOW)
    typed = answered(alice, card(alice, question_set, "who-was:boris").pk, rating=4)

    assert (flipped.review.points, typed.review.points) == (5, 10)
    assert flipped.review.self_graded and not typed.review.self_graded


def test_an_answer_given_after_the_answer_was_shown_counts_as_self_graded(alice, question_set):
    shown = card(alice, question_set)
    study.reveal_answer(card=shown, now=NOW)

    outcome = answered(alice, shown.pk)

    assert outcome.review.self_graded and outcome.review.points == 5
    shown.refresh_from_db()
    assert shown.revealed_at is None  # the next time it is asked, it is asked


def test_longer_intervals_and_harder_cards_earn_more(alice, question_set):
    graduated = Question.objects.get(question_set=question_set, generator_key="who-was:cyrus")
    hard = Card.objects.create(
        user=alice, question=graduated, question_set=question_set, state="review", stability=30,
        difficulty=8.4, due=NOW, last_review=NOW - dt.timedelta(days=12), created_at=NOW,
    )  # fmt: skip

    outcome = answered(alice, hard.pk)

    assert outcome.review.points == 10 + 12 + 8


def test_scores_sum_points_accuracy_and_per_set(alice, question_set):
    answered(alice, card(alice, question_set).pk)
    study.review_card(user=alice, card_id=card(alice, question_set, "who-was:boris").pk, rating=1, now=NOW)

    body = api_client_for(alice).get("/api/scores/me/").json()

    assert body["points"] == 10 and body["reviews"] == 2 and body["correct"] == 1
    assert body["accuracy"] == 0.5
    assert body["sets"] == [
        {
            "set": question_set.pk,
            "reviews": 2,
            "correct": 1,
            "accuracy": 0.5,
            "mastered": 0,
            "best_quiz_percent": None,
        }
    ]
    assert set(body) == {
        *("points", "reviews", "correct", "answers", "right_answers", "accuracy", "quizzes"),
        *("streak_days", "sets"),
    }


def test_the_streak_counts_consecutive_local_days(alice, question_set):
    alice.time_zone = "America/New_York"
    alice.save()
    reviewed = card(alice, question_set)
    # 23:30 on 22, 23 and 24 November in New York (04:30 UTC the next day), then nothing on the 25th yet.
    for day in (23, 24, 25):
        study.review_card(
            user=alice, card_id=reviewed.pk, rating=3, now=dt.datetime(2026, 11, day, 4, 30, tzinfo=dt.UTC)
        )

    assert progress.streak_days(user=alice, now=dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)) == 3
    assert progress.streak_days(user=alice, now=dt.datetime(2026, 11, 27, 20, tzinfo=dt.UTC)) == 0
    alice.time_zone = "UTC"  # the same reviews fall on 23, 24, 25 November in UTC
    assert progress.streak_days(user=alice, now=dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)) == 3


def streak_by_every_day(user, now: dt.datetime) -> int:
    """The streak's definition, read off the days of all the user's reviews."""
    days = {moment.astimezone(user.zone).date() for moment in Review.objects.filter(user=user).values_list(
        "reviewed_at", flat=True
    )}  # fmt: skip
    day = now.astimezone(user.zone).date()
    day -= dt.timedelta(days=0 if day in days else 1)
    streak = 0
    while day in days:
        streak, day = streak + 1, day - dt.timedelta(days=1)
    return streak


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tehran", "America/New_York", "Pacific/Chatham"])
def test_the_streak_is_the_run_of_local_days_with_a_review_whatever_the_zone(alice, question_set, zone):
    """Random review times over four months, across New York's daylight-saving changes,
    against the definition applied to every review."""
    alice.time_zone = zone
    alice.save()
    chance = random.Random(1908)
    start = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    hours = sorted({chance.randrange(0, 24 * 120) for _ in range(900)})
    add_reviews(alice, question_set, times=[start + dt.timedelta(hours=hour, minutes=17) for hour in hours])

    for days_later in (40, 63, 95, 96, 97, 119, 120, 121, 125):
        now = start + dt.timedelta(days=days_later, hours=chance.randrange(24))
        assert progress.streak_days(user=alice, now=now) == streak_by_every_day(alice, now), now


def test_the_streak_reads_a_day_s_reviews_once_however_many(alice, question_set):
    """Its statement probes the index once a day of the streak: 2,000 reviews a day for
    three days are not read to count three."""
    now = dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)
    times = [now - dt.timedelta(days=days, seconds=second) for days in range(3) for second in range(2000)]
    add_reviews(alice, question_set, times=times)
    parameters = {"user": alice.pk, "zone": "UTC", "today": now.date()}

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {progress.STREAK_SQL}", parameters)
        (plan,) = cursor.fetchone()

    def review_rows_read(node) -> int:
        own = (
            node["Actual Rows"] * node["Actual Loops"] if node.get("Relation Name") == "quizzes_review" else 0
        )
        return own + sum(review_rows_read(child) for child in node.get("Plans", []))

    assert progress.streak_days(user=alice, now=now) == 3
    assert review_rows_read(plan[0]["Plan"]) <= 3 * 3  # a probe or two per day of the streak, not 6,000 rows


def test_the_leaderboard_ranks_users_by_points_on_the_set(alice, question_set):
    bob = make_user("bob", nickname="Bobcat")
    make_listed(alice, "Alley")
    answered(alice, card(alice, question_set).pk)
    for key in ("who-was:anna", "who-was:boris"):
        answered(bob, card(bob, question_set, key).pk)

    body = api_client_for(alice).get(f"/api/sets/{question_set.pk}/leaderboard/").json()

    assert body == [
        {"username": "Bobcat", "points": 20, "accuracy": 1.0, "you": False},
        {"username": "Alley", "points": 10, "accuracy": 1.0, "you": True},
    ]


def test_the_leaderboard_of_an_invisible_set_is_a_404(alice):
    private = QuestionSet.objects.create(title="Draft", owner=make_user("tina", role="teacher"))

    assert api_client_for(alice).get(f"/api/sets/{private.pk}/leaderboard/").status_code == 404
    assert api_client_for(None).get(f"/api/sets/{private.pk}/leaderboard/").status_code == 401
