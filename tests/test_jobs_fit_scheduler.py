"""The fit of a student's parameters runs in the real worker (PostgreSQL's queue, as in
production): once, whatever runs it again; a failure is recorded, queued again later, and
the fit is marked failed when its retries are spent (docs/scaling.md)."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from fitting_helpers import simulated_student
from job_helpers import run_worker

from accounts.models import User
from quizzes import fitting
from quizzes.models import Review, SchedulerFit
from quizzes.services import scheduler_fits

# Committed for real: the worker checks its connection as production does.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_fits_and_adopts_a_students_parameters(client, alice, question_set):
    simulated_student(alice, question_set)
    client.force_login(alice)
    queued = client.get("/progress/")
    assert "Queued to be fitted" in queued.text

    run_worker()

    fit = SchedulerFit.objects.get()
    assert (fit.status, fit.adopted) == ("done", True)
    assert fit.fitted_log_loss < fit.default_log_loss
    assert User.objects.get(pk=alice.pk).fsrs_parameters == fit.parameters
    job = DBTaskResult.objects.get()
    assert (job.status, job.return_value) == ("SUCCESSFUL", fit.pk)


def test_the_job_queued_twice_fits_once(alice, question_set):
    simulated_student(alice, question_set)
    scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    scheduler_fits.fit_scheduler.enqueue(user_id=alice.pk)

    run_worker()

    assert list(SchedulerFit.objects.values_list("status", "adopted")) == [("done", True)]
    outcomes = sorted(DBTaskResult.objects.values_list("status", "return_value"), key=str)
    assert outcomes == sorted([("SUCCESSFUL", SchedulerFit.objects.get().pk), ("SUCCESSFUL", None)], key=str)


def test_a_failing_fit_is_queued_again_then_marked_failed(alice, question_set, monkeypatch, settings):
    settings.TASK_RETRIES = 1
    simulated_student(alice, question_set)
    scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    reviews = Review.objects.count()

    def broken(reviews):
        raise fitting.FitFailed("The FSRS optimiser failed: out of luck")

    monkeypatch.setattr(fitting, "fit", broken)
    run_worker()

    assert SchedulerFit.objects.get().status == "queued"  # for its retry
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "quizzes.fitting.FitFailed"
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()

    assert SchedulerFit.objects.get().status == "failed"
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert User.objects.get(pk=alice.pk).fsrs_parameters is None
    assert Review.objects.count() == reviews


def test_the_daily_fits_queue_those_due_and_their_own_next_run(alice, bob, question_set):
    """No cron: `manage.py tidy_queue` (run by make run and make serve) queues the daily job,
    which queues the fits due, which the worker runs, and its own run a day later."""
    from django.core.management import call_command

    simulated_student(alice, question_set)
    simulated_student(bob, question_set, cards=12, days=12)  # too few reviews
    call_command("tidy_queue", verbosity=0)
    call_command("tidy_queue", verbosity=0)
    daily = DBTaskResult.objects.get(task_path="quizzes.services.scheduler_fits.fit_schedulers")
    assert daily.status == "READY" and daily.run_after > timezone.now() + dt.timedelta(hours=23)

    DBTaskResult.objects.filter(pk=daily.pk).update(run_after=timezone.now())
    run_worker()

    fit = SchedulerFit.objects.get()
    assert (fit.user, fit.status, fit.adopted) == (alice, "done", True)
    runs = DBTaskResult.objects.filter(task_path=daily.task_path).order_by("enqueued_at")
    assert [(run.status, run.return_value) for run in runs] == [("SUCCESSFUL", 1), ("READY", None)]
    assert runs.last().run_after > timezone.now() + dt.timedelta(hours=23)
