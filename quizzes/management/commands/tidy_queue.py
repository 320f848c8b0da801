"""`manage.py tidy_queue`: the housekeeping now, and the recurring jobs' next runs queued.

`make run` and `make serve` run it before starting their worker, so the hourly
housekeeping (services.jobs.tidy_queue) and the daily scheduler fits
(services.scheduler_fits.fit_schedulers) are always queued; run it by hand any time."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import jobs


class Command(BaseCommand):
    help = (
        "Queue again jobs a dead worker left running, forget old finished ones and old login "
        "attempts, and queue the recurring jobs' next runs."
    )

    def handle(self, *args, **options):
        counts = jobs.tidy(now=timezone.now())
        jobs.schedule_recurring()
        self.stdout.write(
            f"{counts['requeued']} stale jobs queued again; {counts['forgotten_jobs']} finished jobs "
            f"and {counts['forgotten_results']} task results forgotten; "
            f"{counts['forgotten_login_attempts']} old login attempts deleted."
        )
