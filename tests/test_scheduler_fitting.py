"""A student's own FSRS parameters: fitted once their log holds enough reviews, judged on the
reviews held out of the fit, adopted only where they predict better, and their cards then
rescheduled from their unchanged review logs (docs/scaling.md, "Fitting each student's scheduler")."""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import api_client_for
from fitting_helpers import simulated_student

from quizzes import fitting
from quizzes.models import Card, Review, SchedulerFit
from quizzes.scheduling import DEFAULT_PARAMETERS, schedule_review
from quizzes.services import scheduler_fits, study

pytestmark = pytest.mark.django_db

# Parameters that predict nearly every card remembered for months: a fit this bad must not be adopted.
NEVER_FORGETS = (100.0, 100.0, 100.0, 100.0, *DEFAULT_PARAMETERS[4:])


def logged(user) -> list[fitting.LoggedReview]:
    return [
        fitting.LoggedReview(*row)
        for row in Review.objects.filter(user=user)
        .order_by("reviewed_at", "pk")
        .values_list("card_id", "rating", "reviewed_at")
    ]


def fitted(user) -> SchedulerFit:
    """Ask for the user's fit where the student would (the progress page's status) and run it."""
    scheduler_fits.scheduler_status(user=user, now=timezone.now())
    fit = scheduler_fits.run_fit(user_id=user.pk)
    user.refresh_from_db()
    return fit


def reviews_as_logged(user) -> list[dict]:
    return list(Review.objects.filter(user=user).order_by("pk").values())


def cards_schedules(user) -> dict[int, tuple]:
    return {
        card.pk: (card.state, card.stability, card.difficulty, card.due, card.reps, card.lapses)
        for card in Card.objects.filter(user=user)
    }


def test_a_forgetful_students_own_parameters_predict_their_held_out_reviews_better(alice, question_set):
    simulated_student(alice, question_set)
    reviews = logged(alice)

    started = time.perf_counter()
    fit = fitting.fit(reviews)
    seconds = time.perf_counter() - started

    assert fit.adopted
    assert fit.fitted_log_loss < fit.default_log_loss
    assert fit.fitted_rmse < fit.default_rmse
    assert fit.train_reviews == len(reviews) - round(len(reviews) * fitting.HELD_OUT_SHARE)
    assert 50 <= fit.held_out_reviews <= len(reviews) - fit.train_reviews
    assert len(fit.parameters) == len(DEFAULT_PARAMETERS) == 21
    assert fit.parameters[0] < DEFAULT_PARAMETERS[0]  # a card first rated Again is forgotten sooner
    assert seconds < 2


def test_a_log_without_a_day_between_reviews_keeps_the_defaults():
    """The optimiser refuses (panics on) such a log; there is nothing to learn and nothing to judge."""
    start = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    crammed = [
        fitting.LoggedReview(n % 50, 1 + n % 4, start + dt.timedelta(seconds=30 * n)) for n in range(500)
    ]

    fit = fitting.fit(crammed)

    assert fit.parameters == DEFAULT_PARAMETERS
    assert (fit.held_out_reviews, fit.default_log_loss, fit.adopted) == (0, None, False)


def test_a_fit_lower_only_by_rounding_is_not_better():
    """The optimiser returns the defaults, in float32, when it has too little to go on."""
    judged = {"parameters": DEFAULT_PARAMETERS, "train_reviews": 320, "held_out_reviews": 60}
    losses = {"default_rmse": 0.42, "fitted_rmse": 0.42}

    by_rounding = fitting.Fit(**judged, **losses, default_log_loss=0.5869, fitted_log_loss=0.5869 - 1e-9)
    better = fitting.Fit(**judged, **losses, default_log_loss=0.5869, fitted_log_loss=0.58)

    assert not by_rounding.adopted and better.adopted


def test_a_student_below_the_threshold_is_not_fitted(alice, question_set, settings):
    simulated_student(alice, question_set, cards=12, days=12)
    count = Review.objects.filter(user=alice).count()
    assert 0 < count < settings.FSRS_FIT_MIN_REVIEWS

    status = scheduler_fits.scheduler_status(user=alice, now=timezone.now())

    assert (status.reviews, status.reviews_to_go) == (count, settings.FSRS_FIT_MIN_REVIEWS - count)
    assert not status.fit_due and status.pending is None and status.shown is None
    assert not SchedulerFit.objects.exists() and not DBTaskResult.objects.exists()
    assert scheduler_fits.run_fit(user_id=alice.pk) is None


def test_crossing_the_threshold_queues_one_fit_and_its_job(alice, question_set):
    simulated_student(alice, question_set)

    first = scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    again = scheduler_fits.scheduler_status(user=alice, now=timezone.now())

    fit = SchedulerFit.objects.get()
    assert (fit.user, fit.status, fit.reviews) == (alice, "queued", Review.objects.filter(user=alice).count())
    assert first.pending == again.pending == fit and not again.fit_due
    job = DBTaskResult.objects.get()
    assert job.task_path == "quizzes.services.scheduler_fits.fit_scheduler"
    assert job.args_kwargs == {"args": [], "kwargs": {"user_id": alice.pk}}


def test_the_fit_is_adopted_and_the_cards_rescheduled_from_their_unchanged_reviews(alice, bob, question_set):
    simulated_student(alice, question_set)
    simulated_student(bob, question_set, seed=2)
    reviews_before, cards_before = reviews_as_logged(alice), cards_schedules(alice)
    bobs_before = (reviews_as_logged(bob), cards_schedules(bob))

    fit = fitted(alice)

    assert fit.status == "done" and fit.adopted
    assert fit.fitted_log_loss < fit.default_log_loss and fit.fitted_rmse < fit.default_rmse
    assert fit.reviews == len(reviews_before) and fit.held_out_reviews > 0
    assert alice.fsrs_parameters == fit.parameters and len(fit.parameters) == 21
    assert reviews_as_logged(alice) == reviews_before  # every review kept, unchanged
    cards_after = cards_schedules(alice)
    assert cards_after.keys() == cards_before.keys()
    changed = [pk for pk in cards_before if cards_before[pk][1:4] != cards_after[pk][1:4]]
    assert len(changed) > len(cards_before) // 2  # memory state and due times, from the new parameters
    assert all(cards_before[pk][4:] == cards_after[pk][4:] for pk in cards_before)  # reps and lapses kept
    assert (reviews_as_logged(bob), cards_schedules(bob)) == bobs_before  # nobody else's


def test_a_card_a_practice_miss_brought_forward_stays_due_with_its_new_schedule_kept(alice, question_set):
    simulated_student(alice, question_set)
    card = Card.objects.filter(user=alice, state="review").order_by("-due").first()
    brought_forward, scheduled = timezone.now(), card.due
    Card.objects.filter(pk=card.pk).update(due=brought_forward, scheduled_due=scheduled)

    fitted(alice)

    card.refresh_from_db()
    assert card.due == brought_forward
    assert card.scheduled_due is not None and card.scheduled_due != scheduled


def test_running_the_fit_again_does_nothing(alice, question_set):
    simulated_student(alice, question_set)
    fit = fitted(alice)
    cards = cards_schedules(alice)

    assert scheduler_fits.run_fit(user_id=alice.pk) is None
    assert scheduler_fits.fit_scheduler.call(user_id=alice.pk) is None
    scheduler_fits.scheduler_status(user=alice, now=timezone.now())  # not due again so soon

    assert list(SchedulerFit.objects.all()) == [fit]
    assert cards_schedules(alice) == cards


def test_a_fit_that_predicts_worse_keeps_the_defaults(alice, question_set, monkeypatch):
    simulated_student(alice, question_set)
    cards = cards_schedules(alice)
    monkeypatch.setattr(fitting, "fitted_parameters", lambda reviews: NEVER_FORGETS)

    fit = fitted(alice)

    assert fit.status == "done" and not fit.adopted
    assert fit.fitted_log_loss > fit.default_log_loss
    assert fit.parameters == list(NEVER_FORGETS)  # kept for the record
    assert alice.fsrs_parameters is None
    assert cards_schedules(alice) == cards  # nothing to reschedule


def test_a_student_whose_next_fit_is_worse_goes_back_to_the_defaults(alice, question_set, monkeypatch):
    simulated_student(alice, question_set)
    as_simulated = cards_schedules(alice)  # scheduled by the defaults, without fuzz
    assert fitted(alice).adopted
    SchedulerFit.objects.update(reviews=0)  # as if FSRS_REFIT_EVERY_REVIEWS more came since
    monkeypatch.setattr(fitting, "fitted_parameters", lambda reviews: NEVER_FORGETS)

    refit = fitted(alice)

    assert not refit.adopted and alice.fsrs_parameters is None
    back = cards_schedules(alice)
    assert all(back[pk][:3] == pytest.approx(as_simulated[pk][:3]) for pk in back if back[pk][0] != "new")


def test_the_next_fit_comes_after_refit_every_reviews_more(alice, question_set, settings):
    simulated_student(alice, question_set)
    fit = fitted(alice)
    settings.FSRS_REFIT_EVERY_REVIEWS = 100

    SchedulerFit.objects.filter(pk=fit.pk).update(reviews=fit.reviews - 99)
    not_yet = scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    SchedulerFit.objects.filter(pk=fit.pk).update(reviews=fit.reviews - 100)
    due = scheduler_fits.scheduler_status(user=alice, now=timezone.now())

    assert not_yet.pending is None and not_yet.shown == fit
    assert due.pending is not None and due.pending.status == "queued"
    assert due.shown == fit  # the last numbers stay shown while the next fit waits
    assert SchedulerFit.objects.count() == 2


def test_a_fit_lost_by_its_worker_is_asked_for_again(alice, question_set):
    simulated_student(alice, question_set)
    scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    lost = SchedulerFit.objects.get()
    SchedulerFit.objects.update(status="running", requested_at=timezone.now() - dt.timedelta(days=2))

    status = scheduler_fits.scheduler_status(user=alice, now=timezone.now())

    lost.refresh_from_db()
    assert lost.status == "failed"
    assert status.pending is not None and status.pending.pk != lost.pk
    assert DBTaskResult.objects.count() == 2


def test_reviews_after_adoption_are_scheduled_with_the_students_parameters(alice, question_set):
    simulated_student(alice, question_set)
    fitted(alice)
    card = Card.objects.filter(user=alice, state="review").order_by("pk").first()
    now = timezone.now()
    by_default = schedule_review(card, rating=3, now=now, desired_retention=0.9)
    theirs = schedule_review(card, rating=3, now=now, desired_retention=0.9, parameters=alice.fsrs_parameters)

    review = study.review_card(user=alice, card_id=card.pk, rating=3, now=now).review

    assert review.stability_after == pytest.approx(theirs.stability)
    assert review.stability_after != pytest.approx(by_default.stability)


def test_a_review_costs_no_query_more_with_fitted_parameters(alice, question_set):
    simulated_student(alice, question_set)
    client = api_client_for(alice)
    card_ids = list(Card.objects.filter(user=alice).order_by("pk").values_list("pk", flat=True)[:2])

    def queries_of_a_review(card_id) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/api/study/reviews/", {"card": card_id, "rating": 3}, format="json")
        assert response.status_code == 201
        return len(captured.captured_queries)

    with_defaults = queries_of_a_review(card_ids[0])
    fitted(alice)
    client.force_authenticate(alice)  # the user as the next request loads it
    with_their_own = queries_of_a_review(card_ids[1])

    assert alice.fsrs_parameters is not None
    assert with_their_own == with_defaults


def test_the_nightly_command_queues_fits_for_students_due_one(alice, bob, question_set):
    simulated_student(alice, question_set)
    simulated_student(bob, question_set, cards=12, days=12)

    call_command("fit_schedulers", verbosity=0)
    call_command("fit_schedulers", verbosity=0)

    assert list(SchedulerFit.objects.values_list("user__username", "status")) == [("alice", "queued")]
    assert DBTaskResult.objects.count() == 1


def test_the_nightly_command_can_fit_in_its_own_process(alice, question_set, capsys):
    simulated_student(alice, question_set)

    call_command("fit_schedulers", "--now")

    fit = SchedulerFit.objects.get()
    assert fit.status == "done" and fit.adopted
    out = capsys.readouterr().out
    assert "alice: adopted" in out and "1 fit done." in out
