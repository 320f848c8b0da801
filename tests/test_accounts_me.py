"""/api/auth/me/: who I am and my study settings; I change the settings, never my role."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/auth/me/"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", email="alice@example.com", password="correct-horse-battery-9")


@pytest.fixture
def client(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_me_answers_my_identity_role_and_study_settings(client, alice):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "id": alice.pk,
        "username": "alice",
        "role": "student",
        "email": "alice@example.com",
        "desired_retention": 0.9,
        "new_cards_per_day": 20,
        "time_zone": "UTC",
        "nickname": "",
        "show_on_leaderboards": True,
    }


@pytest.mark.parametrize("method", ["get", "patch"])
def test_anonymous_callers_get_401(method):
    response = getattr(APIClient(), method)(URL, {})

    assert response.status_code == 401


def test_i_change_my_study_settings_and_email(client, alice):
    changes = {
        "desired_retention": 0.85,
        "new_cards_per_day": 0,
        "time_zone": "Asia/Tehran",
        "email": "alice@example.org",
    }

    response = client.patch(URL, changes)

    assert response.status_code == 200
    assert response.json() == {
        "id": alice.pk,
        "username": "alice",
        "role": "student",
        "nickname": "",
        "show_on_leaderboards": True,
        **changes,
    }
    alice.refresh_from_db()
    assert (alice.desired_retention, alice.new_cards_per_day, alice.time_zone, alice.email) == (
        0.85,
        0,
        "Asia/Tehran",
        "alice@example.org",
    )


def test_a_partial_change_leaves_the_other_settings_alone(client, alice):
    client.patch(URL, {"new_cards_per_day": 50})

    alice.refresh_from_db()
    assert alice.new_cards_per_day == 50
    assert alice.time_zone == "UTC"
    assert alice.desired_retention == 0.9


@pytest.mark.parametrize(
    "field, value",
    [
        ("desired_retention", 0.69),
        ("desired_retention", 1.0),
        ("new_cards_per_day", -1),
        ("new_cards_per_day", 501),
        ("time_zone", "Mars/Olympus_Mons"),
        ("email", "not-an-email"),
    ],
)
def test_out_of_range_settings_are_refused_by_field_and_nothing_is_saved(client, alice, field, value):
    response = client.patch(URL, {"new_cards_per_day": 30, field: value})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    alice.refresh_from_db()
    assert alice.new_cards_per_day == 20


@pytest.mark.parametrize("role", ["teacher", "admin"])
def test_changing_my_own_role_is_refused_and_nothing_is_saved(client, alice, role):
    response = client.patch(URL, {"role": role, "new_cards_per_day": 30})

    assert response.status_code == 400
    assert response.json() == {"role": ["You cannot change your own role."]}
    alice.refresh_from_db()
    assert alice.role == "student"
    assert not alice.is_staff
    assert alice.new_cards_per_day == 20


def test_sending_back_my_current_role_is_accepted_as_no_change(client, alice):
    response = client.patch(URL, {"role": "student", "new_cards_per_day": 30})

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.role == "student"
    assert alice.new_cards_per_day == 30


def test_my_name_id_and_staff_status_are_not_writable(client, alice):
    response = client.patch(URL, {"username": "mallory", "id": 999, "is_staff": True, "is_superuser": True})

    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.pk, alice.username, alice.is_staff, alice.is_superuser) == (
        response.json()["id"],
        "alice",
        False,
        False,
    )


def test_put_is_not_allowed(client):
    assert client.put(URL, {"new_cards_per_day": 30}).status_code == 405
