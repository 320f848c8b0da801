"""Quizzes: a fixed draw of questions from a set, answered one by one, then scored."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# AttemptQuerySet.open in SQL, for the study statements that pause a set's study while its
# quiz is being taken (alias `a`; parameter: now).
OPEN_QUIZ_OF_SET_SQL = "a.submitted_at IS NULL AND (a.deadline IS NULL OR a.deadline >= %s)"


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Its taker, the set's owner and admins see an attempt (and its result)."""
        if user.is_admin:
            return self
        return self.filter(Q(user=user) | Q(question_set__owner=user))

    def unsubmitted(self):
        return self.filter(submitted_at__isnull=True)

    def open(self, now):
        """Being taken: not submitted, and its time (if it has a limit) not up."""
        return self.unsubmitted().filter(Q(deadline__isnull=True) | Q(deadline__gte=now))

    def expired(self, now):
        """Not submitted, and its time is up: to be scored with what was saved by then."""
        return self.unsubmitted().filter(deadline__lt=now)


class Attempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    question_set = models.ForeignKey("quizzes.QuestionSet", on_delete=models.CASCADE, related_name="attempts")
    question_ids = models.JSONField(help_text="The drawn questions, in the order shown.")
    kinds = models.JSONField(default=list, blank=True)
    types = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField()
    percent = models.FloatField(null=True, blank=True)
    points = models.PositiveIntegerField(default=0)
    assignment = models.ForeignKey(
        "quizzes.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="attempts",
        help_text="The quiz assignment this quiz was started for, if any.",
    )  # fmt: skip

    objects = AttemptQuerySet.as_manager()

    class Meta:
        constraints = [
            # One quiz at a time on a set: a second would show the answers to the first
            # (docs/security.md), and unbounded open quizzes were a way to slow everyone down.
            models.UniqueConstraint(
                fields=["user", "question_set"],
                condition=Q(submitted_at__isnull=True),
                name="one_unsubmitted_attempt_per_set",
                violation_error_message="You already have a quiz open on this set.",
            )
        ]
        indexes = [
            models.Index(fields=["user", "question_set", "submitted_at"], name="attempt_user_set"),
            models.Index(fields=["question_set", "submitted_at"], name="attempt_set_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_set} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def is_past_deadline(self, now) -> bool:
        return self.deadline is not None and now > self.deadline

    @property
    def time_ran_out(self) -> bool:
        """Closed by its time limit rather than by its taker: scoring dates an attempt past
        its deadline at the deadline (services.attempts.grade_attempts), a submit before it earlier."""
        return self.is_submitted and self.deadline is not None and self.submitted_at >= self.deadline


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="attempt_answers")
    given = models.JSONField()
    # Checked when saved, shown only once the attempt is submitted: scoring an attempt is
    # then one statement however many are scored at once (services.attempts.grade_attempts).
    correct = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_attempt_question")
        ]
        indexes = [models.Index(fields=["question", "correct"], name="attempt_answer_question")]

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.given!r}"
