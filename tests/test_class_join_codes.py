"""Join codes: hard to guess, easy to read aloud, typed any way, rotated by the teacher."""

import re

import pytest
from factories import api_client_for

from quizzes.models import Membership
from quizzes.services import classes

pytestmark = pytest.mark.django_db


def test_a_code_is_eight_unmistakable_characters_shown_in_two_groups():
    codes = {classes.new_join_code() for _ in range(500)}

    assert all(re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code) for code in codes)
    assert len(codes) == 500
    # 31 characters, 8 of them: about 40 bits.
    assert len(classes.JOIN_CODE_ALPHABET) ** classes.JOIN_CODE_LENGTH > 2**39


def test_every_class_gets_a_code_of_its_own(tina):
    created = [classes.create_class(teacher=tina, name=f"Class {n}") for n in range(30)]

    assert len({school_class.join_code for school_class in created}) == 30


def test_a_clash_with_another_class_draws_again(tina, monkeypatch):
    first = classes.create_class(teacher=tina, name="7A")
    drawn = iter([first.join_code, "ABCD-EFGH"])
    monkeypatch.setattr(classes, "new_join_code", lambda: next(drawn))

    second = classes.create_class(teacher=tina, name="7B")

    assert second.join_code == "ABCD-EFGH"


@pytest.mark.parametrize("typed", ["abcd-efgh", "ABCDEFGH", " abcd efgh ", "AbCd-EfGh"])
def test_a_code_is_read_in_any_case_with_or_without_its_dash(tina, alice, typed):
    school_class = classes.create_class(teacher=tina, name="7A")
    school_class.join_code = "ABCD-EFGH"
    school_class.save()

    response = api_client_for(alice).post("/api/classes/join/", {"join_code": typed})

    assert response.status_code == 200
    assert response.json() == {"id": school_class.pk, "name": "7A"}


def test_joining_twice_changes_nothing(tina, alice):
    school_class = classes.create_class(teacher=tina, name="7A")
    client = api_client_for(alice)

    first = client.post("/api/classes/join/", {"join_code": school_class.join_code})
    second = client.post("/api/classes/join/", {"join_code": school_class.join_code})

    assert first.status_code == second.status_code == 200
    assert Membership.objects.filter(user=alice, school_class=school_class).count() == 1


@pytest.mark.parametrize("typed", ["ABCD-EFGH", "0000-0000", "A" * 32, "ABCD-EFG", "ABCD-EFGHJ"])
def test_an_unknown_code_is_a_404(tina, alice, typed):
    classes.create_class(teacher=tina, name="7A")

    response = api_client_for(alice).post("/api/classes/join/", {"join_code": typed})

    assert response.status_code == 404
    assert not Membership.objects.exists()


@pytest.mark.parametrize("body", [{}, {"join_code": ""}, {"join_code": 12345678}])
def test_no_code_at_all_is_a_400(alice, body):
    response = api_client_for(alice).post("/api/classes/join/", body, format="json")

    assert response.status_code == 400 and "join_code" in response.json()


def test_rotating_the_code_makes_the_old_one_fail_and_keeps_the_members(tina, alice, bob):
    school_class = classes.create_class(teacher=tina, name="7A")
    old_code = school_class.join_code
    classes.join_class(user=alice, join_code=old_code)

    response = api_client_for(tina).post(f"/api/classes/{school_class.pk}/rotate-code/")
    new_code = response.json()["join_code"]

    assert response.status_code == 200 and new_code != old_code
    assert api_client_for(bob).post("/api/classes/join/", {"join_code": old_code}).status_code == 404
    assert api_client_for(bob).post("/api/classes/join/", {"join_code": new_code}).status_code == 200
    assert set(school_class.members.values_list("username", flat=True)) == {"alice", "bob"}


def test_the_classs_own_teacher_joining_is_not_made_a_member(tina):
    school_class = classes.create_class(teacher=tina, name="7A")

    response = api_client_for(tina).post("/api/classes/join/", {"join_code": school_class.join_code})

    assert response.status_code == 200
    assert not school_class.memberships.exists()


def test_another_teacher_may_join_as_a_member(tina, tom):
    school_class = classes.create_class(teacher=tina, name="7A")

    api_client_for(tom).post("/api/classes/join/", {"join_code": school_class.join_code})

    assert list(school_class.members.all()) == [tom]
