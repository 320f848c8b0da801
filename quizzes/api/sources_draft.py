"""Fact sources, the teacher's first steps: a draft document from a pasted text, and the
spreadsheet template. Neither saves anything."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from config.api_fields import StrictCharField
from quizzes.api import jobs as api_jobs
from quizzes.api.authoring import FileFormatNegotiation
from quizzes.api.permissions import IsTeacherOrAdmin
from quizzes.facts.drafting import MAX_TITLE_CHARACTERS, DraftError, draft_document
from quizzes.rate_limits import SourceDraftRateThrottle
from quizzes.services import jobs
from quizzes.transfer.fact_workbook import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SourceDraftRequestSerializer(serializers.Serializer):
    title = StrictCharField(max_length=MAX_TITLE_CHARACTERS, help_text="The source's title.")
    text = StrictCharField(
        trim_whitespace=False,
        help_text="The article, pasted as plain text: at most 100,000 characters.",
    )


class SourceDraftView(APIView):
    """POST /api/sources/draft/: a fact document drafted from a text, for the teacher to
    confirm and complete; it validates as it is and nothing is saved."""

    permission_classes = [IsTeacherOrAdmin]
    throttle_classes = [SourceDraftRateThrottle]

    @extend_schema(
        request=SourceDraftRequestSerializer,
        responses={200: OpenApiTypes.OBJECT, 202: api_jobs.ACCEPTED, **errors(400, 401, 403, 429)},
        parameters=[api_jobs.PREFER],
    )
    def post(self, request):
        body = SourceDraftRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            if api_jobs.wants_async(request):
                return api_jobs.accepted(
                    request, lambda: jobs.queue_draft(owner=request.user, **body.validated_data)
                )
            document = draft_document(**body.validated_data)
        except DraftError as problem:
            raise ValidationError({problem.field: [problem.message]}) from None
        return Response(document)


class SourceTemplateView(APIView):
    """GET /api/sources/template.xlsx: the spreadsheet template, with a worked example."""

    permission_classes = [IsTeacherOrAdmin]
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(responses={(200, XLSX): OpenApiTypes.BINARY, **errors(401, 403)})
    def get(self, request):
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="fact-source-template.xlsx"'
        return response
