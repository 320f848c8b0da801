from rest_framework.permissions import BasePermission


class IsAdmin(BasePermission):
    """Role admin (or a superuser); anonymous callers get 401 from authentication first."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_admin)
