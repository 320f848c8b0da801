"""What a student's scheduler is: FSRS's defaults or their own parameters, and their fits."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from quizzes.models import Review, SchedulerFit

# A fit still queued or running this long after it was asked for was lost (a worker killed
# mid-job): a new one may be asked for.
ABANDONED_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class SchedulerStatus:
    reviews: int  # in the student's log
    parameters: list[float] | None  # the student's own, scheduling their cards; None: FSRS's defaults
    latest: SchedulerFit | None  # the last fit asked for, whatever became of it
    shown: SchedulerFit | None  # the last fit that finished, whose numbers the student sees
    now: dt.datetime

    @property
    def personal(self) -> bool:
        return self.parameters is not None

    @property
    def min_reviews(self) -> int:
        return settings.FSRS_FIT_MIN_REVIEWS

    @property
    def reviews_to_go(self) -> int:
        return max(0, settings.FSRS_FIT_MIN_REVIEWS - self.reviews)

    @property
    def pending(self) -> SchedulerFit | None:
        """The fit queued or running now, if any (not one lost long ago)."""
        if self.latest is None or not self.latest.is_pending or self.abandoned:
            return None
        return self.latest

    @property
    def abandoned(self) -> bool:
        latest = self.latest
        return latest is not None and latest.is_pending and latest.requested_at < self.now - ABANDONED_AFTER

    @property
    def fit_due(self) -> bool:
        """The rule for when a fit is queued: FSRS_FIT_MIN_REVIEWS reviews in the log, then
        FSRS_REFIT_EVERY_REVIEWS more since the last fit, and none queued or running."""
        if self.reviews < settings.FSRS_FIT_MIN_REVIEWS:
            return False
        if self.latest is None or self.abandoned:
            return True
        return (
            not self.latest.is_pending
            and self.reviews - self.latest.reviews >= settings.FSRS_REFIT_EVERY_REVIEWS
        )


def scheduler_status(*, user, now: dt.datetime) -> SchedulerStatus:
    """Two queries (three when the last fit is not a finished one): the log's size, along the
    (user, reviewed_at) index alone, and the last fits."""
    reviews = Review.objects.filter(user=user).count()
    fits = SchedulerFit.objects.filter(user=user).order_by("-requested_at", "-pk")
    latest = fits.first()
    shown = latest if latest is None or latest.status == SchedulerFit.Status.DONE else None
    if latest is not None and shown is None:
        shown = fits.filter(status=SchedulerFit.Status.DONE).first()
    return SchedulerStatus(
        reviews=reviews, parameters=user.fsrs_parameters, latest=latest, shown=shown, now=now
    )


def students_with_enough_reviews() -> list[int]:
    """The ids of users whose log holds FSRS_FIT_MIN_REVIEWS reviews: the nightly command's
    candidates (one pass over the reviews' (user, reviewed_at) index)."""
    counted = Review.objects.order_by().values("user").annotate(reviews=Count("pk"))
    return list(counted.filter(reviews__gte=settings.FSRS_FIT_MIN_REVIEWS).values_list("user", flat=True))
