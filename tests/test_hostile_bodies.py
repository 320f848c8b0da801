"""Hostile request bodies: too large, too deep, not UTF-8, not JSON, NUL characters.

Each answer is a JSON 4xx naming the problem, never a 500, and nothing is saved.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from factories import api_client_for

from config.api_parsers import MAX_DEPTH
from quizzes.models import Question, QuestionSet, Review

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def post_json(client, url: str, raw: bytes | str):
    return client.post(url, raw, content_type="application/json")


def test_a_json_body_over_a_mebibyte_is_a_json_413(tina):
    body = json.dumps({"title": "Tabriz", "description": "x" * (MiB + 1)})

    response = post_json(api_client_for(tina), "/api/sets/", body)

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is too large: at most {MiB} bytes of JSON or form fields."
    }
    assert not QuestionSet.objects.exists()


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(tina, tinas_set):
    """An import file is not bound by Django's form limit; the request limit (10 MiB) bounds it."""
    upload = SimpleUploadedFile("huge.csv", b"kind,type,prompt,answer\n" + b"x" * (10 * MiB))
    questions_before = Question.objects.count()

    response = api_client_for(tina).post(
        f"/api/sets/{tinas_set.pk}/import/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": f"The request body is too large: at most {10 * MiB} bytes."}
    assert Question.objects.count() == questions_before


@override_settings(MAX_REQUEST_BODY_BYTES=1000)
def test_the_limit_is_read_from_content_length_whatever_the_endpoint(alice):
    response = post_json(
        api_client_for(alice), "/api/study/reviews/", json.dumps({"card": 1, "answer": "x" * 2000})
    )

    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/json"


@override_settings(MAX_REQUEST_BODY_BYTES=1000)
def test_a_page_gets_a_plain_413_too(client):
    response = client.post("/login/", {"username": "alice", "password": "x" * 2000})

    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("text/plain")


def test_a_login_form_over_the_form_limit_is_a_400_not_a_500(client):
    response = client.post("/login/", {"username": "alice", "password": "x" * (MiB + 1)})

    assert response.status_code == 400


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 100_000])
def test_deeply_nested_json_is_a_400(alice, depth):
    body = '{"card": 1, "answer": ' + "[" * depth + "]" * depth + "}"

    response = post_json(api_client_for(alice), "/api/study/reviews/", body)

    assert response.status_code == 400
    assert response.json() == {"detail": f"JSON parse error - nested more than {MAX_DEPTH} levels deep."}
    assert not Review.objects.exists()


def test_deeply_nested_objects_are_refused_the_same_way(tina):
    body = '{"a": ' * 5000 + "1" + "}" * 5000

    response = post_json(api_client_for(tina), "/api/sets/", body)

    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]


def test_nesting_within_the_bound_reaches_the_field_rules(alice, tinas_set):
    """A list of lists is no order answer: a 400 from the answer rules, not the parser."""
    from quizzes.services import attempts

    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=4)
    question = tinas_set.questions.get(type="order")
    nested = [[["Ultimatum"]]]

    response = api_client_for(alice).put(
        f"/api/quizzes/{attempt.pk}/answers/{question.pk}/", {"answer": nested}, format="json"
    )

    assert response.status_code == 400
    assert "answer" in response.json()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"title": "Tabriz \xff\xfe"}',  # not UTF-8
        b'{"title": "\xed\xa0\x80"}',  # an encoded surrogate
        b"\xef\xbb\xbf\xef\xbb\xbf{}",  # byte order marks
        b'{"title": "Tabriz"',  # cut short
        b'{"title": NaN}',
        b'{"title": Infinity}',
        b"",
        b"null",
        b"[]",
        b'"Tabriz"',
    ],
)
def test_bodies_that_are_not_a_json_object_are_a_400(tina, raw):
    response = post_json(api_client_for(tina), "/api/sets/", raw)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert not QuestionSet.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_a_body_that_is_not_json_is_a_415(tina, content_type):
    response = api_client_for(tina).post("/api/sets/", b"title=Tabriz", content_type=content_type)

    assert response.status_code == 415
    assert not QuestionSet.objects.exists()


def test_an_import_that_is_not_multipart_is_a_415(tina, tinas_set):
    response = post_json(api_client_for(tina), f"/api/sets/{tinas_set.pk}/import/", b'{"file": "x"}')

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/sets/", {"title": "Tab\x00riz"}),
        ("/api/auth/token/", {"username": "ali\x00ce", "password": "x"}),
        ("/api/auth/register/", {"username": "newcomer", "password": "tabriz\x001909-snarsky"}),
        ("/api/study/reviews/", {"card": 1, "rating": 3, "client_id": "r\x00"}),
    ],
)
def test_nul_characters_in_json_strings_are_a_400(tina, url, body):
    """PostgreSQL text cannot hold NUL: refused as input, not failed as a database error."""
    response = post_json(api_client_for(tina), url, json.dumps(body))

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
