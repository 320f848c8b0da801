"""The attack of expired timed quizzes: a student starting quiz after quiz with a 10 s limit
must not be able to slow down anyone else's leaderboard, set page or results.

Three defences, each tested: one open quiz per student and set (a database constraint),
a rate on quiz starts, and scoring expired quizzes in one statement from the verdicts
kept when the answers were saved, so a read's cost does not grow with their number.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import api_client_for, make_user

from quizzes.models import Attempt, AttemptAnswer
from quizzes.services import attempts

pytestmark = pytest.mark.django_db

NOW = dt.datetime.now(dt.UTC)


def test_a_second_quiz_on_a_set_is_refused_while_the_first_is_open_naming_it(alice, tinas_set):
    client = api_client_for(alice)
    first = client.post("/api/quizzes/", {"set": tinas_set.pk, "size": 2, "time_limit_s": 10})

    again = [client.post("/api/quizzes/", {"set": tinas_set.pk, "time_limit_s": 10}) for _ in range(5)]

    assert first.status_code == 201
    assert {response.status_code for response in again} == {409}
    assert again[0].json()["open_quiz"] == first.json()["id"]
    assert Attempt.objects.filter(user=alice).count() == 1


def test_a_quiz_whose_time_is_up_is_scored_and_a_new_one_starts(alice, tinas_set):
    expired = attempts.start_quiz(
        user=alice, question_set=tinas_set, size=1, time_limit_s=10, now=NOW - dt.timedelta(minutes=1)
    )

    response = api_client_for(alice).post("/api/quizzes/", {"set": tinas_set.pk, "size": 1})

    assert response.status_code == 201
    expired.refresh_from_db()
    assert expired.is_submitted and expired.submitted_at == expired.deadline and expired.score == 0


def test_after_submitting_a_quiz_the_next_one_starts(alice, tinas_set):
    client = api_client_for(alice)
    first = client.post("/api/quizzes/", {"set": tinas_set.pk, "size": 1}).json()
    client.post(f"/api/quizzes/{first['id']}/submit/")

    assert client.post("/api/quizzes/", {"set": tinas_set.pk, "size": 1}).status_code == 201


def test_quizzes_on_other_sets_and_by_other_students_are_not_in_the_way(alice, bob, tina, tinas_set):
    from factories import authored_set

    other_set = authored_set(owner=tina, title="Other", is_published=True)
    attempts.start_quiz(user=alice, question_set=tinas_set, size=1)

    assert api_client_for(alice).post("/api/quizzes/", {"set": other_set.pk}).status_code == 201
    assert api_client_for(bob).post("/api/quizzes/", {"set": tinas_set.pk}).status_code == 201


def test_quiz_starts_are_rated_per_student(monkeypatch, alice, bob, tinas_set):
    from quizzes.rate_limits import QuizStartRateThrottle

    monkeypatch.setattr(QuizStartRateThrottle, "rate", "3/hour", raising=False)
    client = api_client_for(alice)
    statuses = []
    for _ in range(4):
        response = client.post("/api/quizzes/", {"set": tinas_set.pk, "size": 1})
        statuses.append(response.status_code)
        if response.status_code == 201:
            client.post(f"/api/quizzes/{response.json()['id']}/submit/")
    page = client_for_pages(alice).post(f"/sets/{tinas_set.pk}/quiz/", {"size": 1, "layout": "paged"})
    bobs = api_client_for(bob).post("/api/quizzes/", {"set": tinas_set.pk, "size": 1})

    assert statuses == [201, 201, 201, 429]
    assert response.has_header("Retry-After")
    assert page.status_code == 429 and not Attempt.objects.filter(user=alice, submitted_at=None).exists()
    assert bobs.status_code == 201


def client_for_pages(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_quiz_page_resumes_the_open_quiz_instead_of_starting_another(client, alice, tinas_set):
    open_quiz = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)
    client.force_login(alice)

    form = client.get(f"/sets/{tinas_set.pk}/quiz/")
    response = client.post(f"/sets/{tinas_set.pk}/quiz/", {"size": 2, "layout": "paged"})

    assert f'href="/quizzes/{open_quiz.pk}/"' in form.content.decode()
    assert response.status_code == 302 and response.url == f"/quizzes/{open_quiz.pk}/"
    assert Attempt.objects.filter(user=alice).count() == 1


def flood_of_expired_quizzes(question_set, *, students: int, prefix: str = "flooder") -> None:
    """What the attack left behind: a quiz per student whose 10 s ran out, every question
    answered, none submitted. Written in bulk, as thousands of requests would have."""
    users = [make_user(f"{prefix}{number}", nickname=f"{prefix} {number}") for number in range(students)]
    question_ids = list(question_set.questions.values_list("pk", flat=True))
    started = NOW - dt.timedelta(hours=1)
    flood = Attempt.objects.bulk_create(
        Attempt(
            user=user,
            question_set=question_set,
            question_ids=question_ids,
            started_at=started,
            deadline=started + dt.timedelta(seconds=10),
            total=len(question_ids),
        )
        for user in users
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(attempt=attempt, question_id=question_id, given="x", correct=True, answered_at=started)
        for attempt in flood
        for question_id in question_ids
    )


def leaderboard_queries(client, question_set) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/sets/{question_set.pk}/leaderboard/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_another_students_leaderboard_scores_any_number_of_expired_quizzes_in_one_statement(alice, tinas_set):
    from django.core.cache import cache

    client = api_client_for(alice)
    flood_of_expired_quizzes(tinas_set, students=1, prefix="first")
    one = leaderboard_queries(client, tinas_set)
    cache.clear()  # the leaderboard is cached; measure it computed again

    flood_of_expired_quizzes(tinas_set, students=300)
    with CaptureQueriesContext(connection) as captured:
        board = client.get(f"/api/sets/{tinas_set.pk}/leaderboard/").json()

    assert len(captured.captured_queries) == one
    updates = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert not Attempt.objects.filter(submitted_at__isnull=True).exists()
    questions = tinas_set.questions.count()
    assert board[0]["points"] == questions * attempts.POINTS_PER_RIGHT_ANSWER
    scored = Attempt.objects.filter(user__username="flooder7").get()
    assert (scored.score, scored.percent, scored.submitted_at) == (questions, 100.0, scored.deadline)


@pytest.mark.django_db(transaction=True)
def test_two_quizzes_started_at_once_on_one_set_leave_one_open(tina):
    from factories import authored_set

    question_set = authored_set(owner=tina, title="Race", is_published=True)
    racer = make_user("racer")
    barrier = threading.Barrier(2)
    statuses = []

    def start():
        from django.db import connections

        client = api_client_for(racer)
        barrier.wait()
        statuses.append(client.post("/api/quizzes/", {"set": question_set.pk, "size": 1}).status_code)
        connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 409]
    assert Attempt.objects.filter(user=racer).count() == 1


def test_the_leaderboard_is_computed_at_most_once_per_half_minute_however_many_read_it(
    alice, bob, tinas_set, django_assert_num_queries
):
    readers = [api_client_for(alice), api_client_for(bob)]
    first = readers[0].get(f"/api/sets/{tinas_set.pk}/leaderboard/").json()

    # Each later read: the set (visible to the reader) and the one UPDATE of expired quizzes.
    with django_assert_num_queries(2 * 10):
        later = [
            readers[number % 2].get(f"/api/sets/{tinas_set.pk}/leaderboard/").json() for number in range(10)
        ]

    assert later == [first] * 10
