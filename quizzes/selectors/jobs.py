"""A person's background jobs (services.jobs), for the pages that list them."""

import datetime as dt

from django.db.models import Q

from quizzes.models import Job

RECENT = dt.timedelta(days=1)


def recent_jobs(*, owner, now: dt.datetime, limit: int = 5) -> list[Job]:
    """Their unfinished jobs and those finished in the last day, newest first: where to find
    a job's page again after leaving it."""
    return list(
        Job.objects.filter(owner=owner)
        .filter(Q(status__in=Job.UNFINISHED) | Q(finished_at__gte=now - RECENT))
        .select_related("source", "school_class")
        .defer("file", "result", "arguments")[:limit]
    )
