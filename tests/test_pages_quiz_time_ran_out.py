"""A result says when the quiz was closed by its time limit rather than submitted by its taker,
on the page and in the API's result (`time_ran_out`, docs/api.md's additions)."""

import datetime as dt

import pytest
from factories import api_client_for

from quizzes.services import attempts

pytestmark = pytest.mark.django_db

RAN_OUT = "The time ran out"


def started_minutes_ago(user, question_set, minutes: int, *, time_limit_s: int | None):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)
    return attempts.start_quiz(
        user=user, question_set=question_set, size=2, time_limit_s=time_limit_s, now=started
    )


def test_the_result_of_a_quiz_whose_time_ran_out_says_so(student, alice, tinas_set):
    attempt = started_minutes_ago(alice, tinas_set, 10, time_limit_s=60)

    page = student.get(f"/quizzes/{attempt.pk}/")  # scores it, at its deadline
    api = api_client_for(alice).get(f"/api/quizzes/{attempt.pk}/").json()

    assert page.templates[0].name == "quizzes/quiz_result.html"
    assert RAN_OUT in page.content.decode()
    assert api["result"]["time_ran_out"] is True


def test_submitting_after_the_deadline_is_the_time_running_out_too(alice, tinas_set):
    attempt = started_minutes_ago(alice, tinas_set, 10, time_limit_s=60)

    result = api_client_for(alice).post(f"/api/quizzes/{attempt.pk}/submit/").json()

    assert result["time_ran_out"] is True


def test_a_quiz_submitted_within_its_time_does_not_say_so(student, alice, tinas_set):
    attempt = started_minutes_ago(alice, tinas_set, 1, time_limit_s=600)

    submitted = api_client_for(alice).post(f"/api/quizzes/{attempt.pk}/submit/").json()
    page = student.get(f"/quizzes/{attempt.pk}/")

    assert submitted["time_ran_out"] is False
    assert page.templates[0].name == "quizzes/quiz_result.html"
    assert RAN_OUT not in page.content.decode()


def test_a_quiz_without_a_time_limit_does_not_say_so(student, alice, tinas_set):
    attempt = started_minutes_ago(alice, tinas_set, 600, time_limit_s=None)
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)

    page = student.get(f"/quizzes/{attempt.pk}/")
    api = api_client_for(alice).get(f"/api/quizzes/{attempt.pk}/").json()

    assert RAN_OUT not in page.content.decode()
    assert api["result"]["time_ran_out"] is False


def test_the_teacher_reads_that_the_time_ran_out_on_a_students_result(client, alice, tina, tinas_set):
    attempt = started_minutes_ago(alice, tinas_set, 10, time_limit_s=60)
    client.force_login(tina)

    assert RAN_OUT in client.get(f"/quizzes/{attempt.pk}/").content.decode()
