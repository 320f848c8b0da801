"""What a teacher reads of their fact sources: the list with counts, and a source's set
previewed question by question with what they excluded."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from quizzes.models import ExcludedQuestion, Question, QuestionSet, Source


def teacher_sources(*, user) -> QuerySet[Source]:
    """The sources the user may edit (a teacher's own; an admin's every one), with their
    record counts and their set's id, question count and state, in one query."""
    questions = (
        Question.objects.filter(question_set__source=OuterRef("pk"))
        .order_by()
        .values("question_set__source")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Source.objects.editable_by(user)
        .with_counts()
        .annotate(question_count=Coalesce(Subquery(questions), 0))
        .order_by("title", "pk")
    )


def source_set(*, source: Source) -> QuestionSet | None:
    """The set generated from the source, if it was generated."""
    return QuestionSet.objects.filter(source=source).first()


def preview_questions(*, question_set: QuestionSet) -> QuerySet[Question]:
    """The set's questions as the preview lists them (by id, as students meet them), with
    what showing them needs, in a fixed number of queries."""
    return question_set.questions.select_related("source_sentence").prefetch_related("choices").order_by("pk")


def excluded_questions(*, question_set: QuestionSet) -> QuerySet[ExcludedQuestion]:
    return ExcludedQuestion.objects.filter(question_set=question_set).order_by("-excluded_at", "-pk")
