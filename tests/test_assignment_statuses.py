"""The status rule (selectors.assignments): not started, in progress, done and late, for
study targets and quizzes, at given times."""

import datetime as dt

import pytest
from assignment_helpers import T0, add_reviews, assign, make_class, master, submitted_quiz

from quizzes.selectors.assignments import assigned_to, progress_of
from quizzes.selectors.assignments import class_assignments as with_counts

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
DUE = T0 + 7 * DAY


def status(user, assignment, now):
    [found] = with_counts(school_class_ids=[assignment.school_class_id])
    return progress_of(assignments=[found], user_ids=[user.pk], now=now)[(found.pk, user.pk)]


@pytest.fixture
def study(tina, alice, tinas_set):
    return assign(make_class(tina, alice), tinas_set, target_reviews=3, due_at=DUE)


def test_a_study_assignment_is_not_started_without_reviews_since_it_was_assigned(alice, study):
    add_reviews(alice, study.question_set, times=[T0 - DAY, T0 - DAY])  # before it was assigned

    cell = status(alice, study, T0 + DAY)

    assert (cell.status, cell.reviews, cell.left) == ("not_started", 0, "3 reviews to go")


def test_a_study_assignment_is_in_progress_with_some_reviews(alice, study):
    add_reviews(alice, study.question_set, times=[T0 + DAY, T0 + DAY])

    cell = status(alice, study, T0 + 2 * DAY)

    assert (cell.status, cell.reviews, cell.left, cell.share) == ("in_progress", 2, "1 review to go", 0.6667)


def test_a_study_assignment_is_done_when_the_target_is_reached_before_it_is_due(alice, study):
    add_reviews(alice, study.question_set, times=[T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 8 * DAY])

    cell = status(alice, study, T0 + 9 * DAY)

    assert (cell.status, cell.done_at, cell.reviews) == ("done", T0 + 3 * DAY, 4)


def test_reviews_after_now_do_not_count(alice, study):
    add_reviews(alice, study.question_set, times=[T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY])

    assert status(alice, study, T0 + 2 * DAY).status == "in_progress"


def test_a_study_target_reached_after_the_due_date_is_late(alice, study):
    add_reviews(alice, study.question_set, times=[T0 + DAY, T0 + 2 * DAY, DUE + DAY])

    cell = status(alice, study, DUE + 2 * DAY)

    assert (cell.status, cell.done_at) == ("late", DUE + DAY)


def test_a_study_target_not_reached_by_the_due_date_is_late(alice, study):
    add_reviews(alice, study.question_set, times=[T0 + DAY])

    assert status(alice, study, DUE + DAY).status == "late"
    assert status(alice, study, DUE - DAY).status == "in_progress"


def test_another_sets_reviews_do_not_count(alice, study, tinas_draft):
    add_reviews(alice, tinas_draft, times=[T0 + DAY] * 3)

    assert status(alice, study, T0 + 2 * DAY).status == "not_started"


def test_a_mastery_target_counts_the_sets_questions_mastered(tina, alice, tinas_set):
    # 4 questions, 50%: 2 to master.
    assignment = assign(make_class(tina, alice), tinas_set, target_mastered=0.5, due_at=DUE)

    assert status(alice, assignment, T0 + DAY).status == "not_started"
    master(alice, tinas_set, count=1, at=T0 + DAY)
    cell = status(alice, assignment, T0 + 2 * DAY)
    assert (cell.status, cell.mastered, cell.needed, cell.left) == (
        "in_progress",
        1,
        2,
        "1 more question to master",
    )
    master(alice, tinas_set, count=2, at=T0 + 3 * DAY)
    cell = status(alice, assignment, T0 + 4 * DAY)
    assert (cell.status, cell.done_at) == ("done", T0 + 3 * DAY)


def test_a_mastery_target_reached_late_is_late(tina, alice, tinas_set):
    assignment = assign(make_class(tina, alice), tinas_set, target_mastered=0.5, due_at=DUE)
    master(alice, tinas_set, count=2, at=DUE + DAY)

    assert status(alice, assignment, DUE + 2 * DAY).status == "late"


def test_mastery_from_before_the_assignment_counts_as_done_on_time(tina, alice, tinas_set):
    assignment = assign(make_class(tina, alice), tinas_set, target_mastered=1.0, due_at=DUE)
    master(alice, tinas_set, count=4, at=T0 - 3 * DAY)

    cell = status(alice, assignment, T0 + DAY)

    assert (cell.status, cell.done_at) == ("done", T0)


@pytest.fixture
def quiz(tina, alice, tinas_set):
    return assign(
        make_class(tina, alice), tinas_set, kind="quiz", quiz_size=2, attempts_allowed=2, due_at=DUE
    )


def test_a_quiz_assignment_is_not_started_without_a_quiz(alice, quiz):
    cell = status(alice, quiz, T0 + DAY)

    assert (cell.status, cell.left, cell.best_percent) == ("not_started", "quiz: 2 attempts left", None)


def test_a_quiz_assignment_is_in_progress_while_its_quiz_is_open(alice, quiz):
    from quizzes.services import assignments

    attempt = assignments.start_assigned_quiz(user=alice, assignment=quiz, now=T0 + DAY)

    cell = status(alice, quiz, T0 + DAY)

    assert (cell.status, cell.open_quiz_id, cell.left) == ("in_progress", attempt.pk, "quiz: one being taken")


def test_a_quiz_assignment_is_done_with_its_best_score_once_submitted_in_time(alice, quiz):
    submitted_quiz(alice, quiz, at=T0 + DAY, percent=50.0)
    submitted_quiz(alice, quiz, at=T0 + 2 * DAY, percent=100.0)

    cell = status(alice, quiz, T0 + 3 * DAY)

    assert (cell.status, cell.best_percent, cell.done_at, cell.attempts_left) == ("done", 100.0, T0 + DAY, 0)


def test_a_quiz_submitted_after_the_due_date_is_late(alice, quiz):
    submitted_quiz(alice, quiz, at=DUE + DAY, percent=50.0)

    assert status(alice, quiz, DUE + 2 * DAY).status == "late"


def test_a_quiz_not_taken_by_the_due_date_is_late(alice, quiz):
    assert status(alice, quiz, DUE + DAY).status == "late"


def test_a_student_sees_the_assignments_of_their_classes_only(tina, alice, bob, tinas_set):
    mine = assign(make_class(tina, alice, name="7B"), tinas_set)
    assign(make_class(tina, bob, name="8C"), tinas_set)

    assert [cell.assignment.pk for cell in assigned_to(user=alice, now=T0)] == [mine.pk]
