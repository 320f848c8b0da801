"""Background jobs in the API: what a `202 Accepted` points to, and how a client waits.

A client that sends `Prefer: respond-async` (RFC 7240) to the generate and draft endpoints
gets `202` with the job and a `Location` to poll, instead of waiting for the work; without
it they answer as the contract says, when the work is done. A gradebook's file is always
built in the background (`POST /api/classes/{id}/gradebook/exports/`). Only the job's owner
sees it; anyone else gets a 404.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from quizzes.api.authoring import FileFormatNegotiation
from quizzes.models import Job
from quizzes.selectors import jobs as job_reads
from quizzes.services import jobs


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    stage = serializers.CharField()


class JobSerializer(serializers.Serializer):
    """A job as its owner sees it. `result` once it is done: a generation's counts (as the
    generate endpoint's 200) or a drafted document; a file's address is `file`."""

    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Job.Kind.choices)
    status = serializers.ChoiceField(choices=Job.Status.choices)
    progress = JobProgressSerializer()
    result = serializers.JSONField(allow_null=True)
    file = serializers.CharField(allow_null=True, help_text="The file's address, once it is built.")
    error = serializers.CharField(help_text="Why it failed, for its owner; empty otherwise.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def shown(job: Job) -> dict:
    file = reverse("api-job-file", args=[job.pk]) if job.status == Job.Status.DONE and job.filename else None
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "progress": {"done": job.done, "total": job.total, "stage": job.stage},
        "result": job.result if job.status == Job.Status.DONE else None,
        "file": file,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def wants_async(request) -> bool:
    """The client asked not to wait (`Prefer: respond-async`)."""
    preferences = request.headers.get("Prefer", "").lower().replace(" ", "").split(",")
    return "respond-async" in preferences


def accepted(request, queue) -> Response:
    """`202` with the job `queue()` made, and where to follow it; 429 if the caller has too
    many jobs waiting already."""
    try:
        job = queue()
    except jobs.TooManyJobs as too_many:
        raise Throttled(detail=str(too_many)) from None
    response = Response(JobSerializer(shown(job)).data, status=status.HTTP_202_ACCEPTED)
    response["Location"] = reverse("api-job", args=[job.pk])
    response["Preference-Applied"] = "respond-async"
    return response


PREFER = OpenApiParameter(
    "Prefer",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="`respond-async`: do the work in the background and answer `202` with the job at once. "
    "Other preferences are ignored (RFC 7240).",
)
ACCEPTED = OpenApiResponse(JobSerializer, description="Queued: follow `Location` (the job) until it is done.")


def own_job_or_404(request, job_id) -> Job:
    return get_object_or_404(job_reads.jobs_of(request.user), pk=job_id)


class JobView(APIView):
    """GET /api/jobs/{id}/: a job of yours, with its progress; poll it (once a second is plenty)."""

    @extend_schema(responses={200: JobSerializer, **errors(401, 404)})
    def get(self, request, job_id):
        return Response(JobSerializer(shown(own_job_or_404(request, job_id))).data)


class JobFileView(APIView):
    """GET /api/jobs/{id}/file/: the file a finished job built (a gradebook's CSV)."""

    content_negotiation_class = FileFormatNegotiation

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY, **errors(401, 404)})
    def get(self, request, job_id):
        file = jobs.built_file(own_job_or_404(request, job_id))
        if file is None:
            raise NotFound("This job has no file (yet).")
        return file.as_download()
