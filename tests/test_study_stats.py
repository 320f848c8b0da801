import datetime as dt

import pytest
from factories import api_client_for, make_user

from quizzes.models import Card, Question
from quizzes.selectors import progress
from quizzes.services import study

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def review(user, key, rating, now, question_set):
    question = Question.objects.get(question_set=question_set, generator_key=key)
    card = study.introduce_card(user=user, question=question, now=now)
    return study.review_card(user=user, card_id=card.pk, rating=rating, now=now).review


def test_stats_count_states_reviews_retention_and_forecast(alice, question_set):
    yesterday = NOW - dt.timedelta(days=1)
    review(alice, "who-was:anna", 3, yesterday, question_set)
    review(alice, "who-was:boris", 1, NOW, question_set)
    graduated = Question.objects.get(question_set=question_set, generator_key="who-was:cyrus")
    Card.objects.create(
        user=alice, question=graduated, question_set=question_set, state="review", stability=10,
        difficulty=5, due=NOW - dt.timedelta(hours=1), last_review=NOW - dt.timedelta(days=10),
        created_at=NOW,
    )  # fmt: skip
    study.review_card(user=alice, card_id=Card.objects.get(question=graduated).pk, rating=3, now=NOW)

    stats = progress.study_stats(user=alice, question_set=question_set, now=NOW)

    assert stats.counts["learning"] == 2 and stats.counts["review"] == 1
    assert stats.counts["unseen"] == question_set.questions.count() - 3
    assert (stats.reviews, stats.correct) == (3, 2)
    assert stats.true_retention == 1.0  # one review-state card, answered right
    assert [day["reviews"] for day in stats.reviews_per_day[-2:]] == [1, 2]
    assert len(stats.reviews_per_day) == len(stats.forecast) == 30
    assert stats.forecast[0]["due"] == 2  # yesterday's overdue card and today's lapse
    horizon = dt.datetime(2026, 11, 25, tzinfo=dt.UTC) + dt.timedelta(days=30)
    assert sum(day["due"] for day in stats.forecast) == Card.objects.filter(due__lt=horizon).count()


def test_true_retention_counts_only_review_state_cards(alice, question_set):
    graduated = Question.objects.get(question_set=question_set, generator_key="who-was:cyrus")
    card = Card.objects.create(
        user=alice, question=graduated, question_set=question_set, state="review", stability=10,
        difficulty=5, due=NOW, last_review=NOW - dt.timedelta(days=10), created_at=NOW,
    )  # fmt: skip
    study.review_card(user=alice, card_id=card.pk, rating=1, now=NOW)
    review(alice, "who-was:anna", 3, NOW, question_set)

    stats = progress.study_stats(user=alice, question_set=question_set, now=NOW)

    assert stats.true_retention == 0.0


def test_the_stats_endpoint_is_the_users_own(alice, question_set):
    review(make_user("bob"), "who-was:anna", 3, NOW, question_set)

    body = api_client_for(alice).get("/api/study/stats/", {"set": question_set.pk}).json()

    assert body["reviews"] == 0 and body["counts"]["learning"] == 0
    assert body["true_retention"] is None
    assert set(body) == {
        "counts",
        "due_today",
        "reviews",
        "correct",
        "true_retention",
        "reviews_per_day",
        "forecast",
    }


def test_stats_without_a_set_cover_every_set(alice, question_set):
    review(alice, "who-was:anna", 3, dt.datetime.now(dt.UTC), question_set)

    body = api_client_for(alice).get("/api/study/stats/").json()

    assert body["reviews"] == 1 and "unseen" not in body["counts"]


def test_stats_of_an_invisible_set_are_a_404_and_anonymous_a_401(alice):
    assert api_client_for(alice).get("/api/study/stats/", {"set": 999999}).status_code == 404
    assert api_client_for(None).get("/api/study/stats/").status_code == 401
