"""Changing a password (API and page) and resetting a forgotten one by email: each logs
out every other device, and the current password is checked as a login is."""

import re

import pytest
from django.core import mail
from django.test import Client
from factories import token_for
from rest_framework.test import APIClient

from accounts.models import LoginAttempt, User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"
NEW = "tabriz-1909-snarsky"


@pytest.fixture
def alice():
    return User.objects.create_user("alice", password=PASSWORD, email="alice@example.com")


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def change(client, current=PASSWORD, new=NEW):
    return client.post(
        "/api/auth/password/", {"current_password": current, "new_password": new}, format="json"
    )


def test_a_password_change_keeps_this_device_and_logs_out_the_others(alice):
    this_device, other_device = token_for(alice), token_for(alice)
    other_browser = Client()
    other_browser.force_login(alice)

    response = change(client_with(this_device))

    assert response.status_code == 204
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert client_with(this_device).get("/api/auth/me/").status_code == 200
    assert client_with(other_device).get("/api/auth/me/").status_code == 401
    assert other_browser.get("/progress/").status_code == 302  # its session ended: to the login


def test_a_session_that_changes_the_password_stays_logged_in(alice):
    client = APIClient()
    client.force_login(alice)

    assert change(client).status_code == 204
    assert client.get("/api/auth/me/").status_code == 200


def test_a_wrong_current_password_is_a_400_naming_it_and_counts_as_a_failed_login(alice):
    response = change(client_with(token_for(alice)), current="wrong-horse-battery-9")

    assert response.status_code == 400
    assert response.json() == {"current_password": ["That is not your current password."]}
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 1


def test_guessing_the_current_password_meets_the_login_rules(alice):
    client = client_with(token_for(alice))
    for _ in range(5):
        change(client, current="wrong-horse-battery-9")

    assert change(client).status_code == 429


@pytest.mark.parametrize("new", ["12345678", "alice", "short"])
def test_a_weak_new_password_is_a_400_naming_it(alice, new):
    response = change(client_with(token_for(alice)), new=new)

    assert response.status_code == 400 and list(response.json()) == ["new_password"]


def test_the_settings_page_changes_the_password(alice):
    browser = Client()
    browser.force_login(alice)

    wrong = browser.post("/settings/password/", {"current_password": "nope", "new_password": NEW})
    right = browser.post(
        "/settings/password/", {"current_password": PASSWORD, "new_password": NEW}, follow=True
    )

    assert wrong.status_code == 400 and "That is not your current password." in wrong.content.decode()
    assert right.status_code == 200 and "Your password is changed" in right.content.decode()
    assert browser.get("/progress/").status_code == 200  # still logged in here


def reset_link() -> str:
    [sent] = mail.outbox
    return re.search(r"https?://[^/]+(/password-reset/[^\s]+/)", sent.body).group(1)


def test_a_forgotten_password_is_reset_by_a_link_sent_by_email(alice):
    browser = Client()
    device = token_for(alice)

    asked = browser.post("/password-reset/", {"email": "ALICE@example.com"})
    link = reset_link()
    form = browser.get(link, follow=True)
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert asked.status_code == 302 and mail.outbox[0].to == ["alice@example.com"]
    assert done.status_code == 302 and done.url == "/password-reset/done/"
    assert Client().post("/login/", {"username": "alice", "password": NEW}).status_code == 302
    assert client_with(device).get("/api/auth/me/").status_code == 401  # every device logged out
    assert browser.get(link, follow=True).context["validlink"] is False  # the link works once


def test_an_unknown_address_is_answered_alike_and_sends_nothing(alice):
    response = Client().post("/password-reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302 and response.url == "/password-reset/sent/"
    assert mail.outbox == []


def test_reset_emails_are_rated_per_address(alice):
    browser = Client(REMOTE_ADDR="198.51.100.5")
    statuses = [
        browser.post("/password-reset/", {"email": "alice@example.com"}).status_code for _ in range(11)
    ]

    assert statuses == [302] * 10 + [429]
    assert len(mail.outbox) == 10
