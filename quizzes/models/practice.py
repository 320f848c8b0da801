"""Practice modes (Match, Timeline): a student's record per set and mode. The rounds
themselves are not stored: each is a signed token (selectors.practice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PracticeRecord(models.Model):
    """How often a student finished a mode on a set, and their best time at it."""

    class Mode(models.TextChoices):
        MATCH_PEOPLE = "match_people", "Match people"
        MATCH_DATES = "match_dates", "Match dates"
        TIMELINE = "timeline", "Timeline"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey("quizzes.QuestionSet", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    # Match only: the fastest round with every pair right, in milliseconds, timed by the server.
    best_ms = models.PositiveIntegerField(null=True, blank=True)
    rounds = models.PositiveIntegerField(default=0)
    # When the last counted round was issued: a round issued no later (a replayed token,
    # an older tab) is not counted again.
    last_round_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question_set", "mode"], name="one_practice_record_per_user_set_mode"
            ),
            models.CheckConstraint(
                condition=Q(best_ms__isnull=True) | Q(mode__in=["match_people", "match_dates"]),
                name="practice_best_time_only_for_match",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_set} · {self.mode}"
