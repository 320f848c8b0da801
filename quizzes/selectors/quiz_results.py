"""What a quiz shows: the questions drawn, and once submitted, what was given and whether it was right."""

from django.db.models import Count, Exists, OuterRef

from quizzes.models import Attempt, AttemptAnswer, Question, QuestionSet


def question_counts(*, question_set: QuestionSet) -> dict[str, dict[str, int]]:
    """How many questions of each kind and of each type a set holds (to choose a quiz by)."""
    kinds: dict[str, int] = {}
    types: dict[str, int] = {}
    rows = question_set.questions.order_by().values_list("kind", "type").annotate(total=Count("pk"))
    for kind, question_type, total in rows:
        kinds[kind] = kinds.get(kind, 0) + total
        types[question_type] = types.get(question_type, 0) + total
    return {"kinds": kinds, "types": types}


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The drawn questions in the order drawn (a deleted question simply drops out)."""
    questions = (
        Question.objects.prefetch_related("choices")
        .select_related("source_sentence")
        .in_bulk(attempt.question_ids)
    )
    return [questions[question_id] for question_id in attempt.question_ids if question_id in questions]


def attempt_results(attempt: Attempt) -> list[dict]:
    saved = {answer.question_id: answer for answer in attempt.answers.all()}
    return [
        {
            "question": question,
            "given": saved[question.pk].given if question.pk in saved else None,
            "correct": bool(saved[question.pk].correct) if question.pk in saved else False,
        }
        for question in attempt_questions(attempt)
    ]


def unanswered_numbers(attempt: Attempt) -> list[int]:
    """The numbers (from 1, as the quiz page shows them) of the drawn questions with no saved
    answer, in one query: what the taker is asked about before submitting."""
    answered = AttemptAnswer.objects.filter(attempt=attempt, question=OuterRef("pk"))
    drawn = dict(
        Question.objects.filter(pk__in=attempt.question_ids)
        .annotate(answered=Exists(answered))
        .values_list("pk", "answered")
    )
    present = [question_id for question_id in attempt.question_ids if question_id in drawn]
    return [number for number, question_id in enumerate(present, start=1) if not drawn[question_id]]


def missed_questions(attempt: Attempt) -> list[tuple[int, int]]:
    """(question id, set id) of each drawn question answered wrongly or not at all, in the
    order drawn: the ones "study the ones I missed" brings back."""
    right = AttemptAnswer.objects.filter(attempt=attempt, correct=True).values("question_id")
    missed = dict(
        Question.objects.filter(pk__in=attempt.question_ids)
        .exclude(pk__in=right)
        .values_list("pk", "question_set_id")
    )
    return [
        (question_id, missed[question_id]) for question_id in attempt.question_ids if question_id in missed
    ]
