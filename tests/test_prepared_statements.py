"""The hot path's statements are prepared once per database session (config/plain_sql.py,
execute_prepared): PostgreSQL plans them once, not on every request. Behind PgBouncer in
transaction mode (DATABASE_POOLED) the session is not ours, and they are sent as they are."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import generated_set, logged_in_client, make_user

from config import plain_sql
from config.plain_sql import compiled_rows, execute_prepared
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db(transaction=True)


def prepared_here() -> set[str]:
    """The statements this session has prepared, as PostgreSQL lists them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'hot\\_%%'")
        return {statement for (statement,) in cursor.fetchall()}


@pytest.fixture
def studying():
    """A token client of a student with a card due, and the next-card request's parameters."""
    alice = make_user("alice")
    question_set = generated_set()
    introduce_card(user=alice, question=question_set.questions.first(), now=timezone.now())
    return logged_in_client(alice, auth="token"), {"set": question_set.pk}


def next_card(client, parameters) -> list[str]:
    with CaptureQueriesContext(connection) as sent:
        response = client.get("/api/study/next/", parameters)
    assert response.status_code == 200, response.content
    return [query["sql"] for query in sent.captured_queries]


def test_the_next_card_prepares_its_statements_once_and_then_executes_them(studying):
    client, parameters = studying
    connection.close()  # a new session, which has prepared nothing

    first = next_card(client, parameters)
    prepared = prepared_here()
    second = next_card(client, parameters)

    # The token login's, the study counts', the card's (and its choices') statements, and
    # no query more: the PREPARE is the session's set-up, not one of the request's queries.
    assert len(first) == len(second) >= 3
    assert all(statement.startswith("EXECUTE hot_") for statement in first + second)
    assert len(prepared) == len(first)
    assert any("FROM quizzes_card c JOIN quizzes_question q" in statement for statement in prepared)
    assert prepared_here() == prepared  # nothing prepared again


def test_a_new_session_prepares_them_again(studying):
    client, parameters = studying
    sent = next_card(client, parameters)
    connection.close()
    assert prepared_here() == set()

    next_card(client, parameters)

    assert len(prepared_here()) == len(sent)


def test_behind_a_transaction_pooler_nothing_is_prepared(studying, monkeypatch):
    client, parameters = studying
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    connection.close()

    sent = next_card(client, parameters)

    assert len(sent) >= 3
    assert all(statement.startswith("SELECT") for statement in sent)
    assert prepared_here() == set()


@pytest.mark.parametrize("session_is_ours", [True, False])
def test_placeholders_and_percent_signs_mean_the_same_prepared_or_not(session_is_ours, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", not session_is_ours)
    connection.close()
    sql = "SELECT %s::int + 1, 'a%%b', %s::text IS NULL"
    with connection.cursor() as cursor:
        for _ in range(2):
            execute_prepared(cursor, sql, [41, None])
            assert cursor.fetchone() == (42, "a%b", True)
    assert len(prepared_here()) == int(session_is_ours)


def test_a_statement_prepared_in_a_transaction_rolled_back_is_still_there():
    connection.close()

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic(), connection.cursor() as cursor:
        execute_prepared(cursor, "SELECT %s::int * 2", [21])
        assert cursor.fetchone() == (42,)
        raise RolledBack

    with connection.cursor() as cursor:
        execute_prepared(cursor, "SELECT %s::int * 2", [4])  # EXECUTE only: it was kept
        assert cursor.fetchone() == (8,)


def test_a_queryset_compiled_once_answers_each_request_with_its_own_values(django_assert_num_queries):
    """plain_sql.compiled_rows: compiled once per shape, then only the values change."""
    from quizzes.models import Review
    from quizzes.services import study

    alice, bob = make_user("alice"), make_user("bob")
    question_set = generated_set()
    questions = list(question_set.questions.order_by("pk"))
    now = timezone.now()
    for user, count in ((alice, 3), (bob, 1)):
        for question in questions[:count]:
            card = introduce_card(user=user, question=question, now=now)
            study.review_card(user=user, card_id=card.pk, rating=3, now=now)
    built = []

    def reviews_since(*, user_id, since, set_ids):
        built.append(user_id)
        reviews = Review.objects.filter(user_id=user_id, reviewed_at__gte=since, question_set_id__in=set_ids)
        return reviews.order_by().values_list("user_id").annotate(total=Count("pk"))

    def rows(user, since, set_ids):
        return compiled_rows(reviews_since, database="default", user_id=user.pk, since=since, set_ids=set_ids)

    earlier = now - dt.timedelta(minutes=1)
    assert rows(alice, earlier, [question_set.pk]) == [(alice.pk, 3)]
    assert rows(bob, earlier, [question_set.pk]) == [(bob.pk, 1)]
    assert rows(bob, now + dt.timedelta(minutes=1), [question_set.pk]) == []
    assert rows(alice, earlier, [question_set.pk, question_set.pk + 1]) == [(alice.pk, 3)]
    assert rows(alice, earlier, []) == []
    # Built (and compiled) once for each length of the list of sets, never for a user or a moment.
    assert len(built) == 3 and all(user_id < 0 for user_id in built)


def test_the_dashboards_sets_compiled_once_are_each_students_own(client):
    """A private set's owner sees it on their dashboard; the next student, served by the
    same compiled statements, does not."""
    from quizzes.services import authoring

    tina = make_user("tina", role="teacher")
    authoring.create_set(owner=tina, title="Tina's private set", is_published=False)
    generated_set()
    for user, sees in ((tina, True), (make_user("alice"), False), (tina, True)):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert ("Tina&#x27;s private set" in page) is sees, user


def test_a_session_prepares_a_bounded_number_of_statements(monkeypatch):
    """A shape can follow a request (the dashboard's `?page=`): past the bound, statements
    are sent as they are, and answer the same."""
    monkeypatch.setattr(plain_sql, "MAX_PREPARED_PER_SESSION", 5)
    connection.close()
    with connection.cursor() as cursor:
        for number in range(12):
            execute_prepared(cursor, f"SELECT %s::int + {number}", [100])
            assert cursor.fetchone() == (100 + number,)

    assert len(prepared_here()) == 5


def test_paging_through_the_dashboard_cannot_grow_a_sessions_prepared_statements(client):
    """Each page is a shape of its own (its OFFSET is compiled in): a client asking for page
    after page stops at the bound."""
    client.force_login(make_user("alice"))
    generated_set()
    connection.close()

    for page in range(1, plain_sql.MAX_PREPARED_PER_SESSION + 10):
        assert client.get("/", {"page": page}).status_code == 200

    assert len(prepared_here()) == plain_sql.MAX_PREPARED_PER_SESSION
