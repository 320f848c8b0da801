"""Reads that combine several queries: the next card, study statistics, scores."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from quizzes.models import Card, Question, QuestionSet, Review
from quizzes.services import introduce_card

FORECAST_DAYS = 30
HISTORY_DAYS = 30
MASTERED_STABILITY_DAYS = 21
LEADERBOARD_SIZE = 20


def day_bounds(now: dt.datetime, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The start of the user's local day containing `now`, and of the next one."""
    local = now.astimezone(zone)
    start = dt.datetime.combine(local.date(), dt.time(), tzinfo=zone)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end


def count_of(queryset, group_by: str):
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    return Coalesce(
        Subquery(queryset.order_by().values(group_by).annotate(total=Count("pk")).values("total")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def visible_set_for_study(*, user, set_id, now: dt.datetime) -> QuestionSet:
    """The set (if the user may see it) with the user's study counts, in one query."""
    today_start, today_end = day_bounds(now, user.zone)
    cards = Card.objects.filter(user=user, question_set=OuterRef("pk"))
    in_learning = (Card.State.LEARNING, Card.State.RELEARNING)
    return (
        QuestionSet.objects.visible_to(user)
        .annotate(
            question_total=count_of(Question.objects.filter(question_set=OuterRef("pk")), "question_set"),
            cards_seen=count_of(cards, "question_set"),
            new_pending=count_of(cards.filter(state=Card.State.NEW), "question_set"),
            learning_due=count_of(cards.filter(state__in=in_learning, due__lt=today_end), "question_set"),
            review_due=count_of(cards.filter(state=Card.State.REVIEW, due__lt=today_end), "question_set"),
            next_due_at=Subquery(cards.filter(due__gt=now).order_by("due").values("due")[:1]),
            introduced_today=count_of(Card.objects.filter(user=user, created_at__gte=today_start), "user"),
        )
        .get(pk=set_id)
    )


@dataclass
class NextCard:
    card: Card | None
    remaining: dict[str, int]
    next_due: dt.datetime | None = None


def next_card(*, user, question_set: QuestionSet, now: dt.datetime) -> NextCard:
    """Due learning and review cards first (oldest due first), then a new card while
    today's new-card allowance lasts. `question_set` comes from visible_set_for_study."""
    unseen = question_set.question_total - question_set.cards_seen
    allowance = max(user.new_cards_per_day - question_set.introduced_today, 0)
    remaining = {
        "new": question_set.new_pending + min(allowance, unseen),
        "learning": question_set.learning_due,
        "review": question_set.review_due,
    }
    card = (
        Card.objects.filter(user=user, question_set=question_set, due__lte=now)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by(Case(When(state=Card.State.NEW, then=Value(1)), default=Value(0)), "due", "pk")
        .first()
    )
    if card is None and allowance and unseen:
        question = (
            Question.objects.filter(question_set=question_set)
            .exclude(cards__user=user)
            .prefetch_related("choices")
            .order_by("pk")
            .first()
        )
        if question is not None:
            card = introduce_card(user=user, question=question, now=now)
            card.question = question
    if card is not None:
        return NextCard(card=card, remaining=remaining)
    next_due = question_set.next_due_at
    if unseen and not allowance and user.new_cards_per_day:
        tomorrow = day_bounds(now, user.zone)[1]
        next_due = min(next_due, tomorrow) if next_due else tomorrow
    return NextCard(card=None, remaining=remaining, next_due=next_due)


@dataclass
class StudyStats:
    counts: dict[str, int]
    due_today: int
    reviews: int
    correct: int
    true_retention: float | None
    reviews_per_day: list[dict] = field(default_factory=list)
    forecast: list[dict] = field(default_factory=list)


def study_stats(*, user, question_set: QuestionSet | None, now: dt.datetime) -> StudyStats:
    """Counts by state, today's load, the last 30 days of reviews and the next 30 of due cards."""
    zone = user.zone
    today_start, today_end = day_bounds(now, zone)
    cards = Card.objects.filter(user=user)
    reviews = Review.objects.filter(
        user=user, reviewed_at__gte=today_start - dt.timedelta(days=HISTORY_DAYS - 1)
    )
    questions = Question.objects.all()
    if question_set is not None:
        cards = cards.filter(question_set=question_set)
        reviews = reviews.filter(question_set=question_set)
        questions = questions.filter(question_set=question_set)
    by_state = dict(cards.order_by().values_list("state").annotate(total=Count("pk")))
    counts = {state: by_state.get(state, 0) for state in Card.State.values}
    if question_set is not None:
        counts["unseen"] = questions.count() - sum(by_state.values())
    totals = reviews.aggregate(
        total=Count("pk"),
        right=Count("pk", filter=Q(correct=True)),
        review_state=Count("pk", filter=Q(state_before=Card.State.REVIEW)),
        review_state_right=Count("pk", filter=Q(state_before=Card.State.REVIEW, correct=True)),
    )
    per_day = {
        row["day"]: row
        for row in reviews.annotate(day=TruncDate("reviewed_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(total=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    }
    first_day = today_start.date() - dt.timedelta(days=HISTORY_DAYS - 1)
    reviews_per_day = [
        {
            "date": day,
            "reviews": per_day.get(day, {}).get("total", 0),
            "correct": per_day.get(day, {}).get("right", 0),
        }
        for day in (first_day + dt.timedelta(days=offset) for offset in range(HISTORY_DAYS))
    ]
    horizon = today_start + dt.timedelta(days=FORECAST_DAYS)
    due_by_day = dict(
        cards.filter(due__lt=horizon)
        .exclude(state=Card.State.NEW)
        .annotate(day=TruncDate("due", tzinfo=zone))
        .order_by()
        .values_list("day")
        .annotate(total=Count("pk"))
    )
    today = today_start.date()
    overdue = sum(total for day, total in due_by_day.items() if day < today)
    forecast = [
        {
            "date": today + dt.timedelta(days=offset),
            "due": due_by_day.get(today + dt.timedelta(days=offset), 0) + (overdue if offset == 0 else 0),
        }
        for offset in range(FORECAST_DAYS)
    ]
    review_state = totals["review_state"]
    return StudyStats(
        counts=counts,
        due_today=forecast[0]["due"] + counts[Card.State.NEW],
        reviews=totals["total"],
        correct=totals["right"],
        true_retention=totals["review_state_right"] / review_state if review_state else None,
        reviews_per_day=reviews_per_day,
        forecast=forecast,
    )


def accuracy(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def streak_days(*, user, now: dt.datetime) -> int:
    """Consecutive local days with a review, ending today (or yesterday, if today has none yet)."""
    days = set(
        Review.objects.filter(user=user)
        .annotate(day=TruncDate("reviewed_at", tzinfo=user.zone))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )
    day = now.astimezone(user.zone).date()
    if day not in days:
        day -= dt.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


def user_scores(*, user, now: dt.datetime) -> dict:
    """Points, accuracy and streak overall and per set (see README, "Points")."""
    per_set = list(
        Review.objects.filter(user=user)
        .order_by()
        .values("question_set")
        .annotate(
            total_points=Sum("points"),
            total=Count("pk"),
            right=Count("pk", filter=Q(correct=True)),
        )
        .order_by("question_set")
    )
    mastered = dict(
        Card.objects.filter(user=user, state=Card.State.REVIEW, stability__gte=MASTERED_STABILITY_DAYS)
        .order_by()
        .values_list("question_set")
        .annotate(total=Count("pk"))
    )
    reviews = sum(row["total"] for row in per_set)
    correct = sum(row["right"] for row in per_set)
    return {
        "points": sum(row["total_points"] for row in per_set),
        "reviews": reviews,
        "correct": correct,
        "accuracy": accuracy(correct, reviews),
        "quizzes": 0,
        "streak_days": streak_days(user=user, now=now),
        "sets": [
            {
                "set": row["question_set"],
                "reviews": row["total"],
                "correct": row["right"],
                "accuracy": accuracy(row["right"], row["total"]),
                "mastered": mastered.get(row["question_set"], 0),
                "best_quiz_percent": None,
            }
            for row in per_set
        ],
    }


def set_leaderboard(*, question_set: QuestionSet) -> list[dict]:
    rows = (
        Review.objects.filter(question_set=question_set)
        .order_by()
        .values("user__username")
        .annotate(total_points=Sum("points"), total=Count("pk"), right=Count("pk", filter=Q(correct=True)))
        .order_by("-total_points", "user__username")[:LEADERBOARD_SIZE]
    )
    return [
        {
            "username": row["user__username"],
            "points": row["total_points"],
            "accuracy": accuracy(row["right"], row["total"]),
        }
        for row in rows
    ]
