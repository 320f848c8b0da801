"""PATCH /api/users/{id}/: admins grant roles; admins are staff, nobody else is."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db


def url(user: User | int) -> str:
    return f"/api/users/{getattr(user, 'pk', user)}/"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password="correct-horse-battery-9")


@pytest.fixture
def tina():
    return User.objects.create_user("tina", password="correct-horse-battery-9", role="teacher")


@pytest.fixture
def ada():
    return User.objects.create_user("ada", password="correct-horse-battery-9", role="admin", is_staff=True)


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_an_admin_makes_a_student_a_teacher(ada, alice):
    response = client_for(ada).patch(url(alice), {"role": "teacher"})

    assert response.status_code == 200
    assert response.json() == {"id": alice.pk, "username": "alice", "role": "teacher"}
    alice.refresh_from_db()
    assert alice.role == "teacher"
    assert not alice.is_staff


def test_making_someone_an_admin_makes_them_staff(ada, alice):
    client_for(ada).patch(url(alice), {"role": "admin"})

    alice.refresh_from_db()
    assert alice.role == "admin"
    assert alice.is_staff
    assert not alice.is_superuser


def test_demoting_an_admin_clears_staff(ada):
    other = User.objects.create_user("otto", password="correct-horse-battery-9", role="admin", is_staff=True)

    response = client_for(ada).patch(url(other), {"role": "teacher"})

    assert response.status_code == 200
    other.refresh_from_db()
    assert (other.role, other.is_staff) == ("teacher", False)


@pytest.mark.parametrize("caller", ["ada", "root"])
def test_demoting_a_superuser_is_refused_so_the_role_never_says_less_than_the_powers(request, ada, caller):
    """The attack: the API said "student" while every admin power stayed."""
    root = User.objects.create_superuser("root", password="correct-horse-battery-9")
    victim = root if caller == "ada" else User.objects.create_superuser("other", password="x-long-pass-9")
    who = ada if caller == "ada" else root

    response = client_for(who).patch(url(victim), {"role": "student"})

    assert response.status_code == 400
    assert "superuser" in response.json()["role"][0]
    victim.refresh_from_db()
    assert (victim.role, victim.is_staff, victim.is_superuser) == ("admin", True, True)


def test_an_admin_cannot_change_their_own_role(ada):
    response = client_for(ada).patch(url(ada), {"role": "student"})

    assert response.status_code == 400
    assert response.json() == {"role": ["You cannot change your own role."]}
    ada.refresh_from_db()
    assert (ada.role, ada.is_staff) == ("admin", True)


@pytest.mark.parametrize("caller", ["alice", "tina"])
def test_a_logged_in_non_admin_gets_403_and_nothing_changes(request, alice, tina, caller):
    response = client_for(request.getfixturevalue(caller)).patch(url(alice), {"role": "admin"})

    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.role == "student"
    assert not alice.is_staff


def test_an_anonymous_caller_gets_401(alice):
    response = client_for(None).patch(url(alice), {"role": "teacher"})

    assert response.status_code == 401
    alice.refresh_from_db()
    assert alice.role == "student"


@pytest.mark.parametrize("missing_id", [987654, 2**70])
def test_an_unknown_user_is_404(ada, missing_id):
    response = client_for(ada).patch(url(missing_id), {"role": "teacher"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [{"role": "superuser"}, {"role": ""}, {}], ids=["unknown", "blank", "missing"]
)
def test_an_invalid_role_is_400_naming_the_field(ada, alice, body):
    response = client_for(ada).patch(url(alice), body)

    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    alice.refresh_from_db()
    assert alice.role == "student"
