"""Assignments: a teacher sets a class a set to study (a target by a due date) or a quiz
(its settings, how many attempts, a window); students start the quiz with those settings.

Each write is one transaction. The reads that count quizzes (the gradebook, a student's
assignments) score the quizzes whose time ran out first, as services.attempts' reads do.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from quizzes.models import Assignment, Attempt, Membership, Question, QuestionSet, SchoolClass
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import gradebook
from quizzes.services import attempts

MAX_ATTEMPTS = 20
MIN_TIME_LIMIT_S = 10


class AssignmentError(Exception):
    """An assignment that cannot be saved; `errors` maps fields to reasons (a 400)."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class AssignmentClosed(Exception):
    """The quiz cannot be started now: not open yet, closed, or no attempt left (a 409)."""


def assignable_sets(*, user):
    """The sets a teacher may assign: published sets they can see (their own and public ones;
    an admin, any published set). A draft would be invisible to the students."""
    return QuestionSet.objects.visible_to(user).filter(is_published=True)


def quiz_pool_size(*, question_set: QuestionSet, kinds: list[str], types: list[str]) -> int:
    questions = Question.objects.filter(question_set=question_set)
    if kinds:
        questions = questions.filter(kind__in=kinds)
    if types:
        questions = questions.filter(type__in=types)
    return questions.count()


def whole_number(value, *, field: str, errors: dict, minimum: int, maximum: int | None = None):
    if isinstance(value, bool) or not isinstance(value, int):
        errors[field] = ["A whole number."]
        return None
    if value < minimum or (maximum is not None and value > maximum):
        errors[field] = [f"From {minimum} to {maximum}." if maximum is not None else f"At least {minimum}."]
        return None
    return value


def choice_list(value, *, field: str, errors: dict, allowed) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors[field] = ["A list of names."]
        return []
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        errors[field] = [f"Unknown: {', '.join(unknown)}; one of {', '.join(allowed)}."]
        return []
    return sorted(set(value))


def checked_fields(
    *,
    question_set: QuestionSet,
    kind: str,
    due_at,
    title: str,
    study: dict | None,
    quiz: dict | None,
) -> dict:
    """The model fields of a valid assignment, or AssignmentError naming every field wrong."""
    errors: dict[str, list[str]] = {}
    fields: dict = {"title": (title or "").strip(), "due_at": due_at}
    if len(fields["title"]) > 200:
        errors["title"] = ["At most 200 characters."]
    if not isinstance(due_at, dt.datetime):
        errors["due_at"] = ["A date and time."]
    if kind == Assignment.Kind.STUDY:
        if quiz:
            errors["quiz"] = ["A study assignment has no quiz settings."]
        study = study or {}
        reviews, mastered = study.get("target_reviews"), study.get("target_mastered")
        unknown = set(study) - {"target_reviews", "target_mastered"}
        if unknown:
            errors["study"] = [f"Unknown: {', '.join(sorted(unknown))}."]
        elif (reviews is None) == (mastered is None):
            errors["study"] = [
                "Give one target: target_reviews (a number) or target_mastered (a share, 0–1)."
            ]
        elif reviews is not None:
            fields["target_reviews"] = whole_number(
                reviews, field="study.target_reviews", errors=errors, minimum=1, maximum=10_000
            )
        elif isinstance(mastered, bool) or not isinstance(mastered, int | float) or not 0 < mastered <= 1:
            errors["study.target_mastered"] = ["A share of the set's questions: more than 0, at most 1."]
        else:
            fields["target_mastered"] = float(mastered)
    elif kind == Assignment.Kind.QUIZ:
        if study:
            errors["study"] = ["A quiz assignment has no study target."]
        quiz = quiz or {}
        known = {"size", "kinds", "types", "time_limit_s", "attempts", "opens_at", "closes_at"}
        if unknown := set(quiz) - known:
            errors["quiz"] = [f"Unknown: {', '.join(sorted(unknown))}."]
        kinds = choice_list(
            quiz.get("kinds"), field="quiz.kinds", errors=errors, allowed=Question.Kind.values
        )
        types = choice_list(
            quiz.get("types"), field="quiz.types", errors=errors, allowed=Question.Type.values
        )
        pool = quiz_pool_size(question_set=question_set, kinds=kinds, types=types)
        if pool == 0:
            errors["quiz.size"] = ["No question of this set matches the kinds and types chosen."]
        elif "size" not in quiz:
            errors["quiz.size"] = ["How many questions: required."]
        else:
            fields["quiz_size"] = whole_number(
                quiz["size"], field="quiz.size", errors=errors, minimum=1,
                maximum=min(pool, attempts.MAX_QUIZ_SIZE),
            )  # fmt: skip
        limit = quiz.get("time_limit_s")
        if limit is not None:
            limit = whole_number(
                limit, field="quiz.time_limit_s", errors=errors, minimum=MIN_TIME_LIMIT_S,
                maximum=int(attempts.MAX_TIME_LIMIT.total_seconds()),
            )  # fmt: skip
        allowed = whole_number(
            quiz.get("attempts", 1), field="quiz.attempts", errors=errors, minimum=1, maximum=MAX_ATTEMPTS
        )
        opens_at, closes_at = quiz.get("opens_at"), quiz.get("closes_at")
        for name, moment in (("opens_at", opens_at), ("closes_at", closes_at)):
            if moment is not None and not isinstance(moment, dt.datetime):
                errors[f"quiz.{name}"] = ["A date and time."]
        if isinstance(opens_at, dt.datetime) and isinstance(closes_at, dt.datetime) and opens_at >= closes_at:
            errors["quiz.closes_at"] = ["After the opening time."]
        fields.update(
            quiz_kinds=kinds, quiz_types=types, time_limit_s=limit, attempts_allowed=allowed or 1,
            opens_at=opens_at, closes_at=closes_at,
        )  # fmt: skip
    else:
        errors["kind"] = ["study or quiz."]
    if errors:
        raise AssignmentError(errors)
    return fields


@transaction.atomic
def create_assignment(
    *,
    user,
    school_class: SchoolClass,
    question_set: QuestionSet | int,
    kind: str,
    due_at: dt.datetime,
    title: str = "",
    study: dict | None = None,
    quiz: dict | None = None,
) -> Assignment:
    """Assign a set to a class. `user` is the teacher (or an admin) assigning it: the set
    must be published and visible to them. A set visible only to classes
    (`QuestionSet.Visibility.CLASS`) becomes visible to this class's members by it."""
    set_id = question_set.pk if isinstance(question_set, QuestionSet) else question_set
    found = assignable_sets(user=user).filter(pk=set_id).first()
    if found is None:
        raise AssignmentError({"set": ["No published set of yours (or public set) has this id."]})
    fields = checked_fields(question_set=found, kind=kind, due_at=due_at, title=title, study=study, quiz=quiz)
    return Assignment.objects.create(school_class=school_class, question_set=found, kind=kind, **fields)


@transaction.atomic
def update_assignment(
    *,
    assignment: Assignment,
    due_at: dt.datetime | None = None,
    title: str | None = None,
    study: dict | None = None,
    quiz: dict | None = None,
) -> Assignment:
    """Change an assignment's title, due date, target or quiz settings (validated as when
    created; what is not given is kept). Its set and kind stay: assign anew for another."""
    current_quiz = {
        "size": assignment.quiz_size, "kinds": assignment.quiz_kinds, "types": assignment.quiz_types,
        "time_limit_s": assignment.time_limit_s, "attempts": assignment.attempts_allowed,
        "opens_at": assignment.opens_at, "closes_at": assignment.closes_at,
    }  # fmt: skip
    if assignment.kind == Assignment.Kind.QUIZ:
        study_target, quiz_settings = None, {**current_quiz, **(quiz or {})}
    else:
        current = {"target_reviews": assignment.target_reviews, "target_mastered": assignment.target_mastered}
        study_target = study or {name: value for name, value in current.items() if value is not None}
        quiz_settings = quiz
    fields = checked_fields(
        question_set=assignment.question_set,
        kind=assignment.kind,
        due_at=due_at if due_at is not None else assignment.due_at,
        title=title if title is not None else assignment.title,
        study=study_target,
        quiz=quiz_settings,
    )
    if assignment.kind == Assignment.Kind.STUDY:  # one target: the other is cleared
        fields = {"target_reviews": None, "target_mastered": None, **fields}
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


def delete_assignment(*, assignment: Assignment) -> None:
    """Its quizzes stay the students' (Attempt.assignment is set to null)."""
    assignment.delete()


def members_assignment(*, user, assignment_id: int) -> Assignment:
    """An assignment of a class the user is a member of; Assignment.DoesNotExist otherwise
    (a 404: the teacher of the class, not a member, does not take its quiz)."""
    return Assignment.objects.select_related("question_set", "school_class").get(
        pk=assignment_id,
        school_class__in=Membership.objects.filter(user=user).values("school_class"),
    )


def start_assigned_quiz(*, user, assignment: Assignment, now: dt.datetime | None = None) -> Attempt:
    """Start the quiz of a quiz assignment with its settings. Raises Assignment.DoesNotExist
    (not a member: 404), attempts.QuizError (a study assignment: 400), AssignmentClosed
    (before it opens, after it closes, no attempt left: 409), attempts.QuizAlreadyOpen (409).

    The deadline is the time limit's, brought forward to the closing time. A second start
    racing the first is stopped by the one-open-quiz-per-set constraint, so the attempts
    counted here cannot exceed the allowance by a race."""
    now = now or timezone.now()
    if not Membership.objects.filter(school_class_id=assignment.school_class_id, user=user).exists():
        raise Assignment.DoesNotExist("Not a member of the class.")
    if assignment.kind != Assignment.Kind.QUIZ:
        raise attempts.QuizError({"assignment": ["This assignment is to study, not a quiz."]})
    if assignment.opens_at is not None and now < assignment.opens_at:
        raise AssignmentClosed(f"This quiz opens at {assignment.opens_at.isoformat()}.")
    if assignment.closes_at is not None and now >= assignment.closes_at:
        raise AssignmentClosed(f"This quiz closed at {assignment.closes_at.isoformat()}.")
    taken = Attempt.objects.filter(user=user, assignment=assignment).count()
    if taken >= assignment.attempts_allowed:
        allowed = assignment.attempts_allowed
        raise AssignmentClosed(
            f"No attempt left: this quiz allows {allowed} attempt{'s' if allowed > 1 else ''}."
        )
    return attempts.start_quiz(
        user=user,
        question_set=assignment.question_set,
        size=assignment.quiz_size,
        kinds=assignment.quiz_kinds,
        types=assignment.quiz_types,
        time_limit_s=assignment.time_limit_s,
        now=now,
        assignment=assignment,
    )


# Reads that count quizzes: the expired ones of these assignments are scored first.


def close_expired(*, assignment_ids, now: dt.datetime) -> int:
    return attempts.grade_attempts(
        Attempt.objects.expired(now).filter(assignment_id__in=assignment_ids), now=now
    )


def my_assignments(*, user, now: dt.datetime) -> list[assignment_reads.Progress]:
    """What is assigned to the user (assignments.assigned_to), their expired quizzes scored first."""
    attempts.close_expired_attempts(user=user, now=now)
    return assignment_reads.assigned_to(user=user, now=now)


def class_gradebook(*, school_class: SchoolClass, now: dt.datetime) -> gradebook.Gradebook:
    """The class's gradebook (gradebook.gradebook), its expired assigned quizzes scored first."""
    close_expired(assignment_ids=school_class.assignments.values("pk"), now=now)
    return gradebook.gradebook(school_class=school_class, now=now)


def student_history(*, school_class: SchoolClass, student, now: dt.datetime) -> gradebook.StudentHistory:
    attempts.close_expired_attempts(user=student, now=now)
    return gradebook.student_history(school_class=school_class, student=student, now=now)


def class_leaderboard(*, school_class: SchoolClass, now: dt.datetime) -> list[dict]:
    """The class's leaderboard (gradebook.class_leaderboard), its members' expired quizzes on
    the assigned sets scored first."""
    expired = Attempt.objects.expired(now).filter(
        question_set__in=gradebook.assigned_sets(school_class),
        user__in=Membership.objects.filter(school_class=school_class).values("user"),
    )
    attempts.grade_attempts(expired, now=now)
    return gradebook.class_leaderboard(school_class=school_class)
