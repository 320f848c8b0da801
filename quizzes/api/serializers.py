"""API shapes. The student view of a question never carries its answer (see StudentQuestionSerializer)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api_fields import BIGINT_MAX, StrictCharField, StrictIntegerField, StrictModelSerializer
from quizzes.models import Card, ExcludedQuestion, Question, QuestionSet, Review, Source
from quizzes.models.facts import FACT_MODELS
from quizzes.services.study import MAX_DURATION_MS
from quizzes.shuffle import choices_for_student

ANSWER_SCHEMA = {
    "oneOf": [
        {"type": "string"},
        {"type": "boolean"},
        {"type": "array", "items": {"type": "string"}},
    ],
    "description": "Text (or a choice), true or false, or the choices in order, by the question's type.",
}


def has_null_character(value) -> bool:
    """Whether a parsed JSON value holds a NUL anywhere, keys included (the parser bounds its depth)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(has_null_character(item) for item in value)
    if isinstance(value, dict):
        return any(has_null_character(key) or has_null_character(item) for key, item in value.items())
    return False


@extend_schema_field(ANSWER_SCHEMA)
class AnswerField(serializers.JSONField):
    """Any JSON, as the checker judges its shape per question type; but PostgreSQL's
    jsonb cannot store a NUL character, so one is refused here as DRF's CharField does."""

    default_error_messages = {"null_characters": "Null characters are not allowed."}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if has_null_character(value):
            self.fail("null_characters")
        return value


class StudentQuestionSerializer(serializers.ModelSerializer):
    """What a student sees before answering: no answer, accepted answers, explanation or source."""

    set = serializers.IntegerField(source="question_set_id", read_only=True)
    items = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="For a match question, what each choice is matched with (empty for other types).",
    )
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "set", "kind", "type", "prompt", "items", "choices"]

    def get_choices(self, question: Question) -> list[str]:
        return choices_for_student(question, user=self.context["request"].user)


class StudyCardSerializer(serializers.ModelSerializer):
    question = StudentQuestionSerializer(read_only=True)
    answer_shown = serializers.SerializerMethodField(
        help_text="Its answer was shown on the study page before it was graded: its review counts "
        "as self-graded."
    )

    class Meta:
        model = Card
        fields = ["id", "state", "due", "question", "answer_shown"]

    def get_answer_shown(self, card) -> bool:
        return card.revealed_at is not None


class ReviewRequestSerializer(serializers.Serializer):
    card = StrictIntegerField(min_value=1)
    answer = AnswerField(required=False)
    rating = StrictIntegerField(min_value=1, max_value=4, required=False)
    client_id = StrictCharField(max_length=64, required=False, allow_blank=False)
    duration_ms = StrictIntegerField(min_value=0, max_value=MAX_DURATION_MS, required=False)


class ReviewResultSerializer(serializers.ModelSerializer):
    correct_answer = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    state = serializers.CharField(source="state_after")
    due = serializers.DateTimeField(source="due_after")
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "rating",
            "correct",
            "correct_answer",
            "explanation",
            "source",
            "state",
            "due",
            "points",
            "self_graded",
            "verdict",
        ]

    @extend_schema_field(OpenApiTypes.ANY)
    def get_correct_answer(self, review):
        return self.context["question"].answer

    @extend_schema_field(serializers.ChoiceField(choices=["exact", "close", "wrong"], allow_null=True))
    def get_verdict(self, review) -> str | None:
        """How the answer was judged; None for a flip, or a replay of a repeated client_id."""
        verdict = self.context.get("verdict")
        return None if verdict is None else str(verdict)

    def get_explanation(self, review) -> str:
        return self.context["question"].explanation

    def get_source(self, review) -> str:
        return self.context["question"].source_text


class ReviewedCardSerializer(serializers.Serializer):
    """The card as this review left it (also on a replay, where the card may have moved on)."""

    id = serializers.IntegerField(source="card_id")
    state = serializers.CharField(source="state_after")
    due = serializers.DateTimeField(source="due_after")


class DayCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    reviews = serializers.IntegerField()
    correct = serializers.IntegerField()


class ForecastDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    due = serializers.IntegerField()


class StudyStatsSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    due_today = serializers.IntegerField()
    reviews = serializers.IntegerField()
    correct = serializers.IntegerField()
    true_retention = serializers.FloatField(allow_null=True)
    reviews_per_day = DayCountSerializer(many=True)
    forecast = ForecastDaySerializer(many=True)


class QuestionSetSerializer(StrictModelSerializer):
    owner = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who authored it; null for a set the service generated from its own facts.",
    )
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuestionSet
        fields = ["id", "title", "description", "owner", "is_published", "visibility", "question_count"]
        read_only_fields = ["id", "owner", "question_count"]
        extra_kwargs = {
            "title": {"allow_blank": False},
            "visibility": {
                "help_text": "`public`: every logged-in user (once published); `class`: only the members "
                "of the classes it is assigned to (and its owner and admins)."
            },
        }


class AuthorQuestionSerializer(serializers.ModelSerializer):
    """The full question, for its set's owner and admins: the answer and where it came from."""

    set = serializers.IntegerField(source="question_set_id", read_only=True)
    items = serializers.ListField(child=serializers.CharField(), read_only=True)
    choices = serializers.SerializerMethodField()
    accepted_answers = serializers.SerializerMethodField()
    source = serializers.CharField(source="source_text", read_only=True)
    generated = serializers.SerializerMethodField(help_text="Made from a fact source's facts.")
    edited = serializers.BooleanField(
        read_only=True, help_text="A generated question edited by hand: regeneration leaves it alone."
    )

    class Meta:
        model = Question
        fields = [
            "id", "set", "kind", "type", "prompt", "items", "choices", "answer",
            "accepted_answers", "explanation", "source", "generated", "edited",
        ]  # fmt: skip

    def get_generated(self, question) -> bool:
        return bool(question.generator_key)

    def get_choices(self, question) -> list[str]:
        return [choice.text for choice in question.choices.all()]

    def get_accepted_answers(self, question) -> list[str]:
        return [accepted.text for accepted in question.accepted_answers.all()]


class QuestionWriteSerializer(serializers.Serializer):
    """The shape of a question sent by a teacher; the rules live in services.authoring."""

    set = StrictIntegerField(min_value=1)
    kind = StrictCharField(max_length=20)
    type = StrictCharField(max_length=20)
    prompt = StrictCharField(max_length=2000, allow_blank=True, trim_whitespace=False)
    answer = AnswerField()
    items = serializers.ListField(child=StrictCharField(max_length=500), required=False, max_length=20)
    choices = serializers.ListField(child=StrictCharField(max_length=500), required=False, max_length=20)
    accepted_answers = serializers.ListField(
        child=StrictCharField(max_length=500), required=False, max_length=50
    )
    explanation = StrictCharField(max_length=5000, required=False, allow_blank=True)


class QuestionFilterSerializer(serializers.Serializer):
    """The query of GET /api/questions/: an unknown kind or type is a 400, not an empty list;
    an empty one (`?kind=`, as a form sends it) is no filter."""

    set = serializers.IntegerField(
        min_value=1, max_value=BIGINT_MAX, required=False, help_text="Only this set."
    )
    kind = serializers.ChoiceField(Question.Kind.choices, required=False, allow_blank=True)
    type = serializers.ChoiceField(Question.Type.choices, required=False, allow_blank=True)


class SetSearchSerializer(serializers.Serializer):
    """The query of GET /api/sets/."""

    search = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Matches the title."
    )


class CopyQuestionsSerializer(serializers.Serializer):
    questions = serializers.ListField(child=StrictIntegerField(min_value=1), required=False, max_length=1000)
    from_set = StrictIntegerField(min_value=1, required=False)

    def validate(self, attrs):
        if not attrs.get("questions") and not attrs.get("from_set"):
            raise serializers.ValidationError("Name the questions to copy, or a set to copy from (from_set).")
        return attrs


class DistinctChoicesField(serializers.ListField):
    """Some of the choices, each once: at most as many items as there are choices (a list of
    100,000 was once stored), a repeated one kept once."""

    def __init__(self, choices, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices), max_length=len(choices), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)  # before reading every item
        return list(dict.fromkeys(super().to_internal_value(data)))


class QuizRequestSerializer(serializers.Serializer):
    set = StrictIntegerField(min_value=1, required=False, help_text="Required unless `assignment` is given.")
    assignment = StrictIntegerField(
        min_value=1,
        required=False,
        help_text="A quiz assignment of a class of yours: its set and settings are the quiz's.",
    )
    size = StrictIntegerField(min_value=1, max_value=100, default=10)
    kinds = DistinctChoicesField(Question.Kind.choices, required=False)
    types = DistinctChoicesField(Question.Type.choices, required=False)
    time_limit_s = StrictIntegerField(min_value=10, max_value=6 * 3600, required=False)

    # Set by an assignment, so refused beside it (a client would think they applied).
    ASSIGNMENT_SETS = ("size", "kinds", "types", "time_limit_s")

    def validate(self, attrs):
        if "assignment" not in attrs:
            if "set" not in attrs:
                raise serializers.ValidationError({"set": ["This field is required."]})
            return attrs
        refused = {
            name: ["The assignment sets this; leave it out."]
            for name in self.ASSIGNMENT_SETS
            if name in self.initial_data
        }
        if refused:
            raise serializers.ValidationError(refused)
        return attrs


class QuizAnswerSerializer(serializers.Serializer):
    answer = AnswerField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    prompt = serializers.CharField(source="question.prompt")
    given = serializers.JSONField()
    correct = serializers.BooleanField()
    correct_answer = serializers.JSONField(source="question.answer")
    explanation = serializers.CharField(source="question.explanation")
    source = serializers.CharField(source="question.source_text")


# Shapes of answers built from selectors' dicts: used for the schema (and so checked
# against real answers by the schema tests), not for validation.


class QuestionViewSerializer(StudentQuestionSerializer):
    """A question as listed: the student view, plus the answer fields for the set's owner."""

    answer = serializers.JSONField(required=False)
    accepted_answers = serializers.ListField(child=serializers.CharField(), required=False)
    explanation = serializers.CharField(required=False)
    source = serializers.CharField(required=False)

    class Meta(StudentQuestionSerializer.Meta):
        fields = [
            *StudentQuestionSerializer.Meta.fields,
            "answer",
            "accepted_answers",
            "explanation",
            "source",
        ]


class RemainingSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    learning = serializers.IntegerField()
    review = serializers.IntegerField()


class NextCardResponseSerializer(serializers.Serializer):
    card = StudyCardSerializer(allow_null=True)
    remaining = RemainingSerializer()
    ahead = serializers.BooleanField(
        required=False,
        help_text="Only when the card is a learning card shown before it is due (nothing else "
        "was due; within the learn-ahead limit, or beyond it when asked with ahead=true): true. "
        "A right answer to it earns points only once it is due.",
    )
    next_due = serializers.DateTimeField(allow_null=True, required=False)
    open_quiz = serializers.IntegerField(
        required=False,
        help_text="Only while you have a quiz open on this set: its id. The set's study pauses "
        "until it is submitted or its time is up (no card is given; reviews are refused with 409).",
    )


class ReviewResponseSerializer(serializers.Serializer):
    review = ReviewResultSerializer()
    card = ReviewedCardSerializer()


class SetScoreSerializer(serializers.Serializer):
    set = serializers.IntegerField()
    reviews = serializers.IntegerField()
    correct = serializers.IntegerField(help_text="Reviews answered right.")
    accuracy = serializers.FloatField(
        allow_null=True, help_text="The share of answers right, study and quizzes alike (as on leaderboards)."
    )
    mastered = serializers.IntegerField()
    best_quiz_percent = serializers.FloatField(allow_null=True)


class ScoresSerializer(serializers.Serializer):
    points = serializers.IntegerField()
    reviews = serializers.IntegerField()
    correct = serializers.IntegerField(help_text="Reviews answered right.")
    answers = serializers.IntegerField(help_text="Reviews, and questions of submitted quizzes.")
    right_answers = serializers.IntegerField(help_text="Of `answers`, those right.")
    accuracy = serializers.FloatField(
        allow_null=True, help_text="right_answers / answers: study and quizzes alike, as on the leaderboard."
    )
    quizzes = serializers.IntegerField()
    streak_days = serializers.IntegerField()
    sets = SetScoreSerializer(many=True)


class LeaderboardEntrySerializer(serializers.Serializer):
    username = serializers.CharField(
        help_text="The name the student shows on leaderboards (their nickname), not their username."
    )
    points = serializers.IntegerField()
    accuracy = serializers.FloatField(
        allow_null=True, help_text="The share of answers right, in study and quizzes alike."
    )
    you = serializers.BooleanField(help_text="True on your own row.")


class StudentResultSerializer(serializers.Serializer):
    username = serializers.CharField()
    attempts = serializers.IntegerField()
    best_percent = serializers.FloatField(allow_null=True)
    last_percent = serializers.FloatField(allow_null=True)
    reviews = serializers.IntegerField()
    accuracy = serializers.FloatField(allow_null=True)


class QuestionStatisticsSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    prompt = serializers.CharField()
    answered = serializers.IntegerField()
    students = serializers.IntegerField()
    accuracy = serializers.FloatField(allow_null=True)
    discrimination = serializers.FloatField(allow_null=True)


class SetResultsSerializer(serializers.Serializer):
    students = StudentResultSerializer(many=True, help_text="This page of them, by username.")
    questions = QuestionStatisticsSerializer(many=True, help_text="This page of them, most missed first.")
    students_count = serializers.IntegerField(help_text="All the students with results on the set.")
    questions_count = serializers.IntegerField(help_text="All the set's questions.")


class QuizResultSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.FloatField()
    points = serializers.IntegerField()
    time_ran_out = serializers.BooleanField(
        help_text="True when the quiz was closed by its time limit rather than submitted by its taker."
    )
    results = QuestionResultSerializer(many=True)


class AttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    set = serializers.IntegerField()
    user = serializers.CharField()
    questions = StudentQuestionSerializer(many=True)
    answers = serializers.DictField(child=serializers.JSONField(), help_text="Saved answers by question id.")
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    result = QuizResultSerializer(required=False)


class SavedAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    given = serializers.JSONField()
    saved_at = serializers.DateTimeField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()


class CopyResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    questions = serializers.ListField(child=serializers.IntegerField())


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV or GIFT file (see docs/import_export.md).")


class SourceCountsSerializer(serializers.Serializer):
    sides = serializers.IntegerField()
    sentences = serializers.IntegerField()
    people = serializers.IntegerField()
    places = serializers.IntegerField()
    events = serializers.IntegerField()
    statements = serializers.IntegerField()


class SourceSerializer(serializers.ModelSerializer):
    """A fact source as its lists show it; `Source.objects.with_counts()` gives what it reads."""

    owner = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="null for a bundled source."
    )
    set = serializers.SerializerMethodField(help_text="The id of its generated question set, once generated.")
    counts = serializers.SerializerMethodField()
    has_text = serializers.SerializerMethodField(help_text="Whether the source text is stored with it.")

    class Meta:
        model = Source
        fields = ["id", "slug", "title", "description", "owner", "set", "counts", "has_text", "loaded_at"]
        read_only_fields = fields

    def get_set(self, source) -> int | None:
        question_set = getattr(source, "question_set", None)
        return question_set.pk if question_set else None

    @extend_schema_field(SourceCountsSerializer)
    def get_counts(self, source) -> dict:
        return {name: getattr(source, f"{name}_count") for name in FACT_MODELS}

    def get_has_text(self, source) -> bool:
        return bool(source.text)


class SourceUploadSerializer(serializers.Serializer):
    """The multipart form of a fact document: the JSON file, and the source text beside it."""

    file = serializers.FileField(help_text="The fact document (JSON, fixtures/README.md).")
    text = serializers.CharField(
        required=False, help_text='The source text; it replaces the document\'s "source.text".'
    )


class GenerationResultSerializer(serializers.Serializer):
    set = serializers.IntegerField(source="question_set.pk")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    kept_edited = serializers.IntegerField(help_text="Edited by hand, so left exactly as they are.")
    excluded = serializers.IntegerField(help_text="Made by the facts, but excluded by the set's owner.")


class ExclusionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExcludedQuestion
        fields = ["id", "generator_key", "prompt", "excluded_at"]
        read_only_fields = fields


class ExcludeRequestSerializer(serializers.Serializer):
    question = StrictIntegerField(
        min_value=1, max_value=BIGINT_MAX, help_text="A generated question of the source's set."
    )


class SourceErrorsSerializer(serializers.Serializer):
    errors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text='Every problem, each as "path: message".'
    )
    file = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Why a multipart `file` could not be read."
    )
