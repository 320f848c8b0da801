"""Fact sources, teachers' own material: thin views over services.sources.

Only teachers and admins reach these endpoints (students: 403); a teacher sees their own
sources, and another teacher's is a 404, as a private set is.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from config.api_parsers import JSONParser, parse_client_json
from quizzes.api import jobs as api_jobs
from quizzes.api.pagination import PAGINATION_PARAMETERS
from quizzes.api.permissions import IsTeacherOrAdmin, editable_source_or_404
from quizzes.api.serializers import (
    ExcludeRequestSerializer,
    ExclusionSerializer,
    GenerationResultSerializer,
    SourceErrorsSerializer,
    SourceSerializer,
    SourceUploadSerializer,
)
from quizzes.facts.exporter import document_of
from quizzes.models import ExcludedQuestion, Source
from quizzes.rate_limits import SourceGenerateRateThrottle
from quizzes.services import jobs, sources

DOCUMENT_REQUEST = {
    "application/json": OpenApiTypes.OBJECT,  # the fact document, fixtures/README.md
    "multipart/form-data": SourceUploadSerializer,
}
INVALID_SOURCE = OpenApiResponse(
    SourceErrorsSerializer,
    description='Every problem of the document, each as "path: message"; nothing was saved. '
    "A multipart body without a readable `file` names `file` instead.",
)


def document_from(request):
    """The fact document a POST or PUT carries: the JSON body, or the multipart `file`, whose
    `text` field (if any) becomes the document's `source.text`."""
    if not request.content_type.startswith("multipart/"):
        return request.data
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": ["Attach the fact document (JSON) as `file`."]})
    if upload.size > sources.MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": [f"At most {sources.MAX_DOCUMENT_BYTES:,} bytes."]})
    try:
        content = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": ["The file is not UTF-8 text."]}) from None
    try:
        document = parse_client_json(content)
    except ValueError as problem:
        raise ValidationError({"file": [f"The file is not valid JSON: {problem}"]}) from None
    text = request.data.get("text")
    if text is not None and isinstance(document, dict) and isinstance(document.get("source"), dict):
        document["source"]["text"] = text
    return document


def shown(source: Source) -> dict:
    """The source as the list shows it, counted."""
    return SourceSerializer(Source.objects.with_counts().get(pk=source.pk)).data


@extend_schema_view(
    get=extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: SourceSerializer(many=True), **errors(400, 401, 403)},
    ),
    post=extend_schema(
        request=DOCUMENT_REQUEST,
        responses={201: SourceSerializer, 400: INVALID_SOURCE, **errors(401, 403, 413, 415)},
    ),
)
class SourceListView(generics.ListAPIView):
    """GET /api/sources/ (your own; an admin's: all), POST /api/sources/ (a fact document)."""

    serializer_class = SourceSerializer
    permission_classes = [IsTeacherOrAdmin]
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        return Source.objects.editable_by(self.request.user).with_counts().order_by("title", "pk")

    def post(self, request):
        document = document_from(request)
        try:
            source = sources.create_source(owner=request.user, document=document)
        except sources.InvalidSource as invalid:
            raise ValidationError({"errors": invalid.errors}) from None
        return Response(shown(source), status=status.HTTP_201_CREATED)


class SourceDetailView(APIView):
    """GET (the fact document), PUT (replace it), DELETE /api/sources/{id}/: its owner, admins."""

    permission_classes = [IsTeacherOrAdmin]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The fact document (fixtures/README.md)."),
            **errors(401, 403, 404),
        }
    )
    def get(self, request, pk):
        return Response(document_of(editable_source_or_404(request.user, pk)))

    @extend_schema(
        request=DOCUMENT_REQUEST,
        responses={200: SourceSerializer, 400: INVALID_SOURCE, **errors(401, 403, 404, 413, 415)},
    )
    def put(self, request, pk):
        source = editable_source_or_404(request.user, pk)
        document = document_from(request)
        try:
            source = sources.replace_source(source=source, document=document)
        except sources.InvalidSource as invalid:
            raise ValidationError({"errors": invalid.errors}) from None
        return Response(shown(source))

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk):
        sources.delete_source(source=editable_source_or_404(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceGenerateView(APIView):
    """POST /api/sources/{id}/generate/: build or refresh the source's question set."""

    permission_classes = [IsTeacherOrAdmin]
    throttle_classes = [SourceGenerateRateThrottle]

    @extend_schema(
        request=None,
        responses={
            200: GenerationResultSerializer,
            400: OpenApiResponse(
                SourceErrorsSerializer, description="Facts whose questions would break the question rules."
            ),
            202: api_jobs.ACCEPTED,
            **errors(401, 403, 404, 429),
        },
        parameters=[api_jobs.PREFER],
    )
    def post(self, request, pk):
        source = editable_source_or_404(request.user, pk)
        if api_jobs.wants_async(request):
            return api_jobs.accepted(
                request, lambda: jobs.queue_generation(owner=request.user, source=source)
            )
        try:
            report = sources.generate_set(source=source)
        except sources.InvalidSource as invalid:
            raise ValidationError({"errors": invalid.errors}) from None
        return Response(GenerationResultSerializer(report).data)


def exclusions_of(source: Source):
    question_set = getattr(source, "question_set", None)
    return question_set.excluded_questions.all() if question_set else ExcludedQuestion.objects.none()


@extend_schema_view(
    get=extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: ExclusionSerializer(many=True), **errors(400, 401, 403, 404)},
    ),
    post=extend_schema(
        request=ExcludeRequestSerializer, responses={201: ExclusionSerializer, **errors(400, 401, 403, 404)}
    ),
)
class SourceExclusionListView(generics.ListAPIView):
    """GET /api/sources/{id}/exclusions/ (the questions excluded from its set, newest first),
    POST {"question"}: exclude a generated question of its set (deleted, never made again)."""

    serializer_class = ExclusionSerializer
    permission_classes = [IsTeacherOrAdmin]

    def get_queryset(self):
        return exclusions_of(editable_source_or_404(self.request.user, self.kwargs["pk"]))

    def post(self, request, pk):
        source = editable_source_or_404(request.user, pk)
        body = ExcludeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question_set = getattr(source, "question_set", None)
        question = question_set and question_set.questions.filter(pk=body.validated_data["question"]).first()
        if not question:
            raise ValidationError({"question": ["No question of this source's set has this id."]})
        try:
            exclusion = sources.exclude_question(question=question)
        except sources.NotGenerated as problem:
            raise ValidationError({"question": [str(problem)]}) from None
        return Response(ExclusionSerializer(exclusion).data, status=status.HTTP_201_CREATED)


class SourceExclusionDetailView(APIView):
    """DELETE /api/sources/{id}/exclusions/{exclusion_id}/: include the question again; the next
    generation makes it anew."""

    permission_classes = [IsTeacherOrAdmin]

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk, exclusion_id):
        source = editable_source_or_404(request.user, pk)
        exclusion = exclusions_of(source).filter(pk=exclusion_id).first()
        if exclusion is None:
            raise NotFound("No such exclusion.")
        sources.include_again(question_set=source.question_set, generator_key=exclusion.generator_key)
        return Response(status=status.HTTP_204_NO_CONTENT)
