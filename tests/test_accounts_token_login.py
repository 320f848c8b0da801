"""POST /api/auth/token/: the right credentials get a token for `Authorization: Token ...`."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/auth/token/"
PASSWORD = "correct-horse-battery-9"
REFUSED = {"non_field_errors": ["Unable to log in with the given username and password."]}


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD, role="teacher")


def test_the_right_password_gets_a_token_that_authenticates_me(alice):
    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    me = client.get("/api/auth/me/")

    assert response.status_code == 200
    assert list(response.json()) == ["token"]
    assert me.status_code == 200
    assert me.json()["id"] == alice.pk
    assert me.json()["role"] == "teacher"


def test_logging_in_again_answers_the_same_token(alice):
    first = APIClient().post(URL, {"username": "alice", "password": PASSWORD})
    second = APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    assert first.json()["token"] == second.json()["token"] == Token.objects.get(user=alice).key


@pytest.mark.parametrize(
    "username, password",
    [("alice", "wrong-horse-battery-9"), ("nobody", PASSWORD), ("alice", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_wrong_credentials_get_400_and_never_a_token(alice, username, password):
    response = APIClient().post(URL, {"username": username, "password": password})

    assert response.status_code == 400
    assert "token" not in response.json()
    assert not Token.objects.exists()


def test_a_wrong_password_is_answered_with_the_usual_message(alice):
    response = APIClient().post(URL, {"username": "alice", "password": "wrong-horse-battery-9"})

    assert response.json() == REFUSED


def test_an_inactive_user_cannot_log_in(alice):
    alice.is_active = False
    alice.save()

    response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 400
    assert response.json() == REFUSED
    assert not Token.objects.exists()


def test_missing_fields_are_named():
    response = APIClient().post(URL, {})

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_an_unknown_token_on_me_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token no-such-token")

    assert client.get("/api/auth/me/").status_code == 401


def test_a_token_login_takes_seven_queries_once_the_token_exists(alice, django_assert_num_queries):
    APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    # Three brute-force rules, record the attempt, the user, mark it a success, the token.
    with django_assert_num_queries(7):
        response = APIClient().post(URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
