"""Background jobs' shared rules: a job that fails is queued again, later each time; a
job that recurs queues its own next run.

The task library (django-tasks, with its queue in PostgreSQL) records a failed job with its
error and does not run it again by itself; a job that wants retries passes its `tries`
here before letting the error go. Nor does it know schedules: a recurring job (the
housekeeping, the scheduler fits) queues its next run as it ends, so no cron is needed
(docs/scaling.md, "Background work").
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def retry_later(job, *, tries: int, **arguments) -> bool:
    """Queue `job` again with `arguments` and `tries + 1`, after TASK_RETRY_DELAY_SECONDS
    doubled at each try, unless it has been retried TASK_RETRIES times. Says whether it was."""
    if tries > settings.TASK_RETRIES:
        return False
    delay = dt.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** (tries - 1))
    job.using(run_after=timezone.now() + delay).enqueue(tries=tries + 1, **arguments)
    return True


def schedule_next(recurring, *, every: dt.timedelta) -> None:
    """Queue the next run of `recurring` (a task without arguments) `every` from now, unless
    one is queued already: it calls this as it ends, and `manage.py tidy_queue` (run by `make
    run` and `make serve` before their worker starts) so that the first run waits for no one."""
    if not DBTaskResult.objects.filter(task_path=recurring.module_path, status="READY").exists():
        recurring.using(run_after=timezone.now() + every).enqueue()
