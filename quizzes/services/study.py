"""Studying: meeting a card for the first time, and grading and scheduling a review."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.answers import Verdict, answer_shape_error
from quizzes.models import Attempt, Card, Question, QuestionSet, Review
from quizzes.scheduling import preview_intervals, schedule_review
from quizzes.selectors import study_queue, verdicts

NOT_GIVEN = object()
MAX_INTERVAL_BONUS = 20
# The longest time on one card worth logging (a day); beyond it the card was left open.
MAX_DURATION_MS = 86_400_000


class QuizInProgress(Exception):
    """The user has a quiz open on the card's set: its study pauses until it is submitted (a 409)."""

    def __init__(self, attempt_id: int):
        super().__init__(
            "You have a quiz open on this set: submit it (or let its time run out) to study the set again."
        )
        self.attempt_id = attempt_id


class InvalidReview(Exception):
    """A review request that cannot be graded; `errors` maps fields to reasons (a 400)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ReviewOutcome:
    review: Review
    question: Question
    created: bool
    verdict: Verdict | None = None  # how the answer was judged; None for a flip


@dataclass(frozen=True)
class Graded:
    """A review's rating and whether it counts as right; `verdict` is how an answer was
    judged (None for a flip, rated by the student)."""

    rating: int
    correct: bool
    verdict: Verdict | None = None


def introduce_card(*, user, question: Question, now: dt.datetime) -> Card:
    """The card of a question the user meets for the first time, in one query.

    Two tabs may meet the same question at once: then the insert leaves the card the other
    made as it is and answers its id (ON CONFLICT DO UPDATE of nothing that changes), so no
    IntegrityError can break the caller's transaction.
    """
    met = Card(
        user=user, question=question, question_set_id=question.question_set_id, due=now, created_at=now
    )
    [card] = Card.objects.bulk_create(
        [met],
        update_conflicts=True,
        unique_fields=["user", "question"],
        update_fields=["user"],
    )
    return card


def next_card(
    *,
    user,
    question_set: QuestionSet,
    now: dt.datetime,
    ahead_anyway: bool = False,
    missed_in: Attempt | None = None,
) -> study_queue.NextCard:
    """The card to study now (study_queue.next_card; `ahead_anyway`: the student asked to
    study a learning card before it is due, beyond the learn-ahead limit; `missed_in`: only
    the questions missed in this quiz, study_queue.next_missed_card), meeting a new
    question if that is what comes next: its card is made here, a write the read leaves to
    this service."""
    if missed_in is not None:
        return study_queue.next_missed_card(user=user, question_set=question_set, attempt=missed_in, now=now)
    upcoming = study_queue.next_card(user=user, question_set=question_set, now=now, ahead_anyway=ahead_anyway)
    if upcoming.new_question is not None:
        upcoming.card = introduce_card(user=user, question=upcoming.new_question, now=now)
        upcoming.card.question = upcoming.new_question
    return upcoming


def review_points(*, card: Card, rating: int, correct: bool, self_graded: bool, now: dt.datetime) -> int:
    """Points for a review (docs/api-guide.md, "Points"): right answers to due cards only, more for
    harder cards and longer intervals, half for a self-graded one. A review of a card that
    is not due yet (or only brought forward by a practice miss) schedules it but earns
    nothing, so cards cannot be farmed."""
    if not correct or rating == Review.Rating.AGAIN or not card.earns_points(now):
        return 0
    interval_days = (now - card.last_review).days if card.last_review else 0
    difficulty_bonus = round(card.difficulty) if card.difficulty else 0
    points = 10 + min(interval_days, MAX_INTERVAL_BONUS) + difficulty_bonus
    return points // 2 if self_graded else points


def reveal_answer(*, card: Card, now: dt.datetime) -> None:
    """The study page shows a flipped card's answer before it is graded: noted on the card
    (once), so a reload shows the answer again rather than the question, and its review
    counts as self-graded whatever is sent with it."""
    if card.revealed_at is None:
        Card.objects.filter(pk=card.pk, revealed_at__isnull=True).update(revealed_at=now)
        card.revealed_at = now


def grade(question: Question, *, answer, rating: int | None) -> Graded:
    """The rating and correctness of a review: an answer is checked, a flip is self-rated."""
    if answer is NOT_GIVEN:
        if rating is None:
            raise InvalidReview({"non_field_errors": ["Send an answer, or a rating for a flipped card."]})
        return Graded(rating, rating != Review.Rating.AGAIN)
    problem = answer_shape_error(answer, question_type=question.type)
    if problem:
        raise InvalidReview({"answer": [f"{problem} ({question.type} question)."]})
    has_accepted_answers = question.type in (Question.Type.TEXT, Question.Type.CHOICE)
    accepted = question.accepted_answer_texts() if has_accepted_answers else []
    verdict = verdicts.verdict_on(question, answer, accepted_answers=accepted)
    if verdict is Verdict.WRONG:
        return Graded(Review.Rating.AGAIN, False, verdict)
    return Graded(rating or Review.Rating.GOOD, True, verdict)


def overruled(graded: Graded, *, card: Card, rating: int | None) -> Graded:
    """The student's "I was right" about a typed answer judged wrong: allowed only once its
    answer was shown (the card is revealed), and then it counts as self-graded, with the
    student's rating (Again stays wrong)."""
    if card.revealed_at is None or card.question.type != Question.Type.TEXT:
        reason = "Only a typed answer, once its answer is shown, can be counted right."
        raise InvalidReview({"i_was_right": [reason]})
    if graded.correct:
        return graded
    rating = rating or Review.Rating.GOOD
    return Graded(rating, rating != Review.Rating.AGAIN, graded.verdict)


def review_card(
    *,
    user,
    card_id: int,
    answer=NOT_GIVEN,
    rating: int | None = None,
    client_id: str | None = None,
    duration_ms: int | None = None,
    now: dt.datetime | None = None,
    graded: Graded | None = None,
    i_was_right: bool = False,
) -> ReviewOutcome:
    """Grade and schedule one review of the user's card (`graded`: what check_answer
    already decided, so an answer is never graded twice; `i_was_right`: the student
    overrules a wrong verdict on their typed answer, see overruled).

    The card row is locked, so two tabs reviewing one card are serialized and neither
    update is lost; a repeated `client_id` returns the first review instead of a second.
    Raises Card.DoesNotExist for a card that is not the user's, InvalidReview for bad input,
    QuizInProgress while the user has a quiz open on the card's set (its feedback would
    show that quiz's answers).
    """
    try:
        with transaction.atomic():
            # Looked up with the card, in one query: the user's quiz open on its set, and the
            # review already sent with this client_id. A twin request that held the lock and
            # committed meanwhile is not seen here (the query's snapshot predates it), but its
            # review is: the unique client_id makes this insert fail, and the except below answers it.
            card = Card.objects.locked_for_review(
                user=user, card_id=card_id, now=timezone.now(), client_id=client_id
            )
            now = now or timezone.now()  # read after the lock: reviews of a card never go back in time
            if card.open_quiz_id is not None:
                raise QuizInProgress(card.open_quiz_id)
            if client_id is not None and card.earlier_review_id is not None:
                return replayed(Review.objects.filter(pk=card.earlier_review_id))
            graded = graded or grade(card.question, answer=answer, rating=rating)
            if i_was_right:
                graded = overruled(graded, card=card, rating=rating)
            review = record_review(
                card,
                user=user,
                rating=graded.rating,
                correct=graded.correct,
                answer=None if answer is NOT_GIVEN else answer,
                client_id=client_id,
                duration_ms=duration_ms,
                now=now,
            )
            return ReviewOutcome(review=review, question=card.question, created=True, verdict=graded.verdict)
    except IntegrityError:
        if client_id is None:
            raise
        # The same client_id committed by a twin request meanwhile: the first one wins.
        return replayed(Review.objects.filter(user=user, client_id=client_id))


@dataclass(frozen=True)
class AnswerCheck:
    """The study page's first step on a card: a wrong pick is recorded at once (`outcome`);
    a right answer, a flip or a wrong typed answer waits for the student's grade, with each
    grade's next interval (after a wrong typed answer: Again, or "I was right")."""

    correct: bool | None  # None for a flip
    outcome: ReviewOutcome | None = None
    intervals: dict[int, dt.timedelta] | None = None
    verdict: Verdict | None = None


def check_answer(
    *, user, card: Card, answer=NOT_GIVEN, client_id: str, duration_ms: int | None, now: dt.datetime
) -> AnswerCheck:
    """Check what the study page sent for `card` (its question loaded), so that a reload
    cannot ask the card again with its answer known. A wrong pick is recorded as Again
    before anything is shown. A flip, and a wrong typed answer (which the student may
    overrule: "I was right"), are noted on the card (reveal_answer): a reload shows the
    answer, and the review counts as self-graded. Raises InvalidReview for an answer of
    the wrong shape, QuizInProgress as review_card does."""
    graded = None
    if answer is NOT_GIVEN:
        reveal_answer(card=card, now=now)
    else:
        graded = grade(card.question, answer=answer, rating=None)
        if not graded.correct and card.question.type != Question.Type.TEXT:
            outcome = review_card(
                user=user,
                card_id=card.pk,
                answer=answer,
                client_id=client_id,
                duration_ms=duration_ms,
                graded=graded,
            )
            return AnswerCheck(correct=False, outcome=outcome, verdict=graded.verdict)
        if not graded.correct:
            reveal_answer(card=card, now=now)
    intervals = preview_intervals(
        card, now=now, desired_retention=user.desired_retention, parameters=user.fsrs_parameters
    )
    return AnswerCheck(
        correct=None if graded is None else graded.correct,
        intervals=intervals,
        verdict=None if graded is None else graded.verdict,
    )


def replayed(reviews) -> ReviewOutcome:
    """The first result again, for a repeated client_id, its answer judged again so the
    reply is the first one's."""
    earlier = reviews.select_related("card__question__source_sentence").get()
    question = earlier.card.question
    verdict = None if earlier.answer is None else grade(question, answer=earlier.answer, rating=None).verdict
    return ReviewOutcome(review=earlier, question=question, created=False, verdict=verdict)


def record_review(card: Card, *, user, rating, correct, answer, client_id, duration_ms, now) -> Review:
    schedule = schedule_review(
        card,
        rating=rating,
        now=now,
        desired_retention=user.desired_retention,
        parameters=user.fsrs_parameters,
    )
    self_graded = answer is None or card.revealed_at is not None
    review = Review(
        user=user,
        card=card,
        question_set_id=card.question_set_id,
        rating=rating,
        answer=answer,
        correct=correct,
        duration_ms=duration_ms,
        reviewed_at=now,
        state_before=card.state,
        due_before=card.due,
        state_after=schedule.state,
        due_after=schedule.due,
        stability_after=schedule.stability,
        difficulty_after=schedule.difficulty,
        points=review_points(card=card, rating=rating, correct=correct, self_graded=self_graded, now=now),
        self_graded=self_graded,
        client_id=client_id,
    )
    card.apply_review(schedule, rating=rating, correct=correct)
    review.insert()
    return review
