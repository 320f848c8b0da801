"""Quizzes: draw, save answers one by one, submit once.

Nothing here tells the taker whether an answer is right before the attempt is
submitted; an attempt past its deadline is scored with what was saved by then.

An answer is checked when it is saved (the verdict stays hidden until the attempt is
submitted), so scoring is a single statement over the saved verdicts: the same for one
attempt submitted by its taker as for every expired attempt of a set, and bounded by the
attempts it scores, never by their answers' text.

A student has at most one unsubmitted quiz per set (a database constraint): while it is
open, nothing shows them answers from that set (docs/security.md).
"""

import datetime as dt
import random

from django.db import IntegrityError, router, transaction
from django.db.models import Case, Count, F, FloatField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone
from django_tasks import task

from config.plain_sql import compiled_rows
from quizzes import jobs
from quizzes.answers import Verdict, answer_shape_error
from quizzes.models import Attempt, AttemptAnswer, Card, Question, QuestionSet
from quizzes.selectors import progress, quiz_results, teaching, verdicts

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


class QuizAlreadyOpen(Exception):
    """The student has a quiz open on this set; `attempt` is it (a 409: finish it first)."""

    def __init__(self, attempt: Attempt):
        super().__init__(f"Quiz {attempt.pk} is open on this set.")
        self.attempt = attempt


def start_quiz(
    *,
    user,
    question_set: QuestionSet,
    size: int = 10,
    kinds: list[str] | None = None,
    types: list[str] | None = None,
    time_limit_s: int | None = None,
    now: dt.datetime | None = None,
    assignment=None,
) -> Attempt:
    """Draw `size` questions at random and fix the draw, so a reload shows the same quiz.

    Raises QuizAlreadyOpen while the user has an open quiz on the set; one whose time is
    up is scored first, so it never stands in the way. A quiz started for an `assignment`
    (services.assignments.start_assigned_quiz checks who may) is marked with it, and its
    deadline comes no later than the assignment's closing time.
    """
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
    mine = Attempt.objects.filter(user=user, question_set=question_set)
    grade_attempts(mine.expired(now), now=now)
    deadline = now + dt.timedelta(seconds=time_limit_s) if time_limit_s else None
    if assignment is not None and assignment.closes_at is not None:
        deadline = min(deadline or assignment.closes_at, assignment.closes_at)
    attempt = Attempt(
        user=user,
        question_set=question_set,
        question_ids=drawn,
        kinds=kinds or [],
        types=types or [],
        started_at=now,
        deadline=deadline,
        total=len(drawn),
        assignment=assignment,
    )
    try:
        with transaction.atomic():
            attempt.save()
            if deadline is not None:
                # In the same transaction: the quiz and the job that scores it exist together or not at all.
                score_when_time_is_up.using(run_after=deadline).enqueue(attempt_id=attempt.pk)
    except IntegrityError:
        # The constraint: another quiz on this set is open (perhaps started a moment ago).
        if (existing := mine.unsubmitted().first()) is None:
            raise  # it was submitted in the instant since: rare enough to be a plain error
        raise QuizAlreadyOpen(existing) from None
    return attempt


def open_quiz(*, user, question_set: QuestionSet | int, now: dt.datetime) -> Attempt | None:
    """The user's quiz on the set that is being taken, if any."""
    return Attempt.objects.filter(user=user, question_set=question_set).open(now).first()


def quiz_hiding_results(attempt: Attempt, *, viewer, now: dt.datetime) -> Attempt | None:
    """The viewer's open quiz on the set of this submitted `attempt` of theirs, if any: while
    it is open, their other results on the set (which show the right answers) are withheld."""
    if attempt.user_id != viewer.pk or not attempt.is_submitted:
        return None
    return open_quiz(user=viewer, question_set=attempt.question_set_id, now=now)


def locked_attempt(*, user, attempt_id: int) -> Attempt:
    return Attempt.objects.select_for_update().get(pk=attempt_id, user=user)


@transaction.atomic
def save_answer(
    *, user, attempt_id: int, question_id: int, answer, now: dt.datetime | None = None
) -> AttemptAnswer:
    """Save (or change) one answer, with its verdict kept for the score. Raises
    Attempt.DoesNotExist / Question.DoesNotExist (404), QuizClosed (409), QuizError (400)."""
    now = now or timezone.now()
    attempt = locked_attempt(user=user, attempt_id=attempt_id)
    if question_id not in attempt.question_ids:
        raise Question.DoesNotExist
    if attempt.is_submitted or attempt.is_past_deadline(now):
        raise QuizClosed
    question = Question.objects.prefetch_related("accepted_answers").get(pk=question_id)
    if problem := answer_shape_error(answer, question_type=question.type):
        raise QuizError({"answer": [f"{problem} ({question.type} question)."]})
    accepted = [accepted.text for accepted in question.accepted_answers.all()]
    correct = verdicts.verdict_on(question, answer, accepted_answers=accepted) is not Verdict.WRONG
    saved, _ = AttemptAnswer.objects.update_or_create(
        attempt=attempt,
        question_id=question_id,
        defaults={"given": answer, "correct": correct, "answered_at": now},
    )
    return saved


def grade_attempts(attempts, *, now: dt.datetime) -> int:
    """Score every unsubmitted attempt of the queryset from its saved verdicts, in one
    UPDATE; unanswered questions count as wrong. An attempt past its deadline is
    submitted at its deadline. Concurrent calls score each attempt once (the row lock and
    the `submitted_at IS NULL` test). Returns how many were scored."""
    right = Coalesce(
        Subquery(
            AttemptAnswer.objects.filter(attempt=OuterRef("pk"), correct=True)
            .order_by()
            .values("attempt")
            .annotate(total=Count("pk"))
            .values("total")
        ),
        0,
    )
    return (
        attempts.unsubmitted()
        .order_by()
        .update(
            score=right,
            percent=Round(Cast(right, FloatField()) * 100.0 / F("total"), 1),
            points=right * POINTS_PER_RIGHT_ANSWER,
            submitted_at=Case(When(deadline__lt=now, then=F("deadline")), default=Value(now)),
        )
    )


@transaction.atomic
def submit_quiz(*, user, attempt_id: int, now: dt.datetime | None = None) -> Attempt:
    """Score the attempt once; submitting again returns the same result."""
    now = now or timezone.now()
    attempt = locked_attempt(user=user, attempt_id=attempt_id)
    if not attempt.is_submitted:
        grade_attempts(Attempt.objects.filter(pk=attempt.pk), now=now)
        attempt.refresh_from_db()
    return attempt


@task()
def score_when_time_is_up(*, attempt_id: int, tries: int = 1) -> int:
    """The job start_quiz queues for a timed quiz's deadline: score it with what was saved
    by then, unless it was submitted (or scored by a read) first, so running it again
    changes nothing. Reads still score expired quizzes themselves (close_expired_attempts),
    so with no worker running nothing is wrong, only done later. Returns how many it scored."""
    now = timezone.now()
    try:
        return grade_attempts(Attempt.objects.filter(pk=attempt_id).expired(now), now=now)
    except Exception:
        jobs.retry_later(score_when_time_is_up, tries=tries, attempt_id=attempt_id)
        raise  # recorded as failed, with its error, in the admin's list of jobs


def close_expired_attempts(*, now: dt.datetime, user=None, question_set: QuestionSet | None = None) -> int:
    """Score every attempt of the user (or on the set) whose deadline passed unsubmitted,
    so scores, leaderboards and results count it without anyone opening it again. One
    statement, whatever their number; returns how many were scored."""
    whose = {}
    if user is not None:
        whose["user_id"] = user.pk
    if question_set is not None:
        whose["set_id"] = question_set.pk
    # Almost always there is none (the worker scores a timed quiz at its deadline): a look
    # first, compiled once, spares every read compiling the scoring UPDATE.
    if not compiled_rows(first_expired, database=router.db_for_read(Attempt), now=now, **whose):
        return 0
    return grade_attempts(expired_attempts(now=now, **whose), now=now)


def expired_attempts(*, now: dt.datetime, user_id: int | None = None, set_id: int | None = None):
    """The attempts (of the user, or on the set) whose deadline passed unsubmitted."""
    expired = Attempt.objects.expired(now)
    if user_id is not None:
        expired = expired.filter(user_id=user_id)
    if set_id is not None:
        expired = expired.filter(question_set_id=set_id)
    return expired


def first_expired(**whose):
    return expired_attempts(**whose).values_list("pk")[:1]


def close_if_expired(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """An attempt whose deadline passed is scored with what was saved (when next looked at)."""
    now = now or timezone.now()
    if attempt.is_submitted or not attempt.is_past_deadline(now):
        return attempt
    grade_attempts(Attempt.objects.filter(pk=attempt.pk), now=now)
    attempt.refresh_from_db()
    return attempt


@transaction.atomic
def bring_back_missed(*, user, attempt_id: int, now: dt.datetime | None = None) -> int:
    """Bring back for study the questions the user missed in a submitted quiz of theirs
    (answered wrongly or not at all) that they had never studied: each gets its card (new, as
    when met in study). Cards already studied keep their schedule: made due now, a review of
    each would earn points, and a quiz missed on purpose would farm them; the study page's
    session of just these cards (study_queue.next_missed_card) serves them early instead,
    for no points. Returns how many questions were missed. Raises Attempt.DoesNotExist for
    an attempt that is not the user's or is still being taken."""
    now = now or timezone.now()
    attempt = close_if_expired(attempt=Attempt.objects.get(pk=attempt_id, user=user), now=now)
    if not attempt.is_submitted:
        raise Attempt.DoesNotExist("This quiz is still being taken.")
    missed = quiz_results.missed_questions(attempt)
    unmet = [
        Card(user=user, question_id=question_id, question_set_id=set_id, due=now, created_at=now)
        for question_id, set_id in missed
    ]
    Card.objects.bulk_create(unmet, ignore_conflicts=True)  # the cards that exist are left alone
    return len(missed)


# Reads that first score what has expired, so they count it: the API and the pages call
# these, never the selector alone.


def user_scores(*, user, now: dt.datetime) -> dict:
    """The user's scores (progress.user_scores), their quizzes whose time ran out scored first."""
    close_expired_attempts(user=user, now=now)
    return progress.user_scores(user=user, now=now)


def set_leaderboard(*, question_set: QuestionSet, now: dt.datetime) -> list[dict]:
    """The set's leaderboard (progress.set_leaderboard), its expired quizzes scored first."""
    close_expired_attempts(question_set=question_set, now=now)
    return progress.set_leaderboard(question_set=question_set)


def set_results(*, question_set: QuestionSet, now: dt.datetime) -> dict:
    """The set's results for its teacher (teaching.set_results), its expired quizzes scored first."""
    close_expired_attempts(question_set=question_set, now=now)
    return teaching.set_results(question_set=question_set)
