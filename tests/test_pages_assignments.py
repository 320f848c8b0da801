"""The assignment pages: "Assigned to you" on the dashboard, starting an assigned quiz,
and the teacher's assignment form, list, gradebook (with its CSV) and a student's history."""

import datetime as dt

import pytest
from assignment_helpers import add_reviews, assign, make_class, submitted_quiz

from quizzes.models import Assignment, Attempt, Job

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def now():
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def seventh(tina, alice, bob, tinas_set):
    school_class = make_class(tina, alice, bob)
    assign(school_class, tinas_set, target_reviews=12, created_at=now() - DAY, due_at=now() + 3 * DAY)
    assign(
        school_class, tinas_set, kind="quiz", title="Friday quiz", created_at=now() - DAY,
        due_at=now() + 4 * DAY, quiz_size=2, attempts_allowed=1, time_limit_s=300,
    )  # fmt: skip
    return school_class


def test_the_dashboard_says_what_is_left_of_each_assignment(client, alice, seventh):
    client.force_login(alice)

    page = client.get("/").content.decode()

    assert "Assigned to you" in page
    assert "12 reviews to go" in page
    assert "quiz: 1 attempt left" in page
    assert "Friday quiz" in page
    assert "Start the quiz" in page


def test_no_assigned_section_without_a_class(client, tina):
    client.force_login(tina)

    assert "Assigned to you" not in client.get("/").content.decode()


def test_a_student_starts_an_assigned_quiz_from_the_dashboard(client, alice, seventh):
    client.force_login(alice)
    quiz = seventh.assignments.get(kind="quiz")

    response = client.post(f"/assignments/{quiz.pk}/quiz/")

    attempt = Attempt.objects.get(user=alice, assignment=quiz)
    assert response.status_code == 302
    assert response["Location"] == f"/quizzes/{attempt.pk}/"
    assert attempt.total == 2
    assert "quiz: one being taken" in client.get("/").content.decode()


def test_no_attempt_left_is_said_on_the_dashboard(client, alice, seventh):
    client.force_login(alice)
    quiz = seventh.assignments.get(kind="quiz")
    submitted_quiz(alice, quiz, at=now(), percent=50.0)

    response = client.post(f"/assignments/{quiz.pk}/quiz/", follow=True)

    assert "No attempt left" in response.content.decode()


def test_a_non_member_cannot_start_it(client, tom, seventh):
    client.force_login(tom)

    assert client.post(f"/assignments/{seventh.assignments.get(kind='quiz').pk}/quiz/").status_code == 404


def test_a_teacher_assigns_a_quiz_with_the_form(client, tina, seventh, tinas_set):
    client.force_login(tina)
    form = {
        "question_set": tinas_set.pk, "kind": "quiz", "title": "Timed", "due_at": "2031-05-01T10:00",
        "size": 3, "types": ["choice", "text", "true_false"], "minutes": 5, "attempts_allowed": 2,
    }  # fmt: skip

    response = client.post(f"/teach/classes/{seventh.pk}/assignments/new/", form)

    assert response.status_code == 302
    saved = Assignment.objects.get(title="Timed")
    assert (saved.quiz_size, saved.time_limit_s, saved.attempts_allowed) == (3, 300, 2)


def test_a_refused_assignment_shows_the_reason_beside_its_field(client, tina, seventh, tinas_set):
    client.force_login(tina)
    form = {"question_set": tinas_set.pk, "kind": "quiz", "due_at": "2031-05-01T10:00", "size": 9}

    response = client.post(f"/teach/classes/{seventh.pk}/assignments/new/", form)

    assert response.status_code == 400
    assert response.context["form"].errors["size"] == ["From 1 to 4."]


def test_a_study_target_as_a_percent_mastered(client, tina, seventh, tinas_set):
    client.force_login(tina)
    form = {
        "question_set": tinas_set.pk, "kind": "study", "due_at": "2031-05-01T10:00", "target": "mastered",
        "target_percent": 75,
    }  # fmt: skip

    assert client.post(f"/teach/classes/{seventh.pk}/assignments/new/", form).status_code == 302
    assert Assignment.objects.get(target_mastered=0.75)


def test_the_gradebook_page_shows_each_status_in_words_and_downloads(client, tina, alice, seventh, tinas_set):
    add_reviews(alice, tinas_set, times=[now() - dt.timedelta(hours=1)] * 3)
    client.force_login(tina)

    page = client.get(f"/teach/classes/{seventh.pk}/gradebook/").content.decode()
    download = client.post(f"/teach/classes/{seventh.pk}/gradebook/file/")

    assert "In progress" in page and "Not started" in page and "3 of 12 reviews" in page
    assert "Where the class is weakest" in page and "Class leaderboard" in page
    # Built in the background (the file itself: tests/test_jobs_background_work.py).
    job = Job.objects.get()
    assert download.status_code == 302 and download.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.school_class, job.owner) == (Job.Kind.GRADEBOOK, seventh, tina)


def test_the_teacher_pages_are_the_teachers_alone(client, alice, tom, seventh):
    client.force_login(alice)
    assert client.get(f"/teach/classes/{seventh.pk}/gradebook/").status_code == 403
    client.force_login(tom)
    for url in ("gradebook/", "assignments/", "assignments/new/", f"gradebook/{alice.pk}/"):
        assert client.get(f"/teach/classes/{seventh.pk}/{url}").status_code == 404


def test_a_teacher_deletes_an_assignment(client, tina, seventh):
    client.force_login(tina)
    quiz = seventh.assignments.get(kind="quiz")

    response = client.post(f"/teach/assignments/{quiz.pk}/delete/")

    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=quiz.pk).exists()


def test_a_students_history_page(client, tina, alice, seventh):
    submitted_quiz(alice, seventh.assignments.get(kind="quiz"), at=now(), percent=50.0)
    client.force_login(tina)

    page = client.get(f"/teach/classes/{seventh.pk}/gradebook/{alice.pk}/").content.decode()

    assert "Friday quiz" in page and "50%" in page


def test_my_sets_links_the_classes(client, tina, seventh):
    client.force_login(tina)

    page = client.get("/teach/").content.decode()

    assert f"/teach/classes/{seventh.pk}/gradebook/" in page
