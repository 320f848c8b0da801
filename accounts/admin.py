from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts import services
from accounts.forms import AdminLoginForm
from accounts.models import LoginAttempt, User

# The admin's login goes through the same brute-force rules as every other (accounts/backends.py).
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "role", "is_staff", "is_active", "date_joined")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = DjangoUserAdmin.fieldsets + (("Role", {"fields": ("role",)}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Role", {"fields": ("role",)}),)
    # Staff status follows the role (admins are staff), so it is shown but not edited.
    readonly_fields = ("is_staff",)

    actions = ["make_students", "make_teachers"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.change_role(user=obj, role=obj.role)

    def give_role(self, request, users, role: str) -> None:
        """Through `change_role`, as the API does, so staff status follows the role. An admin
        never demotes themselves by a stray tick (they would lose the panel)."""
        if request.user in users:
            users.remove(request.user)
            self.message_user(request, "Your own role stays as it is.", messages.WARNING)
        for user in users:
            services.change_role(user=user, role=role)
        if users:
            names = ", ".join(user.username for user in users)
            self.message_user(request, f"Now {User.Role(role).label.lower()}s: {names}.", messages.SUCCESS)

    @admin.action(description="Make the selected users students", permissions=["change"])
    def make_students(self, request, queryset):
        self.give_role(request, list(queryset), User.Role.STUDENT)

    @admin.action(description="Make the selected users teachers", permissions=["change"])
    def make_teachers(self, request, queryset):
        self.give_role(request, list(queryset), User.Role.TEACHER)


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
