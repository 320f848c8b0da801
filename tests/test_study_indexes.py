"""The hot study queries are answered from indexes, not by scanning every card."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import api_client_for, generated_set, make_user
from study_helpers import studied_in_bulk

from accounts.models import User
from quizzes.models import Card

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


@pytest.fixture
def crowded_set():
    """150 users with a card for every question and two reviews per card: the hot queries
    must read only the requesting user's rows."""
    question_set = generated_set()
    User.objects.bulk_create(User(username=f"user{number}") for number in range(150))
    studied_in_bulk(
        usernames_like="user%", question_set=question_set, now=NOW, due_every=dt.timedelta(hours=1),
        reviews_per_card=2,
    )  # fmt: skip
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


def plans_of_requests(send) -> list[str]:
    """EXPLAIN of every statement a request ran that reads rows, as it ran it (parameters
    filled in). A prepared statement (config/plain_sql.py) is explained twice: as planned for
    its parameters, and as the generic plan PostgreSQL may keep for it after five runs."""
    with CaptureQueriesContext(connection) as captured:
        response = send()
    assert response.status_code in (200, 201), response.content[:300]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        prepared = {  # pg_prepared_statements lists "PREPARE name AS statement"
            f"EXECUTE {name} ": statement.split(" AS ", 1)[1] for name, statement in cursor.fetchall()
        }
        plans = []
        for query in captured.captured_queries:
            statement = query["sql"]
            executed = next((text for start, text in prepared.items() if statement.startswith(start)), None)
            if not (executed or statement).lstrip().startswith(("SELECT", "UPDATE")):
                continue
            for mode in ("force_custom_plan", "force_generic_plan") if executed else ("auto",):
                cursor.execute(f"SET LOCAL plan_cache_mode = {mode}")
                cursor.execute(f"EXPLAIN {statement}")
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("SET LOCAL plan_cache_mode = auto")
    return plans


def test_every_query_of_the_hot_endpoints_reads_an_index(crowded_set):
    """Run on 13,000 cards and 27,000 reviews of 150 users: a user's request must not scan
    the others' cards or reviews."""
    student = User.objects.get(username="user7")
    client = api_client_for(student)
    text_card = Card.objects.filter(user=student, question__type="text").first()
    requests = {
        "next card": lambda: client.get("/api/study/next/", {"set": crowded_set.pk}),
        "review": lambda: client.post(
            "/api/study/reviews/",
            {"card": text_card.pk, "answer": "Northtown", "client_id": "r-1"},
            format="json",
        ),
        "stats of a set": lambda: client.get("/api/study/stats/", {"set": crowded_set.pk}),
        "stats": lambda: client.get("/api/study/stats/"),
        "scores": lambda: client.get("/api/scores/me/"),
    }

    for endpoint, send in requests.items():
        plans = plans_of_requests(send)

        assert plans, endpoint
        for plan in plans:
            assert "Seq Scan on quizzes_card" not in plan, f"{endpoint}:\n{plan}"
            assert "Seq Scan on quizzes_review" not in plan, f"{endpoint}:\n{plan}"


@pytest.mark.parametrize("query", [{}, {"ahead": "true"}])
def test_the_ahead_card_query_reads_an_index(crowded_set, query):
    """Studying ahead (nothing due, learning cards coming due within the limit, or with
    ahead=true whenever) reads the requesting user's cards along an index too."""
    student = User.objects.get(username="user7")
    student.new_cards_per_day = 0
    student.save()
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    Card.objects.filter(user=student).update(state="learning", due=soon)
    client = api_client_for(student)

    plans = plans_of_requests(lambda: client.get("/api/study/next/", {"set": crowded_set.pk, **query}))

    card_plans = [plan for plan in plans if "quizzes_card" in plan]
    # The study counts' statement is among them (checked since it is written as plain SQL):
    # on these small tables the planner may read the user's cards along (user, created_at).
    user_indexes = ("card_user_set_due", "card_user_due", "card_user_created")
    assert card_plans and all(any(index in plan for index in user_indexes) for plan in card_plans)
    for plan in plans:
        assert "Seq Scan on quizzes_card" not in plan, plan
