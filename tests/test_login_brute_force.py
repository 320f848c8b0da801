"""Brute force, end to end: every way in (API token, API session, the login page) is locked
per account and per address, the lock is kept in PostgreSQL where every process sees it, and
the owner gets back in once the cool-off is over.

Time is moved by moving the recorded attempts back, as if the minutes had passed; nothing sleeps.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from fresh_process import current_database_url, run_python
from rest_framework.test import APIClient

from accounts.login_throttle import FAILURES_PER_ADDRESS, FAILURES_PER_USERNAME, WINDOW
from accounts.models import LoginAttempt

PASSWORD = "correct-horse-battery-9"  # the factories' password for alice
WRONG = "wrong-horse-battery-9"
ADDRESS = "198.51.100.7"


def minutes_pass(delta: timedelta) -> None:
    LoginAttempt.objects.update(attempted_at=F("attempted_at") - delta)


class TokenLogin:
    name = "api-token"

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        return APIClient(REMOTE_ADDR=address).post(
            "/api/auth/token/", {"username": username, "password": password}, format="json"
        )

    def succeeded(self, response) -> bool:
        return response.status_code == 200 and "token" in response.json()


class SessionLogin:
    name = "api-session"

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        return APIClient(REMOTE_ADDR=address).post(
            "/api/auth/session/", {"username": username, "password": password}, format="json"
        )

    def succeeded(self, response) -> bool:
        return response.status_code == 200 and "sessionid" in response.cookies


class LoginPage:
    name = "web-page"

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        from django.test import Client

        return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})

    def succeeded(self, response) -> bool:
        return response.status_code == 302 and "sessionid" in response.cookies


WAYS_IN = [TokenLogin(), SessionLogin(), LoginPage()]


def refused_as_throttled(response) -> bool:
    return response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= WINDOW.total_seconds()


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS_IN, ids=lambda way: way.name)
def test_an_account_is_locked_after_five_failures_and_its_owner_gets_back_in_after_the_cool_off(alice, way):
    for _ in range(FAILURES_PER_USERNAME):
        assert not way.succeeded(way.attempt("alice", WRONG))

    locked = way.attempt("alice", PASSWORD)
    from_another_address = way.attempt("alice", PASSWORD, address="203.0.113.50")
    minutes_pass(WINDOW - timedelta(seconds=2))
    still_locked = way.attempt("alice", PASSWORD)
    minutes_pass(timedelta(seconds=2))
    back_in = way.attempt("alice", PASSWORD)

    assert refused_as_throttled(locked)
    assert refused_as_throttled(from_another_address)  # the account rule follows the name
    assert refused_as_throttled(still_locked)
    assert way.succeeded(back_in)


@pytest.mark.django_db
@pytest.mark.parametrize("way", WAYS_IN, ids=lambda way: way.name)
def test_an_address_is_locked_after_twenty_failures_on_any_names_and_lifts_after_the_cool_off(alice, way):
    for number in range(FAILURES_PER_ADDRESS):
        assert not way.succeeded(way.attempt(f"guess{number}", WRONG))

    from_that_address = way.attempt("alice", PASSWORD)
    from_elsewhere = way.attempt("alice", PASSWORD, address="203.0.113.50")
    minutes_pass(WINDOW)
    back_in = way.attempt("alice", PASSWORD)

    assert refused_as_throttled(from_that_address)
    assert way.succeeded(from_elsewhere)
    assert way.succeeded(back_in)


@pytest.mark.django_db
def test_failures_count_across_ways_in(alice):
    """Guessing on the page and then on the API is one run of guesses, not two."""
    page, token, session = LoginPage(), TokenLogin(), SessionLogin()
    for _ in range(2):
        page.attempt("alice", WRONG)
        token.attempt("alice", WRONG)
    session.attempt("ALICE", WRONG)

    assert refused_as_throttled(page.attempt("alice", PASSWORD))
    assert refused_as_throttled(token.attempt("alice", PASSWORD))
    assert refused_as_throttled(session.attempt("alice", PASSWORD))


@pytest.mark.django_db
def test_the_locked_page_says_when_to_try_again(alice):
    page = LoginPage()
    for _ in range(FAILURES_PER_USERNAME):
        page.attempt("alice", WRONG)

    locked = page.attempt("alice", PASSWORD)

    assert f"try again in {locked.headers['Retry-After']} seconds" in locked.content.decode()


@pytest.mark.django_db(transaction=True)
def test_failures_recorded_by_another_process_lock_this_one(alice):
    """The lock lives in PostgreSQL: a second server process (here a separate Python) adds
    failures, and this process refuses the right password."""
    script = (
        "import django; django.setup()\n"
        "from accounts import services\n"
        f"for _ in range({FAILURES_PER_USERNAME}):\n"
        "    try:\n"
        f"        services.authenticate_user(username='alice', password={WRONG!r}, ip_address='192.0.2.99')\n"
        "    except services.InvalidCredentials:\n"
        "        pass\n"
    )
    run_python(script, DATABASE_URL=current_database_url())

    response = TokenLogin().attempt("alice", PASSWORD)

    assert LoginAttempt.objects.filter(ip_address="192.0.2.99").count() == FAILURES_PER_USERNAME
    assert refused_as_throttled(response)
