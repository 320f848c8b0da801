"""A person's background jobs (services.jobs), for the pages that list them."""

import datetime as dt

from django.db.models import Q, QuerySet

from quizzes.models import Job

RECENT = dt.timedelta(days=1)


def jobs_of(owner) -> QuerySet[Job]:
    """A person's jobs, with what they are about: nobody reaches another's (a 404)."""
    return Job.objects.filter(owner=owner).select_related("source", "school_class")


def recent_jobs(*, owner, now: dt.datetime, limit: int = 5) -> list[Job]:
    """Their unfinished jobs and those finished in the last day, newest first: where to find
    a job's page again after leaving it."""
    return list(
        jobs_of(owner)
        .filter(Q(status__in=Job.UNFINISHED) | Q(finished_at__gte=now - RECENT))
        .defer("file", "result", "arguments")[:limit]
    )
