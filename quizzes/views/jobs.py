"""The page that waits for a background job (services.jobs): its progress, updated every
second with htmx (without JavaScript the page reloads itself), then where its result is.

Only the job's owner sees it; anyone else gets a 404. A finished generation or draft sends
the teacher on to its result; a gradebook's file waits on the page to be downloaded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from quizzes.models import Job
from quizzes.selectors import jobs as job_reads
from quizzes.services import jobs


def own_job(request, job_id) -> Job:
    return get_object_or_404(job_reads.jobs_of(request.user), pk=job_id)


def next_page(job: Job) -> str | None:
    """Where a finished job's result is, if it has a page of its own."""
    if job.status != Job.Status.DONE:
        return None
    if job.kind == Job.Kind.GENERATE:
        return reverse("teach:source_preview", args=[job.source_id])
    if job.kind == Job.Kind.DRAFT:
        return reverse("teach:source_new") + f"?draft={job.pk}"
    return None


@login_required
def job_page(request, job_id):
    """The waiting page; its htmx poll gets only the progress part, or, once the job is
    done, a redirect to its result (with the generation's counts as a message)."""
    job = own_job(request, job_id)
    destination = next_page(job)
    if request.htmx and destination:
        if job.kind == Job.Kind.GENERATE:
            messages.success(request, job.result["summary"])
        response = HttpResponse(status=204)
        response["HX-Redirect"] = destination
        return response
    template = "quizzes/job_progress.html" if request.htmx else "quizzes/job.html"
    return render(request, template, {"job": job, "destination": destination})


@login_required
def job_file(request, job_id):
    job = own_job(request, job_id)
    file = jobs.built_file(job)
    if file is None:
        return render(request, "quizzes/job.html", {"job": job}, status=404)
    return file.as_download()
