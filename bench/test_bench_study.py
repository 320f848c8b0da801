"""Benchmarks of the two hot study endpoints through the test client (`make bench`).

Not tests of speed: they measure, and assert only that the answers are right. The
student has studied the bundled set (about 380 questions) for a while: every question
has a card, each with 20 reviews in the log; 100 other students have done the same, so
the tables hold about 38,000 cards and 770,000 reviews and every query must find the
student's rows by index. Requests log in with a token, as API clients do.
"""

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.core.management import call_command
from factories import logged_in_client, make_user
from study_helpers import right_answer, studied_in_bulk

from accounts.models import User
from quizzes.models import Card, QuestionSet

FACT_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"
NOW = dt.datetime.now(dt.UTC)
OTHER_STUDENTS = 100
BUNDLED_SLUG = "persian-constitutional-revolution"
REVIEWS_PER_CARD = 20


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The crowd is made once per run, outside the tests' transactions (each test's own
    writes are still rolled back)."""
    with django_db_blocker.unblock():
        call_command("load_facts", str(FACT_FILE), verbosity=0)
        call_command("generate_questions", verbosity=0)
        question_set = QuestionSet.objects.get(source__slug=BUNDLED_SLUG)
        for number in range(OTHER_STUDENTS):
            make_user(f"other-{number:03}")
        make_user("bench")
        for usernames_like in ("other-%", "bench"):
            studied_in_bulk(
                usernames_like=usernames_like, question_set=question_set, now=NOW,
                due_every=-dt.timedelta(minutes=1), reviews_per_card=REVIEWS_PER_CARD,
            )  # fmt: skip


@pytest.fixture
def bundled_set(db):
    return QuestionSet.objects.get(source__slug=BUNDLED_SLUG)


@pytest.fixture
def studied_set(bundled_set):
    student = User.objects.get(username="bench")
    return student, bundled_set, list(Card.objects.filter(user=student).select_related("question"))


def test_next_card(benchmark, studied_set):
    student, question_set, _ = studied_set
    client = logged_in_client(student, auth="token")

    response = benchmark(client.get, "/api/study/next/", {"set": question_set.pk})

    assert response.status_code == 200 and response.json()["card"]["state"] == "review"


def test_next_card_introducing_a_new_one(benchmark, bundled_set):
    """A student new to the set: each request meets an unseen question (one INSERT)."""
    newcomer = make_user("newcomer", new_cards_per_day=500)
    client = logged_in_client(newcomer, auth="token")

    def meet_and_flip():
        card = client.get("/api/study/next/", {"set": bundled_set.pk}).json()["card"]
        Card.objects.filter(pk=card["id"]).update(state="learning", due=NOW + dt.timedelta(days=1))
        return card

    card = benchmark.pedantic(meet_and_flip, rounds=200, iterations=1)

    assert card["state"] == "new"


def test_review(benchmark, studied_set):
    student, _, cards = studied_set
    client = logged_in_client(student, auth="token")
    card_ids = itertools.cycle(card.pk for card in cards)

    def review():
        return client.post("/api/study/reviews/", {"card": next(card_ids), "rating": 3}, format="json")

    response = benchmark(review)

    assert response.status_code == 201


def test_review_with_a_typed_answer_and_client_id(benchmark, studied_set):
    """The costliest review: the answer is checked against the accepted answers."""
    student, _, cards = studied_set
    client = logged_in_client(student, auth="token")
    typed = itertools.cycle(card for card in cards if card.question.type == "text")
    numbers = itertools.count()

    def review():
        card = next(typed)
        body = {"card": card.pk, "answer": right_answer(card.question), "client_id": f"c-{next(numbers)}"}
        return client.post("/api/study/reviews/", body, format="json")

    response = benchmark(review)

    assert response.status_code == 201 and response.json()["review"]["correct"] is True
