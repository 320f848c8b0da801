"""A roster CSV adds the users its `username` column names: all of them or none, each bad
line reported by its number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import api_client_for

from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(tina):
    return classes.create_class(teacher=tina, name="7A")


def upload(school_class, text: str | bytes, *, user):
    content = text.encode() if isinstance(text, str) else text
    return api_client_for(user).post(
        f"/api/classes/{school_class.pk}/roster/",
        {"file": SimpleUploadedFile("roster.csv", content, content_type="text/csv")},
        format="multipart",
    )


def test_a_roster_adds_its_users_whatever_its_other_columns(tina, alice, bob, school_class):
    response = upload(school_class, "\ufeffName,Username\nAlice A,alice\n\nBob B, BOB \n", user=tina)

    assert response.status_code == 201 and response.json() == {"added": 2}
    assert set(school_class.members.values_list("username", flat=True)) == {"alice", "bob"}


def test_unknown_users_are_reported_by_line_and_nobody_is_added(tina, alice, school_class):
    response = upload(school_class, "username,name\nalice,A\nnobody,N\n,Empty\nghost,G\n", user=tina)

    assert response.status_code == 400
    rows = response.json()["rows"]
    assert set(rows) == {"3", "4", "5"}
    assert "nobody" in rows["3"][0] and "No username" in rows["4"][0]
    assert not school_class.memberships.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("name\nalice\n", "username"),
        ("", "username"),
        ("username\n", "no one"),
        (b"username\n\xff\xfe\n", "UTF-8"),
        ("username\n" + "x\n" * 100_000, "KB"),
        ("username\n" + "".join(f"user{n}\n" for n in range(classes.MAX_USERNAMES + 1)), "at most"),
    ],
)
def test_a_file_that_is_no_roster_is_refused_whole(tina, school_class, content, reason):
    response = upload(school_class, content, user=tina)

    assert response.status_code == 400
    assert reason in response.json()["file"][0]


def test_a_missing_file_is_a_400(tina, school_class):
    response = api_client_for(tina).post(f"/api/classes/{school_class.pk}/roster/", {}, format="multipart")

    assert response.status_code == 400 and "file" in response.json()
