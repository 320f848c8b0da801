"""Background jobs' shared rule: a job that fails is queued again, later each time.

The task library (django-tasks, with its queue in PostgreSQL) records a failed job with its
error and does not run it again by itself; a job that wants retries passes its `tries`
here before letting the error go (docs/scaling.md, "Background work").
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def retry_later(job, *, tries: int, **arguments) -> bool:
    """Queue `job` again with `arguments` and `tries + 1`, after TASK_RETRY_DELAY_SECONDS
    doubled at each try, unless it has been retried TASK_RETRIES times. Says whether it was."""
    if tries > settings.TASK_RETRIES:
        return False
    delay = dt.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** (tries - 1))
    job.using(run_after=timezone.now() + delay).enqueue(tries=tries + 1, **arguments)
    return True
