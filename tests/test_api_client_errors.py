"""Nothing a client can send gets a 500: a bad query parameter or answer is a 400 naming it.

Bodies, URLs, headers and wrong types are in tests/test_hostile_*.py. The client here
does not re-raise server errors, so a 500 shows up as a status, the way a real client
would see it.
"""

import datetime as dt

import pytest
from factories import api_client_for

from quizzes.models import Review
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db

TOO_BIG = 10**22  # beyond PostgreSQL's bigint


def client_for(user):
    client = api_client_for(user)
    client.raise_request_exception = False
    return client


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
        ("/api/study/next/", {"set": TOO_BIG}, "set"),
        ("/api/study/stats/", {"set": TOO_BIG}, "set"),
        ("/api/questions/", {"set": TOO_BIG}, "set"),
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


def test_a_number_too_large_for_a_float_is_a_400(alice):
    """`1e400` parses as infinity, which no integer field takes."""
    response = client_for(alice).generic("POST", "/api/quizzes/", b'{"set": 1e400}', "application/json")

    assert response.status_code == 400
    assert "set" in response.json()
