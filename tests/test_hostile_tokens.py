"""Tokens and sessions of users who are gone or switched off stop working at once."""

import pytest
from factories import token_for
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db


def client_with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def token(alice) -> str:
    return token_for(alice)


def test_the_token_works_while_its_user_exists(token):
    assert client_with_token(token).get("/api/auth/me/").status_code == 200


def test_the_token_of_a_deleted_user_is_a_401(alice, token):
    alice.delete()

    response = client_with_token(token).get("/api/auth/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deleted_user_cannot_write(alice, token, tinas_set):
    alice.delete()

    response = client_with_token(token).post("/api/quizzes/", {"set": tinas_set.pk}, format="json")

    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_is_a_401(alice, token):
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = client_with_token(token).get("/api/sets/")

    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_a_deleted_user_cannot_get_a_new_token(alice):
    alice.delete()

    response = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "correct-horse-battery-9"}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_deleted_users_session_is_logged_out_on_the_api_and_the_pages(client, alice):
    client.force_login(alice)
    alice.delete()

    api = client.get("/api/auth/me/")
    page = client.get("/progress/")

    assert api.status_code == 401
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/login/")


def test_a_token_for_someone_else_is_never_guessed_from_a_prefix(token):
    response = client_with_token(token[:20]).get("/api/auth/me/")

    assert response.status_code == 401
