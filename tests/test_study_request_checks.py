"""The study endpoints check requests with one serializer made once (config.api_fields.checked):
their 400s say exactly what a serializer made for the request says."""

import json

import pytest
from factories import logged_in_client, make_user

from quizzes.api.serializers import ReviewRequestSerializer
from quizzes.api.study import NextCardQuerySerializer

pytestmark = pytest.mark.django_db


def errors_of(serializer) -> dict:
    assert not serializer.is_valid()
    return json.loads(json.dumps(serializer.errors))


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "card",
        5,
        {},
        {"card": "1"},
        {"card": 1, "rating": 9},
        {"card": 1, "client_id": ""},
        {"card": True},
    ],
)
def test_a_bad_review_request_is_answered_as_its_own_serializer_would(body):
    client = logged_in_client(make_user("alice"), auth="token")

    response = client.post("/api/study/reviews/", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == errors_of(ReviewRequestSerializer(data=body))


@pytest.mark.parametrize("query", [{}, {"set": "x"}, {"set": "0"}, {"set": "1", "ahead": "maybe"}])
def test_a_bad_next_card_query_is_answered_as_its_own_serializer_would(query):
    client = logged_in_client(make_user("alice"), auth="token")

    response = client.get("/api/study/next/", query)

    assert response.status_code == 400
    assert response.json() == errors_of(NextCardQuerySerializer(data=query))
