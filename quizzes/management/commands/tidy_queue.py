"""`manage.py tidy_queue`: the job queue's housekeeping now, and its next run queued.

`make run` and `make serve` run it before starting their worker, so the hourly
housekeeping (services.jobs.tidy_queue) is always queued; run it by hand any time."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import jobs


class Command(BaseCommand):
    help = "Queue again jobs a dead worker left running, forget old finished ones, queue the next run."

    def handle(self, *args, **options):
        counts = jobs.tidy(now=timezone.now())
        jobs.schedule_tidying()
        self.stdout.write(
            f"{counts['requeued']} stale jobs queued again; {counts['forgotten_jobs']} finished jobs "
            f"and {counts['forgotten_results']} task results forgotten."
        )
