"""Times on the wire are ISO 8601 in UTC, whatever the user's time zone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from factories import api_client_for, generated_set

from quizzes.selectors.study_queue import day_bounds

pytestmark = pytest.mark.django_db

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def times_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from times_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from times_in(item)
    elif isinstance(value, str) and ISO_TIME.match(value):
        yield value


@pytest.fixture
def tehran_student(alice):
    alice.time_zone = "Asia/Tehran"  # UTC+03:30, no daylight saving
    alice.new_cards_per_day = 1
    alice.save()
    return alice


def test_every_time_a_student_in_tehran_receives_is_utc(tehran_student):
    question_set = generated_set()
    client = api_client_for(tehran_student)
    bodies = [client.get("/api/study/next/", {"set": question_set.pk}).json()]
    card = bodies[0]["card"]
    bodies.append(client.post("/api/study/reviews/", {"card": card["id"], "rating": 4}, format="json").json())
    bodies.append(client.get("/api/study/next/", {"set": question_set.pk}).json())
    quiz = client.post("/api/quizzes/", {"set": question_set.pk, "size": 2, "time_limit_s": 600}).json()
    bodies.append(quiz)
    answer = client.put(f"/api/quizzes/{quiz['id']}/answers/{quiz['questions'][0]['id']}/", {"answer": "x"})
    bodies.append(answer.json())
    client.post(f"/api/quizzes/{quiz['id']}/submit/")
    bodies.append(client.get(f"/api/quizzes/{quiz['id']}/").json())

    times = [time for body in bodies for time in times_in(body)]

    assert len(times) >= 8
    assert all(time.endswith("Z") for time in times), times


def test_when_the_daily_new_cards_are_used_up_next_due_is_local_midnight_in_utc(tehran_student):
    question_set = generated_set()
    client = api_client_for(tehran_student)
    card = client.get("/api/study/next/", {"set": question_set.pk}).json()["card"]
    client.post("/api/study/reviews/", {"card": card["id"], "rating": 4}, format="json")

    body = client.get("/api/study/next/", {"set": question_set.pk}).json()

    tehran_midnight = day_bounds(timezone.now(), tehran_student.zone)[1].astimezone(dt.UTC)
    assert body["card"] is None
    assert body["next_due"] == tehran_midnight.isoformat().replace("+00:00", "Z")
    assert tehran_midnight.minute == 30  # 00:00 in Tehran is hh:30 in UTC
