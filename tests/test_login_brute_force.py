"""Brute force, end to end: every way in (API token, API session, the login page, the
admin's login) is locked per account and address and per address, and an account guessed
from everywhere is slowed; the rules are kept in PostgreSQL where every process sees them;
the owner gets back in once the cool-off is over, and at once from a device they logged
in from before.

Time is moved by moving the recorded attempts back, as if the minutes had passed; nothing sleeps.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import F
from fresh_process import current_database_url, run_python
from rest_framework.test import APIClient

from accounts.brute_force import (
    FAILURES_BEFORE_SLOWING,
    FAILURES_PER_ACCOUNT_AND_ADDRESS,
    FAILURES_PER_ADDRESS,
    SLOW_DOWN,
    WINDOW,
)
from accounts.models import LoginAttempt

PASSWORD = "correct-horse-battery-9"  # the factories' password for alice
WRONG = "wrong-horse-battery-9"
ADDRESS = "198.51.100.7"


@pytest.fixture
def admin_alice(alice):
    """alice, an admin, so that the admin's login lets her in too."""
    alice.assign_role("admin")
    alice.save()
    return alice


def forget_session(client) -> None:
    """Log out as closing the tab would: the session goes, the device's cookies stay."""
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)


def minutes_pass(delta: timedelta) -> None:
    LoginAttempt.objects.update(attempted_at=F("attempted_at") - delta)


class TokenLogin:
    name = "api-token"

    def __init__(self):
        self.client = APIClient()  # keeps its cookies, as a browser or a requests.Session does

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        return self.client.post(
            "/api/auth/token/",
            {"username": username, "password": password},
            format="json",
            REMOTE_ADDR=address,
        )

    def succeeded(self, response) -> bool:
        return response.status_code == 200 and "token" in response.json()


class SessionLogin:
    name = "api-session"

    def __init__(self):
        self.client = APIClient()

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        forget_session(self.client)
        return self.client.post(
            "/api/auth/session/",
            {"username": username, "password": password},
            format="json",
            REMOTE_ADDR=address,
        )

    def succeeded(self, response) -> bool:
        return response.status_code == 200 and "sessionid" in response.cookies


class LoginPage:
    name = "web-page"

    def __init__(self):
        from django.test import Client

        self.client = Client()

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        forget_session(self.client)
        return self.client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)

    def succeeded(self, response) -> bool:
        return response.status_code == 302 and "sessionid" in response.cookies


class AdminLogin:
    name = "admin"

    def __init__(self):
        from django.test import Client

        self.client = Client()

    def attempt(self, username: str, password: str, *, address: str = ADDRESS):
        forget_session(self.client)
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def succeeded(self, response) -> bool:
        return response.status_code == 302 and "sessionid" in response.cookies


WAYS_IN = [TokenLogin, SessionLogin, LoginPage, AdminLogin]


def refused_as_throttled(response) -> bool:
    if response.status_code == 200 and "Too many failed logins" in response.content.decode():
        return True  # the admin's login page says so in its form
    return response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= WINDOW.total_seconds()


@pytest.mark.django_db
@pytest.mark.parametrize("way_in", WAYS_IN, ids=lambda way: way.name)
def test_an_account_is_locked_from_an_address_after_five_failures_there_and_opens_after_the_cool_off(
    admin_alice, way_in
):
    way = way_in()
    for _ in range(FAILURES_PER_ACCOUNT_AND_ADDRESS):
        assert not way.succeeded(way.attempt("alice", WRONG))

    locked = way.attempt("alice", PASSWORD)
    from_another_address = way_in().attempt("alice", PASSWORD, address="203.0.113.50")
    minutes_pass(WINDOW - timedelta(seconds=2))
    still_locked = way.attempt("alice", PASSWORD)
    minutes_pass(timedelta(seconds=2))
    back_in = way.attempt("alice", PASSWORD)

    assert refused_as_throttled(locked)
    assert way.succeeded(from_another_address)  # a stranger's guesses do not lock the owner out
    assert refused_as_throttled(still_locked)
    assert way.succeeded(back_in)


@pytest.mark.django_db
@pytest.mark.parametrize("way_in", WAYS_IN, ids=lambda way: way.name)
def test_an_account_guessed_from_everywhere_is_slowed_but_its_owners_known_device_gets_in_at_once(
    admin_alice, way_in
):
    owners_device = way_in()
    assert owners_device.succeeded(owners_device.attempt("alice", PASSWORD, address="198.51.100.77"))
    guesser = way_in()
    for number in range(FAILURES_BEFORE_SLOWING + 20):
        guesser.attempt("alice", WRONG, address=f"203.0.113.{number}")

    next_guess = guesser.attempt("alice", WRONG, address="203.0.113.250")
    from_a_new_device = way_in().attempt("alice", PASSWORD, address="198.51.100.78")
    from_the_known_device = owners_device.attempt("alice", PASSWORD, address="198.51.100.77")

    assert refused_as_throttled(next_guess) and refused_as_throttled(from_a_new_device)
    if "Retry-After" in next_guess.headers:
        assert int(next_guess.headers["Retry-After"]) <= SLOW_DOWN.total_seconds()
    assert owners_device.succeeded(from_the_known_device)


@pytest.mark.django_db
@pytest.mark.parametrize("way_in", WAYS_IN, ids=lambda way: way.name)
def test_an_address_is_locked_after_its_failures_on_any_names_and_lifts_after_the_cool_off(
    admin_alice, way_in
):
    way = way_in()
    for number in range(FAILURES_PER_ADDRESS):
        assert not way.succeeded(way.attempt(f"guess{number}", WRONG))

    from_that_address = way.attempt("alice", PASSWORD)
    from_elsewhere = way_in().attempt("alice", PASSWORD, address="203.0.113.50")
    minutes_pass(WINDOW)
    back_in = way.attempt("alice", PASSWORD)

    assert refused_as_throttled(from_that_address)
    assert way.succeeded(from_elsewhere)
    assert way.succeeded(back_in)


@pytest.mark.django_db
def test_failures_count_across_ways_in(admin_alice):
    """Guessing on the page, then on the API and the admin is one run of guesses, not three."""
    page, token, session, admin = LoginPage(), TokenLogin(), SessionLogin(), AdminLogin()
    for _ in range(2):
        page.attempt("alice", WRONG)
        token.attempt("alice", WRONG)
    admin.attempt("ALICE", WRONG)

    assert refused_as_throttled(page.attempt("alice", PASSWORD))
    assert refused_as_throttled(token.attempt("alice", PASSWORD))
    assert refused_as_throttled(session.attempt("alice", PASSWORD))
    assert refused_as_throttled(admin.attempt("alice", PASSWORD))


@pytest.mark.django_db
def test_the_locked_page_says_when_to_try_again(alice):
    page = LoginPage()
    for _ in range(FAILURES_PER_ACCOUNT_AND_ADDRESS):
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
        f"for _ in range({FAILURES_PER_ACCOUNT_AND_ADDRESS}):\n"
        "    try:\n"
        f"        services.authenticate_user(username='alice', password={WRONG!r}, ip_address={ADDRESS!r})\n"
        "    except services.InvalidCredentials:\n"
        "        pass\n"
    )
    run_python(script, DATABASE_URL=current_database_url())

    response = TokenLogin().attempt("alice", PASSWORD)

    assert LoginAttempt.objects.filter(ip_address=ADDRESS).count() == FAILURES_PER_ACCOUNT_AND_ADDRESS
    assert refused_as_throttled(response)
