"""In the admin panel, a user's staff status follows the role, as it does through the API."""

import pytest
from django.contrib.messages import get_messages
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


def test_a_superuser_keeps_the_admin_role_until_superuser_status_is_taken_away(admin_client):
    ada = User.objects.create_superuser("ada", "ada@example.com", PASSWORD)
    change = reverse("admin:accounts_user_change", args=[ada.pk])

    refused = admin_client.post(change, change_form(ada, role="teacher", is_superuser="on"))
    demoted = admin_client.post(change, change_form(ada, role="teacher"))  # superuser unticked

    assert refused.status_code == 200 and "untick superuser status" in refused.content.decode()
    assert demoted.status_code == 302, demoted.context["adminform"].form.errors
    ada.refresh_from_db()
    assert (ada.role, ada.is_staff, ada.is_superuser) == ("teacher", False, False)


@pytest.fixture
def plain_admin_client(client):
    """An admin by role, not a superuser."""
    client.force_login(User.objects.create_user("ada", password=PASSWORD, role="admin", is_staff=True))
    return client


def test_only_a_superuser_grants_superuser_status(plain_admin_client):
    alice = User.objects.create_user("alice", password=PASSWORD)

    plain_admin_client.post(
        reverse("admin:accounts_user_change", args=[alice.pk]),
        change_form(alice, role="admin", is_superuser="on"),
    )

    alice.refresh_from_db()
    assert (alice.role, alice.is_superuser) == ("admin", False)


def test_an_admin_who_is_not_a_superuser_cannot_change_or_delete_a_superuser(plain_admin_client):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)

    changed = plain_admin_client.post(
        reverse("admin:accounts_user_change", args=[root.pk]), change_form(root, role="student")
    )
    deleted = plain_admin_client.post(reverse("admin:accounts_user_delete", args=[root.pk]), {"post": "yes"})

    assert changed.status_code == 403 and deleted.status_code == 403
    root.refresh_from_db()
    assert (root.role, root.is_superuser) == ("admin", True)


def test_the_role_actions_skip_a_superuser_and_say_so(plain_admin_client):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    alice = User.objects.create_user("alice", password=PASSWORD)

    response = plain_admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "make_students", "index": 0, "_selected_action": [root.pk, alice.pk]},
    )

    said = [str(message) for message in get_messages(response.wsgi_request)]
    root.refresh_from_db()
    assert root.role == "admin" and said[0].startswith("root is a superuser")
    assert said[1] == "Now students: alice."


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
