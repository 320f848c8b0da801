"""Writes for accounts: creating users, roles, settings, and checking a login.

The API, the admin panel and `manage.py create_user` all come through here, so a rule
(password strength, unique names, admins being staff) is written once. Failures are
Django `ValidationError`s keyed by field, which each caller shapes for its audience.
"""

import time
from datetime import datetime

from django.contrib.auth import authenticate, password_validation, update_session_auth_hash
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from knox.models import AuthToken

from accounts import tokens
from accounts.models import NICKNAME_TAKEN, USERNAME_LOOKS_TAKEN, USERNAME_TAKEN, User

ROLE_IS_NOT_YOURS = "You cannot change your own role."
# When a nickname or an opt-out last changed (a Unix time, in the cache): leaderboards
# computed before it are computed again, so a student who opts out is gone at once rather
# than when the board's cache expires (quizzes.selectors.progress.set_leaderboard).
LEADERBOARD_NAMES_CHANGED = "accounts:leaderboard-names-changed"
LEADERBOARD_FIELDS = {"nickname", "show_on_leaderboards"}
# What users may change about themselves (GET/PATCH /api/auth/me/).
SELF_SERVICE_FIELDS = (
    "email",
    "desired_retention",
    "new_cards_per_day",
    "time_zone",
    "nickname",
    "show_on_leaderboards",
)


class InvalidCredentials(Exception):
    """Wrong name or password, or an inactive user: deliberately not told apart."""


def register_user(*, username: str, password: str, email: str = "") -> User:
    """Anyone may sign up, and always as a student; other roles are granted by an admin."""
    return create_user(username=username, password=password, email=email, role=User.Role.STUDENT)


def create_user(
    *, username: str, password: str, role: str, email: str = "", validate_password: bool = True
) -> User:
    """Report every problem at once (name, email, role, password) and save nothing unless all pass."""
    user = User(username=username, email=email)
    user.assign_role(role)
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "username" not in errors and User.objects.named(user.username).exists():
        errors["username"] = [USERNAME_TAKEN]
    elif "username" not in errors and User.objects.going_by(username).exists():
        errors["username"] = [USERNAME_LOOKS_TAKEN]  # someone's username, or someone's nickname
    if validate_password:
        errors.update(_password_errors(password=password, user=user))
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the name between the check and the insert.
        raise ValidationError({"username": [USERNAME_TAKEN]}) from None
    return user


SUPERUSER_ROLE = (
    "{name} is a superuser, whose powers do not follow a role: a superuser takes superuser "
    "status away in the admin panel first."
)


def change_role(*, user: User, role: str, by: User | None = None) -> User:
    """Grant a role (admins are staff). Refused for one's own account (`by`: an admin never
    demotes themselves by mistake) and for a superuser (the role would say "student" while
    every power stayed)."""
    if role not in User.Role.values:
        raise ValidationError(
            {"role": [f"{role!r} is not a role; choose one of {', '.join(User.Role.values)}."]}
        )
    if by is not None and by.pk == user.pk and role != user.role:
        raise ValidationError({"role": [ROLE_IS_NOT_YOURS]})
    if user.is_superuser and role != User.Role.ADMIN:
        raise ValidationError({"role": [SUPERUSER_ROLE.format(name=user.username)]})
    user.assign_role(role)
    user.save(update_fields=["role", "is_staff"])
    return user


def set_password(
    *, user: User, password: str, validate_password: bool = True, keep_token: AuthToken | None = None
) -> User:
    """A new password logs the user out everywhere: every API token but `keep_token` (the
    device that changed it) goes, and other sessions end (Django checks a session against
    the password's hash). The caller keeps its own session with update_session_auth_hash."""
    if validate_password and (errors := _password_errors(password=password, user=user)):
        raise ValidationError(errors)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        tokens.revoke_tokens(user=user, keep=keep_token)
    return user


WRONG_CURRENT_PASSWORD = "That is not your current password."


def change_password(
    *, user: User, current_password: str, new_password: str, request=None, keep_token: AuthToken | None = None
) -> User:
    """Change a password, knowing the current one. The current one is checked as a login
    is (accounts/backends.py), so this is no way around the brute-force rules; raises
    LoginThrottled, or ValidationError keyed by `current_password` and `new_password`.
    The device that changed it stays in: its token (`keep_token`), else its session."""
    try:
        authenticate_user(username=user.username, password=current_password, request=request)
    except InvalidCredentials:
        raise ValidationError({"current_password": [WRONG_CURRENT_PASSWORD]}) from None
    if errors := _password_errors(password=new_password, user=user):
        raise ValidationError({"new_password": errors["password"]})
    set_password(user=user, password=new_password, validate_password=False, keep_token=keep_token)
    if request is not None and keep_token is None:
        update_session_auth_hash(request, user)  # the session that changed it stays logged in
    return user


def update_settings(*, user: User, changes: dict) -> User:
    """A user's own settings; a role sent along is refused unless it is the one they already have."""
    unknown = set(changes) - {*SELF_SERVICE_FIELDS, "role"}
    if unknown:
        raise TypeError(f"Not a user setting: {', '.join(sorted(unknown))}")
    if "role" in changes and changes["role"] != user.role:
        raise ValidationError({"role": [ROLE_IS_NOT_YOURS]})
    fields = [name for name in SELF_SERVICE_FIELDS if name in changes]
    renamed = any(changes[name] != getattr(user, name) for name in LEADERBOARD_FIELDS & set(fields))
    for name in fields:
        setattr(user, name, changes[name])
    user.clean_fields(
        exclude=[field.name for field in User._meta.concrete_fields if field.name not in fields]
    )
    if "nickname" in fields and user.nickname and nickname_taken(user=user, nickname=user.nickname):
        raise ValidationError({"nickname": [NICKNAME_TAKEN]})
    if fields:
        try:
            with transaction.atomic():
                user.save(update_fields=fields)
        except IntegrityError:
            # Someone took a look-alike nickname between the check and the update.
            raise ValidationError({"nickname": [NICKNAME_TAKEN]}) from None
    if renamed:
        leaderboard_names_changed()
    return user


def leaderboard_names_changed() -> None:
    cache.set(LEADERBOARD_NAMES_CHANGED, time.time(), timeout=None)


def nickname_taken(*, user: User, nickname: str) -> bool:
    """A nickname may look like neither another user's nickname nor another user's username
    (case and look-alike letters aside, accounts/usernames.py); one's own username is fine."""
    return User.objects.exclude(pk=user.pk).going_by(nickname).exists()


def authenticate_user(
    *,
    username: str,
    password: str,
    request=None,
    ip_address: str | None = None,
    known_device: bool | None = None,
    now: datetime | None = None,
) -> User:
    """The one login check behind tokens, sessions and the pages (the admin's login runs the
    same backend, accounts/backends.py).

    Raises `brute_force.LoginThrottled` while a brute-force rule holds (even for the
    right password) and `InvalidCredentials` otherwise. The address and whether this is a
    known device come from `request` unless given. Not wrapped in a transaction: the
    attempt must be visible to other processes before the slow password check starts.
    """
    user = authenticate(
        request,
        username=username,
        password=password,
        ip_address=ip_address,
        known_device=known_device,
        now=now,
    )
    if user is None:
        raise InvalidCredentials
    return user


def _password_errors(*, password: str, user: User) -> dict[str, list[str]]:
    """Django's configured validators, told the user so a password like the name is refused."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        return {"password": error.messages}
    return {}
