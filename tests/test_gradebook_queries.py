"""The gradebook takes the same number of queries for 3 students × 2 assignments as for a
class of 40 with 30 assignments and a long history (docs/architecture.md: queries are counted)."""

import datetime as dt

import pytest
from assignment_helpers import T0, assign, make_class, review_rows, submitted_quiz
from factories import authored_set, make_user

from accounts.models import User
from quizzes.models import Attempt, Review
from quizzes.selectors import gradebook
from quizzes.services import assignments

pytestmark = pytest.mark.django_db

NOW = T0 + dt.timedelta(days=10)


def build(teacher, *, students: int, assignment_count: int, reviews_each: int):
    question_set = authored_set(owner=teacher, title="Dates", is_published=True)
    users = User.objects.bulk_create(
        [User(username=f"s{teacher.pk}-{n}", role="student") for n in range(students)]
    )
    school_class = make_class(teacher, *users, name=f"class of {students}")
    made = []
    for n in range(assignment_count):
        kind = ("study", "quiz", "mastery")[n % 3]
        if kind == "mastery":
            made.append(
                assign(school_class, question_set, target_mastered=0.5, due_at=T0 + dt.timedelta(days=n))
            )
        else:
            made.append(assign(school_class, question_set, kind=kind, due_at=T0 + dt.timedelta(days=n)))
    history = []
    for user in users:
        times = [T0 + dt.timedelta(minutes=minute) for minute in range(reviews_each)]
        history.extend(review_rows(user, question_set, times=times))
    Review.objects.bulk_create(history)
    for user in users[::2]:
        for assignment in made:
            if assignment.kind == "quiz":
                submitted_quiz(user, assignment, at=T0 + dt.timedelta(hours=1), percent=50.0)
    return school_class


def test_the_gradebook_takes_as_many_queries_for_40_by_30_as_for_3_by_2(tina, tom, django_assert_num_queries):
    small = build(tina, students=3, assignment_count=3, reviews_each=5)
    large = build(tom, students=40, assignment_count=30, reviews_each=60)
    assert Attempt.objects.filter(assignment__school_class=large).count() == 20 * 10

    with django_assert_num_queries(6):  # expired quizzes scored, members, assignments, 3 aggregates
        small_book = assignments.class_gradebook(school_class=small, now=NOW)
    with django_assert_num_queries(6):
        large_book = assignments.class_gradebook(school_class=large, now=NOW)

    assert (len(small_book.rows), len(small_book.assignments)) == (3, 3)
    assert (len(large_book.rows), len(large_book.assignments)) == (40, 30)
    assert all(len(row.cells) == 30 for row in large_book.rows)


def test_the_csv_and_leaderboard_and_weakest_are_bounded_too(tom, django_assert_num_queries):
    large = build(tom, students=40, assignment_count=30, reviews_each=20)
    from quizzes.transfer.gradebook_csv import gradebook_csv

    book = assignments.class_gradebook(school_class=large, now=NOW)
    with django_assert_num_queries(0):
        gradebook_csv(book)
    with django_assert_num_queries(3):  # expired quizzes scored, reviews, quizzes
        assignments.class_leaderboard(school_class=large, now=NOW)
    with django_assert_num_queries(1):
        gradebook.weakest_questions(school_class=large)


def test_a_student_reads_their_assignments_in_a_bounded_number_of_queries(tina, django_assert_num_queries):
    large = build(tina, students=2, assignment_count=30, reviews_each=40)
    student = make_user("zed")
    large.memberships.create(user=student)

    with django_assert_num_queries(5):  # expired quizzes scored, assignments, 3 aggregates
        work = assignments.my_assignments(user=student, now=NOW)

    assert len(work) == 30
