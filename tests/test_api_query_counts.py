"""No N+1: every list and write takes the same number of queries for a little data as for a lot.

Each test measures one request on a small world, grows the world, and measures again.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import api_client_for, authored_set, generated_set, make_user
from study_helpers import right_answer

from quizzes.models import Question, QuestionSet
from quizzes.services import attempts
from quizzes.services.authoring import create_set
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime.now(dt.UTC)


def queries_of(request) -> int:
    cache.clear()  # what is cached (results, leaderboards) is measured computed
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code in (200, 201), response.content[:300]
    return len(captured.captured_queries)


def study(user, question_set, count: int) -> None:
    """Reviews of `count` more questions of the set (one right, one Again each)."""
    for question in question_set.questions.unseen_by(user)[:count]:
        card = introduce_card(user=user, question=question, now=NOW)
        review_card(user=user, card_id=card.pk, answer=right_answer(question), now=NOW)
        review_card(user=user, card_id=card.pk, rating=1, now=NOW + dt.timedelta(minutes=2))


def quiz(user, question_set, size: int):
    attempt = attempts.start_quiz(user=user, question_set=question_set, size=size)
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        attempts.save_answer(
            user=user, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer
        )
    return attempt


def test_the_set_list(tina, tinas_set):
    client = api_client_for(tina)
    few = queries_of(lambda: client.get("/api/sets/"))

    for number in range(25):
        authored_set(
            owner=make_user(f"teacher{number}", role="teacher"), title=f"Set {number}", is_published=True
        )
    generated_set()

    assert queries_of(lambda: client.get("/api/sets/", {"page_size": 500})) == few


@pytest.mark.parametrize("who", ["alice", "tina"])
def test_the_question_list_for_students_and_owners(request, who, tina, tinas_set):
    client = api_client_for(request.getfixturevalue(who))
    few = queries_of(lambda: client.get("/api/questions/", {"set": tinas_set.pk}))

    generated = generated_set()
    QuestionSet.objects.filter(pk=generated.pk).update(owner=tina)
    many = queries_of(lambda: client.get("/api/questions/", {"set": generated.pk, "page_size": 500}))

    assert many == few
    assert generated.questions.count() > 50


def test_set_results_leaderboard_and_scores(tina, alice):
    question_set = generated_set()
    QuestionSet.objects.filter(pk=question_set.pk).update(owner=tina)
    study(alice, question_set, 1)
    submitted = quiz(alice, question_set, 2)
    attempts.submit_quiz(user=alice, attempt_id=submitted.pk)
    requests = {
        "results": lambda: api_client_for(tina).get(f"/api/sets/{question_set.pk}/results/"),
        "leaderboard": lambda: api_client_for(alice).get(f"/api/sets/{question_set.pk}/leaderboard/"),
        "scores": lambda: api_client_for(alice).get("/api/scores/me/"),
        "stats": lambda: api_client_for(alice).get("/api/study/stats/", {"set": question_set.pk}),
        "stats of every set": lambda: api_client_for(alice).get("/api/study/stats/"),
    }
    few = {name: queries_of(request) for name, request in requests.items()}

    other_set = authored_set(owner=tina, title="Another", is_published=True)
    for number in range(6):
        student = make_user(f"student{number}")
        study(student, question_set, 5)
        attempts.submit_quiz(user=student, attempt_id=quiz(student, question_set, 8).pk)
    study(alice, question_set, 12)
    study(alice, other_set, 4)
    attempts.submit_quiz(user=alice, attempt_id=quiz(alice, other_set, 4).pk)

    assert {name: queries_of(request) for name, request in requests.items()} == few


def test_starting_a_quiz_of_two_questions_and_of_twenty(alice):
    question_set = generated_set()
    client = api_client_for(alice)

    def start(size):
        return lambda: client.post("/api/quizzes/", {"set": question_set.pk, "size": size})

    small = queries_of(start(2))
    attempts.submit_quiz(user=alice, attempt_id=alice.attempts.get().pk)  # one open quiz a set

    assert queries_of(start(20)) == small


@pytest.mark.parametrize("step", ["look", "submit"])
def test_looking_at_and_submitting_a_quiz_of_two_questions_and_of_twenty(alice, bob, step):
    question_set = generated_set()
    small, large = quiz(alice, question_set, 2), quiz(bob, question_set, 20)  # one open quiz a set each
    path = "/api/quizzes/{}/" if step == "look" else "/api/quizzes/{}/submit/"

    def send(user, attempt):
        client = api_client_for(user)
        method = client.get if step == "look" else client.post
        return lambda: method(path.format(attempt.pk))

    assert queries_of(send(alice, small)) == queries_of(send(bob, large))


def test_copying_two_questions_and_a_whole_set(tina):
    generated = generated_set()
    target = create_set(owner=tina, title="Mine")
    client = api_client_for(tina)
    with_choices = generated.questions.filter(choices__isnull=False).first()
    with_accepted_answers = generated.questions.filter(accepted_answers__isnull=False).first()
    two = [with_choices.pk, with_accepted_answers.pk]

    few = queries_of(lambda: client.post(f"/api/sets/{target.pk}/copy/", {"questions": two}))
    many = queries_of(lambda: client.post(f"/api/sets/{target.pk}/copy/", {"from_set": generated.pk}))

    assert many == few
    assert target.questions.count() == 2 + generated.questions.count()


def test_importing_one_row_and_sixty(tina):
    target = create_set(owner=tina, title="Mine")
    header = "kind,type,prompt,answer,choices,accepted_answers,explanation\n"
    row = "date,choice,When? {n},1909,1908|1909|1910,,Because.\n"
    client = api_client_for(tina)

    def upload(rows: int):
        content = header + "".join(row.format(n=n) for n in range(rows))
        file = SimpleUploadedFile("questions.csv", content.encode())
        return lambda: client.post(f"/api/sets/{target.pk}/import/", {"file": file}, format="multipart")

    assert queries_of(upload(1)) == queries_of(upload(60))
    assert target.questions.count() == 61
