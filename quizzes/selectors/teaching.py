"""What a teacher reads: their sets, the questions to copy, and a set's results by student and question."""

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from quizzes.models import Attempt, AttemptAnswer, Card, Question, QuestionSet, Review
from quizzes.selectors.progress import accuracy

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


def teacher_sets(*, user) -> QuerySet[QuestionSet]:
    """The sets on a teacher's page, with question counts: their own, or for an admin every
    authored set (generated sets are refreshed from their facts, not edited by hand)."""
    sets = (
        QuestionSet.objects.exclude(owner=None) if user.is_admin else QuestionSet.objects.filter(owner=user)
    )
    return sets.select_related("owner").annotate(question_count=Count("questions")).order_by("title", "pk")


def sets_to_copy_from(*, user, into: QuestionSet) -> QuerySet[QuestionSet]:
    """The copy rule, for the API and the page alike: questions come from any other set the
    teacher can see (published sets and their own drafts; an admin, every set), never from
    the set they go into."""
    return QuestionSet.objects.visible_to(user).exclude(pk=into.pk).order_by("title", "pk")


def questions_to_copy(
    *,
    user,
    into: QuestionSet,
    ids: list[int] | None = None,
    set_id: int | None = None,
    kind: str = "",
    type: str = "",
) -> QuerySet[Question]:
    """Questions of `sets_to_copy_from`: those ids and (or) those of one set, of a kind or
    type if given; with what `copy_questions` reads."""
    questions = Question.objects.filter(question_set__in=sets_to_copy_from(user=user, into=into))
    if ids is not None and set_id:
        questions = questions.filter(Q(pk__in=ids) | Q(question_set_id=set_id))
    elif ids is not None:
        questions = questions.filter(pk__in=ids)
    elif set_id:
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
