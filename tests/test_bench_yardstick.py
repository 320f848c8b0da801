"""The benchmark's yardstick stays honest: its bare views (bench/yardstick.py) send exactly
the statements the real study endpoints send and answer the same bytes, so the ratio of
their requests per second measures the endpoints' Python and nothing else."""

import datetime as dt
import random
import re
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from factories import MATCH_QUESTION, authored_set, generated_set, logged_in_client, make_user
from study_helpers import right_answer, wrong_answer

from quizzes.models import Question
from quizzes.services import authoring
from quizzes.services.study import introduce_card

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.yardstick_urls")]

NOW = dt.datetime(2026, 11, 25, 12, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def alice():
    return make_user("alice", time_zone="Asia/Tehran")


def met_every_question(user, question_set) -> list:
    """A card for each question, all due (met an hour ago, not yet answered)."""
    return [
        introduce_card(user=user, question=question, now=NOW - dt.timedelta(hours=1))
        for question in question_set.questions.order_by("pk")
    ]


def sent(client, method: str, path: str, body: dict | None = None):
    """The request at NOW (with FSRS's fuzz drawn alike), its statements and its answer."""
    random.seed(1909)
    with mock.patch("django.utils.timezone.now", return_value=NOW), CaptureQueriesContext(connection) as sql:
        response = client.get(path, body) if method == "get" else client.post(path, body, format="json")
    # Savepoints (a test's transactions are nested) are named anew each time.
    return [re.sub(r'"s\d+_x\d+"', '"savepoint"', query["sql"]) for query in sql.captured_queries], response


@pytest.mark.parametrize("make_set", [generated_set, "authored"])
def test_the_bare_next_card_sends_the_same_statements_and_bytes(alice, make_set):
    if make_set == "authored":
        question_set = authored_set(owner=make_user("tina", role="teacher"), title="Mine", is_published=True)
        authoring.create_question(question_set=question_set, fields=MATCH_QUESTION)
    else:
        question_set = make_set()
    met_every_question(alice, question_set)
    client = logged_in_client(alice, auth="token")

    real_sql, real = sent(client, "get", "/api/study/next/", {"set": question_set.pk})
    bare_sql, bare = sent(client, "get", "/bare/study/next/", {"set": question_set.pk})

    assert real.status_code == bare.status_code == 200
    assert real.content == bare.content
    assert real["Content-Type"] == bare["Content-Type"]
    assert real_sql == bare_sql
    assert real.json()["card"] is not None


def test_every_type_of_question_has_a_bare_next_card_like_the_real_one(alice):
    """Each card in turn is the one due first: the choices' order, items and prompts alike."""
    question_set = authored_set(owner=make_user("tina", role="teacher"), title="Mine", is_published=True)
    authoring.create_question(question_set=question_set, fields=MATCH_QUESTION)
    cards = met_every_question(alice, question_set)
    client = logged_in_client(alice, auth="token")

    for number, card in enumerate(cards):
        type(card).objects.filter(pk=card.pk).update(due=NOW - dt.timedelta(days=2, minutes=number))
        real_sql, real = sent(client, "get", "/api/study/next/", {"set": question_set.pk})
        bare_sql, bare = sent(client, "get", "/bare/study/next/", {"set": question_set.pk})

        assert real.json()["card"]["id"] == card.pk
        assert (real.content, real_sql) == (bare.content, bare_sql)


def review_twice(client, body: dict):
    """The real review and the bare one, each from the same state (the first rolled back)."""
    answers = {}
    for name, path in (("real", "/api/study/reviews/"), ("bare", "/bare/study/reviews/")):
        with transaction.atomic():
            answers[name] = sent(client, "post", path, body)
            transaction.set_rollback(True)
    return answers["real"], answers["bare"]


def with_review_id(response, review_id: int) -> bytes:
    """The answer's bytes with another review id: the sequence draws one anew for each."""
    drawn = response.json()["review"]["id"]
    return response.content.replace(
        f'{{"review":{{"id":{drawn},'.encode(), f'{{"review":{{"id":{review_id},'.encode()
    )


@pytest.mark.parametrize("how", ["right", "wrong", "flip", "hard"])
def test_the_bare_review_sends_the_same_statements_and_bytes(alice, how):
    question_set = generated_set()
    cards = met_every_question(alice, question_set)
    client = logged_in_client(alice, auth="token")

    for card in cards:
        question = Question.objects.get(pk=card.question_id)
        fields = {
            "right": {"answer": right_answer(question)},
            "wrong": {"answer": wrong_answer(question)},
            "flip": {"rating": 3},
            "hard": {"answer": right_answer(question), "rating": 2},
        }[how]
        body = {"card": card.pk, **fields, "duration_ms": 4200, "client_id": f"{how}-{card.pk}"}
        (real_sql, real), (bare_sql, bare) = review_twice(client, body)

        assert real.status_code == bare.status_code == 201, real.content
        assert real.content == with_review_id(bare, real.json()["review"]["id"]), question.type
        assert real_sql == bare_sql, question.type
