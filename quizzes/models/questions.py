"""Question sets and their questions, authored by teachers or generated from facts."""

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Q

from config.plain_sql import column_list, execute_prepared, from_row
from quizzes.models.classes import Assignment


class QuestionSetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published sets that are public or assigned to a class the user is in, plus the
        user's own; admins see every set."""
        if getattr(user, "is_admin", False):
            return self
        in_a_class_of_theirs = models.Exists(
            Assignment.objects.filter(
                question_set=models.OuterRef("pk"), school_class__memberships__user=user
            )
        )
        published = Q(is_published=True) & (
            Q(visibility=QuestionSet.Visibility.PUBLIC) | in_a_class_of_theirs
        )
        return self.filter(published | Q(owner=user))

    def editable_by(self, user):
        """The sets QuestionSet.is_editable_by says the user may edit, as a query."""
        if getattr(user, "is_admin", False):
            return self
        return self.filter(owner=user)

    def with_question_counts(self):
        """As the set lists show them: with `question_count` and their owners."""
        return self.select_related("owner").annotate(question_count=models.Count("questions"))


class QuestionSet(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Everyone who logs in"
        CLASS = "class", "Only the classes it is assigned to"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="question_sets",
        help_text="Empty for sets generated from a fact source.",
    )
    source = models.OneToOneField(
        "quizzes.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_set",
        help_text="The fact source this set is generated from, if any.",
    )
    is_published = models.BooleanField(default=False)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionSetQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["owner", "is_published"])]

    def __str__(self) -> str:
        return self.title

    def is_editable_by(self, user) -> bool:
        """The one rule for changing a set, its questions and reading its results: its owner,
        or an admin. (The set generated from a bundled source has no owner: only admins; a
        teacher's source generates a set of theirs.)"""
        return getattr(user, "is_admin", False) or (self.owner_id is not None and self.owner_id == user.pk)


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Questions of the sets the user can see."""
        return self.filter(question_set__in=QuestionSet.objects.visible_to(user))

    def with_options(self):
        """With what a question shows: its set, source sentence, choices and accepted answers."""
        return self.select_related("question_set", "source_sentence").prefetch_related(
            "choices", "accepted_answers"
        )

    def unseen_by(self, user):
        """Questions the user has no card for yet, in the order they are introduced."""
        return self.exclude(cards__user=user).order_by("pk")


class Question(models.Model):
    class Kind(models.TextChoices):
        DATE = "date"
        PERSON = "person"
        PLACE = "place"
        OTHER = "other"

    class Type(models.TextChoices):
        CHOICE = "choice", "Multiple choice"
        TEXT = "text", "Typed answer"
        TRUE_FALSE = "true_false", "True or false"
        ORDER = "order", "Put in order"
        MATCH = "match", "Matching"

    # The kinds as a list of questions of each is headed ("Dates (23)").
    KIND_GROUPS = {Kind.DATE: "Dates", Kind.PERSON: "People", Kind.PLACE: "Places", Kind.OTHER: "Other"}
    # Only these list choices: the authoring rules refuse choices on text and true/false
    # questions, so nothing needs to look for theirs.
    TYPES_WITH_CHOICES = (Type.CHOICE, Type.ORDER, Type.MATCH)
    # The answer is a list of the choices: in order, or the one matching each of `items`.
    TYPES_WITH_LIST_ANSWERS = (Type.ORDER, Type.MATCH)
    # What a question says, declared once for authoring, generation, copies, the admin and
    # the exports: these fields, then its choices and accepted answers (`content`).
    CONTENT_FIELDS = ("kind", "type", "prompt", "items", "answer", "explanation")
    # Where a generated question comes from; a copy keeps them.
    FACT_FIELDS = ("source_sentence_id", "event_id", "person_id", "place_id", "statement_id")

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    type = models.CharField(max_length=12, choices=Type.choices)
    prompt = models.TextField()
    # A match question's left-hand side, shown as written; the choices are matched to them.
    items = models.JSONField(default=list, blank=True)
    answer = models.JSONField(
        help_text="A string, true/false, for order the ordered list, for match the choice for each item."
    )
    explanation = models.TextField(blank=True)
    source_sentence = models.ForeignKey(
        "quizzes.Sentence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generator_key = models.CharField(
        max_length=300,
        blank=True,
        help_text="Stable identity of a generated question; empty for authored ones.",
    )
    edited = models.BooleanField(
        default=False,
        help_text="A generated question changed by hand: regeneration leaves it exactly as it is.",
    )
    event = models.ForeignKey(
        "quizzes.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    person = models.ForeignKey(
        "quizzes.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    place = models.ForeignKey(
        "quizzes.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    statement = models.ForeignKey(
        "quizzes.Statement", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["question_set", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "generator_key"],
                condition=~Q(generator_key=""),
                name="one_generated_question_per_key",
            )
        ]
        indexes = [models.Index(fields=["question_set", "kind", "type"])]

    def __str__(self) -> str:
        return self.prompt[:80]

    @property
    def source_text(self) -> str:
        return self.source_sentence.text if self.source_sentence_id else ""

    def load_choices(self) -> None:
        """Its choices, in order, left as prefetch_related("choices") leaves them (so
        `choices.all()` costs no query), read by one statement written once (CHOICES_SQL):
        the study endpoints' prefetch cost more Python than the query (docs/performance.md)."""
        connection = connections[router.db_for_read(Choice, instance=self)]
        with connection.cursor() as cursor:
            execute_prepared(cursor, CHOICES_SQL, [self.pk])
            loaded = [from_row(Choice, row, connection=connection) for row in cursor.fetchall()]
        choices = models.QuerySet(model=Choice, using=connection.alias)
        choices._result_cache, choices._prefetch_done = loaded, True
        self.__dict__.setdefault("_prefetched_objects_cache", {})["choices"] = choices

    def accepted_answer_texts(self) -> list[str]:
        """The texts of its accepted answers, in one statement written once (for grading)."""
        with connections[router.db_for_read(AcceptedAnswer, instance=self)].cursor() as cursor:
            execute_prepared(cursor, ACCEPTED_TEXTS_SQL, [self.pk])
            return [text for (text,) in cursor.fetchall()]

    def content(self) -> dict:
        """What the question says (CONTENT_FIELDS with its choices and accepted answers, in
        the order the exports write them), as authoring takes it; choices and accepted
        answers prefetched, or a query each."""
        return {
            "kind": self.kind,
            "type": self.type,
            "prompt": self.prompt,
            "items": self.items,
            "answer": self.answer,
            "choices": [choice.text for choice in self.choices.all()],
            "accepted_answers": [accepted.text for accepted in self.accepted_answers.all()],
            "explanation": self.explanation,
        }


class ExcludedQuestion(models.Model):
    """A generated question its set's owner took out: regeneration never makes it again.

    Keyed like the question (`generator_key`), so the exclusion outlives the question's row;
    the prompt is kept to list it with an undo (services.sources.include_again)."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="excluded_questions")
    generator_key = models.CharField(max_length=300)
    prompt = models.TextField()
    excluded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_set", "-excluded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "generator_key"], name="one_exclusion_per_key")
        ]

    def __str__(self) -> str:
        return self.prompt[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text


class AcceptedAnswer(models.Model):
    """Another answer graded as right: an alias, a spelling, a date the text also gives."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return self.text


CHOICES_SQL = (
    f"SELECT {column_list(Choice, 'c')} FROM {Choice._meta.db_table} c "
    "WHERE c.question_id = %s ORDER BY c.position, c.id"
)
ACCEPTED_TEXTS_SQL = f"SELECT a.text FROM {AcceptedAnswer._meta.db_table} a WHERE a.question_id = %s"
