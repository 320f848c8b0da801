"""Join codes are rated against guessing: per user (every try), and per address (wrong
codes only, so a school joining from one address is never held up)."""

import pytest
from django.test import Client
from factories import api_client_for, make_user

from quizzes.rate_limits import ClassJoinRateThrottle, WrongJoinCodeThrottle
from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(tina):
    return classes.create_class(teacher=tina, name="7A")


def test_a_user_trying_too_many_codes_gets_429_even_for_the_right_one(monkeypatch, alice, bob, school_class):
    monkeypatch.setattr(ClassJoinRateThrottle, "rate", "3/hour", raising=False)
    client = api_client_for(alice)

    statuses = [client.post("/api/classes/join/", {"join_code": "ABCD-EFGH"}).status_code for _ in range(3)]
    held = client.post("/api/classes/join/", {"join_code": school_class.join_code})
    bobs = api_client_for(bob).post("/api/classes/join/", {"join_code": school_class.join_code})

    assert statuses == [404, 404, 404]
    assert held.status_code == 429 and held.has_header("Retry-After")
    assert not school_class.memberships.filter(user=alice).exists()
    assert bobs.status_code == 200


def test_wrong_codes_from_one_address_hold_every_account_there(monkeypatch, alice, bob, school_class):
    monkeypatch.setattr(WrongJoinCodeThrottle, "rate", "3/hour", raising=False)
    guessers = [api_client_for(make_user(f"guesser{n}")) for n in range(3)]

    statuses = [
        guesser.post("/api/classes/join/", {"join_code": "ABCD-EFGH"}).status_code for guesser in guessers
    ]
    held = api_client_for(alice).post("/api/classes/join/", {"join_code": school_class.join_code})
    elsewhere = api_client_for(bob).post(
        "/api/classes/join/", {"join_code": school_class.join_code}, REMOTE_ADDR="10.0.0.9"
    )

    assert statuses == [404, 404, 404]
    assert held.status_code == 429
    assert elsewhere.status_code == 200


def test_right_codes_never_count_against_the_address(monkeypatch, school_class):
    monkeypatch.setattr(WrongJoinCodeThrottle, "rate", "3/hour", raising=False)

    statuses = [
        api_client_for(make_user(f"pupil{n}")).post(
            "/api/classes/join/", {"join_code": school_class.join_code}
        )
        for n in range(6)
    ]

    assert [response.status_code for response in statuses] == [200] * 6


def test_the_join_pages_are_rated_too(monkeypatch, alice, school_class):
    monkeypatch.setattr(ClassJoinRateThrottle, "rate", "2/hour", raising=False)
    client = Client()
    client.force_login(alice)

    wrong = client.post("/classes/", {"join_code": "ABCD-EFGH"})
    link = client.get("/join/ABCD-EFGH/")
    held = client.get(f"/join/{school_class.join_code}/")

    assert (wrong.status_code, link.status_code, held.status_code) == (404, 404, 429)
