from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import ValidationError

from accounts import services
from accounts.forms import AdminLoginForm
from accounts.models import NICKNAME_TAKEN, USERNAME_LOOKS_TAKEN, LoginAttempt, User

# The admin's login goes through the same brute-force rules as every other (accounts/backends.py).
admin.site.login_form = AdminLoginForm


def clean_look_alike_username(form) -> str:
    """The admin's forms leave out the hidden skeleton column, so they check it here, as the
    services do."""
    username = form.cleaned_data["username"]
    if User.objects.exclude(pk=form.instance.pk).looking_like(username).exists():
        raise ValidationError(USERNAME_LOOKS_TAKEN)
    return username


class UserCreationForm(AdminUserCreationForm):
    clean_username = clean_look_alike_username


class UserChangeForm(DjangoUserChangeForm):
    clean_username = clean_look_alike_username

    def clean_nickname(self) -> str:
        """An admin may clear a nickname, or set one by the students' own rule."""
        nickname = self.cleaned_data["nickname"]
        if nickname and services.nickname_taken(user=self.instance, nickname=nickname):
            raise ValidationError(NICKNAME_TAKEN)
        return nickname

    def clean(self):
        """A superuser's powers do not follow a role, so they keep the admin role (as the API rules)."""
        cleaned = super().clean()
        superuser = cleaned.get("is_superuser", self.instance.is_superuser)
        if superuser and cleaned.get("role", User.Role.ADMIN) != User.Role.ADMIN:
            self.add_error("role", "A superuser is an admin: untick superuser status to give another role.")
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("username", "email", "role", "is_staff", "is_superuser", "is_active", "date_joined")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Role", {"fields": ("role",)}),
        ("Leaderboards", {"fields": ("nickname", "show_on_leaderboards")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Role", {"fields": ("role",)}),)

    def get_readonly_fields(self, request, obj=None):
        """Staff status follows the role (admins are staff), so it is shown but not edited; only
        a superuser grants superuser status, groups or single permissions."""
        if request.user.is_superuser:
            return ("is_staff",)
        return ("is_staff", "is_superuser", "groups", "user_permissions")

    def has_change_permission(self, request, obj=None) -> bool:
        """An admin who is not a superuser may look at a superuser's account, not change it."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    actions = ["make_students", "make_teachers"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.change_role(user=obj, role=obj.role)
        if services.LEADERBOARD_FIELDS & set(form.changed_data):
            services.leaderboard_names_changed()

    def give_role(self, request, users, role: str) -> None:
        """Through `change_role`, as the API does, so staff status follows the role. An admin
        never demotes themselves by a stray tick (they would lose the panel)."""
        if request.user in users:
            users.remove(request.user)
            self.message_user(request, "Your own role stays as it is.", messages.WARNING)
        changed = []
        for user in users:
            try:
                changed.append(services.change_role(user=user, role=role))
            except ValidationError as refused:
                self.message_user(request, " ".join(refused.message_dict["role"]), messages.WARNING)
        if changed:
            names = ", ".join(user.username for user in changed)
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
