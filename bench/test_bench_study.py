"""Benchmarks of the two hot study endpoints through the test client (`make bench`).

Not tests of speed: they measure, and assert only that the answers are right.
The user has studied the bundled set for a while: every question has a card and
there are 20 reviews per card.
"""

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.core.management import call_command
from factories import api_client_for, make_user

from quizzes.models import Card, QuestionSet, Review

FACT_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def studied_set(db):
    call_command("load_facts", str(FACT_FILE), verbosity=0)
    call_command("generate_questions", verbosity=0)
    question_set = QuestionSet.objects.get(source__slug="persian-constitutional-revolution")
    student = make_user("bench")
    cards = Card.objects.bulk_create(
        Card(
            user=student,
            question=question,
            question_set=question_set,
            state="review",
            stability=10,
            difficulty=5,
            due=NOW - dt.timedelta(minutes=index),
            last_review=NOW - dt.timedelta(days=10),
            created_at=NOW - dt.timedelta(days=60),
        )
        for index, question in enumerate(question_set.questions.all())
    )
    Review.objects.bulk_create(
        Review(
            user=student,
            card=card,
            question_set=question_set,
            rating=3,
            correct=True,
            reviewed_at=NOW - dt.timedelta(days=day),
            state_before="review",
            due_before=NOW,
            state_after="review",
            due_after=NOW,
            stability_after=10,
            difficulty_after=5,
        )  # fmt: skip
        for card in cards
        for day in range(20)
    )
    return student, question_set, cards


def test_next_card(benchmark, studied_set):
    student, question_set, _ = studied_set
    client = api_client_for(student)

    response = benchmark(client.get, "/api/study/next/", {"set": question_set.pk})

    assert response.status_code == 200 and response.json()["card"]["state"] == "review"


def test_review(benchmark, studied_set):
    student, _, cards = studied_set
    client = api_client_for(student)
    card_ids = itertools.cycle(card.pk for card in cards)

    def review():
        return client.post("/api/study/reviews/", {"card": next(card_ids), "rating": 3}, format="json")

    response = benchmark(review)

    assert response.status_code == 201
