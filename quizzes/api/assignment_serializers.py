"""API shapes of assignments, the gradebook and a class's leaderboard."""

from rest_framework import serializers

from config.api_fields import StrictCharField, StrictFloatField, StrictIntegerField
from quizzes.api.serializers import DistinctChoicesField
from quizzes.models import Assignment, Question


class StudyTargetSerializer(serializers.Serializer):
    target_reviews = StrictIntegerField(min_value=1, max_value=10_000, required=False)
    target_mastered = StrictFloatField(
        min_value=0, max_value=1, required=False, help_text="A share of the set's questions, more than 0."
    )


class QuizSettingsSerializer(serializers.Serializer):
    size = StrictIntegerField(min_value=1, max_value=100, required=False)
    kinds = DistinctChoicesField(Question.Kind.choices, required=False)
    types = DistinctChoicesField(Question.Type.choices, required=False)
    time_limit_s = StrictIntegerField(min_value=10, max_value=6 * 3600, required=False, allow_null=True)
    attempts = StrictIntegerField(min_value=1, max_value=20, required=False)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)


class AssignmentRequestSerializer(serializers.Serializer):
    set = StrictIntegerField(min_value=1)
    kind = serializers.ChoiceField(Assignment.Kind.choices)
    due_at = serializers.DateTimeField()
    title = StrictCharField(max_length=200, required=False, allow_blank=True)
    study = StudyTargetSerializer(required=False, allow_null=True)
    quiz = QuizSettingsSerializer(required=False, allow_null=True)


class AssignmentChangeSerializer(serializers.Serializer):
    due_at = serializers.DateTimeField(required=False)
    title = StrictCharField(max_length=200, required=False, allow_blank=True)
    study = StudyTargetSerializer(required=False)
    quiz = QuizSettingsSerializer(required=False)


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    school_class = serializers.IntegerField(source="school_class_id")
    class_name = serializers.CharField(source="school_class.name")
    set = serializers.IntegerField(source="question_set_id")
    set_title = serializers.CharField(source="question_set.title")
    kind = serializers.CharField()
    title = serializers.CharField()
    due_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    study = serializers.SerializerMethodField()
    quiz = serializers.SerializerMethodField()

    def get_study(self, assignment) -> dict | None:
        if assignment.kind != Assignment.Kind.STUDY:
            return None
        return {"target_reviews": assignment.target_reviews, "target_mastered": assignment.target_mastered}

    def get_quiz(self, assignment) -> dict | None:
        if assignment.kind != Assignment.Kind.QUIZ:
            return None
        return {
            "size": assignment.quiz_size, "kinds": assignment.quiz_kinds, "types": assignment.quiz_types,
            "time_limit_s": assignment.time_limit_s, "attempts": assignment.attempts_allowed,
            "opens_at": assignment.opens_at, "closes_at": assignment.closes_at,
        }  # fmt: skip

    def to_representation(self, instance):
        shown = super().to_representation(instance)
        shown["class"] = shown.pop("school_class")
        return shown


class ProgressSerializer(serializers.Serializer):
    """One student on one assignment (selectors.assignments.Progress)."""

    status = serializers.ChoiceField(["not_started", "in_progress", "done", "late"])
    score = serializers.FloatField(
        source="best_percent",
        allow_null=True,
        help_text="A quiz: the best percent of your submitted quizzes.",
    )
    progress = serializers.SerializerMethodField(
        help_text="A study target: {done, target, unit} (unit: reviews or mastered)."
    )
    share = serializers.FloatField(allow_null=True, help_text="Toward the target, or the best score, 0–1.")
    done_at = serializers.DateTimeField(allow_null=True)
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.SerializerMethodField()
    open_quiz = serializers.IntegerField(source="open_quiz_id", allow_null=True)
    left = serializers.CharField(help_text="What is left, in words.")

    def get_progress(self, cell) -> dict | None:
        if cell.assignment.kind != Assignment.Kind.STUDY:
            return None
        unit = "mastered" if cell.assignment.target_mastered is not None else "reviews"
        return {"done": cell.achieved, "target": cell.needed, "unit": unit}

    def get_attempts_left(self, cell) -> int | None:
        return cell.attempts_left if cell.assignment.kind == Assignment.Kind.QUIZ else None


class MyAssignmentSerializer(ProgressSerializer):
    assignment = AssignmentSerializer()


class GradebookCellSerializer(ProgressSerializer):
    assignment = serializers.IntegerField(source="assignment.pk")


class GradebookStudentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="student.pk")
    username = serializers.CharField(source="student.username")
    name = serializers.CharField()


class GradebookRowSerializer(serializers.Serializer):
    student = serializers.SerializerMethodField()
    not_started = serializers.IntegerField(help_text="Assignments not started.")
    cells = GradebookCellSerializer(many=True)

    def get_student(self, row) -> dict:
        return {"id": row.student.pk, "username": row.student.username, "name": row.name}


class GradebookSerializer(serializers.Serializer):
    school_class = serializers.SerializerMethodField()
    assignments = AssignmentSerializer(many=True)
    rows = GradebookRowSerializer(many=True)

    def get_school_class(self, book) -> dict:
        return {"id": book.school_class.pk, "name": book.school_class.name}

    def to_representation(self, instance):
        shown = super().to_representation(instance)
        shown["class"] = shown.pop("school_class")
        return shown


class HistoryQuizSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField(source="assignment_id")
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    late = serializers.SerializerMethodField()

    def get_late(self, attempt) -> bool:
        return attempt.submitted_at is not None and attempt.submitted_at > attempt.assignment.due_at


class StudentHistorySerializer(serializers.Serializer):
    student = serializers.SerializerMethodField()
    cells = GradebookCellSerializer(many=True)
    quizzes = HistoryQuizSerializer(many=True)

    def get_student(self, history) -> dict:
        return {"id": history.student.pk, "username": history.student.username, "name": history.name}


class WeakQuestionSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    prompt = serializers.CharField()
    set = serializers.IntegerField()
    set_title = serializers.CharField()
    fact = serializers.CharField(help_text="The person, place or event asked about; empty if none.")
    answered = serializers.IntegerField()
    students = serializers.IntegerField()
    accuracy = serializers.FloatField(allow_null=True)
