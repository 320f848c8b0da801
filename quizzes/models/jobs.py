"""Long work someone waits for: generating a source's questions, drafting a source from a
text, building a gradebook's file."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    """One such piece of work: whose it is, how far it got, what it made or why it failed.

    The queue (django-tasks-db's table) only runs it and holds just its id; this row holds
    the input and the result, and is what the waiting page reads (services.jobs)."""

    class Kind(models.TextChoices):
        GENERATE = "generate", "Generating questions"
        DRAFT = "draft", "Drafting a source from a text"
        GRADEBOOK = "gradebook", "Building a gradebook file"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for its turn"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    # Unguessable, as it is in the waiting page's address (which is still checked against the owner).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", db_index=False
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # The input: the source to generate, the class whose gradebook to build, or (a draft) the
    # title and text.
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    school_class = models.ForeignKey(
        "quizzes.SchoolClass", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    arguments = models.JSONField(default=dict, blank=True)
    # Progress: `done` of `total` steps, and what it is doing now.
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    # The result: a report or a document (JSON), or a file to download.
    result = models.JSONField(null=True, blank=True)
    file = models.BinaryField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # Why it failed, in words for its owner (the traceback is the queue's, for the admin).
    error = models.TextField(blank=True)
    tries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Their unfinished jobs (the limit on how many one person may queue), newest first.
            models.Index(fields=["owner", "status", "-created_at"], name="job_owner_status"),
            # Finished jobs to forget (services.jobs.tidy).
            models.Index(
                fields=["finished_at"], name="job_finished", condition=models.Q(finished_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else 0
