"""A class holds at most MAX_MEMBERS students, however they come (a code, the link, names,
a roster): one more is refused with a reason, and a batch that would pass the limit adds
nobody. Someone already in joins again without a change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import api_client_for, make_user

from accounts.models import User
from quizzes.models import Membership
from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(classes, "MAX_MEMBERS", 3)


@pytest.fixture
def full_class(tina, small_limit):
    school_class = classes.create_class(teacher=tina, name="7A")
    for number in range(3):
        classes.join_class(user=make_user(f"pupil{number}"), join_code=school_class.join_code)
    return school_class


def test_one_more_by_code_is_refused_in_the_api_and_on_the_pages(full_class, client):
    late = make_user("late")

    api = api_client_for(late).post("/api/classes/join/", {"join_code": full_class.join_code})
    client.force_login(late)
    page = client.post("/classes/", {"join_code": full_class.join_code})
    link = client.post(f"/join/{full_class.join_code}/")

    assert api.status_code == 400 and "is full (3 students)" in api.json()["join_code"][0]
    assert page.status_code == 400 and "is full" in page.content.decode()
    assert link.status_code == 400
    assert full_class.memberships.count() == 3


def test_a_member_joining_again_is_not_refused(full_class):
    pupil = User.objects.get(username="pupil0")

    assert classes.join_class(user=pupil, join_code=full_class.join_code) == full_class
    assert full_class.memberships.count() == 3


def test_names_or_a_roster_that_would_pass_the_limit_add_nobody(tina, small_limit):
    school_class = classes.create_class(teacher=tina, name="7B")
    for number in range(4):
        make_user(f"kid{number}")

    with pytest.raises(classes.ClassError) as by_names:
        classes.add_members(school_class=school_class, usernames=[f"kid{n}" for n in range(4)])
    roster = SimpleUploadedFile("roster.csv", b"username\nkid0\nkid1\nkid2\nkid3\n")
    with pytest.raises(classes.ClassError) as by_roster:
        classes.add_roster(school_class=school_class, csv_file=roster)

    assert "at most 3 students" in by_names.value.errors["usernames"][0]
    assert "at most 3 students" in by_roster.value.errors["file"][0]
    assert not Membership.objects.filter(school_class=school_class).exists()
