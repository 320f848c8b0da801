"""A timed quiz queues the job that scores it at its deadline, in PostgreSQL (the
DatabaseBackend, as in production), and the worker scores it once; a job that fails is
recorded with its error, shown in the admin, and queued again later (docs/scaling.md)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from job_helpers import run_worker

from accounts.models import User
from quizzes.models import Attempt
from quizzes.services import attempts

# Committed for real: the worker checks its connection as production does, which ends a
# test's enclosing transaction.
pytestmark = pytest.mark.django_db(transaction=True)

JOB = "quizzes.services.attempts.score_when_time_is_up"
ADMIN = "admin:django_tasks_database_dbtaskresult"  # the library's app label


def quiz_answered_right(user, question_set, *, started: dt.datetime, time_limit_s: int | None) -> Attempt:
    attempt = attempts.start_quiz(
        user=user, question_set=question_set, size=1, types=["text"], time_limit_s=time_limit_s, now=started
    )
    question = question_set.questions.get(pk=attempt.question_ids[0])
    attempts.save_answer(
        user=user, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer, now=started
    )
    return attempt


def ten_minutes_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=10)


def test_a_timed_quiz_queues_its_scoring_for_its_deadline(alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, time_limit_s=600)

    job = DBTaskResult.objects.get()
    assert (job.task_path, job.status, job.run_after) == (JOB, "READY", attempt.deadline)
    assert job.args_kwargs == {"args": [], "kwargs": {"attempt_id": attempt.pk}}


def test_an_untimed_quiz_queues_nothing(alice, tinas_set):
    attempts.start_quiz(user=alice, question_set=tinas_set, size=1)

    assert not DBTaskResult.objects.exists()


def test_the_worker_scores_a_quiz_whose_time_ran_out(alice, tinas_set):
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)

    run_worker()

    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.submitted_at == attempt.deadline
    assert (attempt.score, attempt.points) == (1, attempts.POINTS_PER_RIGHT_ANSWER)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_leaves_a_quiz_alone_before_its_deadline(alice, tinas_set):
    attempt = quiz_answered_right(alice, tinas_set, started=timezone.now(), time_limit_s=600)

    run_worker()

    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert DBTaskResult.objects.get().status == "READY"


def test_running_the_job_again_changes_nothing(alice, tinas_set):
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)
    run_worker()
    attempt.refresh_from_db()
    scored = (attempt.submitted_at, attempt.score, attempt.percent, attempt.points)

    again = attempts.score_when_time_is_up.enqueue(attempt_id=attempt.pk)
    run_worker()

    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score, attempt.percent, attempt.points) == scored
    again.refresh()
    assert (again.status, again.return_value) == ("SUCCESSFUL", 0)


def test_a_quiz_submitted_in_time_is_not_scored_again(alice, tinas_set):
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=3600)
    submitted = attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    DBTaskResult.objects.update(run_after=timezone.now())  # its deadline, come early

    run_worker()

    attempt.refresh_from_db()
    assert attempt.submitted_at == submitted.submitted_at
    assert DBTaskResult.objects.get().task_result.return_value == 0


def test_without_a_worker_the_reads_still_score_the_quiz(client, alice, tinas_set):
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)
    client.force_login(alice)

    scores = client.get("/").context["scores"]

    assert scores["quizzes"] == 1
    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert DBTaskResult.objects.get().status == "READY"  # when it runs, it finds nothing to do


def test_a_failing_job_is_recorded_with_its_error_and_queued_again(alice, tinas_set, monkeypatch, settings):
    settings.TASK_RETRIES, settings.TASK_RETRY_DELAY_SECONDS = 3, 60
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)

    def broken(*args, **kwargs):
        raise RuntimeError("the scores table is on fire")

    monkeypatch.setattr(attempts, "grade_attempts", broken)
    before = timezone.now()
    run_worker()

    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the scores table is on fire" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt_id": attempt.pk, "tries": 2}
    assert before + dt.timedelta(seconds=60) <= retry.run_after <= timezone.now() + dt.timedelta(seconds=60)


def test_the_retry_scores_the_quiz_once_the_fault_is_gone(alice, tinas_set, monkeypatch):
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)
    with monkeypatch.context() as patched:
        patched.setattr(attempts, "grade_attempts", lambda *args, **kwargs: 1 / 0)
        run_worker()

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # its delay, passed
    run_worker()

    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]


def test_a_job_that_keeps_failing_stops_after_its_retries(alice, tinas_set, monkeypatch, settings):
    settings.TASK_RETRIES = 2
    attempt = quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)
    monkeypatch.setattr(attempts, "grade_attempts", lambda *args, **kwargs: 1 / 0)

    for _ in range(4):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()

    assert DBTaskResult.objects.filter(status="FAILED").count() == 3  # the first try and 2 retries
    assert not DBTaskResult.objects.filter(status="READY").exists()
    attempt.refresh_from_db()
    assert not attempt.is_submitted  # left to the reads, which score it when next looked at


def test_the_admin_lists_a_failed_job_with_its_error(client, alice, tinas_set, monkeypatch):
    quiz_answered_right(alice, tinas_set, started=ten_minutes_ago(), time_limit_s=60)
    monkeypatch.setattr(attempts, "grade_attempts", lambda *args, **kwargs: 1 / 0)
    run_worker()
    failed = DBTaskResult.objects.get(status="FAILED")
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-pw-1", role="admin"))

    listed = client.get(reverse(f"{ADMIN}_changelist"), {"status__exact": "FAILED"})
    opened = client.get(reverse(f"{ADMIN}_change", args=[failed.pk]))

    assert listed.status_code == 200
    assert str(failed.pk) in listed.text
    assert "ZeroDivisionError: division by zero" in listed.text
    assert "score_when_time_is_up" in listed.text and "Failed" in listed.text
    assert opened.status_code == 200
    assert "ZeroDivisionError" in opened.text and "Traceback" in opened.text
