import unicodedata
import zoneinfo
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower

from accounts.usernames import username_skeleton

USERNAME_TAKEN = "A user with that username already exists."
USERNAME_LOOKS_TAKEN = "A user with a username that looks the same already exists; choose another."
NICKNAME_TAKEN = "Someone already goes by a name that looks the same; choose another."
NICKNAME_MAX_LENGTH = 30
NICKNAME_MIN_LENGTH = 2
# Letters and marks of any script, digits, spaces and a few joiners; no markup, no controls
# (an RTL override would reverse a neighbour's name on the board). ZWNJ joins Persian words.
NICKNAME_PUNCTUATION = " .-_'\u200c"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. Europe/Berlin).")


def validate_nickname(value: str) -> None:
    """What a name shown to other students may hold: 2–30 characters, letters (any script),
    digits, spaces and . - _ ' between them; at least one letter; no HTML or hidden characters."""
    if value == "":
        return  # no nickname
    if len(value) < NICKNAME_MIN_LENGTH:  # the longest: the field's max_length says so
        raise ValidationError(
            f"A nickname has {NICKNAME_MIN_LENGTH} to {NICKNAME_MAX_LENGTH} characters.", code="length"
        )
    if value != value.strip() or "  " in value:
        raise ValidationError("A nickname neither begins nor ends with a space, nor has two in a row.")
    refused = sorted(
        {
            character
            for character in value
            if character not in NICKNAME_PUNCTUATION and unicodedata.category(character)[0] not in "LMN"
        }
    )
    if refused:
        shown = " ".join(repr(character) for character in refused)
        raise ValidationError(
            f"A nickname holds letters, digits, spaces and . - _ ' only, not {shown}.", code="characters"
        )
    if not any(character.isalpha() for character in value):
        raise ValidationError("A nickname has at least one letter.", code="letters")


class UserQuerySet(models.QuerySet):
    def named(self, username: str) -> "UserQuerySet":
        """Users whose name matches ignoring case, looked up through the case-insensitive unique index."""
        return self.alias(username_lower=Lower("username")).filter(username_lower=Lower(Value(username)))

    def looking_like(self, username: str) -> "UserQuerySet":
        """Users whose name looks the same as `username` (accounts/usernames.py)."""
        return self.filter(username_skeleton=username_skeleton(username))

    def going_by(self, name: str) -> "UserQuerySet":
        """Users whose username or nickname looks the same as `name` (case and look-alike
        letters aside): a nickname may pass for neither."""
        skeleton = username_skeleton(name)
        return self.filter(Q(username_skeleton=skeleton) | Q(nickname_skeleton=skeleton))

    def on_leaderboards(self) -> "UserQuerySet":
        """The users leaderboards list: those who chose a nickname and did not opt out. A
        username is a login name, often a real name, of students who are often minors: it is
        never shown to other students (docs/pages.md, "Leaderboards")."""
        return self.filter(show_on_leaderboards=True).exclude(nickname="")


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """A superuser is an admin, so saving them in the admin panel keeps their staff status."""
        extra_fields.setdefault("role", self.model.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the service; `role` decides what they may author and see."""

    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        TEACHER = "teacher", "Teacher"
        ADMIN = "admin", "Admin"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    # Study settings: the share of cards FSRS aims to have remembered when they fall due,
    # how many unseen cards a day may introduce, and the zone in which days (the new-card
    # limit, streaks, "due today") begin.
    desired_retention = models.FloatField(
        default=0.9, validators=[MinValueValidator(0.7), MaxValueValidator(0.99)]
    )
    new_cards_per_day = models.PositiveSmallIntegerField(default=20, validators=[MaxValueValidator(500)])
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # The student's own FSRS parameters, fitted to their review log and adopted because they
    # predicted it better than the defaults (quizzes/fitting.py); null: FSRS's defaults. On
    # the user, which every request loads already, so a review reads them for free.
    fsrs_parameters = ArrayField(models.FloatField(), size=21, null=True, blank=True, editable=False)
    # What the username looks like (accounts/usernames.py): two users may not look alike.
    username_skeleton = models.CharField(max_length=600, null=True, blank=True, editable=False)  # noqa: DJ001
    # The name leaderboards show (never the username, a login name); empty: none chosen.
    nickname = models.CharField(
        max_length=NICKNAME_MAX_LENGTH, blank=True, default="", validators=[validate_nickname]
    )
    nickname_skeleton = models.CharField(max_length=600, null=True, blank=True, editable=False)  # noqa: DJ001
    show_on_leaderboards = models.BooleanField(
        default=True, help_text="Listed, under the nickname, on the leaderboards of the sets studied."
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # "Alice" and "alice" would be two people nobody can tell apart.
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=USERNAME_TAKEN,
            ),
            # "Alice" with a Cyrillic А would pass for alice's account.
            models.UniqueConstraint(
                fields=["username_skeleton"],
                name="accounts_user_username_look_alike_unique",
                violation_error_message=USERNAME_LOOKS_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["nickname_skeleton"],
                name="accounts_user_nickname_look_alike_unique",
                violation_error_message=NICKNAME_TAKEN,
            ),
        ]
        indexes = [
            # Leaderboards keep the users of on_leaderboards(): a few of many, read on every board.
            models.Index(
                fields=["id"],
                name="accounts_user_on_leaderboards",
                condition=Q(show_on_leaderboards=True) & ~Q(nickname=""),
            ),
        ]

    def clean(self):
        super().clean()
        self.username_skeleton = username_skeleton(self.username)
        self.nickname_skeleton = username_skeleton(self.nickname) if self.nickname else None

    def save(self, *args, **kwargs):
        self.username_skeleton = username_skeleton(self.username)
        self.nickname_skeleton = username_skeleton(self.nickname) if self.nickname else None
        if (fields := kwargs.get("update_fields")) is not None:
            skeletons = {"username": "username_skeleton", "nickname": "nickname_skeleton"}
            kwargs["update_fields"] = {*fields, *(skeletons[name] for name in skeletons if name in fields)}
        super().save(*args, **kwargs)

    @property
    def is_teacher(self) -> bool:
        return self.role in (self.Role.TEACHER, self.Role.ADMIN) or self.is_staff

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    def has_perm(self, perm, obj=None) -> bool:
        """An admin may do everything in the admin panel, as through the API, without also
        being made a superuser or given each model permission by hand."""
        if self.is_active and self.role == self.Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == self.Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def assign_role(self, role: str) -> None:
        """Admins are Django staff (the admin panel needs it); superuser status is never touched."""
        self.role = role
        self.is_staff = role == self.Role.ADMIN


class LoginAttemptQuerySet(models.QuerySet):
    def failures_since(self, moment: datetime) -> "LoginAttemptQuerySet":
        return self.filter(succeeded=False, attempted_at__gt=moment)


class LoginAttempt(models.Model):
    """One try at a password, kept in the database so every process sees the same lockouts."""

    username = models.CharField(max_length=150, help_text="As typed, lower-cased.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Written as a failure before the password is checked, so parallel guesses see each other.
    succeeded = models.BooleanField(default=False)
    attempted_at = models.DateTimeField(db_index=True)

    objects = LoginAttemptQuerySet.as_manager()

    class Meta:
        indexes = [
            # The two lookups every login makes: recent failures for a name, and for an address.
            models.Index(
                fields=["username", "attempted_at"],
                name="login_failures_by_username",
                condition=Q(succeeded=False),
            ),
            models.Index(
                fields=["ip_address", "attempted_at"],
                name="login_failures_by_address",
                condition=Q(succeeded=False),
            ),
        ]

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "failed"
        return f"{self.username} from {self.ip_address or 'unknown address'} {outcome} at {self.attempted_at}"
