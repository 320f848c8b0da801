"""The account pages: signing up (throttled like the API), logging out, the settings page."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "tabriz-1909-snarsky"


def test_signing_up_keeps_the_time_zone_the_browser_sent(client):
    client.post("/signup/", {"username": "sara", "password": PASSWORD, "time_zone": "Asia/Tehran"})

    assert User.objects.get(username="sara").time_zone == "Asia/Tehran"


def test_an_unknown_time_zone_from_the_browser_is_dropped_not_an_error(client):
    response = client.post(
        "/signup/", {"username": "sara", "password": PASSWORD, "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 302
    assert User.objects.get(username="sara").time_zone == "UTC"


def test_a_taken_name_is_refused_beside_the_field_whatever_its_case(client, alice):
    page = client.post("/signup/", {"username": "ALICE", "password": PASSWORD})

    assert page.status_code == 400
    assert page.context["form"].errors["username"] == ["A user with that username already exists."]
    assert User.objects.count() == 1


def test_sign_ups_from_one_address_share_the_apis_throttle():
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    page = APIClient(REMOTE_ADDR="203.0.113.7")  # a plain browser client, but DRF's is handy
    for number in range(10):
        api.post("/api/auth/register/", {"username": f"api{number}", "password": PASSWORD})
        page.post("/signup/", {"username": f"page{number}", "password": PASSWORD}, format="multipart")

    refused = page.post("/signup/", {"username": "late", "password": PASSWORD}, format="multipart")
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.8").post(
        "/signup/", {"username": "other", "password": PASSWORD}, format="multipart"
    )

    assert refused.status_code == 429
    assert "Too many sign-ups from your address" in refused.content.decode()
    assert not User.objects.filter(username="late").exists()
    assert elsewhere.status_code == 302


def test_logging_out_says_so_on_the_login_page(client, alice):
    client.force_login(alice)

    page = client.post("/logout/", follow=True)

    assert page.templates[0].name == "accounts/login.html"
    assert "You are logged out." in page.content.decode()
    assert not page.context["user"].is_authenticated


def test_logging_out_needs_a_post(client, alice):
    client.force_login(alice)

    assert client.get("/logout/").status_code == 405


def test_the_settings_page_needs_a_login(client):
    response = client.get("/settings/")

    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/settings/")


def test_settings_are_saved_through_the_same_rules_as_the_api(client, alice):
    client.force_login(alice)

    response = client.post(
        "/settings/",
        {"email": "", "new_cards_per_day": 35, "desired_retention": 0.85, "time_zone": "Europe/Moscow"},
        follow=True,
    )

    alice.refresh_from_db()
    assert (alice.new_cards_per_day, alice.desired_retention, alice.time_zone) == (35, 0.85, "Europe/Moscow")
    assert "Your settings are saved." in response.content.decode()


def test_a_setting_out_of_range_is_refused_beside_it_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    page = client.post(
        "/settings/",
        {"email": "", "new_cards_per_day": 501, "desired_retention": 0.85, "time_zone": "Europe/Moscow"},
    )

    assert page.status_code == 400
    assert page.context["form"].errors["new_cards_per_day"] == [
        "Ensure this value is less than or equal to 500."
    ]
    assert page.context["user"].time_zone == "UTC"  # the page shows what is saved, not what was refused
    alice.refresh_from_db()
    assert (alice.new_cards_per_day, alice.time_zone) == (20, "UTC")
