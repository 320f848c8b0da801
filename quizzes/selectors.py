"""Reads that combine several queries: the next card, study statistics, scores."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Count,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate

from accounts.models import User
from quizzes.models import Attempt, AttemptAnswer, Card, Choice, Question, QuestionSet, Review
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


def study_counts_sql(sets_sql: str) -> str:
    """The sets that `sets_sql` selects (by id), each with the user's study counts.

    SQL rather than ORM subqueries because it runs on every next card: building the same
    counts as eight ORM subqueries cost 4 ms of Python per request, this costs a tenth of
    that (docs/performance.md). One pass over the user's cards of each set, along the
    (user, question_set, due) index; the day's introductions along (user, created_at).
    Plain SQL that SQLite (the fallback of `make run`) runs too. Parameters: end of today
    (twice), now, user, start of today, user, now, user; then those of `sets_sql`. The open
    quiz (at most one per user and set, by a constraint) is read along that constraint's index.
    """
    state = {value: f"'{value}'" for value in Card.State.values}  # as SQL literals
    return f"""
        SELECT s.*,
               count(c.due) AS cards_seen,
               count(c.due) FILTER (WHERE c.state = {state["new"]}) AS new_pending,
               count(c.due) FILTER (
                   WHERE c.state IN ({state["learning"]}, {state["relearning"]}) AND c.due < %s
               ) AS learning_due,
               count(c.due) FILTER (WHERE c.state = {state["review"]} AND c.due < %s) AS review_due,
               count(c.due) FILTER (WHERE c.state <> {state["new"]} AND c.due <= %s) AS due_now,
               (SELECT count(*) FROM {Question._meta.db_table} q WHERE q.question_set_id = s.id)
                   AS question_total,
               (SELECT count(*) FROM {Card._meta.db_table} t WHERE t.user_id = %s AND t.created_at >= %s)
                   AS introduced_today,
               (SELECT a.id FROM {Attempt._meta.db_table} a
                WHERE a.user_id = %s AND a.question_set_id = s.id AND a.submitted_at IS NULL
                  AND (a.deadline IS NULL OR a.deadline >= %s)) AS open_quiz_id
        FROM {QuestionSet._meta.db_table} s
        LEFT JOIN {Card._meta.db_table} c ON c.user_id = %s AND c.question_set_id = s.id
        WHERE s.id IN ({sets_sql})
        GROUP BY s.id
        ORDER BY s.title, s.id
    """


def with_study_counts(sets: QuerySet, *, user, now: dt.datetime) -> list[QuestionSet]:
    """The sets of a queryset, each with the user's study counts as attributes, in one query:
    question_total, cards_seen, new_pending, learning_due, review_due, due_now,
    introduced_today (over all sets: the new-card allowance is per day, not per set) and
    open_quiz_id (the user's quiz being taken on the set, which pauses its study)."""
    database = sets.db
    as_sql_value = connections[database].ops.adapt_datetimefield_value
    today_start, today_end = (as_sql_value(moment) for moment in day_bounds(now, user.zone))
    ids = sets.order_by().values("pk")
    sets_sql, sets_parameters = ids.query.get_compiler(database).as_sql()
    moment = as_sql_value(now)
    parameters = [today_end, today_end, moment, user.pk, today_start, user.pk, moment, user.pk]
    parameters += sets_parameters
    return list(QuestionSet.objects.db_manager(database).raw(study_counts_sql(sets_sql), parameters))


def visible_set_for_study(*, user, set_id, now: dt.datetime) -> QuestionSet:
    """The set (if the user may see it) with the user's study counts, in one query."""
    found = with_study_counts(QuestionSet.objects.visible_to(user).filter(pk=set_id), user=user, now=now)
    if not found:
        raise QuestionSet.DoesNotExist
    return found[0]


def sets_with_study_counts(*, user, now: dt.datetime) -> list[QuestionSet]:
    """The sets the user can see (by title), each with their study counts and owner."""
    sets = with_study_counts(QuestionSet.objects.visible_to(user), user=user, now=now)
    prefetch_related_objects(sets, "owner")
    return sets


def remaining_today(*, user, question_set: QuestionSet) -> dict[str, int]:
    """What is left to study today in a set annotated by sets_with_study_counts."""
    unseen = question_set.question_total - question_set.cards_seen
    allowance = max(user.new_cards_per_day - question_set.introduced_today, 0)
    return {
        "new": question_set.new_pending + min(allowance, unseen),
        "learning": question_set.learning_due,
        "review": question_set.review_due,
    }


@dataclass
class NextCard:
    card: Card | None
    remaining: dict[str, int]
    next_due: dt.datetime | None = None
    open_quiz_id: int | None = None


def next_card(*, user, question_set: QuestionSet, now: dt.datetime) -> NextCard:
    """Due learning and review cards first (oldest due first), then cards met but not yet
    answered, then a new card while today's new-card allowance lasts; no card while the
    user has a quiz open on the set (README, "Security"). `question_set` comes from
    visible_set_for_study, whose counts say which of these to look for: a query more for
    the card and one for its choices (if its type has any), one more to introduce it."""
    unseen = question_set.question_total - question_set.cards_seen
    allowance = max(user.new_cards_per_day - question_set.introduced_today, 0)
    remaining = remaining_today(user=user, question_set=question_set)
    if question_set.open_quiz_id is not None:
        return NextCard(card=None, remaining=remaining, open_quiz_id=question_set.open_quiz_id)
    card = None
    if question_set.due_now or question_set.new_pending:
        card = (
            Card.objects.next_to_study(
                user=user, question_set=question_set, now=now, new=not question_set.due_now
            )
            .select_related("question")
            .first()
        )
    if card is None and allowance and unseen:
        question = Question.objects.filter(question_set=question_set).unseen_by(user).first()
        if question is not None:
            card = introduce_card(user=user, question=question, now=now)
            card.question = question
    if card is not None:
        if card.question.type in Question.TYPES_WITH_CHOICES:
            choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
            prefetch_related_objects([card.question], choices)
        return NextCard(card=card, remaining=remaining)
    next_due = (
        Card.objects.filter(user=user, question_set=question_set, due__gt=now)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if unseen and not allowance and user.new_cards_per_day:
        tomorrow = day_bounds(now, user.zone)[1].astimezone(dt.UTC)  # UTC on the wire, as every time
        next_due = min(next_due, tomorrow) if next_due else tomorrow
    return NextCard(card=card, remaining=remaining, next_due=next_due)


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


DISCRIMINATION_GROUP = 0.27  # the share of students in each of the strong and the weak group
RESULTS_CACHE_SECONDS = 60


def discrimination(rows: list[tuple[float, bool]]) -> float | None:
    """Upper-lower discrimination index: the share right among the strongest 27% of
    students minus the share among the weakest 27%. Near 0 or below flags a bad question.
    (set_results computes the same in SQL; this states the rule on a list of rows.)"""
    if len(rows) < 4:
        return None
    ranked = sorted(rows, key=lambda row: row[0])
    group = max(1, round(len(ranked) * DISCRIMINATION_GROUP))
    weak, strong = ranked[:group], ranked[-group:]
    share = lambda part: sum(right for _, right in part) / len(part)  # noqa: E731
    return round(share(strong) - share(weak), 3)


def results_cells_sql() -> str:
    """Each student's answers to each question of a set, from study (their card's counts:
    no pass over the review log) and submitted quizzes: (user_id, question_id, total,
    right_count). Parameters: the set, twice."""
    return f"""
        SELECT user_id, question_id, sum(total) AS total, sum(right_count) AS right_count FROM (
            SELECT user_id, question_id, reps AS total, right_reps AS right_count
            FROM {Card._meta.db_table} WHERE question_set_id = %s AND reps > 0
            UNION ALL
            SELECT a.user_id, aa.question_id, count(*), count(*) FILTER (WHERE aa.correct)
            FROM {AttemptAnswer._meta.db_table} aa JOIN {Attempt._meta.db_table} a ON a.id = aa.attempt_id
            WHERE a.question_set_id = %s AND a.submitted_at IS NOT NULL GROUP BY a.user_id, aa.question_id
        ) parts GROUP BY user_id, question_id
    """


def question_results_sql() -> str:
    """Per question of the set: times answered, right answers, students, and for the upper-
    lower discrimination index the right answers and size of the weakest and strongest
    groups (students ranked by their share right over the whole set; a student counts as
    right on a question when at least half their answers to it are). In the database, in
    one statement: the work is one pass over the set's reviews and quiz answers, not a
    Python loop over students × questions. Parameters: the set, three times."""
    group = f"round(answered_by * {DISCRIMINATION_GROUP})"
    return f"""
        WITH cells AS ({results_cells_sql()}),
        strength AS (
            SELECT user_id, sum(right_count) * 1.0 / sum(total) AS strength FROM cells GROUP BY user_id
        ),
        ranked AS (
            SELECT c.question_id, CASE WHEN c.right_count * 2 >= c.total THEN 1 ELSE 0 END AS ok,
                   row_number() OVER (PARTITION BY c.question_id ORDER BY s.strength, c.user_id) AS position,
                   count(*) OVER (PARTITION BY c.question_id) AS answered_by
            FROM cells c JOIN strength s ON s.user_id = c.user_id
        ),
        groups AS (
            SELECT question_id, max(answered_by) AS students,
                   sum(ok) FILTER (WHERE position <= {group}) AS weak_right,
                   count(*) FILTER (WHERE position <= {group}) AS weak_size,
                   sum(ok) FILTER (WHERE position > answered_by - {group}) AS strong_right,
                   count(*) FILTER (WHERE position > answered_by - {group}) AS strong_size
            FROM ranked GROUP BY question_id
        ),
        totals AS (
            SELECT question_id, sum(total) AS answered, sum(right_count) AS right_count
            FROM cells GROUP BY question_id
        )
        SELECT q.id, q.prompt, coalesce(t.answered, 0), coalesce(t.right_count, 0), coalesce(g.students, 0),
               g.weak_right, g.weak_size, g.strong_right, g.strong_size
        FROM {Question._meta.db_table} q
        LEFT JOIN totals t ON t.question_id = q.id
        LEFT JOIN groups g ON g.question_id = q.id
        WHERE q.question_set_id = %s
        ORDER BY CASE WHEN t.answered > 0 THEN 0 ELSE 1 END, t.right_count * 1.0 / t.answered, q.id
    """


def student_results_sql() -> str:
    """Per student who studied the set or submitted a quiz on it: quizzes, best and last
    percent, reviews and right reviews, by username. Parameters: the set, three times."""
    return f"""
        WITH quizzes AS (
            SELECT user_id, count(*) AS taken, max(percent) AS best,
                   max(submitted_at) AS last_submitted
            FROM {Attempt._meta.db_table}
            WHERE question_set_id = %s AND submitted_at IS NOT NULL GROUP BY user_id
        ),
        reviews AS (
            SELECT user_id, count(*) AS total, count(*) FILTER (WHERE correct) AS right_count
            FROM {Review._meta.db_table} WHERE question_set_id = %s GROUP BY user_id
        )
        SELECT u.username, coalesce(qz.taken, 0), qz.best,
               (SELECT a.percent FROM {Attempt._meta.db_table} a
                WHERE a.user_id = u.id AND a.question_set_id = %s AND a.submitted_at = qz.last_submitted
                ORDER BY a.id DESC LIMIT 1),
               coalesce(rv.total, 0), coalesce(rv.right_count, 0)
        FROM {User._meta.db_table} u
        LEFT JOIN quizzes qz ON qz.user_id = u.id
        LEFT JOIN reviews rv ON rv.user_id = u.id
        WHERE qz.user_id IS NOT NULL OR rv.user_id IS NOT NULL
        ORDER BY u.username
    """


def question_result(
    question_id, prompt, answered, right, students, weak_right, weak_size, strong_right, strong_size
):
    """A row of question_results_sql as the results show it (PostgreSQL's sums of counts are
    numerics: made whole numbers here)."""
    answered, right = int(answered), int(right)
    return {
        "question": question_id,
        "prompt": prompt,
        "answered": answered,
        "students": students,
        "accuracy": accuracy(right, answered),
        # As discrimination() says: from 4 students on.
        "discrimination": round(strong_right / strong_size - weak_right / weak_size, 3)
        if students >= 4
        else None,
    }


def set_results(*, question_set: QuestionSet) -> dict:
    """Per student and per question results of a set, for its teacher: two statements whose
    work is done in the database, kept for RESULTS_CACHE_SECONDS (every page of the results
    reads the same lists)."""
    key = f"set-results:{question_set.pk}"
    if (cached := cache.get(key)) is not None:
        return cached
    set_id = question_set.pk
    with connections[Question.objects.db].cursor() as cursor:
        cursor.execute(student_results_sql(), [set_id] * 3)
        student_rows = cursor.fetchall()
        cursor.execute(question_results_sql(), [set_id] * 3)
        question_rows = cursor.fetchall()
    students = [
        {
            "username": username,
            "attempts": taken,
            "best_percent": best,
            "last_percent": last,
            "reviews": reviews,
            "accuracy": accuracy(right, reviews),
        }
        for username, taken, best, last, reviews, right in student_rows
    ]
    questions = [question_result(*row) for row in question_rows]
    results = {"students": students, "questions": questions}
    cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


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


def teacher_sets(*, user) -> QuerySet[QuestionSet]:
    """The sets on a teacher's page, with question counts: their own, or for an admin every
    authored set (generated sets are refreshed from their facts, not edited by hand)."""
    sets = (
        QuestionSet.objects.exclude(owner=None) if user.is_admin else QuestionSet.objects.filter(owner=user)
    )
    return sets.select_related("owner").annotate(question_count=Count("questions")).order_by("title", "pk")


def sets_to_copy_from(*, into: QuestionSet) -> QuerySet[QuestionSet]:
    """Published sets other than `into`, whose questions a teacher may copy into it."""
    return QuestionSet.objects.published().exclude(pk=into.pk).order_by("title", "pk")


def questions_to_copy(
    *,
    into: QuestionSet,
    ids: list[int] | None = None,
    set_id: int | None = None,
    kind: str = "",
    type: str = "",
) -> QuerySet[Question]:
    """Questions of `sets_to_copy_from`, optionally only those ids, of one set, kind or type;
    with what `copy_questions` reads."""
    questions = Question.objects.filter(question_set__in=sets_to_copy_from(into=into))
    if ids is not None:
        questions = questions.filter(pk__in=ids)
    if set_id:
        questions = questions.filter(question_set_id=set_id)
    if kind:
        questions = questions.filter(kind=kind)
    if type:
        questions = questions.filter(type=type)
    return (
        questions.select_related("question_set")
        .prefetch_related("choices", "accepted_answers")
        .order_by("question_set__title", "question_set_id", "pk")
    )


def generated_sets() -> QuerySet[QuestionSet]:
    """Sets generated from fact sources, with question counts: an admin opens their results."""
    return (
        QuestionSet.objects.filter(owner=None)
        .annotate(question_count=Count("questions"))
        .order_by("title", "pk")
    )


def questions_of_set(*, question_set: QuestionSet) -> QuerySet[Question]:
    """A set's questions as its teacher reviews them: answers, choices and accepted answers."""
    return question_set.questions.prefetch_related("choices", "accepted_answers").order_by("pk")


def latest_quizzes(*, question_set: QuestionSet, limit: int = 20) -> list[Attempt]:
    """The set's most recently submitted quizzes, newest first, so its teacher can open one."""
    return list(
        Attempt.objects.filter(question_set=question_set, submitted_at__isnull=False)
        .select_related("user")
        .order_by("-submitted_at", "-pk")[:limit]
    )
