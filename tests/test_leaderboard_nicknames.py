"""Leaderboards name students by the nickname they chose, never by their username (a login
name, often a real one, of students who are often minors); without a nickname, or opted
out, a student is on no leaderboard, yet sees their own points. The API's `username` key
holds that nickname, with `"you": true` on the reader's own row."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import api_client_for, make_listed, make_user
from study_helpers import right_answer

from accounts import services
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime.now(dt.UTC)


def studied(user, question_set, count: int) -> None:
    """`count` questions of the set answered right once (10 points or more each)."""
    for question in question_set.questions.unseen_by(user)[:count]:
        card = introduce_card(user=user, question=question, now=NOW)
        review_card(user=user, card_id=card.pk, answer=right_answer(question), now=NOW)


def board(user, question_set) -> list[dict]:
    cache.clear()  # leaderboards are kept half a minute
    response = api_client_for(user).get(f"/api/sets/{question_set.pk}/leaderboard/")
    assert response.status_code == 200
    return response.json()


def test_a_student_is_listed_under_their_nickname_and_the_reader_sees_you_on_their_row(
    alice, bob, question_set
):
    make_listed(alice, "Kermanshah Kid")
    make_listed(bob, "Bobcat")
    studied(alice, question_set, 1)
    studied(bob, question_set, 2)

    rows = board(alice, question_set)

    assert [(row["username"], row["you"]) for row in rows] == [("Bobcat", False), ("Kermanshah Kid", True)]
    assert all(set(row) == {"username", "points", "accuracy", "you"} for row in rows)  # no user ids
    assert "alice" not in str(rows) and "bob" not in str(rows)


def test_without_a_nickname_a_student_is_on_no_leaderboard(alice, bob, question_set):
    make_listed(bob, "Bobcat")
    studied(alice, question_set, 3)  # more points than bob, but no nickname
    studied(bob, question_set, 1)

    assert [row["username"] for row in board(bob, question_set)] == ["Bobcat"]
    assert [row["username"] for row in board(alice, question_set)] == ["Bobcat"]


def test_opting_out_removes_a_student_from_the_api_and_the_page_but_not_their_own_points(
    client, alice, bob, question_set
):
    make_listed(alice, "Kermanshah Kid")
    make_listed(bob, "Bobcat")
    studied(alice, question_set, 2)
    studied(bob, question_set, 1)
    assert [row["username"] for row in board(bob, question_set)] == ["Kermanshah Kid", "Bobcat"]

    response = api_client_for(alice).patch("/api/auth/me/", {"show_on_leaderboards": False}, format="json")
    assert response.status_code == 200 and response.json()["show_on_leaderboards"] is False

    assert [row["username"] for row in board(bob, question_set)] == ["Bobcat"]
    client.force_login(bob)
    page = client.get(f"/sets/{question_set.pk}/").content.decode()
    assert "Kermanshah Kid" not in page and "<bdi>Bobcat</bdi>" in page
    client.force_login(alice)
    own = client.get(f"/sets/{question_set.pk}/").content.decode()
    assert "You chose not to be shown on leaderboards" in own and "Kermanshah Kid" not in own
    assert api_client_for(alice).get("/api/scores/me/").json()["points"] >= 20
    assert client.get("/").context["scores"]["points"] >= 20


def test_a_new_nickname_or_an_opt_out_shows_at_once_though_boards_are_cached(
    client, alice, bob, question_set
):
    make_listed(bob, "Bobcat")
    studied(alice, question_set, 1)
    studied(bob, question_set, 1)
    url = f"/api/sets/{question_set.pk}/leaderboard/"
    reader = api_client_for(bob)
    assert [row["username"] for row in reader.get(url).json()] == ["Bobcat"]  # now cached

    make_listed(alice, "Kermanshah Kid")
    assert sorted(row["username"] for row in reader.get(url).json()) == ["Bobcat", "Kermanshah Kid"]
    services.update_settings(user=alice, changes={"show_on_leaderboards": False})
    assert [row["username"] for row in reader.get(url).json()] == ["Bobcat"]
    client.force_login(alice)
    client.post(
        "/settings/",
        {"email": "", "new_cards_per_day": 20, "desired_retention": 0.9, "time_zone": "UTC",
         "nickname": "Kermanshah Kid", "show_on_leaderboards": "on"},
    )  # fmt: skip
    assert sorted(row["username"] for row in reader.get(url).json()) == ["Bobcat", "Kermanshah Kid"]


def test_the_set_page_marks_your_own_row_and_tells_an_unlisted_student_how_to_be_listed(
    client, alice, bob, question_set
):
    make_listed(bob, "Bobcat")
    studied(alice, question_set, 1)
    studied(bob, question_set, 1)
    client.force_login(alice)

    unlisted = client.get(f"/sets/{question_set.pk}/").content.decode()
    client.force_login(bob)
    listed = client.get(f"/sets/{question_set.pk}/").content.decode()

    assert "Choose a nickname</a> to be listed" in unlisted and "(you)" not in unlisted
    assert '<tr class="me"><td>1</td><td><bdi>Bobcat</bdi> <span class="muted">(you)</span>' in listed


def test_a_nickname_shows_as_text_never_as_markup_even_if_stored_by_another_way(client, alice, question_set):
    """The rule refuses markup; the page escapes it anyway, should a row ever hold some."""
    from accounts.models import User

    User.objects.filter(pk=alice.pk).update(nickname="<b>Kid</b>")
    studied(alice, question_set, 1)
    client.force_login(alice)

    page = client.get(f"/sets/{question_set.pk}/").content.decode()

    assert "&lt;b&gt;Kid&lt;/b&gt;" in page and "<b>Kid</b>" not in page


def queries_of(request) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_leaderboard_takes_as_many_queries_for_many_listed_and_unlisted_students_as_for_one(
    alice, question_set, django_assert_num_queries
):
    make_listed(alice, "Kermanshah Kid")
    studied(alice, question_set, 1)
    client = api_client_for(alice)
    few = queries_of(lambda: client.get(f"/api/sets/{question_set.pk}/leaderboard/"))

    for number in range(8):
        student = make_user(f"student{number}")
        if number % 2:
            make_listed(student, f"Nick {number}")
        if number % 3 == 0:
            services.update_settings(user=student, changes={"show_on_leaderboards": False})
        studied(student, question_set, 2)

    assert queries_of(lambda: client.get(f"/api/sets/{question_set.pk}/leaderboard/")) == few
    assert len(board(alice, question_set)) == 1 + 3  # alice, and the odd numbers not a multiple of 3


def test_leaderboards_read_the_listed_users_through_an_index(alice, question_set):
    """The filter every leaderboard adds (User.objects.on_leaderboards()) has a partial index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'accounts_user_on_leaderboards'")
        [(definition,)] = cursor.fetchall()

    assert "show_on_leaderboards" in definition and "nickname" in definition
