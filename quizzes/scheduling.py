"""The FSRS wrapper: the only module that imports `fsrs`.

Cards are stored in our own columns; this module turns them into `fsrs.Card`s and
back, always with `card_id` set (without it fsrs sleeps 1 ms to make an id).
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import fsrs

from quizzes.models import Card

FSRS_STATE = {
    fsrs.State.Learning: Card.State.LEARNING,
    fsrs.State.Review: Card.State.REVIEW,
    fsrs.State.Relearning: Card.State.RELEARNING,
}
OUR_STATE = {ours: theirs for theirs, ours in FSRS_STATE.items()}


@dataclass(frozen=True)
class Schedule:
    """A card's memory state after a review."""

    state: str
    step: int | None
    stability: float
    difficulty: float
    due: dt.datetime
    last_review: dt.datetime


@lru_cache(maxsize=32)
def scheduler_for(desired_retention: float) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=True)


def as_fsrs_card(card: Card) -> fsrs.Card:
    if card.state == Card.State.NEW:
        return fsrs.Card(card_id=card.pk, state=fsrs.State.Learning, step=0, due=card.due)
    return fsrs.Card(
        card_id=card.pk,
        state=OUR_STATE[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def as_schedule(scheduled: fsrs.Card) -> Schedule:
    return Schedule(
        state=FSRS_STATE[scheduled.state],
        step=scheduled.step,
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        due=scheduled.due,
        last_review=scheduled.last_review,
    )


def schedule_review(card: Card, *, rating: int, now: dt.datetime, desired_retention: float) -> Schedule:
    scheduled, _ = scheduler_for(desired_retention).review_card(
        as_fsrs_card(card), fsrs.Rating(rating), review_datetime=now
    )
    return as_schedule(scheduled)


def preview_intervals(card: Card, *, now: dt.datetime, desired_retention: float) -> dict[int, dt.timedelta]:
    """When the card would next be due after each rating: the labels on Anki's buttons."""
    scheduler = scheduler_for(desired_retention)
    current = as_fsrs_card(card)
    previews = {}
    for rating in fsrs.Rating:
        scheduled, _ = scheduler.review_card(current, rating, review_datetime=now)
        previews[int(rating)] = scheduled.due - now
    return previews


def rebuild_schedule(card: Card, reviews, *, desired_retention: float) -> Schedule | None:
    """Replays a card's review log through FSRS (`reschedule_card`); None if never reviewed."""
    logs = [
        fsrs.ReviewLog(
            card_id=card.pk,
            rating=fsrs.Rating(review.rating),
            review_datetime=review.reviewed_at,
            review_duration=review.duration_ms,
        )
        for review in reviews
    ]
    if not logs:
        return None
    first_due = min(review.due_before for review in reviews)
    rebuilt = scheduler_for(desired_retention).reschedule_card(
        fsrs.Card(card_id=card.pk, due=first_due), logs
    )
    return as_schedule(rebuilt)
