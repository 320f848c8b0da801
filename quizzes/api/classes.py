"""Classes: thin views over services.classes and selectors.classes.

Its teacher and admins manage a class; a member reads it (without its join code); to
anyone else it does not exist (404). Joining by code is rated per user and per address.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from config.api_fields import StrictCharField
from quizzes.api.permissions import IsTeacherOrAdmin
from quizzes.models import SchoolClass
from quizzes.rate_limits import ClassJoinRateThrottle, WrongJoinCodeThrottle
from quizzes.selectors import classes as class_reads
from quizzes.services import classes


class ClassSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    teacher = serializers.CharField(source="teacher.username", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    # Not read-only, so that the schema says it may be missing: only its teacher and admins get it.
    join_code = serializers.CharField(
        required=False, help_text="`XXXX-XXXX`; only for the class's teacher and admins."
    )

    def to_representation(self, school_class):
        shown = super().to_representation(school_class)
        user = self.context["request"].user
        if not (user.is_admin or school_class.teacher_id == user.pk):
            del shown["join_code"]
        return shown


class ClassNameSerializer(serializers.Serializer):
    name = StrictCharField(max_length=classes.MAX_NAME)


class JoinRequestSerializer(serializers.Serializer):
    join_code = StrictCharField(max_length=32, help_text="Any case, with or without the dash.")


class JoinedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", help_text="The user's id.")
    username = serializers.CharField(source="user.username")
    joined_at = serializers.DateTimeField()


class AddMembersSerializer(serializers.Serializer):
    usernames = serializers.ListField(
        child=StrictCharField(max_length=150), min_length=1, max_length=classes.MAX_USERNAMES
    )


class RosterRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV file with a `username` column (UTF-8).")


class AddedSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="How many joined (those already in are left as they were).")


def counted(school_class: SchoolClass) -> SchoolClass:
    """The class again with `member_count`, as the lists show it."""
    return class_reads.with_member_counts(SchoolClass.objects.select_related("teacher")).get(
        pk=school_class.pk
    )


def visible_class_or_404(user, class_id) -> SchoolClass:
    return get_object_or_404(
        class_reads.with_member_counts(class_reads.classes_visible_to(user)), pk=class_id
    )


def managed_class_or_error(user, class_id) -> SchoolClass:
    """A class the user may change: 404 if they cannot see it, 403 if they are only in it."""
    school_class = visible_class_or_404(user, class_id)
    if not (user.is_admin or school_class.teacher_id == user.pk):
        raise PermissionDenied("Only the class's teacher or an admin can do this.")
    return school_class


def refused(problem: classes.ClassError) -> ValidationError:
    """A roster's bad lines under "rows" by line number, as the question imports report them."""
    if all(isinstance(key, int) for key in problem.errors):
        return ValidationError({"rows": {str(line): reasons for line, reasons in problem.errors.items()}})
    return ValidationError(problem.errors)


class ClassListView(APIView):
    """GET /api/classes/ (those you teach or belong to), POST (teachers, admins)."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsTeacherOrAdmin()]
        return super().get_permissions()

    @extend_schema(responses={200: ClassSerializer(many=True), **errors(401)})
    def get(self, request):
        school_classes = class_reads.classes_of(user=request.user)
        return Response(ClassSerializer(school_classes, many=True, context={"request": request}).data)

    @extend_schema(request=ClassNameSerializer, responses={201: ClassSerializer, **errors(400, 401, 403)})
    def post(self, request):
        body = ClassNameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            school_class = classes.create_class(teacher=request.user, name=body.validated_data["name"])
        except classes.ClassError as problem:
            raise refused(problem) from None
        shown = ClassSerializer(counted(school_class), context={"request": request}).data
        return Response(shown, status=status.HTTP_201_CREATED)


class ClassDetailView(APIView):
    """GET (its teacher, admins, its members), PATCH `{"name"}` and DELETE (its teacher,
    admins) /api/classes/{id}/."""

    @extend_schema(responses={200: ClassSerializer, **errors(401, 404)})
    def get(self, request, pk):
        school_class = visible_class_or_404(request.user, pk)
        return Response(ClassSerializer(school_class, context={"request": request}).data)

    @extend_schema(
        request=ClassNameSerializer, responses={200: ClassSerializer, **errors(400, 401, 403, 404)}
    )
    def patch(self, request, pk):
        school_class = managed_class_or_error(request.user, pk)
        body = ClassNameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            classes.rename_class(school_class=school_class, name=body.validated_data["name"])
        except classes.ClassError as problem:
            raise refused(problem) from None
        return Response(ClassSerializer(school_class, context={"request": request}).data)

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk):
        classes.delete_class(school_class=managed_class_or_error(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClassJoinView(APIView):
    """POST /api/classes/join/ `{"join_code"}`: join; an unknown code is a 404; rated."""

    throttle_classes = [ClassJoinRateThrottle, WrongJoinCodeThrottle]

    @extend_schema(
        request=JoinRequestSerializer, responses={200: JoinedSerializer, **errors(400, 401, 404, 429)}
    )
    def post(self, request):
        body = JoinRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            school_class = classes.join_class(user=request.user, join_code=body.validated_data["join_code"])
        except classes.UnknownJoinCode:
            WrongJoinCodeThrottle().record(request)
            raise NotFound("No class has this code; check it with your teacher.") from None
        except classes.ClassFull as full:
            return Response({"join_code": [str(full)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(JoinedSerializer(school_class).data)


class ClassRotateCodeView(APIView):
    """POST /api/classes/{id}/rotate-code/: a new join code; the old one (and its link) stops working."""

    @extend_schema(request=None, responses={200: ClassSerializer, **errors(401, 403, 404)})
    def post(self, request, pk):
        school_class = classes.rotate_join_code(school_class=managed_class_or_error(request.user, pk))
        return Response(ClassSerializer(school_class, context={"request": request}).data)


class ClassLeaveView(APIView):
    """POST /api/classes/{id}/leave/: a member leaves the class."""

    @extend_schema(request=None, responses={204: None, **errors(401, 404)})
    def post(self, request, pk):
        school_class = visible_class_or_404(request.user, pk)
        try:
            classes.leave_class(school_class=school_class, user=request.user)
        except classes.NotAMember:
            raise NotFound("You are not a member of this class.") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClassMembersView(APIView):
    """GET /api/classes/{id}/members/, POST `{"usernames": [...]}` (all or none): its teacher, admins."""

    @extend_schema(responses={200: MemberSerializer(many=True), **errors(401, 403, 404)})
    def get(self, request, pk):
        school_class = managed_class_or_error(request.user, pk)
        return Response(MemberSerializer(class_reads.members_of(school_class=school_class), many=True).data)

    @extend_schema(
        request=AddMembersSerializer, responses={201: AddedSerializer, **errors(400, 401, 403, 404)}
    )
    def post(self, request, pk):
        school_class = managed_class_or_error(request.user, pk)
        body = AddMembersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            added = classes.add_members(school_class=school_class, usernames=body.validated_data["usernames"])
        except classes.ClassError as problem:
            raise refused(problem) from None
        return Response({"added": added}, status=status.HTTP_201_CREATED)


class ClassRosterView(APIView):
    """POST /api/classes/{id}/roster/ (multipart `file`, CSV with a `username` column): all or none."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": RosterRequestSerializer},
        responses={
            201: AddedSerializer,
            400: OpenApiResponse(description='`{"file": [...]}`, or `{"rows": {"<line>": [...]}}`.'),
            **errors(401, 403, 404, 415),
        },
    )
    def post(self, request, pk):
        school_class = managed_class_or_error(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Attach a CSV file as `file`."]})
        try:
            added = classes.add_roster(school_class=school_class, csv_file=upload)
        except classes.ClassError as problem:
            raise refused(problem) from None
        return Response({"added": added}, status=status.HTTP_201_CREATED)


class ClassMemberDetailView(APIView):
    """DELETE /api/classes/{id}/members/{user_id}/: its teacher or an admin removes a member."""

    @extend_schema(responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, pk, user_id):
        school_class = managed_class_or_error(request.user, pk)
        try:
            classes.remove_member(school_class=school_class, user_id=user_id)
        except classes.NotAMember:
            raise NotFound("No such member.") from None
        return Response(status=status.HTTP_204_NO_CONTENT)
