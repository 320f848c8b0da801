"""POST /api/auth/register/: anyone signs up as a student; bad input saves nothing."""

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/auth/register/"
GOOD_PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """The register throttle counts in the cache, which outlives a test."""
    cache.clear()


def test_registering_creates_a_student_and_answers_its_id_name_and_role():
    response = APIClient().post(URL, {"username": "alice", "password": GOOD_PASSWORD})

    assert response.status_code == 201
    user = User.objects.get(username="alice")
    assert response.json() == {"id": user.pk, "username": "alice", "role": "student"}
    assert user.check_password(GOOD_PASSWORD)
    assert not user.is_staff


def test_the_email_is_optional_and_kept_when_given():
    APIClient().post(URL, {"username": "alice", "password": GOOD_PASSWORD})
    APIClient().post(URL, {"username": "bob", "password": GOOD_PASSWORD, "email": "bob@example.com"})

    assert User.objects.get(username="alice").email == ""
    assert User.objects.get(username="bob").email == "bob@example.com"


def test_a_role_in_the_body_is_ignored_everyone_starts_as_a_student():
    response = APIClient().post(URL, {"username": "mallory", "password": GOOD_PASSWORD, "role": "admin"})

    assert response.status_code == 201
    assert response.json()["role"] == "student"
    assert User.objects.get(username="mallory").role == "student"


@pytest.mark.parametrize(
    "password",
    ["short7", "password123", "8437261905", "alice-wonder"],
    ids=["too-short", "common", "numeric", "like-the-username"],
)
def test_a_weak_password_is_refused_with_reasons_and_nothing_is_saved(password):
    response = APIClient().post(URL, {"username": "alice-wonder", "password": password})

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert response.json()["password"]
    assert not User.objects.exists()


def test_a_taken_username_is_refused_whatever_its_case():
    User.objects.create_user("Alice", password=GOOD_PASSWORD)

    response = APIClient().post(URL, {"username": "aLICE", "password": GOOD_PASSWORD})

    assert response.status_code == 400
    assert response.json() == {"username": ["A user with that username already exists."]}
    assert User.objects.count() == 1


def test_a_taken_name_and_a_weak_password_are_reported_together():
    User.objects.create_user("alice", password=GOOD_PASSWORD)

    response = APIClient().post(URL, {"username": "alice", "password": "123"})

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"password": GOOD_PASSWORD}, "username"),
        ({"username": "alice"}, "password"),
        ({"username": "no spaces allowed", "password": GOOD_PASSWORD}, "username"),
        ({"username": "alice", "password": GOOD_PASSWORD, "email": "not-an-email"}, "email"),
    ],
    ids=["no-username", "no-password", "bad-username", "bad-email"],
)
def test_missing_or_malformed_fields_are_named_and_nothing_is_saved(body, field):
    response = APIClient().post(URL, body)

    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.exists()


def test_a_stale_token_in_the_headers_does_not_block_signing_up():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token no-such-token")

    response = client.post(URL, {"username": "alice", "password": GOOD_PASSWORD})

    assert response.status_code == 201


def test_registration_is_throttled_per_address():
    allowed, _ = ScopedRateThrottle().parse_rate(api_settings.DEFAULT_THROTTLE_RATES["register"])
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    for _ in range(allowed):
        client.post(URL, {})  # refused bodies count too: the throttle guards the endpoint

    throttled = client.post(URL, {"username": "alice", "password": GOOD_PASSWORD})
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.8").post(URL, {"username": "bob", "password": GOOD_PASSWORD})

    assert throttled.status_code == 429
    assert "Retry-After" in throttled.headers
    assert not User.objects.filter(username="alice").exists()
    assert elsewhere.status_code == 201
