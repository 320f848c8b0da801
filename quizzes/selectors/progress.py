"""A student's progress and scores: statistics, streaks, points, leaderboards, mastery."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Count,
    Max,
    Q,
    Sum,
)
from django.db.models.functions import TruncDate

from quizzes.models import Attempt, Card, Question, QuestionSet, Review
from quizzes.selectors.study_queue import day_bounds

FORECAST_DAYS = 30


HISTORY_DAYS = 30


MASTERED_STABILITY_DAYS = 21


LEADERBOARD_SIZE = 20


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
    """Points, accuracy and streak overall and per set (docs/api-guide.md, "Points")."""
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
    quizzes = {
        row["question_set"]: row
        for row in Attempt.objects.filter(user=user, submitted_at__isnull=False)
        .order_by()
        .values("question_set")
        .annotate(quiz_points=Sum("points"), taken=Count("pk"), best=Max("percent"))
    }
    reviewed = {row["question_set"]: row for row in per_set}
    reviews = sum(row["total"] for row in per_set)
    correct = sum(row["right"] for row in per_set)
    return {
        "points": sum(row["total_points"] for row in per_set)
        + sum(row["quiz_points"] for row in quizzes.values()),
        "reviews": reviews,
        "correct": correct,
        "accuracy": accuracy(correct, reviews),
        "quizzes": sum(row["taken"] for row in quizzes.values()),
        "streak_days": streak_days(user=user, now=now),
        "sets": [
            {
                "set": set_id,
                "reviews": reviewed.get(set_id, {}).get("total", 0),
                "correct": reviewed.get(set_id, {}).get("right", 0),
                "accuracy": accuracy(
                    reviewed.get(set_id, {}).get("right", 0), reviewed.get(set_id, {}).get("total", 0)
                ),
                "mastered": mastered.get(set_id, 0),
                "best_quiz_percent": quizzes.get(set_id, {}).get("best"),
            }
            for set_id in sorted(reviewed.keys() | quizzes.keys())
        ],
    }


LEADERBOARD_CACHE_SECONDS = 30


def set_leaderboard(*, question_set: QuestionSet) -> list[dict]:
    """The top users by points on a set, from study reviews and quizzes alike. Every student
    of the set reads it and it sums all their reviews, so it is kept for
    LEADERBOARD_CACHE_SECONDS: at most one computation per set in that time, however
    many read it (docs/performance.md)."""
    key = f"leaderboard:{question_set.pk}"
    if (cached := cache.get(key)) is None:
        cached = compute_leaderboard(question_set=question_set)
        cache.set(key, cached, LEADERBOARD_CACHE_SECONDS)
    return cached


def compute_leaderboard(*, question_set: QuestionSet) -> list[dict]:
    standings: dict[str, dict] = {}
    review_rows = (
        Review.objects.filter(question_set=question_set)
        .order_by()
        .values("user__username")
        .annotate(total_points=Sum("points"), total=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    )
    quiz_rows = (
        Attempt.objects.filter(question_set=question_set, submitted_at__isnull=False)
        .order_by()
        .values("user__username")
        .annotate(total_points=Sum("points"), total=Sum("total"), right=Sum("score"))
    )
    for row in [*review_rows, *quiz_rows]:
        standing = standings.setdefault(row["user__username"], {"points": 0, "total": 0, "right": 0})
        standing["points"] += row["total_points"]
        standing["total"] += row["total"]
        standing["right"] += row["right"]
    ranked = sorted(standings.items(), key=lambda item: (-item[1]["points"], item[0]))[:LEADERBOARD_SIZE]
    return [
        {
            "username": username,
            "points": standing["points"],
            "accuracy": accuracy(standing["right"], standing["total"]),
        }
        for username, standing in ranked
    ]


HEATMAP_WEEKS = 26


def review_heatmap(*, user, now: dt.datetime) -> list[list[dict]]:
    """Reviews per local day for the last 26 weeks, as weeks (columns) of days (Mon–Sun)."""
    today = now.astimezone(user.zone).date()
    first = today - dt.timedelta(days=today.weekday() + 7 * (HEATMAP_WEEKS - 1))
    start = dt.datetime.combine(first, dt.time(), tzinfo=user.zone)
    counts = dict(
        Review.objects.filter(user=user, reviewed_at__gte=start)
        .annotate(day=TruncDate("reviewed_at", tzinfo=user.zone))
        .order_by()
        .values_list("day")
        .annotate(total=Count("pk"))
    )
    weeks = []
    for week in range(HEATMAP_WEEKS):
        days = []
        for weekday in range(7):
            day = first + dt.timedelta(days=7 * week + weekday)
            days.append({"date": day, "reviews": counts.get(day, 0), "future": day > today})
        weeks.append(days)
    return weeks


@dataclass
class Mastery:
    label: str
    reviews: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.reviews if self.reviews else 0.0


def mastery(*, user, by: str) -> list[Mastery]:
    """How well the user answers questions about each person, place or dated event.

    `by` is "person", "place" or "event"; for events only date questions count, so this
    reads as "which dates do I know".
    """
    reviews = Review.objects.filter(user=user, **{f"card__question__{by}__isnull": False})
    if by == "event":
        reviews = reviews.filter(card__question__kind=Question.Kind.DATE)
    rows = (
        reviews.order_by()
        .values(f"card__question__{by}__name")
        .annotate(total=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    )
    return sorted(
        (
            Mastery(label=row[f"card__question__{by}__name"], reviews=row["total"], correct=row["right"])
            for row in rows
        ),
        key=lambda item: (-item.accuracy, -item.reviews, item.label),
    )
