"""Assignments, the gradebook and a class's leaderboard: thin views over
services.assignments and selectors.assignments / selectors.gradebook.

Who: a class's teacher and admins manage its assignments and read its gradebook; its
members read its assignments and leaderboard (the gradebook is a 403 to them: a student
sees only their own row, in GET /api/assignments/); to anyone else the class is a 404.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from quizzes.api import jobs as api_jobs
from quizzes.api.assignment_serializers import (
    AssignmentChangeSerializer,
    AssignmentRequestSerializer,
    AssignmentSerializer,
    GradebookSerializer,
    MyAssignmentSerializer,
    StudentHistorySerializer,
    WeakQuestionSerializer,
)
from quizzes.api.authoring import FileFormatNegotiation
from quizzes.api.pagination import PAGINATION_PARAMETERS
from quizzes.api.serializers import LeaderboardEntrySerializer
from quizzes.models import Assignment, SchoolClass
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import gradebook
from quizzes.services import assignments, jobs
from quizzes.transfer.gradebook_csv import gradebook_csv

ONLY_THE_TEACHER = "Only the class's teacher or an admin can do this."


def class_or_404(request, class_id, *, teacher_only: bool = False) -> SchoolClass:
    """The class, for its teacher, an admin or (unless `teacher_only`: then a 403) a member."""
    try:
        school_class, teaches = assignment_reads.class_access(user=request.user, class_id=class_id)
    except SchoolClass.DoesNotExist:
        raise NotFound("No such class.") from None
    if teacher_only and not teaches:
        raise PermissionDenied(ONLY_THE_TEACHER)
    return school_class


def service_fields(fields: dict) -> dict:
    """The request's fields as services.assignments takes them."""
    shaped = {name: fields[name] for name in ("due_at", "title", "study", "quiz") if name in fields}
    for group in ("study", "quiz"):
        if shaped.get(group) is not None:
            shaped[group] = dict(shaped[group])
    return shaped


@extend_schema_view(
    get=extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: AssignmentSerializer(many=True), **errors(400, 401, 404)},
    )
)
class ClassAssignmentListView(generics.ListAPIView):
    """GET /api/classes/{id}/assignments/ (its teacher, admins, members), POST (teacher, admins)."""

    serializer_class = AssignmentSerializer

    def get_queryset(self):
        school_class = class_or_404(self.request, self.kwargs["pk"])
        return assignment_reads.class_assignments(school_class_ids=[school_class.pk])

    @extend_schema(
        request=AssignmentRequestSerializer,
        responses={201: AssignmentSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request, pk):
        school_class = class_or_404(request, pk, teacher_only=True)
        body = AssignmentRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        try:
            assignment = assignments.create_assignment(
                user=request.user,
                school_class=school_class,
                question_set=fields["set"],
                kind=fields["kind"],
                **service_fields(fields),
            )
        except assignments.AssignmentError as invalid:
            raise ValidationError(invalid.errors) from None
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class AssignmentDetailView(APIView):
    """GET /api/assignments/{id}/ (the class's teacher, admins, members); PATCH, DELETE
    (the teacher, admins)."""

    def assignment(self, request, pk, *, teacher_only: bool = False) -> Assignment:
        found = get_object_or_404(Assignment.objects.select_related("question_set", "school_class"), pk=pk)
        class_or_404(request, found.school_class_id, teacher_only=teacher_only)
        return found

    @extend_schema(responses={200: AssignmentSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return Response(AssignmentSerializer(self.assignment(request, pk)).data)

    @extend_schema(
        request=AssignmentChangeSerializer,
        responses={200: AssignmentSerializer, **errors(400, 401, 403, 404)},
    )
    def patch(self, request, pk):
        assignment = self.assignment(request, pk, teacher_only=True)
        body = AssignmentChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            assignment = assignments.update_assignment(
                assignment=assignment, **service_fields(body.validated_data)
            )
        except assignments.AssignmentError as invalid:
            raise ValidationError(invalid.errors) from None
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk):
        assignments.delete_assignment(assignment=self.assignment(request, pk, teacher_only=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        parameters=PAGINATION_PARAMETERS,
        responses={200: MyAssignmentSerializer(many=True), **errors(400, 401)},
    )
)
class MyAssignmentListView(generics.ListAPIView):
    """GET /api/assignments/: what is assigned to you, with your status and progress."""

    serializer_class = MyAssignmentSerializer

    def get_queryset(self):
        return assignments.my_assignments(user=self.request.user, now=timezone.now())


class GradebookView(APIView):
    """GET /api/classes/{id}/gradebook/ (its teacher, admins); `?format=csv` downloads it."""

    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], description="Default json.")],
        responses={
            (200, "application/json"): GradebookSerializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            **errors(400, 401, 403, 404),
        },
    )
    def get(self, request, pk):
        school_class = class_or_404(request, pk, teacher_only=True)
        file_format = request.query_params.get("format", "json")
        if file_format not in ("json", "csv"):
            raise ValidationError({"format": ["must be json or csv."]})
        book = assignments.class_gradebook(school_class=school_class, now=timezone.now())
        if file_format == "csv":
            return gradebook_csv(book).as_download()
        return Response(GradebookSerializer(book).data)


class GradebookExportView(APIView):
    """POST /api/classes/{id}/gradebook/exports/: build the gradebook's CSV file in the
    background (`202`, the job); its `file` is the download once it is done."""

    @extend_schema(request=None, responses={202: api_jobs.ACCEPTED, **errors(401, 403, 404, 429)})
    def post(self, request, pk):
        school_class = class_or_404(request, pk, teacher_only=True)
        return api_jobs.accepted(
            request, lambda: jobs.queue_gradebook_file(owner=request.user, school_class=school_class)
        )


class StudentHistoryView(APIView):
    """GET /api/classes/{id}/gradebook/{user_id}/: one member's history (teacher, admins)."""

    @extend_schema(
        operation_id="classes_gradebook_student",
        responses={200: StudentHistorySerializer, **errors(401, 403, 404)},
    )
    def get(self, request, pk, user_id):
        school_class = class_or_404(request, pk, teacher_only=True)
        student = get_object_or_404(gradebook.members_of(school_class), pk=user_id)
        history = assignments.student_history(school_class=school_class, student=student, now=timezone.now())
        return Response(StudentHistorySerializer(history).data)


class ClassLeaderboardView(APIView):
    """GET /api/classes/{id}/leaderboard/: members by points on the assigned sets, by nickname."""

    @extend_schema(responses={200: LeaderboardEntrySerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        school_class = class_or_404(request, pk)
        board = assignments.class_leaderboard(school_class=school_class, now=timezone.now())
        rows = [{**row, "you": row["user_id"] == request.user.pk} for row in board]
        return Response(LeaderboardEntrySerializer(rows, many=True).data)


class WeakestView(APIView):
    """GET /api/classes/{id}/weakest/: the questions the class misses most (teacher, admins)."""

    @extend_schema(responses={200: WeakQuestionSerializer(many=True), **errors(401, 403, 404)})
    def get(self, request, pk):
        school_class = class_or_404(request, pk, teacher_only=True)
        return Response(
            WeakQuestionSerializer(gradebook.weakest_questions(school_class=school_class), many=True).data
        )
