"""A student's progress and scores: statistics, streaks, points, leaderboards, mastery."""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections, router
from django.db.models import (
    Count,
    Max,
    Q,
    Sum,
)
from django.db.models.functions import TruncDate

from accounts.models import User
from accounts.services import LEADERBOARD_NAMES_CHANGED
from config.plain_sql import compiled_rows
from quizzes.models import Attempt, Card, Question, QuestionSet, Review, Standing
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


# "Right", wherever it is shown (the dashboard, the scores, every leaderboard), is the share
# of answers right in study and in quizzes alike: each review is an answer, and each
# question of a submitted quiz (one left unanswered is not right). Both sides are counted by
# these aggregates, to be summed by `share_right`.
REVIEW_ANSWERS = {"answers": Count("pk"), "right": Count("pk", filter=Q(correct=True))}
QUIZ_ANSWERS = {"answers": Sum("total"), "right": Sum("score")}


def share_right(*tallies: dict) -> float | None:
    """The share of answers right over rows aggregated with REVIEW_ANSWERS or QUIZ_ANSWERS."""
    right = sum(row.get("right") or 0 for row in tallies)
    return accuracy(right, sum(row.get("answers") or 0 for row in tallies))


# A local day with a review of the user's: one probe of the (user, reviewed_at) index.
_REVIEWED_ON = f"""EXISTS (SELECT 1 FROM {Review._meta.db_table} r WHERE r.user_id = %(user)s
    AND r.reviewed_at >= ({{day}})::timestamp AT TIME ZONE %(zone)s
    AND r.reviewed_at < ({{day}} + 1)::timestamp AT TIME ZONE %(zone)s)"""
# The streak, walking back a day at a time from today (or yesterday, if today has no review
# yet) while each day has one: as many index probes as the streak is long, however long
# the user's review log.
STREAK_SQL = f"""WITH RECURSIVE streak(day) AS (
        SELECT start FROM (
            SELECT CASE WHEN {_REVIEWED_ON.format(day="%(today)s::date")} THEN %(today)s::date
                        ELSE %(today)s::date - 1 END AS start
        ) first_day
        WHERE {_REVIEWED_ON.format(day="start")}
    UNION ALL
        SELECT day - 1 FROM streak WHERE {_REVIEWED_ON.format(day="day - 1")}
    )
    SELECT count(*) FROM streak"""


def streak_days(*, user, now: dt.datetime) -> int:
    """Consecutive local days with a review, ending today (or yesterday, if today has none yet)."""
    today = now.astimezone(user.zone).date()
    connection = connections[router.db_for_read(Review)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(STREAK_SQL, {"user": user.pk, "zone": user.time_zone, "today": today})
            return cursor.fetchone()[0]
    # SQLite (`make run`'s fallback) reads the days of all the user's reviews.
    days = set(
        Review.objects.filter(user=user)
        .annotate(day=TruncDate("reviewed_at", tzinfo=user.zone))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )
    day = today
    if day not in days:
        day -= dt.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


def standings_of(user_id: int):
    """The user's standings: a row per set studied, not their whole review log."""
    return Standing.objects.filter(user_id=user_id).values_list(
        "question_set", "points", "answers", "right_answers"
    )


def mastered_of(user_id: int):
    """How many of the user's cards of each set are mastered."""
    mastered = Card.objects.filter(
        user_id=user_id, state=Card.State.REVIEW, stability__gte=MASTERED_STABILITY_DAYS
    )
    return mastered.order_by().values_list("question_set").annotate(total=Count("pk"))


QUIZ_TOTALS = ["question_set", "quiz_points", "taken", "best", *QUIZ_ANSWERS]


def quiz_totals_of(user_id: int):
    """The user's submitted quizzes, totalled per set (QUIZ_TOTALS)."""
    submitted = (
        Attempt.objects.filter(user_id=user_id, submitted_at__isnull=False).order_by().values("question_set")
    )
    totals = submitted.annotate(
        quiz_points=Sum("points"), taken=Count("pk"), best=Max("percent"), **QUIZ_ANSWERS
    )
    return totals.values_list(*QUIZ_TOTALS)


def user_scores(*, user, now: dt.datetime) -> dict:
    """Points, share right and streak overall and per set (docs/api-guide.md, "Points"). Its
    three queries are compiled once (plain_sql.compiled_rows): every dashboard reads them."""
    database = router.db_for_read(Standing)
    reviewed = {
        question_set: {"total_points": points, "answers": answers, "right": right}
        for question_set, points, answers, right in compiled_rows(
            standings_of, database=database, user_id=user.pk
        )
    }
    mastered = dict(compiled_rows(mastered_of, database=database, user_id=user.pk))
    quizzes = {
        row[0]: dict(zip(QUIZ_TOTALS, row, strict=True))
        for row in compiled_rows(quiz_totals_of, database=database, user_id=user.pk)
    }
    everything = [*reviewed.values(), *quizzes.values()]
    return {
        "points": sum(row["total_points"] for row in reviewed.values())
        + sum(row["quiz_points"] for row in quizzes.values()),
        "reviews": sum(row["answers"] for row in reviewed.values()),
        "correct": sum(row["right"] for row in reviewed.values()),
        "answers": sum(row["answers"] for row in everything),
        "right_answers": sum(row["right"] for row in everything),
        "accuracy": share_right(*everything),
        "quizzes": sum(row["taken"] for row in quizzes.values()),
        "streak_days": streak_days(user=user, now=now),
        "sets": [
            {
                "set": set_id,
                "reviews": reviewed.get(set_id, {}).get("answers", 0),
                "correct": reviewed.get(set_id, {}).get("right", 0),
                "accuracy": share_right(reviewed.get(set_id, {}), quizzes.get(set_id, {})),
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
    many read it (docs/performance.md). A board computed before a nickname or an opt-out
    last changed (read with it, in the same cache round trip) is computed again."""
    key = f"leaderboard:v2:{question_set.pk}"  # v2: with the time it was computed
    found = cache.get_many([key, LEADERBOARD_NAMES_CHANGED])
    cached = found.get(key)
    if cached is None or cached["computed_at"] < found.get(LEADERBOARD_NAMES_CHANGED, 0):
        cached = {"computed_at": time.time(), "rows": None}  # the time it began: a change during it counts
        cached["rows"] = compute_leaderboard(question_set=question_set)
        cache.set(key, cached, LEADERBOARD_CACHE_SECONDS)
    return cached["rows"]


def compute_leaderboard(*, question_set: QuestionSet) -> list[dict]:
    """Two queries whatever the number of students: reviews and quizzes summed per listed
    user (User.objects.on_leaderboards(): under a nickname, not opted out). Each row has
    `user_id` for the pages to mark one's own row; the API shows it to no one."""
    listed = User.objects.on_leaderboards()
    return ranked_standings(sets=[question_set.pk], listed=listed, size=LEADERBOARD_SIZE)


def ranked_standings(*, sets, listed, size: int) -> list[dict]:
    """The `listed` users (a User queryset) by points earned on `sets` (a query of set ids),
    in study and quizzes, with their share of answers right (share_right), best first, at
    most `size`: two statements. (`sets` may also be a list of ids.) Every leaderboard is ranked here."""
    users = listed.values("pk")
    # The reviews' totals from the standings (one row per student and set, kept by the
    # database as reviews come and go), not from the review log, which grows with every answer.
    review_rows = (
        Standing.objects.filter(question_set__in=sets, user__in=users)
        .order_by()
        .values("user_id", "user__nickname")
        .annotate(total_points=Sum("points"), answers=Sum("answers"), right=Sum("right_answers"))
    )
    quiz_rows = (
        Attempt.objects.filter(question_set__in=sets, submitted_at__isnull=False, user__in=users)
        .order_by()
        .values("user_id", "user__nickname")
        .annotate(total_points=Sum("points"), **QUIZ_ANSWERS)
    )
    standings: dict[int, dict] = {}
    for row in [*review_rows, *quiz_rows]:
        standing = standings.setdefault(row["user_id"], {"name": row["user__nickname"], "tallies": []})
        standing["tallies"].append(row)
    ranked = sorted(
        (
            {
                "user_id": user_id,
                "username": standing["name"],
                "points": sum(row["total_points"] or 0 for row in standing["tallies"]),
                "accuracy": share_right(*standing["tallies"]),
            }
            for user_id, standing in standings.items()
        ),
        key=lambda row: (-row["points"], row["username"].casefold(), row["user_id"]),
    )
    return ranked[:size]


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


# A person, place or date is "known well" from this share of answers right, once it has
# been answered at least KNOWN_WELL_MIN_ANSWERS times: one lucky guess at a true-or-false
# question is not knowing it (three guesses all right: 1 in 8; at four choices, 1 in 64).
KNOWN_WELL_SHARE = 0.75
KNOWN_WELL_MIN_ANSWERS = 3


@dataclass
class Mastery:
    label: str
    reviews: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.reviews if self.reviews else 0.0

    @property
    def enough_answers(self) -> bool:
        return self.reviews >= KNOWN_WELL_MIN_ANSWERS

    @property
    def known_well(self) -> bool:
        return self.enough_answers and self.accuracy >= KNOWN_WELL_SHARE

    @property
    def missed(self) -> bool:
        """Answered often enough, and not known well: one to keep studying."""
        return self.enough_answers and self.accuracy < KNOWN_WELL_SHARE


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
