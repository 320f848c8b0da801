"""Failed logins lock an account from one address (5 in 15 minutes) and an address trying
many names (50 in 15 minutes); guessing from elsewhere never locks the owner out."""

import pytest
from rest_framework.test import APIClient

from accounts.models import LoginAttempt, User

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/auth/token/"
SESSION_URL = "/api/auth/session/"
PASSWORD = "correct-horse-battery-9"
WRONG = "wrong-horse-battery-9"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD)


def fail(times: int, *, username: str = "alice", address: str = "198.51.100.1") -> None:
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(times):
        assert client.post(TOKEN_URL, {"username": username, "password": WRONG}).status_code == 400


def test_five_wrong_passwords_lock_the_account_from_that_address_with_429_and_retry_after(alice):
    fail(5)

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(TOKEN_URL, {"username": "alice", "password": WRONG})

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert response.json() == {
        "detail": f"Too many failed logins; try again in {response.headers['Retry-After']} seconds."
    }


def test_four_wrong_passwords_do_not_lock(alice):
    fail(4)

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 200


def test_the_right_password_is_refused_during_the_lockout_from_that_address(alice):
    fail(5)

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "token" not in response.json()


def test_a_stranger_guessing_from_elsewhere_does_not_lock_the_owner_out(alice):
    fail(5, address="203.0.113.66")  # the attacker

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 200 and "token" in response.json()


def test_the_session_login_shares_the_lockout(alice):
    fail(5)

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(
        SESSION_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_the_lockout_ignores_the_case_of_the_username(alice):
    fail(5, username="ALICE")

    response = APIClient(REMOTE_ADDR="198.51.100.1").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_one_locked_username_leaves_the_others_alone(alice):
    User.objects.create_user("bob", password=PASSWORD)
    fail(5)

    response = APIClient().post(TOKEN_URL, {"username": "bob", "password": PASSWORD})

    assert response.status_code == 200


def test_fifty_failures_from_one_address_lock_that_address_for_every_username(alice):
    for number in range(50):
        fail(1, username=f"guess{number}", address="198.51.100.9")

    from_that_address = APIClient(REMOTE_ADDR="198.51.100.9").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )
    from_elsewhere = APIClient(REMOTE_ADDR="198.51.100.10").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert from_that_address.status_code == 429
    assert int(from_that_address.headers["Retry-After"]) > 0
    assert from_elsewhere.status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(alice):
    fail(5, address="198.51.100.9")

    response = APIClient(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.1").post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_told_apart_by_its_forwarded_address(settings, alice):
    """TRUSTED_PROXY_COUNT=1: the proxy's own address is shared by everyone; the address it
    appends is the client's. A guesser behind it locks only themselves."""
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        proxy = "10.0.0.2"
        for _ in range(5):
            APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").post(
                TOKEN_URL, {"username": "alice", "password": WRONG}
            )
        guesser = APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").post(
            TOKEN_URL, {"username": "alice", "password": PASSWORD}
        )
        owner = APIClient(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="forged, 198.51.100.1").post(
            TOKEN_URL, {"username": "alice", "password": PASSWORD}
        )
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()

    assert (guesser.status_code, owner.status_code) == (429, 200)
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66", "198.51.100.1"}


def test_attempts_are_recorded_with_the_lower_cased_name_and_the_address(alice):
    APIClient(REMOTE_ADDR="198.51.100.1").post(TOKEN_URL, {"username": "Alice", "password": WRONG})
    APIClient(REMOTE_ADDR="198.51.100.1").post(TOKEN_URL, {"username": "alice", "password": PASSWORD})

    attempts = list(
        LoginAttempt.objects.order_by("attempted_at").values_list("username", "ip_address", "succeeded")
    )

    assert attempts == [("alice", "198.51.100.1", False), ("alice", "198.51.100.1", True)]


def test_a_name_that_grows_when_lower_cased_is_refused_cleanly_not_with_a_500():
    response = APIClient().post(TOKEN_URL, {"username": "İ" * 150, "password": WRONG})

    assert response.status_code == 400
    assert LoginAttempt.objects.get().username == ("i̇" * 150)[:150]
