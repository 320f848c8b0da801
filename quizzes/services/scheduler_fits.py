"""Fitting each student's scheduler: asking for a fit, the job that runs it, and rescheduling.

A fit is queued once a student's log holds FSRS_FIT_MIN_REVIEWS reviews, then after each
FSRS_REFIT_EVERY_REVIEWS more (selectors.scheduler_fits.SchedulerStatus.fit_due). Nothing
on a review's path checks: that would cost each review a count. It is checked where the
student's scheduler is shown (the progress page, GET /api/study/scheduler/) and, for every
student, by the daily `fit_schedulers` job (or `manage.py fit_schedulers`). The job fits
(quizzes/fitting.py), adopts the parameters only if they predict the held-out reviews
better, and then reschedules the student's cards by replaying their logs: reviews are
never changed, only cards' memory state and due times (docs/scaling.md, "Fitting each student's scheduler").
"""

import datetime as dt
import time

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from quizzes import fitting, jobs
from quizzes.models import Card, Review, SchedulerFit
from quizzes.scheduling import rebuild_schedule
from quizzes.selectors import scheduler_fits
from quizzes.selectors.scheduler_fits import SchedulerStatus

RESCHEDULED_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review", "scheduled_due"]
FITS_EVERY = dt.timedelta(days=1)


def scheduler_status(*, user, now: dt.datetime) -> SchedulerStatus:
    """The student's scheduler (selectors.scheduler_fits), a fit queued first if one is due:
    where the scheduler is shown is where crossing the threshold is noticed."""
    status = scheduler_fits.scheduler_status(user=user, now=now)
    if status.fit_due and request_fit(user=user, now=now, status=status) is not None:
        status = scheduler_fits.scheduler_status(user=user, now=now)
    return status


def request_fit(*, user, now: dt.datetime, status: SchedulerStatus | None = None) -> SchedulerFit | None:
    """Queue a fit of the user's parameters if one is due (SchedulerStatus.fit_due), and its
    job in the same transaction. None if none is due or another request queued it first."""
    status = status or scheduler_fits.scheduler_status(user=user, now=now)
    if not status.fit_due:
        return None
    try:
        with transaction.atomic():
            if status.abandoned:
                SchedulerFit.objects.filter(pk=status.latest.pk, status__in=SchedulerFit.PENDING).update(
                    status=SchedulerFit.Status.FAILED, finished_at=now
                )
            fit = SchedulerFit.objects.create(user=user, requested_at=now, reviews=status.reviews)
            fit_scheduler.enqueue(user_id=user.pk)
    except IntegrityError:  # one_pending_fit_per_user: a fit was queued meanwhile
        return None
    return fit


def queue_due_fits(*, now: dt.datetime) -> list[User]:
    """Queue a fit for every student due one (request_fit); the students whose fit was queued."""
    candidates = User.objects.filter(pk__in=scheduler_fits.students_with_enough_reviews()).order_by("pk")
    return [user for user in candidates if request_fit(user=user, now=now) is not None]


@task()
def fit_schedulers() -> int:
    """Every FITS_EVERY: queue the fits due (queue_due_fits), then its own next run. Returns
    how many were queued."""
    try:
        return len(queue_due_fits(now=timezone.now()))
    finally:  # a run that fails must not end the schedule
        jobs.schedule_next(fit_schedulers, every=FITS_EVERY)


@task()
def fit_scheduler(*, user_id: int, tries: int = 1) -> int | None:
    """Run the user's queued fit (run_fit); running it again finds none and does nothing.
    Returns the fit's id, or None."""
    try:
        fit = run_fit(user_id=user_id)
    except Exception:
        retried = jobs.retry_later(fit_scheduler, tries=tries, user_id=user_id)
        status = SchedulerFit.Status.QUEUED if retried else SchedulerFit.Status.FAILED
        SchedulerFit.objects.filter(user_id=user_id, status=SchedulerFit.Status.RUNNING).update(status=status)
        raise  # recorded as failed, with its error, in the admin's list of jobs
    return None if fit is None else fit.pk


def run_fit(*, user_id: int) -> SchedulerFit | None:
    """Fit the user's queued fit, if any: marked running (so the page says so), fitted outside
    any transaction (it is CPU, not the database), then its numbers saved and, if it was
    adopted or the defaults come back, the user's parameters changed and their cards
    rescheduled, in one transaction."""
    with transaction.atomic():
        fit = (
            SchedulerFit.objects.select_for_update(skip_locked=True)
            .filter(user_id=user_id, status=SchedulerFit.Status.QUEUED)
            .first()
        )
        if fit is None:
            return None
        fit.status, fit.started_at = SchedulerFit.Status.RUNNING, timezone.now()
        fit.save(update_fields=["status", "started_at"])
    log = [
        fitting.LoggedReview(card_id, rating, reviewed_at)
        for card_id, rating, reviewed_at in Review.objects.filter(user_id=user_id)
        .order_by("reviewed_at", "pk")
        .values_list("card_id", "rating", "reviewed_at")
    ]
    started = time.perf_counter()
    outcome = fitting.fit(log)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        fit.reviews, fit.train_reviews, fit.held_out_reviews = (
            len(log),
            outcome.train_reviews,
            outcome.held_out_reviews,
        )
        fit.parameters = list(outcome.parameters)
        fit.default_log_loss, fit.fitted_log_loss = outcome.default_log_loss, outcome.fitted_log_loss
        fit.default_rmse, fit.fitted_rmse = outcome.default_rmse, outcome.fitted_rmse
        fit.adopted = outcome.adopted
        fit.seconds = time.perf_counter() - started
        fit.status, fit.finished_at = SchedulerFit.Status.DONE, timezone.now()
        fit.save()
        parameters = fit.parameters if fit.adopted else None
        if parameters != user.fsrs_parameters:
            user.fsrs_parameters = parameters
            user.save(update_fields=["fsrs_parameters"])
            reschedule_cards(user=user)
    return fit


def reschedule_cards(*, user) -> int:
    """Replay each of the user's studied cards' review logs with their parameters
    (scheduling.rebuild_schedule) and save the cards' new memory state and due times in bulk:
    two reads and an UPDATE per 1,000 cards. The reviews are read, never changed. The cards are
    locked, so a review at the same moment waits rather than being overwritten; a card a
    practice miss brought forward stays due now, with its new schedule kept for after
    (scheduled_due). Returns how many cards were rescheduled."""
    in_order = Review.objects.order_by("reviewed_at", "pk").only(
        "card_id", "rating", "reviewed_at", "duration_ms", "due_before"
    )
    cards = list(
        Card.objects.select_for_update()
        .filter(user=user)
        .exclude(state=Card.State.NEW)
        .prefetch_related(Prefetch("reviews", queryset=in_order))
    )
    rescheduled = []
    for card in cards:
        schedule = rebuild_schedule(
            card,
            list(card.reviews.all()),
            desired_retention=user.desired_retention,
            parameters=user.fsrs_parameters,
        )
        if schedule is None:
            continue
        card.state, card.step = schedule.state, schedule.step
        card.stability, card.difficulty = schedule.stability, schedule.difficulty
        card.last_review = schedule.last_review
        if card.scheduled_due is None:
            card.due = schedule.due
        else:
            card.scheduled_due = schedule.due
        rescheduled.append(card)
    Card.objects.bulk_update(rescheduled, RESCHEDULED_FIELDS, batch_size=1000)
    return len(rescheduled)
