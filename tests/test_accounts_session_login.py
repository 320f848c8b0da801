"""/api/auth/session/: the web pages log in and out with a Django session, CSRF checked."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/auth/session/"
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD)


def csrf_checked_client_with_token() -> tuple[APIClient, str]:
    """A client that, like a browser, must send the token from the cookie with each write."""
    client = APIClient(enforce_csrf_checks=True)
    client.get(URL)
    return client, client.cookies["csrftoken"].value


def test_logging_in_answers_the_user_and_starts_a_session(alice):
    client = APIClient()

    response = client.post(URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json() == {"id": alice.pk, "username": "alice", "role": "student"}
    assert client.get("/api/auth/me/").json()["username"] == "alice"


def test_a_wrong_password_gets_400_and_no_session(alice):
    client = APIClient()

    response = client.post(URL, {"username": "alice", "password": "wrong-horse-battery-9"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with the given username and password."]}
    assert client.get("/api/auth/me/").status_code == 401


def test_logging_in_without_the_csrf_token_is_forbidden(alice):
    client, _ = csrf_checked_client_with_token()

    response = client.post(URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert client.get("/api/auth/me/").status_code == 401


def test_logging_in_with_the_csrf_token_works(alice):
    client, token = csrf_checked_client_with_token()

    response = client.post(URL, {"username": "alice", "password": PASSWORD}, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert client.get("/api/auth/me/").status_code == 200


def test_logging_out_ends_the_session(alice):
    client = APIClient()
    client.post(URL, {"username": "alice", "password": PASSWORD})

    response = client.delete(URL)

    assert response.status_code == 204
    assert client.get("/api/auth/me/").status_code == 401


def test_logging_out_without_the_csrf_token_is_forbidden_and_keeps_the_session(alice):
    client, token = csrf_checked_client_with_token()
    client.post(URL, {"username": "alice", "password": PASSWORD}, HTTP_X_CSRFTOKEN=token)

    response = client.delete(URL)

    assert response.status_code == 403
    assert client.get("/api/auth/me/").status_code == 200
