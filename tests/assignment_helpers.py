"""Classes, assignments and study history made directly with the models, in bulk (the
class pages and services are another's work; the gradebook needs large histories fast)."""

import datetime as dt
import itertools

from quizzes.models import Assignment, Attempt, Card, Membership, Review, SchoolClass

_codes = itertools.count(1)
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)  # a Monday morning


def make_class(teacher, *members, name="7B") -> SchoolClass:
    school_class = SchoolClass.objects.create(
        teacher=teacher, name=name, join_code=f"CODE-{next(_codes):04d}"
    )
    Membership.objects.bulk_create([Membership(school_class=school_class, user=member) for member in members])
    return school_class


def assign(school_class, question_set, *, kind="study", created_at=T0, due_at=None, **fields) -> Assignment:
    """An assignment made at `created_at` (auto_now_add is overwritten after the insert)."""
    if kind == "quiz":
        fields.setdefault("quiz_size", 2)
    elif "target_mastered" not in fields:
        fields.setdefault("target_reviews", 3)
    assignment = Assignment.objects.create(
        school_class=school_class,
        question_set=question_set,
        kind=kind,
        due_at=due_at or created_at + dt.timedelta(days=7),
        **fields,
    )
    Assignment.objects.filter(pk=assignment.pk).update(created_at=created_at)
    assignment.refresh_from_db()
    return assignment


def cards_for(user, question_set, **fields) -> list[Card]:
    questions = list(question_set.questions.order_by("pk"))
    made = [
        Card(user=user, question=question, question_set=question_set, due=T0, created_at=T0, **fields)
        for question in questions
    ]
    Card.objects.bulk_create(made, ignore_conflicts=True)
    return list(Card.objects.filter(user=user, question_set=question_set).order_by("question_id"))


def review_rows(user, question_set, *, times: list[dt.datetime], correct=True, cards=None) -> list[Review]:
    """Review rows (not saved) of the user's cards of the set, one at each time, in turn."""
    cards = cards or cards_for(user, question_set)
    return [
        Review(
            user=user,
            card=cards[position % len(cards)],
            question_set=question_set,
            rating=3,
            correct=correct,
            reviewed_at=moment,
            state_before="new",
            due_before=moment,
            state_after="learning",
            due_after=moment,
            stability_after=1.0,
            difficulty_after=5.0,
            points=10,
        )  # fmt: skip
        for position, moment in enumerate(times)
    ]


def add_reviews(user, question_set, *, times, correct=True) -> list[Review]:
    return Review.objects.bulk_create(review_rows(user, question_set, times=times, correct=correct))


def master(user, question_set, *, count: int, at: dt.datetime) -> None:
    """The first `count` of the user's cards of the set mastered (in review, stability 30
    days) at `at`, without a review log: mastered since their last review."""
    cards = cards_for(user, question_set)[:count]
    Card.objects.filter(pk__in=[card.pk for card in cards]).update(
        state=Card.State.REVIEW, stability=30.0, last_review=at, reps=1, right_reps=1
    )


def submitted_quiz(user, assignment, *, at: dt.datetime, percent: float, total: int = 2) -> Attempt:
    score = round(total * percent / 100)
    return Attempt.objects.create(
        user=user, question_set=assignment.question_set, assignment=assignment, question_ids=[],
        started_at=at - dt.timedelta(minutes=5), submitted_at=at, score=score, total=total,
        percent=percent, points=score * 5,
    )  # fmt: skip
