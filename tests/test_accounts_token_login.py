"""API tokens (django-rest-knox): one per device, stored hashed, expiring, revocable.

POST /api/auth/token/ gives one for `Authorization: Token ...`; DELETE logs it out;
DELETE /api/auth/tokens/ logs out every device.
"""

import datetime as dt

import pytest
from django.db import connection
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts import tokens
from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/auth/token/"
PASSWORD = "correct-horse-battery-9"
REFUSED = {"non_field_errors": ["Unable to log in with the given username and password."]}


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD, role="teacher")


def log_in() -> str:
    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_right_password_gets_a_token_that_authenticates_me_until_its_expiry(alice, settings):
    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    me = client_with(response.json()["token"]).get("/api/auth/me/")

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}
    expiry = dt.datetime.fromisoformat(response.json()["expiry"])
    expected = dt.datetime.now(dt.UTC) + settings.REST_KNOX["TOKEN_TTL"]
    assert abs((expiry - expected).total_seconds()) < 60
    assert me.status_code == 200 and me.json()["id"] == alice.pk and me.json()["role"] == "teacher"


def test_each_login_is_a_device_of_its_own_with_its_own_token(alice):
    phone, laptop = log_in(), log_in()

    assert phone != laptop
    assert client_with(phone).get("/api/auth/me/").status_code == 200
    assert client_with(laptop).get("/api/auth/me/").status_code == 200


def test_the_database_holds_no_token_only_its_digest(alice):
    token = log_in()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)

    assert token not in stored


def test_logging_out_a_token_ends_it_and_leaves_the_other_devices(alice):
    phone, laptop = log_in(), log_in()

    response = client_with(phone).delete(URL)

    assert response.status_code == 204
    assert client_with(phone).get("/api/auth/me/").status_code == 401
    assert client_with(laptop).get("/api/auth/me/").status_code == 200


def test_logging_out_everywhere_ends_every_token(alice):
    phone, laptop = log_in(), log_in()

    assert client_with(phone).delete("/api/auth/tokens/").status_code == 204

    assert client_with(phone).get("/api/auth/me/").status_code == 401
    assert client_with(laptop).get("/api/auth/me/").status_code == 401


def test_logging_out_without_a_token_is_a_401(alice):
    assert APIClient().delete(URL).status_code == 401


def test_an_expired_token_is_a_401_and_goes_at_the_next_login(alice):
    token = log_in()
    AuthToken.objects.update(expiry=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))

    response = client_with(token).get("/api/auth/me/")
    log_in()

    assert response.status_code == 401 and response.json() == {"detail": "Token expired: log in again."}
    assert AuthToken.objects.count() == 1


def test_a_user_keeps_at_most_ten_tokens_the_oldest_go(alice):
    first = log_in()
    for _ in range(tokens.MOST_TOKENS_PER_USER):
        log_in()

    assert AuthToken.objects.filter(user=alice).count() == tokens.MOST_TOKENS_PER_USER
    assert client_with(first).get("/api/auth/me/").status_code == 401


@pytest.mark.parametrize(
    "username, password",
    [("alice", "wrong-horse-battery-9"), ("nobody", PASSWORD), ("alice", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_wrong_credentials_get_400_and_never_a_token(alice, username, password):
    response = APIClient().post(URL, {"username": username, "password": password})

    assert response.status_code == 400
    assert "token" not in response.json()
    assert not AuthToken.objects.exists()


def test_a_wrong_password_is_answered_with_the_usual_message(alice):
    response = APIClient().post(URL, {"username": "alice", "password": "wrong-horse-battery-9"})

    assert response.json() == REFUSED


def test_an_inactive_user_cannot_log_in(alice):
    alice.is_active = False
    alice.save()

    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 400
    assert response.json() == REFUSED
    assert not AuthToken.objects.exists()


def test_missing_fields_are_named():
    response = APIClient().post(URL, {})

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


@pytest.mark.parametrize("token", ["no-such-token", "é" * 64, "0" * 64, "x"])
def test_an_unknown_or_malformed_token_on_me_is_401(alice, token):
    log_in()

    assert client_with(token).get("/api/auth/me/").status_code == 401


def test_a_token_login_takes_nine_queries(alice, django_assert_num_queries):
    log_in()

    # Three brute-force rules, record the attempt, the user, mark it a success; drop the
    # user's expired tokens, read the live ones (to keep at most ten), save the new one.
    with django_assert_num_queries(9):
        log_in()


def test_a_request_with_a_token_looks_it_up_in_one_query(alice, django_assert_num_queries):
    client = client_with(log_in())

    with django_assert_num_queries(1):
        assert client.get("/api/auth/me/").status_code == 200
