"""A class's members: added by username (all or none), removed by the teacher, leaving by
themselves; only the teacher and admins see who is in a class."""

import pytest
from factories import api_client_for, make_user

from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(tina):
    return classes.create_class(teacher=tina, name="7A")


def usernames(school_class) -> set[str]:
    return set(school_class.members.values_list("username", flat=True))


def test_a_teacher_creates_a_class_and_reads_its_code(tina):
    response = api_client_for(tina).post("/api/classes/", {"name": "  History 7A "})

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["teacher"], body["member_count"]) == ("History 7A", "tina", 0)
    assert len(body["join_code"]) == 9


def test_a_class_needs_a_name(tina):
    response = api_client_for(tina).post("/api/classes/", {"name": "   "})

    assert response.status_code == 400 and "name" in response.json()


def test_the_teacher_adds_students_by_username_in_any_case(tina, alice, bob, school_class):
    response = api_client_for(tina).post(
        f"/api/classes/{school_class.pk}/members/", {"usernames": ["ALICE", "bob", "alice"]}, format="json"
    )

    assert response.status_code == 201 and response.json() == {"added": 2}
    assert usernames(school_class) == {"alice", "bob"}


def test_an_unknown_username_adds_no_one_and_is_named(tina, alice, school_class):
    response = api_client_for(tina).post(
        f"/api/classes/{school_class.pk}/members/", {"usernames": ["alice", "nobody"]}, format="json"
    )

    assert response.status_code == 400
    assert "nobody" in response.json()["usernames"][0]
    assert usernames(school_class) == set()


def test_adding_someone_already_in_changes_nothing(tina, alice, school_class):
    classes.join_class(user=alice, join_code=school_class.join_code)

    response = api_client_for(tina).post(
        f"/api/classes/{school_class.pk}/members/", {"usernames": ["alice"]}, format="json"
    )

    assert response.json() == {"added": 0}
    assert school_class.memberships.count() == 1


def test_the_members_list_gives_each_members_id_and_username(tina, alice, bob, school_class):
    classes.add_members(school_class=school_class, usernames=["bob", "alice"])

    members = api_client_for(tina).get(f"/api/classes/{school_class.pk}/members/").json()

    assert [(member["id"], member["username"]) for member in members] == [
        (alice.pk, "alice"),
        (bob.pk, "bob"),
    ]


def test_a_member_sees_the_class_without_its_code_nor_its_members(tina, alice, school_class):
    classes.join_class(user=alice, join_code=school_class.join_code)
    client = api_client_for(alice)

    listed = client.get("/api/classes/").json()
    detail = client.get(f"/api/classes/{school_class.pk}/").json()

    assert listed == [detail]
    assert detail == {"id": school_class.pk, "name": "7A", "teacher": "tina", "member_count": 1}
    assert client.get(f"/api/classes/{school_class.pk}/members/").status_code == 403


def test_the_class_list_is_what_you_teach_or_belong_to(tina, tom, alice, school_class):
    toms = classes.create_class(teacher=tom, name="8B")
    classes.join_class(user=alice, join_code=toms.join_code)

    assert [c["name"] for c in api_client_for(tina).get("/api/classes/").json()] == ["7A"]
    assert [c["name"] for c in api_client_for(alice).get("/api/classes/").json()] == ["8B"]
    assert api_client_for(make_user("carol")).get("/api/classes/").json() == []


def test_the_teacher_removes_a_member(tina, alice, bob, school_class):
    classes.add_members(school_class=school_class, usernames=["alice", "bob"])

    response = api_client_for(tina).delete(f"/api/classes/{school_class.pk}/members/{alice.pk}/")
    again = api_client_for(tina).delete(f"/api/classes/{school_class.pk}/members/{alice.pk}/")

    assert (response.status_code, again.status_code) == (204, 404)
    assert usernames(school_class) == {"bob"}


def test_a_student_leaves_and_the_class_is_gone_for_them(tina, alice, school_class):
    classes.join_class(user=alice, join_code=school_class.join_code)
    client = api_client_for(alice)

    left = client.post(f"/api/classes/{school_class.pk}/leave/")

    assert left.status_code == 204
    assert client.get(f"/api/classes/{school_class.pk}/").status_code == 404
    assert client.post(f"/api/classes/{school_class.pk}/leave/").status_code == 404


def test_the_teacher_renames_and_deletes_a_class(tina, alice, school_class):
    classes.join_class(user=alice, join_code=school_class.join_code)
    client = api_client_for(tina)

    renamed = client.patch(f"/api/classes/{school_class.pk}/", {"name": "7A History"}, format="json")
    deleted = client.delete(f"/api/classes/{school_class.pk}/")

    assert renamed.json()["name"] == "7A History"
    assert deleted.status_code == 204
    assert api_client_for(alice).get("/api/classes/").json() == []


def test_another_teachers_class_does_not_exist_for_tom(tina, tom, school_class):
    client = api_client_for(tom)
    base = f"/api/classes/{school_class.pk}"

    assert client.get(f"{base}/").status_code == 404
    assert client.patch(f"{base}/", {"name": "x"}, format="json").status_code == 404
    assert client.delete(f"{base}/").status_code == 404
    assert client.get(f"{base}/members/").status_code == 404
    assert client.post(f"{base}/members/", {"usernames": ["tom"]}, format="json").status_code == 404
    assert client.post(f"{base}/rotate-code/").status_code == 404
    assert client.delete(f"{base}/members/{tina.pk}/").status_code == 404
    school_class.refresh_from_db()
    assert school_class.name == "7A"
