"""FSRS as the study issue configures it: card ids, retention per user, steps and fuzz."""

import datetime as dt
from types import SimpleNamespace

import pytest
from factories import api_client_for, make_user
from fsrs import card as fsrs_card_module

from quizzes.models import Card, Question
from quizzes.scheduling import as_fsrs_card, rebuild_schedule
from quizzes.services import study

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def no_fsrs_card_without_an_id(monkeypatch):
    """fsrs sleeps 1 ms whenever it makes a Card without card_id; here that sleep fails the test."""

    def refuse(seconds):
        raise AssertionError("an fsrs.Card was made without card_id")

    monkeypatch.setattr(fsrs_card_module, "time", SimpleNamespace(sleep=refuse))


def new_card(user, question_set, key="who-was:anna") -> Card:
    question = Question.objects.get(question_set=question_set, generator_key=key)
    return study.introduce_card(user=user, question=question, now=NOW)


def graduated_card(user, question_set, key="who-was:cyrus") -> Card:
    """A card in review, last seen 10 days ago, remembered for about 10 days."""
    question = Question.objects.get(question_set=question_set, generator_key=key)
    return Card.objects.create(
        user=user, question=question, question_set=question_set, state="review", stability=10,
        difficulty=5, due=NOW, last_review=NOW - dt.timedelta(days=10), reps=3, created_at=NOW,
    )  # fmt: skip


def review(user, card, rating, now=NOW):
    return study.review_card(user=user, card_id=card.pk, rating=rating, now=now).review


def test_every_fsrs_card_carries_the_cards_primary_key(alice, question_set, no_fsrs_card_without_an_id):
    card = new_card(alice, question_set)
    client = api_client_for(alice)

    assert as_fsrs_card(card).card_id == card.pk
    assert client.post("/api/study/reviews/", {"card": card.pk, "rating": 3}).status_code == 201
    review(alice, card, 3, now=NOW + dt.timedelta(minutes=10))
    card.refresh_from_db()
    assert as_fsrs_card(card).card_id == card.pk
    assert rebuild_schedule(card, list(card.reviews.all()), desired_retention=0.9) is not None


def test_a_new_card_climbs_the_learning_steps_of_one_and_ten_minutes(alice, question_set):
    card = new_card(alice, question_set)

    again = review(alice, card, 1)
    good = review(alice, card, 3, now=again.due_after)
    graduated = review(alice, card, 3, now=good.due_after)

    assert (again.state_after, again.due_after - NOW) == ("learning", MINUTE)
    assert (good.state_after, good.due_after - again.due_after) == ("learning", 10 * MINUTE)
    assert graduated.state_after == "review"
    assert graduated.due_after - good.due_after >= dt.timedelta(days=1)


def test_a_lapse_relearns_in_ten_minutes_then_returns_to_review(alice, question_set):
    card = graduated_card(alice, question_set)

    lapse = review(alice, card, 1)
    relearned = review(alice, card, 3, now=lapse.due_after)

    assert (lapse.state_after, lapse.due_after - NOW) == ("relearning", 10 * MINUTE)
    assert relearned.state_after == "review"
    card.refresh_from_db()
    assert card.lapses == 1


def test_a_higher_desired_retention_brings_the_card_back_sooner(question_set):
    careful = make_user("careful", desired_retention=0.95)
    relaxed = make_user("relaxed", desired_retention=0.8)

    careful_interval = review(careful, graduated_card(careful, question_set), 3).due_after - NOW
    relaxed_interval = review(relaxed, graduated_card(relaxed, question_set), 3).due_after - NOW

    # FSRS: the interval at which recall falls to the retention; fuzz moves each by a few percent.
    assert careful_interval * 2 < relaxed_interval


def test_the_default_retention_is_ninety_percent(alice):
    assert alice.desired_retention == 0.9


def test_review_intervals_are_fuzzed_so_cards_learned_together_spread_out(question_set):
    """Twenty students, the same card in the same state, the same answer at the same moment."""
    intervals = {
        review(student, graduated_card(student, question_set), 3).due_after - NOW
        for student in (make_user(f"student{number}") for number in range(20))
    }

    assert len(intervals) > 1
    assert max(intervals) - min(intervals) < 0.5 * min(intervals)
