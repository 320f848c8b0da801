"""A student chooses the nickname leaderboards show, and whether to be shown at all, on the
settings page and through PATCH /api/auth/me/, by one rule (accounts.services.update_settings):
2–30 letters, digits, spaces and . - _ '; no markup or hidden characters; looking like no
one else's nickname nor anyone else's username. A refused nickname saves nothing."""

import pytest
from factories import api_client_for, make_listed, make_user

from accounts.models import NICKNAME_TAKEN, USERNAME_LOOKS_TAKEN, User

pytestmark = pytest.mark.django_db
URL = "/api/auth/me/"


def patch(user, body):
    return api_client_for(user).patch(URL, body, format="json")


def stored(user) -> tuple[str, bool]:
    user.refresh_from_db()
    return user.nickname, user.show_on_leaderboards


def test_a_student_chooses_a_nickname_in_any_script_and_clears_it(alice):
    for nickname in ("Kermanshah Kid", "ستارخان", "Ляхов 1909", "O'Neil-Smith", "می\u200cخواهم"):
        response = patch(alice, {"nickname": nickname})
        assert response.status_code == 200, response.json()
        assert response.json()["nickname"] == nickname and stored(alice) == (nickname, True)

    assert patch(alice, {"nickname": ""}).json()["nickname"] == ""
    assert stored(alice) == ("", True)
    assert User.objects.get(pk=alice.pk).nickname_skeleton is None


@pytest.mark.parametrize(
    ("nickname", "reason"),
    [
        ("<script>alert(1)</script>", "letters, digits, spaces"),
        ("Kid <b>", "letters, digits, spaces"),
        ("Bob &amp; Co", "letters, digits, spaces"),
        ("evil\u202eeman", "letters, digits, spaces"),  # a right-to-left override
        ("zero\u200bwidth", "letters, digits, spaces"),
        ("K", "2 to 30 characters"),
        ("K" * 31, "no more than 30 characters"),
        ("1909", "at least one letter"),
        ("two  spaces", "two in a row"),
    ],
)
def test_a_bad_nickname_is_a_400_naming_the_field_and_nothing_is_saved(alice, nickname, reason):
    make_listed(alice, "Kermanshah Kid")

    response = patch(alice, {"nickname": nickname, "new_cards_per_day": 5})

    assert response.status_code == 400
    assert reason in " ".join(response.json()["nickname"])
    assert stored(alice) == ("Kermanshah Kid", True)
    assert User.objects.get(pk=alice.pk).new_cards_per_day == 20


@pytest.mark.parametrize("taken", ["Bobcat", "BOBCAT", "bоbcat"])  # the last with a Cyrillic о
def test_another_students_nickname_is_refused_whatever_its_case_or_look_alike_letters(alice, bob, taken):
    make_listed(bob, "Bobcat")

    response = patch(alice, {"nickname": taken})

    assert response.status_code == 400
    assert response.json()["nickname"] == [NICKNAME_TAKEN]
    assert stored(alice) == ("", True)


def test_another_users_username_is_refused_and_ones_own_is_allowed(alice, bob):
    make_user("tina", role="teacher")

    assert patch(alice, {"nickname": "Bob"}).status_code == 400
    assert patch(alice, {"nickname": "TINA"}).status_code == 400
    assert stored(alice) == ("", True)
    assert patch(alice, {"nickname": "Alice"}).status_code == 200
    assert stored(alice) == ("Alice", True)


def test_a_new_username_may_not_look_like_someones_nickname(alice, client):
    make_listed(alice, "Kermanshah_Kid")

    api = api_client_for(None).post(
        "/api/auth/register/", {"username": "kermanshah_kid", "password": "tabriz-1909-snarsky"}
    )
    page = client.post("/signup/", {"username": "KERMANSHAH_KID", "password": "tabriz-1909-snarsky"})

    assert api.status_code == 400 and api.json()["username"] == [USERNAME_LOOKS_TAKEN]
    assert page.status_code == 400 and USERNAME_LOOKS_TAKEN in page.content.decode()
    assert not User.objects.filter(username__iexact="kermanshah_kid").exists()


def test_show_on_leaderboards_takes_a_boolean_only(alice):
    response = patch(alice, {"show_on_leaderboards": "no"})

    assert response.status_code == 400 and "show_on_leaderboards" in response.json()
    assert stored(alice) == ("", True)


def test_the_settings_page_saves_a_nickname_and_the_opt_out(client, alice):
    client.force_login(alice)
    form = client.get("/settings/")
    assert form.status_code == 200 and 'name="nickname"' in form.content.decode()
    fields = {
        "email": "",
        "new_cards_per_day": 20,
        "desired_retention": 0.9,
        "time_zone": "UTC",
        "nickname": "Kermanshah Kid",
    }  # show_on_leaderboards unticked

    response = client.post("/settings/", fields)

    assert response.status_code == 302
    assert stored(alice) == ("Kermanshah Kid", False)


def test_the_settings_page_shows_a_refused_nickname_beside_its_field_and_saves_nothing(client, alice, bob):
    make_listed(bob, "Bobcat")
    client.force_login(alice)
    fields = {"email": "", "new_cards_per_day": 7, "desired_retention": 0.9, "time_zone": "UTC"}

    taken = client.post("/settings/", {**fields, "nickname": "bobcat", "show_on_leaderboards": "on"})
    markup = client.post("/settings/", {**fields, "nickname": "<i>x</i>", "show_on_leaderboards": "on"})

    assert taken.status_code == 400 and markup.status_code == 400
    assert "Someone already goes by a name that looks the same" in taken.content.decode()
    assert 'id="id_nickname_error"' in markup.content.decode()
    assert stored(alice) == ("", True)
    assert User.objects.get(pk=alice.pk).new_cards_per_day == 20


def test_two_students_cannot_hold_look_alike_nicknames_even_past_the_check(alice, bob):
    """The database holds the rule too: a unique column of each nickname's skeleton."""
    from django.db import IntegrityError, transaction

    make_listed(bob, "Bobcat")
    alice.nickname = "BOBCAT"
    with pytest.raises(IntegrityError), transaction.atomic():
        alice.save(update_fields=["nickname"])
