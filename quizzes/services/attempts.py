"""Quizzes: draw, save answers one by one, submit once.

Nothing here tells the taker whether an answer is right before the attempt is
submitted; an attempt past its deadline is scored with what was saved by then.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from quizzes.answers import answer_shape_error, is_correct
from quizzes.models import Attempt, AttemptAnswer, Question, QuestionSet

POINTS_PER_RIGHT_ANSWER = 5
MAX_QUIZ_SIZE = 100
MAX_TIME_LIMIT = dt.timedelta(hours=6)


class QuizError(Exception):
    """A request the quiz cannot take; `errors` maps fields to reasons (a 400)."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class QuizClosed(Exception):
    """The attempt was submitted or its time is up (a 409)."""


def start_quiz(
    *,
    user,
    question_set: QuestionSet,
    size: int = 10,
    kinds: list[str] | None = None,
    types: list[str] | None = None,
    time_limit_s: int | None = None,
    now: dt.datetime | None = None,
) -> Attempt:
    """Draw `size` questions at random and fix the draw, so a reload shows the same quiz."""
    now = now or timezone.now()
    questions = Question.objects.filter(question_set=question_set)
    if kinds:
        questions = questions.filter(kind__in=kinds)
    if types:
        questions = questions.filter(type__in=types)
    pool = list(questions.values_list("pk", flat=True).order_by("pk"))
    if not pool:
        raise QuizError(
            {"non_field_errors": ["No question of this set matches the kinds and types asked for."]}
        )
    drawn = random.SystemRandom().sample(pool, min(size, len(pool)))
    return Attempt.objects.create(
        user=user,
        question_set=question_set,
        question_ids=drawn,
        kinds=kinds or [],
        types=types or [],
        started_at=now,
        deadline=now + dt.timedelta(seconds=time_limit_s) if time_limit_s else None,
        total=len(drawn),
    )


def locked_attempt(*, user, attempt_id: int) -> Attempt:
    return Attempt.objects.select_for_update().get(pk=attempt_id, user=user)


@transaction.atomic
def save_answer(
    *, user, attempt_id: int, question_id: int, answer, now: dt.datetime | None = None
) -> AttemptAnswer:
    """Save (or change) one answer. Raises Attempt.DoesNotExist / Question.DoesNotExist (404),
    QuizClosed (409), QuizError (400)."""
    now = now or timezone.now()
    attempt = locked_attempt(user=user, attempt_id=attempt_id)
    if question_id not in attempt.question_ids:
        raise Question.DoesNotExist
    if attempt.is_submitted or attempt.is_past_deadline(now):
        raise QuizClosed
    question = Question.objects.only("type").get(pk=question_id)
    if problem := answer_shape_error(answer, question_type=question.type):
        raise QuizError({"answer": [f"{problem} ({question.get_type_display()} question)."]})
    saved, _ = AttemptAnswer.objects.update_or_create(
        attempt=attempt, question_id=question_id, defaults={"given": answer, "answered_at": now}
    )
    return saved


def grade_attempt(attempt: Attempt, *, now: dt.datetime) -> None:
    """Score the saved answers; unanswered questions count as wrong."""
    questions = {
        question.pk: question
        for question in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related(
            "accepted_answers"
        )
    }
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    score = 0
    for question_id in attempt.question_ids:
        question, answer = questions.get(question_id), answers.get(question_id)
        if answer is None or question is None:
            continue
        answer.correct = is_correct(
            answer.given,
            question_type=question.type,
            kind=question.kind,
            answer=question.answer,
            accepted_answers=[accepted.text for accepted in question.accepted_answers.all()],
        )
        score += answer.correct
    AttemptAnswer.objects.bulk_update(answers.values(), ["correct"])
    attempt.score = score
    attempt.percent = round(100 * score / attempt.total, 1) if attempt.total else 0.0
    attempt.points = score * POINTS_PER_RIGHT_ANSWER
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
    attempt.save(update_fields=["score", "percent", "points", "submitted_at"])


@transaction.atomic
def submit_quiz(*, user, attempt_id: int, now: dt.datetime | None = None) -> Attempt:
    """Score the attempt once; submitting again returns the same result."""
    now = now or timezone.now()
    attempt = locked_attempt(user=user, attempt_id=attempt_id)
    if not attempt.is_submitted:
        grade_attempt(attempt, now=now)
    return attempt


@transaction.atomic
def close_expired_attempts(*, now: dt.datetime, user=None, question_set: QuestionSet | None = None) -> int:
    """Score every attempt of the user (or on the set) whose deadline passed unsubmitted,
    so scores, leaderboards and results count it without anyone opening it again.
    One query when there is none; returns how many were scored."""
    expired = Attempt.objects.filter(submitted_at__isnull=True, deadline__lt=now)
    if user is not None:
        expired = expired.filter(user=user)
    if question_set is not None:
        expired = expired.filter(question_set=question_set)
    # Locked, and skipped if another request is scoring it right now.
    closing = list(expired.select_for_update(skip_locked=True).order_by("pk"))
    for attempt in closing:
        grade_attempt(attempt, now=now)
    return len(closing)


@transaction.atomic
def close_if_expired(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """An attempt whose deadline passed is scored with what was saved (when next looked at)."""
    now = now or timezone.now()
    if attempt.is_submitted or not attempt.is_past_deadline(now):
        return attempt
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_submitted:
        grade_attempt(attempt, now=now)
    return attempt
