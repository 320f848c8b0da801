"""Classes a teacher runs, their members, and what the teacher assigns them."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SchoolClass(models.Model):
    """A teacher's class: students join it with its code (or its link), or are added."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classes_taught"
    )
    name = models.CharField(max_length=200)
    # Hard to guess, easy to read aloud: services.classes.new_join_code (rotated by the teacher).
    join_code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="quizzes.Membership", related_name="school_classes", blank=True
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "school classes"
        indexes = [models.Index(fields=["teacher", "name"], name="class_teacher_name")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school_class", "user"], name="one_membership_per_class")
        ]
        indexes = [models.Index(fields=["user", "school_class"], name="membership_user")]

    def __str__(self) -> str:
        return f"{self.user} in {self.school_class}"


class Assignment(models.Model):
    """A set assigned to a class, to study (a target by a due date) or as a quiz (its
    settings, how many attempts, when it opens and closes)."""

    class Kind(models.TextChoices):
        STUDY = "study", "Study"
        QUIZ = "quiz", "Quiz"

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="assignments")
    question_set = models.ForeignKey(
        "quizzes.QuestionSet", on_delete=models.CASCADE, related_name="assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # A study assignment's target: a number of reviews, or a share of the set's cards mastered.
    target_reviews = models.PositiveIntegerField(null=True, blank=True)
    target_mastered = models.FloatField(null=True, blank=True, help_text="A share of the set's cards, 0–1.")
    # A quiz assignment's settings.
    quiz_size = models.PositiveSmallIntegerField(null=True, blank=True)
    quiz_kinds = models.JSONField(default=list, blank=True)
    quiz_types = models.JSONField(default=list, blank=True)
    time_limit_s = models.PositiveIntegerField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(default=1)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["school_class", "due_at"], name="assignment_class_due"),
            models.Index(fields=["question_set"], name="assignment_set"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="quiz", quiz_size__isnull=False) | Q(kind="study"),
                name="a_quiz_assignment_has_a_size",
            ),
            models.CheckConstraint(
                condition=Q(target_mastered__isnull=True) | Q(target_mastered__gt=0, target_mastered__lte=1),
                name="a_mastery_target_is_a_share",
            ),
            # A study assignment has exactly one target: a number of reviews or a share mastered.
            models.CheckConstraint(
                condition=Q(kind="quiz")
                | Q(target_reviews__isnull=False, target_mastered__isnull=True)
                | Q(target_reviews__isnull=True, target_mastered__isnull=False),
                name="a_study_assignment_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.question_set} ({self.get_kind_display()})"
