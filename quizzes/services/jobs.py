"""Long work run by the background worker, not in a web request: generating a source's
questions, drafting a source from a long text, building a gradebook's CSV file.

`queue_*` saves a Job and queues `run_job` in one transaction, and the request answers at
once with the job's waiting page (or a 202 in the API). The worker runs it: its progress
is written on a connection of its own (the `progress` database alias), so the waiting page
sees it while the work itself is still one open transaction. A job that finds its work
impossible (a text with no sentences, facts that break the rules) fails with the reason for
its owner; one that crashes is tried again later (quizzes/jobs.py), and its traceback is
in the admin's list of Task Results.
"""

import datetime as dt
from dataclasses import asdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from accounts import brute_force
from quizzes import jobs
from quizzes.facts import drafting
from quizzes.models import Job, SchoolClass, Source
from quizzes.services import assignments, scheduler_fits, sources
from quizzes.transfer.exporting import ExportFile
from quizzes.transfer.gradebook_csv import gradebook_csv

# Unfinished jobs one person may have at once: their work waits its turn, nobody else's does.
MAX_UNFINISHED = 3
TIDY_EVERY = dt.timedelta(hours=1)


class TooManyJobs(Exception):
    """The owner already has MAX_UNFINISHED jobs waiting or running (a 429)."""

    def __init__(self):
        super().__init__(
            f"You already have {MAX_UNFINISHED} pieces of work waiting or running; "
            "wait for one of them to finish, then try again."
        )


class Refused(Exception):
    """The work cannot be done with this input: the job fails with this reason, untried again."""


def queue_generation(*, owner, source: Source) -> Job:
    return queue(owner=owner, kind=Job.Kind.GENERATE, source=source)


def queue_draft(*, owner, title: str, text: str) -> Job:
    """Checks what can be checked at once (a title, a text, their lengths), so a mistake is
    a 400 on the form and not a failed job."""
    drafting.check_input(title=title, text=text)
    return queue(owner=owner, kind=Job.Kind.DRAFT, arguments={"title": title.strip(), "text": text})


def queue_gradebook_file(*, owner, school_class: SchoolClass) -> Job:
    return queue(owner=owner, kind=Job.Kind.GRADEBOOK, school_class=school_class)


@transaction.atomic
def queue(*, owner, kind: str, **inputs) -> Job:
    # The owner's row is the lock: two requests at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    if Job.objects.filter(owner=owner, status__in=Job.UNFINISHED).count() >= MAX_UNFINISHED:
        raise TooManyJobs
    job = Job.objects.create(owner=owner, kind=kind, **inputs)
    run_job.enqueue(job_id=str(job.pk))
    return job


class Progress:
    """What a running job tells its waiting page: `done` of `total` steps and the stage."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int, stage: str = "") -> None:
        fields = {"done": done, "total": total}
        if stage:
            fields["stage"] = stage[:200]
        Job.objects.using("progress").filter(pk=self.job.pk).update(**fields)


def generate(job: Job, progress: Progress) -> dict:
    progress(0, 1, "Making the questions from the facts")
    try:
        report = sources.generate_set(
            source=job.source, progress=lambda done, total: progress(done, total, "Saving the questions")
        )
    except sources.InvalidSource as invalid:
        raise Refused("The questions could not be made: " + "; ".join(invalid.errors[:5])) from None
    counts = asdict(report) | {"set": report.question_set.pk}
    del counts["question_set"], counts["by_kind_and_type"]
    return counts | {"summary": report.summary()}


def draft(job: Job, progress: Progress) -> dict:
    try:
        return drafting.draft_document(**job.arguments, progress=progress)
    except drafting.DraftError as problem:
        raise Refused(problem.message) from None


def built_file(job: Job) -> ExportFile | None:
    """The file a finished job built, as a download; None if it has none (yet)."""
    if job.status != Job.Status.DONE or not job.filename:
        return None
    return ExportFile(content=bytes(job.file), content_type=job.content_type, filename=job.filename)


def gradebook(job: Job, progress: Progress) -> None:
    progress(0, 1, "Reading every student's work")
    book = assignments.class_gradebook(school_class=job.school_class, now=timezone.now())
    file = gradebook_csv(book)
    job.file, job.filename, job.content_type = file.content, file.filename, file.content_type


WORK = {Job.Kind.GENERATE: generate, Job.Kind.DRAFT: draft, Job.Kind.GRADEBOOK: gradebook}


@task()
def run_job(*, job_id: str, tries: int = 1) -> str:
    """Do the job's work, unless it is finished already (running it twice does nothing more).
    Returns its status."""
    job = Job.objects.filter(pk=job_id).select_related("source", "school_class").first()
    if job is None or job.finished:
        return job.status if job else "gone"
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), tries=tries)
    try:
        job.result = WORK[job.kind](job, Progress(job))
    except Refused as refused:
        return finish(job, Job.Status.FAILED, error=str(refused))
    except Exception:
        if jobs.retry_later(run_job, tries=tries, job_id=job_id):
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED, stage="Something went wrong; it will be tried again shortly"
            )
        else:
            finish(job, Job.Status.FAILED, error="Something went wrong, several times. Try again later.")
        raise  # recorded as failed, with its traceback, in the admin's list of jobs
    return finish(job, Job.Status.DONE)


def finish(job: Job, status: str, *, error: str = "") -> str:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.stage = "" if status == Job.Status.DONE else job.stage
    job.save(
        update_fields=[
            "status",
            "error",
            "finished_at",
            "stage",
            "result",
            "file",
            "filename",
            "content_type",
        ]
    )
    return status


@task()
def tidy_queue() -> dict:
    """The housekeeping, every TIDY_EVERY: jobs a worker left running when it died are queued
    again (every job is safe to run twice), finished jobs older than TASK_KEEP_DAYS are
    forgotten, and so are login attempts older than any lockout rule looks. Queues its own
    next run."""
    try:
        return tidy(now=timezone.now())
    finally:  # a run that fails must not end the schedule
        jobs.schedule_next(tidy_queue, every=TIDY_EVERY)


def tidy(*, now: dt.datetime) -> dict:
    stale_since = now - dt.timedelta(seconds=settings.TASK_STALE_SECONDS)
    requeued = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=stale_since).update(
        status="READY", worker_ids=[], started_at=None
    )
    forget_before = now - dt.timedelta(days=settings.TASK_KEEP_DAYS)
    forgotten_results, _ = DBTaskResult.objects.filter(finished_at__lt=forget_before).delete()
    forgotten_jobs, _ = Job.objects.filter(finished_at__lt=forget_before).delete()
    return {
        "requeued": requeued,
        "forgotten_results": forgotten_results,
        "forgotten_jobs": forgotten_jobs,
        "forgotten_login_attempts": brute_force.prune(now=now),
    }


def schedule_recurring() -> None:
    """Queue each recurring job's next run, unless it is queued: the housekeeping (every
    TIDY_EVERY) and the scheduler fits (every scheduler_fits.FITS_EVERY)."""
    jobs.schedule_next(tidy_queue, every=TIDY_EVERY)
    jobs.schedule_next(scheduler_fits.fit_schedulers, every=scheduler_fits.FITS_EVERY)
