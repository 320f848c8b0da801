"""Where a student stands on an assignment: the status rule, and the progress of many
students on many assignments in a bounded number of statements (the gradebook's, and a
student's own "Assigned to you").

The rule, in one place (`status_of`):
- study, a number of reviews: the student's reviews of the set's cards from the moment it
  was assigned until now; done when they reach the target, at the time of the review that
  reached it.
- study, a share mastered: the set's questions whose card is mastered now (in review,
  with a stability of at least progress.MASTERED_STABILITY_DAYS, the progress page's
  "mastered"); done while the share is reached, since the card that reached it was
  mastered (from the review log: its reviews after the last one that left it unmastered).
  Mastery can be lost: a lapse below the target makes it not done again.
- quiz: the best score of the student's submitted quizzes of this assignment; done from
  the first submitted, in progress while one is being taken.
- any: done after the due time is late; not done when the due time has passed is late;
  otherwise in progress with some progress (a review of the set since it was assigned, a
  mastered card, a quiz started), else not started.
"""

import datetime as dt
import math
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from quizzes.models import Assignment, Attempt, Card, Membership, Review, SchoolClass
from quizzes.selectors.progress import MASTERED_STABILITY_DAYS

NOT_STARTED, IN_PROGRESS, DONE, LATE = "not_started", "in_progress", "done", "late"
STATUS_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", DONE: "Done", LATE: "Late"}


def status_of(*, done_at: dt.datetime | None, started: bool, due_at: dt.datetime, now: dt.datetime) -> str:
    if done_at is not None:
        return LATE if done_at > due_at else DONE
    if now > due_at:
        return LATE
    return IN_PROGRESS if started else NOT_STARTED


@dataclass
class Progress:
    """One student on one assignment."""

    assignment: Assignment
    status: str
    started: bool
    done_at: dt.datetime | None = None
    reviews: int = 0  # of the set since it was assigned
    mastered: int = 0  # the set's questions mastered now (a mastery target)
    needed: int = 0  # a study target: reviews, or questions to master
    best_percent: float | None = None  # a quiz
    attempts_used: int = 0  # submitted and open
    open_quiz_id: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def achieved(self) -> int:
        """Toward a study target: reviews counted, or questions mastered."""
        return self.mastered if self.assignment.target_mastered is not None else self.reviews

    @property
    def share(self) -> float | None:
        """A study target's progress (0–1), a quiz's best score (0–1); None before a quiz is submitted."""
        if self.assignment.kind == Assignment.Kind.QUIZ:
            return None if self.best_percent is None else round(self.best_percent / 100, 4)
        return round(min(1.0, self.achieved / self.needed), 4) if self.needed else None

    @property
    def attempts_left(self) -> int:
        return max(0, self.assignment.attempts_allowed - self.attempts_used)

    @property
    def summary(self) -> str:
        """The score or progress in a few words: "6 of 10 reviews", "85%", "3 of 8 mastered"."""
        if self.assignment.kind == Assignment.Kind.QUIZ:
            return "" if self.best_percent is None else f"{self.best_percent:g}%"
        unit = "mastered" if self.assignment.target_mastered is not None else "reviews"
        return f"{min(self.achieved, self.needed)} of {self.needed} {unit}"

    @property
    def left(self) -> str:
        """What is left to do, as the dashboard says it."""
        if self.assignment.kind == Assignment.Kind.QUIZ:
            if self.open_quiz_id is not None:
                return "quiz: one being taken"
            if self.attempts_left == 0:
                return "quiz: no attempt left"
            return f"quiz: {self.attempts_left} attempt{'s' if self.attempts_left != 1 else ''} left"
        missing = max(0, self.needed - self.achieved)
        if self.done or missing == 0:
            return "target reached"
        if self.assignment.target_mastered is not None:
            return f"{missing} more question{'s' if missing != 1 else ''} to master"
        return f"{missing} review{'s' if missing != 1 else ''} to go"


def class_assignments(*, school_class_ids) -> QuerySet[Assignment]:
    """Assignments of these classes, with their sets, classes and the sets' question counts."""
    return (
        Assignment.objects.filter(school_class_id__in=school_class_ids)
        .select_related("question_set", "school_class")
        .annotate(question_count=Count("question_set__questions"))
        .order_by("due_at", "pk")
    )


def needed_for(assignment: Assignment) -> int:
    if assignment.target_reviews is not None:
        return assignment.target_reviews
    if assignment.target_mastered is not None:
        return max(1, math.ceil(assignment.target_mastered * assignment.question_count - 1e-9))
    return 0


def reviews_sql() -> str:
    """Per study assignment and student: reviews of the set since it was assigned (until
    now), and when the target-th was made. Read along review_set_user (set, user).
    Parameters: assignment ids, user ids, now."""
    return f"""
        WITH counted AS (
            SELECT a.id AS assignment_id, r.user_id, r.reviewed_at, a.target_reviews,
                   row_number() OVER (PARTITION BY a.id, r.user_id ORDER BY r.reviewed_at, r.id) AS position
            FROM {Assignment._meta.db_table} a
            JOIN {Review._meta.db_table} r ON r.question_set_id = a.question_set_id
            WHERE a.id = ANY(%s) AND r.user_id = ANY(%s)
              AND r.reviewed_at >= a.created_at AND r.reviewed_at <= %s
        )
        SELECT assignment_id, user_id, count(*), min(reviewed_at) FILTER (WHERE position = target_reviews)
        FROM counted GROUP BY assignment_id, user_id
    """


def mastery_sql() -> str:
    """Per mastery assignment and student: the set's cards mastered now, and since when the
    n-th of them has been (n: the cards the target needs). A card is mastered since its
    first review after the last one that left it unmastered (its last review, for a card
    without such a log). Parameters: the stability, assignment ids, user ids, the stability."""
    mastered_review = "rv.state_after = 'review' AND rv.stability_after >= %s"
    return f"""
        WITH mastered AS (
            SELECT c.id, c.user_id, c.question_set_id, coalesce((
                SELECT min(r.reviewed_at) FROM {Review._meta.db_table} r
                WHERE r.card_id = c.id AND r.reviewed_at > coalesce((
                    SELECT max(rv.reviewed_at) FROM {Review._meta.db_table} rv
                    WHERE rv.card_id = c.id AND NOT ({mastered_review})
                ), '-infinity')
            ), c.last_review) AS since
            FROM {Card._meta.db_table} c
            WHERE c.state = 'review' AND c.stability >= %s AND c.user_id = ANY(%s)
              AND c.question_set_id IN (
                  SELECT question_set_id FROM {Assignment._meta.db_table} WHERE id = ANY(%s)
              )
        ),
        ranked AS (
            SELECT a.id AS assignment_id, m.user_id, m.since,
                   row_number() OVER (PARTITION BY a.id, m.user_id ORDER BY m.since NULLS LAST) AS position
            FROM {Assignment._meta.db_table} a JOIN mastered m ON m.question_set_id = a.question_set_id
            WHERE a.id = ANY(%s) AND a.target_mastered IS NOT NULL
        )
        SELECT assignment_id, user_id, count(*), array_agg(since ORDER BY position)
        FROM ranked GROUP BY assignment_id, user_id
    """


def progress_of(
    *, assignments: list[Assignment], user_ids: list[int], now: dt.datetime
) -> dict[tuple[int, int], Progress]:
    """Every (assignment, student) pair's Progress: at most three statements, whatever the
    number of students, assignments, reviews and quizzes. `assignments` come from
    class_assignments (with question counts)."""
    study = [a.pk for a in assignments if a.kind == Assignment.Kind.STUDY]
    mastery = [a.pk for a in assignments if a.target_mastered is not None]
    quizzes = [a.pk for a in assignments if a.kind == Assignment.Kind.QUIZ]
    reviewed, mastered, taken = {}, {}, {}
    with connections[Assignment.objects.db].cursor() as cursor:
        if study and user_ids:
            cursor.execute(reviews_sql(), [study, user_ids, now])
            reviewed = {(a, u): (count, reached) for a, u, count, reached in cursor.fetchall()}
        if mastery and user_ids:
            stability = MASTERED_STABILITY_DAYS
            cursor.execute(mastery_sql(), [stability, stability, user_ids, mastery, mastery])
            mastered = {(a, u): (count, moments) for a, u, count, moments in cursor.fetchall()}
    if quizzes and user_ids:
        is_open = Q(submitted_at__isnull=True) & (Q(deadline__isnull=True) | Q(deadline__gte=now))
        rows = (
            Attempt.objects.filter(assignment_id__in=quizzes, user_id__in=user_ids)
            .order_by()
            .values("assignment_id", "user_id")
            .annotate(
                used=Count("pk"),
                best=Max("percent"),
                first_submitted=Min("submitted_at"),
                open_id=Max("pk", filter=is_open),
            )
        )
        taken = {(row["assignment_id"], row["user_id"]): row for row in rows}
    cells = {}
    for assignment in assignments:
        needed = needed_for(assignment)
        for user_id in user_ids:
            key = (assignment.pk, user_id)
            cell = Progress(assignment=assignment, status=NOT_STARTED, started=False, needed=needed)
            if assignment.kind == Assignment.Kind.QUIZ:
                row = taken.get(key)
                if row:
                    cell.attempts_used, cell.best_percent = row["used"], row["best"]
                    cell.done_at, cell.open_quiz_id = row["first_submitted"], row["open_id"]
            else:
                cell.reviews, reached = reviewed.get(key, (0, None))
                if assignment.target_reviews is not None:
                    cell.done_at = reached
                else:
                    cell.mastered, moments = mastered.get(key, (0, []))
                    if cell.mastered >= needed:
                        since = moments[needed - 1] or now
                        cell.done_at = max(since, assignment.created_at)
            cell.started = bool(cell.attempts_used or cell.reviews or cell.mastered)
            cell.status = status_of(
                done_at=cell.done_at, started=cell.started, due_at=assignment.due_at, now=now
            )
            cells[key] = cell
    return cells


def assigned_to(*, user, now: dt.datetime) -> list[Progress]:
    """The user's assignments in every class they are a member of, soonest due first, each
    with their progress: four statements at most. (services.assignments.my_assignments
    scores their expired quizzes first.)"""
    classes = Membership.objects.filter(user=user).values("school_class")
    assignments = list(class_assignments(school_class_ids=classes))
    cells = progress_of(assignments=assignments, user_ids=[user.pk], now=now)
    return [cells[(assignment.pk, user.pk)] for assignment in assignments]


# The dashboard lists what is still to do, and what was done in the last week.
RECENTLY_DONE = dt.timedelta(days=7)


def to_show_on_dashboard(work: list[Progress], *, now: dt.datetime) -> list[Progress]:
    return [cell for cell in work if not cell.done or cell.done_at >= now - RECENTLY_DONE]


def class_access(*, user, class_id: int) -> tuple[SchoolClass, bool]:
    """The class and whether the user teaches it (its teacher, or an admin). Its members see
    it too; to anyone else it does not exist (SchoolClass.DoesNotExist: a 404). One query."""
    is_member = Exists(Membership.objects.filter(school_class=OuterRef("pk"), user=user))
    school_class = SchoolClass.objects.annotate(is_member=is_member).get(pk=class_id)
    teaches = getattr(user, "is_admin", False) or school_class.teacher_id == user.pk
    if not (teaches or school_class.is_member):
        raise SchoolClass.DoesNotExist("Not a class of yours.")
    return school_class, teaches


def classes_taught(*, user) -> QuerySet[SchoolClass]:
    """The classes on a teacher's pages: their own (an admin's: their own too; every class is
    in the admin panel)."""
    return SchoolClass.objects.filter(teacher=user).order_by("name", "pk")
