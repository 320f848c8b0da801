"""The FSRS wrapper: the only module that imports `fsrs`.

Cards are stored in our own columns; this module turns them into `fsrs.Card`s and
back, always with `card_id` set (without it fsrs sleeps 1 ms to make an id). A student's
own parameters (`User.fsrs_parameters`, fitted by quizzes/fitting.py) replace FSRS's
defaults wherever they are passed; None means the defaults.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import fsrs

from quizzes.models import Card

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)

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


def scheduler_for(desired_retention: float, parameters: Sequence[float] | None = None) -> fsrs.Scheduler:
    """The scheduler of a retention and a student's parameters (a list, as stored), built once a process."""
    return cached_scheduler(desired_retention, None if parameters is None else tuple(parameters))


@lru_cache(maxsize=1024)  # a scheduler per active student with parameters of their own: small objects
def cached_scheduler(desired_retention: float, parameters: tuple[float, ...] | None) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=parameters or DEFAULT_PARAMETERS, desired_retention=desired_retention, enable_fuzzing=True
    )


def usable_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Fitted parameters clamped into the bounds fsrs.Scheduler accepts: the optimiser's
    bounds are the same today, but a scheduler that refused them would fail every review."""
    lower, upper = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    if len(parameters) != len(DEFAULT_PARAMETERS):
        raise ValueError(f"FSRS-6 takes {len(DEFAULT_PARAMETERS)} parameters, not {len(parameters)}.")
    return tuple(
        min(max(float(value), low), high) for value, low, high in zip(parameters, lower, upper, strict=True)
    )


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


def schedule_review(
    card: Card,
    *,
    rating: int,
    now: dt.datetime,
    desired_retention: float,
    parameters: Sequence[float] | None = None,
) -> Schedule:
    scheduled, _ = scheduler_for(desired_retention, parameters).review_card(
        as_fsrs_card(card), fsrs.Rating(rating), review_datetime=now
    )
    return as_schedule(scheduled)


def preview_intervals(
    card: Card, *, now: dt.datetime, desired_retention: float, parameters: Sequence[float] | None = None
) -> dict[int, dt.timedelta]:
    """When the card would next be due after each rating: the labels on Anki's buttons."""
    scheduler = scheduler_for(desired_retention, parameters)
    current = as_fsrs_card(card)
    previews = {}
    for rating in fsrs.Rating:
        scheduled, _ = scheduler.review_card(current, rating, review_datetime=now)
        previews[int(rating)] = scheduled.due - now
    return previews


def rebuild_schedule(
    card: Card, reviews, *, desired_retention: float, parameters: Sequence[float] | None = None
) -> Schedule | None:
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
    rebuilt = scheduler_for(desired_retention, parameters).reschedule_card(
        fsrs.Card(card_id=card.pk, due=first_due), logs
    )
    return as_schedule(rebuilt)


def recall_predictions(
    reviews, *, parameters: Sequence[float] | None, from_index: int
) -> list[tuple[float, bool]]:
    """(predicted recall, recalled) for each of `reviews` from `from_index` on that came a day
    or more after its card's previous review, as FSRS would have predicted it with
    `parameters` (None: the defaults): each card's log is replayed in order, and its
    retrievability read just before each review. `reviews` have card_id, rating and
    reviewed_at, in time order. Same-day reviews are left out: py-fsrs predicts them certain
    (retrievability 1 after 0 whole days), so they would judge nothing.
    """
    scheduler = scheduler_for(0.9, parameters)  # recall does not depend on the desired retention
    cards: dict[int, fsrs.Card] = {}
    predictions = []
    for index, review in enumerate(reviews):
        card = cards.get(review.card_id) or fsrs.Card(card_id=review.card_id, due=review.reviewed_at)
        if index >= from_index and card.last_review and (review.reviewed_at - card.last_review).days >= 1:
            recall = scheduler.get_card_retrievability(card, review.reviewed_at)
            predictions.append((recall, review.rating != fsrs.Rating.Again))
        cards[review.card_id], _ = scheduler.review_card(card, fsrs.Rating(review.rating), review.reviewed_at)
    return predictions
