"""Fitting a student's own FSRS parameters to their review log, judged on reviews the fit never saw.

The log, in time order, is split: the first 80% of reviews fit the parameters
(fsrs-rs-python's optimiser, in Rust, without PyTorch), the last 20% judge them. On those
held-out reviews FSRS predicts recall twice, replaying every card's whole log through
py-fsrs (scheduling.recall_predictions, the scheduler that schedules the student): with
the defaults and with the fitted parameters. The fit is adopted only if its log loss there
is lower (Fit.adopted). The only module that imports fsrs_rs_python.
"""

import datetime as dt
import math
from dataclasses import dataclass

import fsrs_rs_python

from quizzes import scheduling

HELD_OUT_SHARE = 0.2
# How much lower (a share of the defaults' log loss) the fit's must be to count as better: a
# fit the optimiser left at the defaults differs from them by float32 rounding alone.
ADOPTION_MARGIN = 0.001
# Predictions are clipped this far from 0 and 1 so that one surprise costs a finite log loss.
CLIP = 1e-6


class FitFailed(Exception):
    """The optimiser gave up on this log (a Rust panic, turned into an error that jobs retry)."""


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: dt.datetime


@dataclass(frozen=True)
class Fit:
    """A fit and how well the defaults and it predict the held-out reviews."""

    parameters: tuple[float, ...]
    train_reviews: int
    held_out_reviews: int  # those judged: a day or more after the card's previous review
    default_log_loss: float | None
    fitted_log_loss: float | None
    default_rmse: float | None
    fitted_rmse: float | None

    @property
    def adopted(self) -> bool:
        """The rule: the student's parameters replace the defaults only where they predict
        the held-out reviews better (a log loss lower by ADOPTION_MARGIN of the defaults' at
        least); nothing to judge keeps the defaults."""
        if not self.held_out_reviews:
            return False
        return self.fitted_log_loss < self.default_log_loss * (1 - ADOPTION_MARGIN)


def fit(reviews: list[LoggedReview]) -> Fit:
    """Fit on the earlier reviews, judge on the later ones (`reviews` in time order)."""
    split = len(reviews) - round(len(reviews) * HELD_OUT_SHARE)
    parameters = fitted_parameters(reviews[:split])
    default = scheduling.recall_predictions(reviews, parameters=None, from_index=split)
    fitted = scheduling.recall_predictions(reviews, parameters=parameters, from_index=split)
    return Fit(
        parameters=parameters,
        train_reviews=split,
        held_out_reviews=len(fitted),
        default_log_loss=log_loss(default),
        fitted_log_loss=log_loss(fitted),
        default_rmse=rmse(default),
        fitted_rmse=rmse(fitted),
    )


def fitted_parameters(reviews: list[LoggedReview]) -> tuple[float, ...]:
    """FSRS-6's 21 parameters fitted to `reviews` (the defaults if none can teach anything)."""
    items = training_items(reviews)
    if not items:
        return scheduling.DEFAULT_PARAMETERS
    optimiser = fsrs_rs_python.FSRS(list(scheduling.DEFAULT_PARAMETERS))
    try:
        parameters = optimiser.compute_parameters(items)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as panic:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        raise FitFailed(f"The FSRS optimiser failed: {panic}") from panic
    return scheduling.usable_parameters(parameters)


def training_items(reviews: list[LoggedReview]) -> list:
    """The optimiser's items: for each review of a card after its first, the card's log up to
    it, each step's delta_t in whole days since the step before (as py-fsrs counts them).
    An item needs a gap of a day or more somewhere: fsrs-rs refuses (panics on) one without."""
    logs: dict[int, list[tuple[int, int]]] = {}
    last_seen: dict[int, dt.datetime] = {}
    items = []
    for review in reviews:
        previous = last_seen.get(review.card_id)
        days = 0 if previous is None else (review.reviewed_at - previous).days
        last_seen[review.card_id] = review.reviewed_at
        log = logs.setdefault(review.card_id, [])
        log.append((review.rating, days))
        if len(log) > 1 and any(delta > 0 for _, delta in log[1:]):
            items.append(fsrs_rs_python.FSRSItem([fsrs_rs_python.FSRSReview(*step) for step in log]))
    return items


def log_loss(predictions: list[tuple[float, bool]]) -> float | None:
    """Mean binary cross-entropy of predicted recall against what happened; lower is better."""
    if not predictions:
        return None
    total = 0.0
    for recall, recalled in predictions:
        recall = min(max(recall, CLIP), 1 - CLIP)
        total -= math.log(recall if recalled else 1 - recall)
    return total / len(predictions)


def rmse(predictions: list[tuple[float, bool]]) -> float | None:
    """Root mean squared gap between predicted recall and what happened (1 or 0), per review
    (not FSRS's binned RMSE, which needs thousands of reviews to fill its bins)."""
    if not predictions:
        return None
    return math.sqrt(sum((recalled - recall) ** 2 for recall, recalled in predictions) / len(predictions))
