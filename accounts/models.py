import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. Europe/Berlin).")


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
    new_cards_per_day = models.PositiveSmallIntegerField(
        default=20, validators=[MaxValueValidator(500)]
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    @property
    def is_teacher(self) -> bool:
        return self.role in (self.Role.TEACHER, self.Role.ADMIN) or self.is_staff

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
