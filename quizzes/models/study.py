"""Spaced-repetition study: a card per (user, question) and a log row per review."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery


class CardQuerySet(models.QuerySet):
    def with_open_quiz(self, *, user, now):
        """Each card with `open_quiz_id`: the user's quiz being taken on the card's set, if
        any, while which its study pauses (docs/security.md); a subquery, not a query more."""
        from quizzes.models.attempts import Attempt

        open_quizzes = Attempt.objects.filter(user=user, question_set=OuterRef("question_set")).open(now)
        return self.annotate(open_quiz_id=Subquery(open_quizzes.values("pk")[:1]))

    def next_to_study(self, *, user, question_set, now, new: bool):
        """The user's cards of the set due by `now`, oldest due first, read along the
        (user, question_set, due) index. `new=True` picks cards met but not yet answered;
        otherwise cards in learning, review or relearning, which are studied before them."""
        cards = self.filter(user=user, question_set=question_set, due__lte=now)
        cards = cards.filter(state=Card.State.NEW) if new else cards.exclude(state=Card.State.NEW)
        return cards.order_by("due", "pk")

    def to_study_ahead(self, *, user, question_set, now, until=None):
        """The user's learning and relearning cards of the set coming due after `now` (by
        `until`, if given), earliest first, along the same index: studied early, as Anki's
        learn-ahead, when nothing is due."""
        learning = [Card.State.LEARNING, Card.State.RELEARNING]
        cards = self.filter(user=user, question_set=question_set, state__in=learning, due__gt=now)
        if until is not None:
            cards = cards.filter(due__lte=until)
        return cards.order_by("due", "pk")


class Card(models.Model):
    """What FSRS knows about one user's memory of one question.

    Created when the user first meets the question, not in advance. `question_set` is
    copied from the question so that the due-card query is one index range scan.
    """

    class State(models.TextChoices):
        NEW = "new"
        LEARNING = "learning"
        REVIEW = "review"
        RELEARNING = "relearning"

    # No index of its own on user: the composite indexes below all start with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards", db_index=False
    )
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="cards")
    question_set = models.ForeignKey("quizzes.QuestionSet", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    # Of the reps, how many were right: with reps, a student's record on the question,
    # which the teacher's results read without summing the review log (selectors.set_results).
    right_reps = models.PositiveIntegerField(default=0, db_default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    # When the study page showed the answer of this card before it was graded ("Show
    # answer"): a reload then shows the answer again, not the question, and the review
    # counts as self-graded. Cleared by the review.
    revealed_at = models.DateTimeField(null=True, blank=True)
    # The due time FSRS scheduled, kept when a miss in Match or Timeline brought the card
    # forward (its due is then that moment): a review before it earns no points, so a miss
    # made on purpose farms nothing. Cleared by the review.
    scheduled_due = models.DateTimeField(null=True, blank=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_card_per_user_and_question")
        ]
        indexes = [
            # With the state, the study counts of a set read this index alone (docs/performance.md).
            models.Index(fields=["user", "question_set", "due"], include=["state"], name="card_user_set_due"),
            models.Index(fields=["user", "due"], name="card_user_due"),
            models.Index(fields=["user", "created_at"], name="card_user_created"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"

    def is_due(self, now) -> bool:
        """A card met but never answered is due at once; others when their due time comes."""
        return self.state == self.State.NEW or self.due <= now

    def earns_points(self, now) -> bool:
        """Due, and not only because a practice miss brought it forward (scheduled_due)."""
        return self.is_due(now) and (self.scheduled_due is None or self.scheduled_due <= now)

    def apply_review(self, schedule, *, rating: int, correct: bool) -> None:
        """Take the schedule FSRS gave a review (scheduling.Schedule) and count the review;
        saved in one UPDATE. A lapse is a review-state card answered Again."""
        if self.state == self.State.REVIEW and rating == Review.Rating.AGAIN:
            self.lapses += 1
        self.state = schedule.state
        self.step = schedule.step
        self.stability = schedule.stability
        self.difficulty = schedule.difficulty
        self.due = schedule.due
        self.last_review = schedule.last_review
        self.reps += 1
        self.right_reps += correct
        self.revealed_at = None
        self.scheduled_due = None
        self.save(
            update_fields=[
                "state", "step", "stability", "difficulty", "due", "last_review", "reps", "right_reps",
                "lapses", "revealed_at", "scheduled_due",
            ]
        )  # fmt: skip


class Review(models.Model):
    """One answer to a card: enough to rebuild the card and to score it."""

    class Rating(models.IntegerChoices):
        AGAIN = 1
        HARD = 2
        GOOD = 3
        EASY = 4

    # No single-column indexes on these keys: the composite indexes below start with each
    # of them, and every index is one more write on the hottest insert (docs/performance.md).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", db_index=False
    )
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reviews", db_index=False)
    question_set = models.ForeignKey(
        "quizzes.QuestionSet", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    answer = models.JSONField(null=True, blank=True, help_text="What the user answered; null for a flip.")
    correct = models.BooleanField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    reviewed_at = models.DateTimeField()
    state_before = models.CharField(max_length=12, choices=Card.State.choices)
    due_before = models.DateTimeField()
    state_after = models.CharField(max_length=12, choices=Card.State.choices)
    due_after = models.DateTimeField()
    stability_after = models.FloatField()
    difficulty_after = models.FloatField()
    points = models.PositiveSmallIntegerField(default=0)
    # Rated by the student rather than by the checker: a flip, or an answer given after
    # the answer was shown. Worth half the points of a right answer (docs/api-guide.md, "Points").
    self_graded = models.BooleanField(default=False, db_default=False)  # bulk loaders may omit it
    # NULL, not "": reviews without a client_id must not collide in the unique constraint.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client_id"],
                condition=Q(client_id__isnull=False),
                name="one_review_per_client_id",
            )
        ]
        indexes = [
            models.Index(fields=["user", "reviewed_at"], name="review_user_time"),
            models.Index(fields=["question_set", "user"], name="review_set_user"),
            models.Index(fields=["card", "reviewed_at"], name="review_card_time"),
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"
