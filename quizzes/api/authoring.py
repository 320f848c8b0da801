"""Question sets and questions: thin views over services.authoring and the transfer formats."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from quizzes.api.pagination import PAGINATION_PARAMETERS, StandardPagination, requested_page
from quizzes.api.permissions import (
    IsTeacherOrAdmin,
    editable_set_or_error,
    visible_set_or_404,
)
from quizzes.api.serializers import (
    AuthorQuestionSerializer,
    CopyQuestionsSerializer,
    CopyResultSerializer,
    ImportRequestSerializer,
    ImportResultSerializer,
    QuestionFilterSerializer,
    QuestionSetSerializer,
    QuestionViewSerializer,
    QuestionWriteSerializer,
    SetResultsSerializer,
    SetSearchSerializer,
    StudentQuestionSerializer,
)
from quizzes.models import Question, QuestionSet
from quizzes.selectors import teaching
from quizzes.services import attempts, authoring
from quizzes.transfer import (
    EXPORT_FORMATS,
    ImportFileError,
    UnsupportedFormat,
    export_question_set,
    parse_upload,
)


def question_body(question: Question, request) -> dict:
    """The owner's (and admins') view of a question, or the student view for everyone else."""
    if question.question_set.is_editable_by(request.user):
        return AuthorQuestionSerializer(question).data
    return StudentQuestionSerializer(question, context={"request": request}).data


@extend_schema_view(
    get=extend_schema(
        parameters=[SetSearchSerializer],
        responses={200: QuestionSetSerializer(many=True), **errors(400, 401)},
    ),
    post=extend_schema(responses={201: QuestionSetSerializer, **errors(400, 401, 403)}),
)
class QuestionSetListView(generics.ListCreateAPIView):
    """GET /api/sets/ (published plus your own, ?search=), POST /api/sets/ (teachers, admins)."""

    serializer_class = QuestionSetSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsTeacherOrAdmin()]
        return super().get_permissions()

    def get_queryset(self):
        sets = (
            QuestionSet.objects.with_question_counts().visible_to(self.request.user).order_by("title", "pk")
        )
        if self.request.method != "GET":
            return sets
        query = SetSearchSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if search := query.validated_data.get("search", "").strip():
            sets = sets.filter(title__icontains=search)
        return sets

    def perform_create(self, serializer):
        fields = serializer.validated_data
        question_set = authoring.create_set(
            owner=self.request.user,
            title=fields["title"],
            description=fields.get("description", ""),
            is_published=fields.get("is_published", False),
            visibility=fields.get("visibility", QuestionSet.Visibility.PUBLIC),
        )
        question_set.question_count = 0
        serializer.instance = question_set


@extend_schema_view(
    get=extend_schema(responses={200: QuestionSetSerializer, **errors(401, 404)}),
    patch=extend_schema(responses={200: QuestionSetSerializer, **errors(400, 401, 403, 404)}),
    delete=extend_schema(responses={204: None, **errors(401, 403, 404)}),
)
class QuestionSetDetailView(generics.RetrieveUpdateDestroyAPIView):
    """GET (who can see it), PATCH and DELETE (its owner or an admin) /api/sets/{id}/."""

    serializer_class = QuestionSetSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        if self.request.method in ("PATCH", "DELETE"):
            return editable_set_or_error(
                self.request.user, self.kwargs["pk"], QuestionSet.objects.with_question_counts()
            )
        return visible_set_or_404(
            self.request.user, self.kwargs["pk"], QuestionSet.objects.with_question_counts()
        )

    def perform_update(self, serializer):
        serializer.instance = authoring.update_set(
            question_set=serializer.instance, changes=serializer.validated_data
        )

    def perform_destroy(self, instance):
        authoring.delete_set(question_set=instance)


class FileFormatNegotiation(DefaultContentNegotiation):
    """`?format=` names the file to export, not one of DRF's renderers: without this,
    DRF answers `?format=csv` with a 404 because it has no CSV renderer. Errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class QuestionSetExportView(APIView):
    """GET /api/sets/{id}/export/?format=csv|json|gift|apkg: a file download."""

    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["csv", "json", "gift", "apkg"], description="Default csv.")
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/plain"): OpenApiTypes.BINARY,  # GIFT
            (200, "application/octet-stream"): OpenApiTypes.BINARY,  # apkg
            **errors(400, 401, 403, 404),
        },
    )
    def get(self, request, pk):
        question_set = editable_set_or_error(request.user, pk)
        file_format = request.query_params.get("format", "csv")
        if file_format not in EXPORT_FORMATS:
            raise ValidationError({"format": [f"must be one of {', '.join(EXPORT_FORMATS)}."]})
        return export_question_set(question_set, format=file_format).as_download()


class QuestionSetImportView(APIView):
    """POST /api/sets/{id}/import/ (multipart `file`, csv or gift): all rows or none."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={201: ImportResultSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request, pk):
        question_set = editable_set_or_error(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Attach a CSV or GIFT file as `file`."]})
        try:
            rows = parse_upload(upload)
            created = authoring.import_questions(question_set=question_set, rows=rows)
        except UnsupportedFormat as problem:
            raise ValidationError({"file": [str(problem)]}) from None
        except (ImportFileError, authoring.InvalidQuestions) as problem:
            # What stops the whole file is under "file"; each bad row under its number in "rows".
            if "file" in problem.errors:
                raise ValidationError({"file": problem.errors["file"]}) from None
            raise ValidationError(
                {"rows": {str(row): reasons for row, reasons in problem.errors.items()}}
            ) from None
        return Response({"created": created}, status=status.HTTP_201_CREATED)


class CopyQuestionsView(APIView):
    """POST /api/sets/{id}/copy/: copies of questions (or of a whole set) the teacher can edit."""

    @extend_schema(
        request=CopyQuestionsSerializer, responses={201: CopyResultSerializer, **errors(400, 401, 403, 404)}
    )
    def post(self, request, pk):
        target = editable_set_or_error(request.user, pk)
        body = CopyQuestionsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        questions = list(
            teaching.questions_to_copy(
                user=request.user,
                into=target,
                ids=body.validated_data.get("questions") or [],
                set_id=body.validated_data.get("from_set"),
            )
        )
        if not questions:
            raise NotFound("None of those questions is in another set you can see.")
        copies = authoring.copy_questions(questions=questions, into=target)
        return Response({"created": len(copies), "questions": [copy.pk for copy in copies]}, status=201)


class QuestionSetResultsView(APIView):
    """GET /api/sets/{id}/results/: per student and per question (the set's owner, admins).
    Both lists are paginated by the same `?page=&page_size=`; their counts say how far."""

    @extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: SetResultsSerializer, **errors(400, 401, 403, 404)},
    )
    def get(self, request, pk):
        question_set = editable_set_or_error(request.user, pk)
        size, number = StandardPagination().get_page_size(request), requested_page(request)
        results = attempts.set_results(question_set=question_set, now=timezone.now())
        start = (number - 1) * size
        body = {
            "students": results["students"][start : start + size],
            "questions": results["questions"][start : start + size],
            "students_count": len(results["students"]),
            "questions_count": len(results["questions"]),
        }
        if start and not (body["students"] or body["questions"]):
            raise NotFound("Invalid page: past the end of both lists.")
        return Response(body)


class QuestionListView(generics.GenericAPIView):
    """GET /api/questions/?set=&kind=&type=, POST /api/questions/ (owner of the target set, admin)."""

    serializer_class = QuestionWriteSerializer

    @extend_schema(
        operation_id="questions_list",
        parameters=[QuestionFilterSerializer, *PAGINATION_PARAMETERS],
        responses={200: QuestionViewSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request):
        query = QuestionFilterSerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        questions = Question.objects.visible_to(request.user).with_options().order_by("question_set_id", "pk")
        for name, field in (("set", "question_set_id"), ("kind", "kind"), ("type", "type")):
            if value := query.validated_data.get(name):
                questions = questions.filter(**{field: value})
        page = self.paginate_queryset(questions)
        return self.get_paginated_response([question_body(question, request) for question in page])

    @extend_schema(
        request=QuestionWriteSerializer,
        responses={201: AuthorQuestionSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request):
        body = QuestionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        question_set = editable_set_or_error(request.user, fields.pop("set"))
        try:
            question = authoring.create_question(question_set=question_set, fields=fields)
        except authoring.InvalidQuestions as invalid:
            raise ValidationError(invalid.errors) from None
        return Response(AuthorQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailView(APIView):
    """GET (who can see its set), PATCH and DELETE (its set's owner, admin) /api/questions/{id}/.
    Editing a generated question marks it edited; deleting one excludes it (services.authoring)."""

    def get_question(self, request, pk, *, edit: bool) -> Question:
        try:
            question = (
                Question.objects.visible_to(request.user)
                .with_options()
                .order_by("question_set_id", "pk")
                .get(pk=pk)
            )
        except Question.DoesNotExist:
            raise NotFound("No such question.") from None
        if edit:
            editable_set_or_error(request.user, question.question_set_id)
        return question

    @extend_schema(responses={200: QuestionViewSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return Response(question_body(self.get_question(request, pk, edit=False), request))

    @extend_schema(
        request=QuestionWriteSerializer(partial=True),
        responses={200: AuthorQuestionSerializer, **errors(400, 401, 403, 404)},
    )
    def patch(self, request, pk):
        question = self.get_question(request, pk, edit=True)
        body = QuestionWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        if "set" in changes and changes.pop("set") != question.question_set_id:
            raise ValidationError({"set": ["A question cannot move to another set; copy it instead."]})
        try:
            question = authoring.update_question(question=question, changes=changes)
        except authoring.InvalidQuestions as invalid:
            raise ValidationError(invalid.errors) from None
        return Response(AuthorQuestionSerializer(self.get_question(request, pk, edit=False)).data)

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk):
        authoring.delete_question(question=self.get_question(request, pk, edit=True))
        return Response(status=status.HTTP_204_NO_CONTENT)
