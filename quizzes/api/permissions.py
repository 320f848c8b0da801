"""Who may do what: small rules named for what they check."""

from django.shortcuts import get_object_or_404
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from quizzes.models import QuestionSet, Source


class IsTeacherOrAdmin(BasePermission):
    message = "Only teachers and admins can do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_teacher)


def visible_set_or_404(user, set_id, queryset=None) -> QuestionSet:
    """A set the user can see; 404 otherwise, never revealing that a private set exists."""
    return get_object_or_404((queryset or QuestionSet.objects).visible_to(user), pk=set_id)


def editable_set_or_error(user, set_id, queryset=None) -> QuestionSet:
    """A set the user may change: 404 if they cannot see it, 403 if they can but may not edit."""
    question_set = visible_set_or_404(user, set_id, queryset)
    if not question_set.is_editable_by(user):
        raise PermissionDenied("Only the set's owner or an admin can change it.")
    return question_set


def editable_source_or_404(user, source_id, queryset=None) -> Source:
    """A source the user may see and change (their own; an admin's: any); 404 otherwise,
    never revealing that another teacher's source exists."""
    return get_object_or_404((queryset or Source.objects).editable_by(user), pk=source_id)
