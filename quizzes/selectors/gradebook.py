"""A class's gradebook (members × assignments), a student's history in it, the class's
leaderboard and where the class is weakest. Each is a bounded number of statements,
whatever the class's size and history (tests/test_gradebook_queries.py)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections

from accounts.models import User
from quizzes.models import (
    Assignment,
    Attempt,
    AttemptAnswer,
    Card,
    Event,
    Membership,
    Person,
    Place,
    Question,
    QuestionSet,
    SchoolClass,
)
from quizzes.selectors import progress
from quizzes.selectors.assignments import Progress, class_assignments, progress_of
from quizzes.selectors.progress import accuracy


def student_name(user) -> str:
    """The name a school's lists use: the full name where the account has one, else the username."""
    return user.get_full_name() or user.username


@dataclass
class Row:
    student: User
    cells: list[Progress]

    @property
    def name(self) -> str:
        return student_name(self.student)

    @property
    def not_started(self) -> int:
        return sum(not cell.started for cell in self.cells)


@dataclass
class Gradebook:
    school_class: SchoolClass
    assignments: list[Assignment]
    rows: list[Row] = field(default_factory=list)


def members_of(school_class: SchoolClass):
    return User.objects.filter(memberships__school_class=school_class)


def gradebook(*, school_class: SchoolClass, now: dt.datetime) -> Gradebook:
    """Members × assignments; those who have started the fewest assignments first (who has
    not started at all leads), then by name. Five statements at most: the members, the
    assignments, and progress_of's three aggregates (reviews, mastery, quizzes)."""
    members = list(members_of(school_class).order_by("last_name", "first_name", "username"))
    assignments = list(class_assignments(school_class_ids=[school_class.pk]))
    cells = progress_of(assignments=assignments, user_ids=[member.pk for member in members], now=now)
    rows = [
        Row(student=member, cells=[cells[(assignment.pk, member.pk)] for assignment in assignments])
        for member in members
    ]
    rows.sort(key=lambda row: (-row.not_started, row.name.casefold(), row.student.pk))
    return Gradebook(school_class=school_class, assignments=assignments, rows=rows)


@dataclass
class StudentHistory:
    student: User
    cells: list[Progress]
    quizzes: list[Attempt]

    @property
    def name(self) -> str:
        return student_name(self.student)


def student_history(*, school_class: SchoolClass, student, now: dt.datetime) -> StudentHistory:
    """One member's progress on each of the class's assignments, and every quiz they took
    for them (newest first)."""
    assignments = list(class_assignments(school_class_ids=[school_class.pk]))
    cells = progress_of(assignments=assignments, user_ids=[student.pk], now=now)
    quizzes = list(
        Attempt.objects.filter(user=student, assignment__school_class=school_class)
        .select_related("assignment", "question_set")
        .order_by("-started_at", "-pk")
    )
    return StudentHistory(
        student=student, cells=[cells[(a.pk, student.pk)] for a in assignments], quizzes=quizzes
    )


def assigned_sets(school_class: SchoolClass):
    return Assignment.objects.filter(school_class=school_class).values("question_set")


CLASS_LEADERBOARD_SIZE = 20


def class_leaderboard(*, school_class: SchoolClass) -> list[dict]:
    """Members by points earned on the class's assigned sets (reviews and quizzes), listed
    only under a nickname and if they did not opt out (User.objects.on_leaderboards(), as
    every leaderboard). Two statements. Rows carry `user_id` for the pages to mark one's own."""
    listed = User.objects.on_leaderboards().filter(memberships__school_class=school_class)
    return progress.ranked_standings(
        sets=assigned_sets(school_class), listed=listed, size=CLASS_LEADERBOARD_SIZE
    )


WEAKEST_SIZE = 10
WEAKEST_MIN_ANSWERS = 3  # as progress.KNOWN_WELL_MIN_ANSWERS: one lucky or unlucky answer says little


def weakest_sql() -> str:
    """The set results' item analysis (teaching.results_cells_sql: study from the cards'
    counts, quizzes from their saved verdicts), restricted to the class's members and its
    assigned sets, summed per question. Parameters: the class, five times; the minimum
    answers, the limit."""
    assigned = f"SELECT question_set_id FROM {Assignment._meta.db_table} WHERE school_class_id = %s"
    members = f"SELECT user_id FROM {Membership._meta.db_table} WHERE school_class_id = %s"
    return f"""
        WITH cells AS (
            SELECT user_id, question_id, reps AS total, right_reps AS right_count
            FROM {Card._meta.db_table}
            WHERE question_set_id IN ({assigned}) AND user_id IN ({members}) AND reps > 0
            UNION ALL
            SELECT a.user_id, aa.question_id, count(*), count(*) FILTER (WHERE aa.correct)
            FROM {AttemptAnswer._meta.db_table} aa JOIN {Attempt._meta.db_table} a ON a.id = aa.attempt_id
            WHERE a.question_set_id IN ({assigned}) AND a.user_id IN ({members})
              AND a.submitted_at IS NOT NULL
            GROUP BY a.user_id, aa.question_id
        ),
        totals AS (
            SELECT question_id, sum(total) AS answered, sum(right_count) AS right_count,
                   count(DISTINCT user_id) AS students
            FROM cells GROUP BY question_id
        )
        SELECT q.id, q.prompt, s.id, s.title, coalesce(p.name, pl.name, e.name, ''),
               t.answered, t.right_count, t.students
        FROM totals t
        JOIN {Question._meta.db_table} q ON q.id = t.question_id
        JOIN {QuestionSet._meta.db_table} s ON s.id = q.question_set_id
        LEFT JOIN {Person._meta.db_table} p ON p.id = q.person_id
        LEFT JOIN {Place._meta.db_table} pl ON pl.id = q.place_id
        LEFT JOIN {Event._meta.db_table} e ON e.id = q.event_id
        WHERE t.answered >= %s AND t.right_count < t.answered
          AND q.question_set_id IN ({assigned})
        ORDER BY t.right_count * 1.0 / t.answered, t.answered DESC, q.id
        LIMIT %s
    """


def weakest_questions(*, school_class: SchoolClass, limit: int = WEAKEST_SIZE) -> list[dict]:
    """The questions of the assigned sets the class's members miss most (share right, lowest
    first; answered at least WEAKEST_MIN_ANSWERS times), each with its fact (the person,
    place or event it asks about, if generated) and set. One statement."""
    class_id = school_class.pk
    with connections[Question.objects.db].cursor() as cursor:
        cursor.execute(weakest_sql(), [class_id] * 4 + [WEAKEST_MIN_ANSWERS, class_id, limit])
        rows = cursor.fetchall()
    return [
        {
            "question": question_id,
            "prompt": prompt,
            "set": set_id,
            "set_title": set_title,
            "fact": fact,
            "answered": int(answered),
            "students": students,
            "accuracy": accuracy(int(right), int(answered)),
        }
        for question_id, prompt, set_id, set_title, fact, answered, right, students in rows
    ]
