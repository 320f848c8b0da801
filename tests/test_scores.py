import datetime as dt

import pytest
from factories import api_client_for, make_user

from quizzes import selectors, services
from quizzes.models import Card, Question, QuestionSet

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def card(user, question_set, key="who-was:anna", now=NOW):
    question = Question.objects.get(question_set=question_set, generator_key=key)
    return services.introduce_card(user=user, question=question, now=now)


def test_a_right_answer_on_a_new_card_earns_ten_points(alice, question_set):
    outcome = services.review_card(user=alice, card_id=card(alice, question_set).pk, rating=3, now=NOW)

    assert outcome.review.points == 10


def test_wrong_answers_and_repeats_within_a_minute_earn_nothing(alice, question_set):
    first = card(alice, question_set)
    services.review_card(user=alice, card_id=first.pk, rating=3, now=NOW)

    repeat = services.review_card(user=alice, card_id=first.pk, rating=3, now=NOW + dt.timedelta(seconds=30))
    wrong = services.review_card(user=alice, card_id=first.pk, rating=1, now=NOW + dt.timedelta(minutes=5))

    assert (repeat.review.points, wrong.review.points) == (0, 0)


def test_longer_intervals_and_harder_cards_earn_more(alice, question_set):
    graduated = Question.objects.get(question_set=question_set, generator_key="who-was:cyrus")
    hard = Card.objects.create(
        user=alice, question=graduated, question_set=question_set, state="review", stability=30,
        difficulty=8.4, due=NOW, last_review=NOW - dt.timedelta(days=12), created_at=NOW,
    )  # fmt: skip

    outcome = services.review_card(user=alice, card_id=hard.pk, rating=3, now=NOW)

    assert outcome.review.points == 10 + 12 + 8


def test_scores_sum_points_accuracy_and_per_set(alice, question_set):
    services.review_card(user=alice, card_id=card(alice, question_set).pk, rating=3, now=NOW)
    services.review_card(user=alice, card_id=card(alice, question_set, "who-was:boris").pk, rating=1, now=NOW)

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
    assert set(body) == {"points", "reviews", "correct", "accuracy", "quizzes", "streak_days", "sets"}


def test_the_streak_counts_consecutive_local_days(alice, question_set):
    alice.time_zone = "America/New_York"
    alice.save()
    reviewed = card(alice, question_set)
    # 23:30 on 22, 23 and 24 November in New York (04:30 UTC the next day), then nothing on the 25th yet.
    for day in (23, 24, 25):
        services.review_card(
            user=alice, card_id=reviewed.pk, rating=3, now=dt.datetime(2026, 11, day, 4, 30, tzinfo=dt.UTC)
        )

    assert selectors.streak_days(user=alice, now=dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)) == 3
    assert selectors.streak_days(user=alice, now=dt.datetime(2026, 11, 27, 20, tzinfo=dt.UTC)) == 0
    alice.time_zone = "UTC"  # the same reviews fall on 23, 24, 25 November in UTC
    assert selectors.streak_days(user=alice, now=dt.datetime(2026, 11, 25, 20, tzinfo=dt.UTC)) == 3


def test_the_leaderboard_ranks_users_by_points_on_the_set(alice, question_set):
    bob = make_user("bob")
    services.review_card(user=alice, card_id=card(alice, question_set).pk, rating=3, now=NOW)
    for key in ("who-was:anna", "who-was:boris"):
        services.review_card(user=bob, card_id=card(bob, question_set, key).pk, rating=3, now=NOW)

    body = api_client_for(alice).get(f"/api/sets/{question_set.pk}/leaderboard/").json()

    assert body == [
        {"username": "bob", "points": 20, "accuracy": 1.0},
        {"username": "alice", "points": 10, "accuracy": 1.0},
    ]


def test_the_leaderboard_of_an_invisible_set_is_a_404(alice):
    private = QuestionSet.objects.create(title="Draft", owner=make_user("tina", role="teacher"))

    assert api_client_for(alice).get(f"/api/sets/{private.pk}/leaderboard/").status_code == 404
    assert api_client_for(None).get(f"/api/sets/{private.pk}/leaderboard/").status_code == 401
