from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts import services
from accounts.models import LoginAttempt, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "role", "is_staff", "is_active", "date_joined")
    list_filter = ("role", "is_staff", "is_active")
    fieldsets = DjangoUserAdmin.fieldsets + (("Role", {"fields": ("role",)}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Role", {"fields": ("role",)}),)
    # Staff status follows the role (admins are staff), so it is shown but not edited.
    readonly_fields = ("is_staff",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.change_role(user=obj, role=obj.role)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Read-only history; deleting a name's failures lifts its lockout early."""

    list_display = ("username", "ip_address", "succeeded", "attempted_at")
    list_filter = ("succeeded",)
    search_fields = ("username", "ip_address")
    ordering = ("-attempted_at",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
