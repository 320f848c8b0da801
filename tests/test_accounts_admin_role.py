"""In the admin panel, a user's staff status follows the role, as it does through the API."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", PASSWORD))
    return client


def change_form(user: User, **changes) -> dict:
    """The fields the change form posts, as the page shows them, with some changed."""
    fields = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": user.role,
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    return fields | changes


def test_a_superuser_is_an_admin_and_so_keeps_staff_status():
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)

    assert (root.role, root.is_staff) == ("admin", True)


def test_making_someone_an_admin_in_the_panel_makes_them_staff(admin_client):
    alice = User.objects.create_user("alice", password=PASSWORD)

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[alice.pk]), change_form(alice, role="admin")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    alice.refresh_from_db()
    assert (alice.role, alice.is_staff, alice.is_superuser) == ("admin", True, False)


def test_demoting_an_admin_in_the_panel_clears_staff_but_not_superuser(admin_client):
    ada = User.objects.create_superuser("ada", "ada@example.com", PASSWORD)

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[ada.pk]),
        change_form(ada, role="teacher", is_superuser="on"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    ada.refresh_from_db()
    assert (ada.role, ada.is_staff, ada.is_superuser) == ("teacher", False, True)


def test_adding_an_admin_in_the_panel_makes_them_staff(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "ada",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "admin",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="ada").is_staff


def test_staff_status_cannot_be_set_apart_from_the_role_in_the_panel(admin_client):
    alice = User.objects.create_user("alice", password=PASSWORD)

    admin_client.post(
        reverse("admin:accounts_user_change", args=[alice.pk]), change_form(alice, is_staff="on")
    )

    alice.refresh_from_db()
    assert not alice.is_staff
