"""The hot study queries are answered from indexes, not by scanning every card."""

import datetime as dt

import pytest
from django.db import connection
from factories import generated_set, make_user

from accounts.models import User
from quizzes.models import Card

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


@pytest.fixture
def crowded_set():
    """Many users with a card for every question: the due-card query must not scan them all."""
    question_set = generated_set()
    questions = list(question_set.questions.all())
    users = User.objects.bulk_create(User(username=f"user{number}") for number in range(150))
    Card.objects.bulk_create(
        Card(
            user=user,
            question=question,
            question_set=question_set,
            state="review",
            due=NOW + dt.timedelta(hours=index),
            created_at=NOW,
        )
        for user in users
        for index, question in enumerate(questions)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quizzes_card")
    return question_set


def plan_of(queryset) -> str:
    return queryset.explain()


def test_the_due_card_query_uses_the_user_set_due_index(crowded_set):
    alice = make_user("alice")
    due_cards = Card.objects.filter(user=alice, question_set=crowded_set, due__lte=NOW).order_by("due")

    plan = plan_of(due_cards)

    assert "card_user_set_due" in plan or "card_user_due" in plan, plan
    assert "Seq Scan on quizzes_card" not in plan


def test_the_new_cards_today_count_uses_the_user_created_index(crowded_set):
    alice = User.objects.get(username="user7")

    plan = plan_of(Card.objects.filter(user=alice, created_at__gte=NOW))

    assert "Seq Scan on quizzes_card" not in plan, plan
