"""Nothing a client can send gets a 500: odd input is a 400 naming the field, or a 404.

The client here does not re-raise server errors, so a 500 shows up as a status, the way a
real client would see it.
"""

import datetime as dt

import pytest
from factories import QUESTION_OF_EACH_TYPE, api_client_for, generated_set

from quizzes.models import AttemptAnswer, Review
from quizzes.services import attempts, introduce_card

pytestmark = pytest.mark.django_db

TOO_BIG = 10**22  # beyond PostgreSQL's bigint


def client_for(user):
    client = api_client_for(user)
    client.raise_request_exception = False
    return client


@pytest.fixture
def question_set():
    return generated_set()


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/sets/", {"search": "Tabriz\x00"}, "search"),
        ("/api/questions/", {"kind": "date\x00"}, "kind"),
        ("/api/questions/", {"type": "\x00"}, "type"),
        ("/api/questions/", {"kind": "weather"}, "kind"),
        ("/api/questions/", {"set": "x"}, "set"),
        ("/api/questions/", {"set": "-3"}, "set"),
        ("/api/study/next/", {"set": "1\x00"}, "set"),
        ("/api/study/stats/", {"set": "1.5"}, "set"),
    ],
)
def test_a_bad_query_parameter_is_a_400_naming_it(alice, path, query, field):
    response = client_for(alice).get(path, query)

    assert response.status_code == 400
    assert field in response.json()


def test_empty_query_parameters_are_ignored(alice, question_set):
    response = client_for(alice).get("/api/questions/", {"set": question_set.pk, "kind": "", "type": ""})

    assert response.status_code == 200
    assert response.json()["count"] == question_set.questions.count()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/sets/{TOO_BIG}/",
        f"/api/questions/{TOO_BIG}/",
        f"/api/quizzes/{TOO_BIG}/",
        f"/api/sets/{TOO_BIG}/leaderboard/",
        f"/api/study/next/?set={TOO_BIG}",
        f"/api/study/stats/?set={TOO_BIG}",
        "/api/questions/?page=999",
        "/api/sets/?page=0",
    ],
)
def test_ids_and_pages_that_do_not_exist_are_404s(alice, path):
    response = client_for(alice).get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("answer", ["Anna\x00", ["a", "b\x00"], {"\x00": 1}])
def test_a_review_answer_with_a_null_character_is_a_400(alice, question_set, answer):
    question = question_set.questions.filter(type="text").first()
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))

    response = client_for(alice).post(
        "/api/study/reviews/", {"card": card.pk, "answer": answer}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"answer": ["Null characters are not allowed."]}
    assert not Review.objects.exists()


def test_a_quiz_answer_with_a_null_character_is_a_400(alice, question_set):
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=1, types=["text"])

    response = client_for(alice).put(
        f"/api/quizzes/{attempt.pk}/answers/{attempt.question_ids[0]}/", {"answer": "x\x00"}, format="json"
    )

    assert response.status_code == 400 and "answer" in response.json()
    assert not AttemptAnswer.objects.exists()


def test_a_question_whose_answer_has_a_null_character_is_a_400(tina, tinas_set):
    fields = {**QUESTION_OF_EACH_TYPE[1], "answer": "Liakhov\x00"}

    response = client_for(tina).post("/api/questions/", {"set": tinas_set.pk, **fields}, format="json")

    assert response.status_code == 400 and "answer" in response.json()
    assert tinas_set.questions.count() == len(QUESTION_OF_EACH_TYPE)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/study/reviews/", b"[" * 100_000 + b"]" * 100_000),
        ("/api/study/reviews/", b'{"card": 1, "answer": "x"'),
        ("/api/study/reviews/", b'{"card": 1, "rating": NaN}'),
        ("/api/auth/token/", b'{"username": "\xff\xfe"}'),
        ("/api/quizzes/", b'{"set": 1e400}'),
    ],
    ids=["nested too deeply", "cut short", "NaN", "not UTF-8", "an infinite id"],
)
def test_a_malformed_json_body_is_a_400(alice, path, body):
    response = client_for(alice).generic("POST", path, body, "application/json")

    assert response.status_code == 400
    assert response.json()


def test_a_body_that_is_not_json_is_a_415(alice):
    response = client_for(alice).generic("POST", "/api/study/reviews/", "card=1", "text/plain")

    assert response.status_code == 415


def test_a_json_list_instead_of_an_object_is_a_400(alice):
    response = client_for(alice).post("/api/quizzes/", [1, 2], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
