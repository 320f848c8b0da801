"""Spaced-repetition study: a card per (user, question) and a log row per review."""

from django.conf import settings
from django.db import connections, models, router
from django.db.models import OuterRef, Q, Subquery

from config.plain_sql import column_list, execute_prepared, field_count, from_row
from quizzes.models.attempts import OPEN_QUIZ_OF_SET_SQL, Attempt
from quizzes.models.facts import Sentence
from quizzes.models.questions import Question


class CardQuerySet(models.QuerySet):
    """The study endpoints' reads of a card, each one statement written once (the SQL at the
    end of this module): building them as ORM queries cost more Python per request than
    PostgreSQL took to answer them (docs/performance.md)."""

    def with_open_quiz(self, *, user, now):
        """Each card with `open_quiz_id`: the user's quiz being taken on the card's set, if
        any, while which its study pauses (docs/security.md); a subquery, not a query more."""
        open_quizzes = Attempt.objects.filter(user=user, question_set=OuterRef("question_set")).open(now)
        return self.annotate(open_quiz_id=Subquery(open_quizzes.values("pk")[:1]))

    def first_to_study(self, *, user, question_set_id: int, now, new: bool) -> "Card | None":
        """The user's card of the set due by `now` that is studied first, with its question:
        oldest due first, along the (user, question_set, due) index. `new=True` picks cards
        met but not yet answered; otherwise cards in learning, review or relearning, which
        are studied before them."""
        return self._first_with_question(FIRST_DUE_SQL[new], [user.pk, question_set_id], now)

    def first_to_study_ahead(self, *, user, question_set_id: int, now, until=None) -> "Card | None":
        """The user's learning or relearning card of the set coming due first after `now`
        (by `until`, if given), with its question, along the same index: studied early, as
        Anki's learn-ahead, when nothing is due."""
        if until is None:
            return self._first_with_question(FIRST_AHEAD_SQL, [user.pk, question_set_id], now)
        return self._first_with_question(FIRST_AHEAD_UNTIL_SQL, [user.pk, question_set_id], now, until)

    def locked_for_review(self, *, user, card_id: int, now, client_id: str | None) -> "Card":
        """The user's card, locked until the transaction ends, with its question and the
        question's source sentence; `open_quiz_id`, the user's quiz being taken on the card's
        set (its study pauses meanwhile, docs/security.md); and `earlier_review_id`, the
        user's review already sent with `client_id`, if any. Raises Card.DoesNotExist."""
        connection = connections[self._db or router.db_for_write(Card)]
        # SQLite (`make run`'s fallback) has no row locks, and serializes writes anyway.
        locked = connection.features.has_select_for_update
        moment = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            execute_prepared(
                cursor,
                LOCKED_FOR_REVIEW_SQL if locked else UNLOCKED_FOR_REVIEW_SQL,
                [moment, client_id, card_id, user.pk],
            )
            row = cursor.fetchone()
        if row is None:
            raise Card.DoesNotExist("No such card of the user's.")
        card = card_with_question(row, connection=connection)
        card.question.source_sentence = from_row(
            Sentence, row[SENTENCE_AT:OPEN_QUIZ_AT], connection=connection
        )
        card.open_quiz_id, card.earlier_review_id = row[OPEN_QUIZ_AT:]
        return card

    def _first_with_question(self, sql: str, parameters: list, *moments) -> "Card | None":
        connection = connections[self.db]
        parameters += [connection.ops.adapt_datetimefield_value(moment) for moment in moments]
        with connection.cursor() as cursor:
            execute_prepared(cursor, sql, parameters)
            row = cursor.fetchone()
        return None if row is None else card_with_question(row, connection=connection)


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
        connection = connections[router.db_for_write(Card, instance=self)]
        values = [field.get_db_prep_save(getattr(self, field.attname), connection) for field in REVIEWED]
        with connection.cursor() as cursor:
            execute_prepared(cursor, SAVE_REVIEWED_SQL, [*values, self.pk])


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

    def insert(self) -> None:
        """save() of a new review, as one INSERT written once (INSERT_REVIEW_SQL): the ORM's
        insert, built anew for every review, cost more Python than the statement."""
        connection = connections[router.db_for_write(Review, instance=self)]
        values = [field.get_db_prep_save(getattr(self, field.attname), connection) for field in INSERTED]
        with connection.cursor() as cursor:
            execute_prepared(cursor, INSERT_REVIEW_SQL, values)
            (self.pk,) = cursor.fetchone()
        self._state.adding, self._state.db = False, connection.alias


class Standing(models.Model):
    """A student's running totals of their reviews of a set: what the leaderboards rank,
    one row per student and set, instead of summing the review log on every computation
    (docs/performance.md). Kept by PostgreSQL itself: a trigger on the review table
    (migration 0020) adds each review inserted and takes off each one deleted, whoever
    writes them (the service, a bulk load, a cascade)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    question_set = models.ForeignKey("quizzes.QuestionSet", on_delete=models.CASCADE, related_name="+")
    points = models.BigIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    right_answers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question_set"], name="one_standing_per_user_and_set")
        ]

    def __str__(self) -> str:
        return f"{self.user} · set {self.question_set_id}: {self.points} points"


# The study endpoints' statements (docs/performance.md), written once. A card and its
# question come as one row: the card's columns, then the question's.
_CARD_AND_QUESTION = f"""SELECT {column_list(Card, "c")}, {column_list(Question, "q")}
    FROM {Card._meta.db_table} c JOIN {Question._meta.db_table} q ON q.id = c.question_id
"""
_IN_LEARNING = f"('{Card.State.LEARNING}', '{Card.State.RELEARNING}')"
# By `new`: cards met but not yet answered, or the others (which come first).
FIRST_DUE_SQL = {
    new: f"""{_CARD_AND_QUESTION}
        WHERE c.user_id = %s AND c.question_set_id = %s AND c.state {"=" if new else "<>"} '{Card.State.NEW}'
          AND c.due <= %s
        ORDER BY c.due, c.id LIMIT 1
    """
    for new in (False, True)
}
FIRST_AHEAD_SQL = f"""{_CARD_AND_QUESTION}
    WHERE c.user_id = %s AND c.question_set_id = %s AND c.state IN {_IN_LEARNING} AND c.due > %s
    ORDER BY c.due, c.id LIMIT 1
"""
FIRST_AHEAD_UNTIL_SQL = FIRST_AHEAD_SQL.replace("AND c.due > %s", "AND c.due > %s AND c.due <= %s")
# Parameters: now (the open quiz), client_id, card, user.
LOCKED_FOR_REVIEW_SQL = f"""SELECT {column_list(Card, "c")}, {column_list(Question, "q")},
           {column_list(Sentence, "s")},
           (SELECT a.id FROM {Attempt._meta.db_table} a
            WHERE a.user_id = c.user_id AND a.question_set_id = c.question_set_id AND {OPEN_QUIZ_OF_SET_SQL}
            LIMIT 1) AS open_quiz_id,
           (SELECT r.id FROM {Review._meta.db_table} r WHERE r.user_id = c.user_id AND r.client_id = %s
            LIMIT 1) AS earlier_review_id
    FROM {Card._meta.db_table} c
    JOIN {Question._meta.db_table} q ON q.id = c.question_id
    LEFT JOIN {Sentence._meta.db_table} s ON s.id = q.source_sentence_id
    WHERE c.id = %s AND c.user_id = %s
    FOR UPDATE OF c
"""
UNLOCKED_FOR_REVIEW_SQL = LOCKED_FOR_REVIEW_SQL.replace("FOR UPDATE OF c", "")
QUESTION_AT = field_count(Card)
SENTENCE_AT = QUESTION_AT + field_count(Question)
OPEN_QUIZ_AT = SENTENCE_AT + field_count(Sentence)
# What a review changes on its card (Card.apply_review), in one UPDATE.
REVIEWED = [
    Card._meta.get_field(name)
    for name in [
        "state", "step", "stability", "difficulty", "due", "last_review", "reps", "right_reps", "lapses",
        "revealed_at", "scheduled_due",
    ]
]  # fmt: skip
SAVE_REVIEWED_SQL = (
    f"UPDATE {Card._meta.db_table} SET {', '.join(f'{field.column} = %s' for field in REVIEWED)} "
    "WHERE id = %s"
)
INSERTED = [field for field in Review._meta.concrete_fields if not field.primary_key]
INSERT_REVIEW_SQL = (
    f"INSERT INTO {Review._meta.db_table} ({', '.join(field.column for field in INSERTED)}) "
    f"VALUES ({', '.join(['%s'] * len(INSERTED))}) RETURNING id"
)


def card_with_question(row, *, connection) -> Card:
    """The card of a row of _CARD_AND_QUESTION's columns, its question loaded."""
    card = from_row(Card, row[:QUESTION_AT], connection=connection)
    card.question = from_row(Question, row[QUESTION_AT:SENTENCE_AT], connection=connection)
    return card
