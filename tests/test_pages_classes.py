"""The class pages: the teacher's (/teach/classes/) and the student's (/classes/, /join/<code>/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import SchoolClass
from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(tina):
    return classes.create_class(teacher=tina, name="7A")


def test_a_teacher_creates_a_class_and_sees_its_code_and_link(teacher, tina):
    created = teacher.post("/teach/classes/", {"name": "History 7A"})
    school_class = SchoolClass.objects.get(teacher=tina)
    page = teacher.get(created["Location"]).content.decode()

    assert created["Location"] == f"/teach/classes/{school_class.pk}/"
    assert school_class.join_code in page
    assert f"http://testserver/join/{school_class.join_code}/" in page


def test_a_class_without_a_name_is_refused(teacher):
    response = teacher.post("/teach/classes/", {"name": " "})

    assert response.status_code == 400 and "A class needs a name." in response.content.decode()
    assert not SchoolClass.objects.exists()


def test_the_teacher_adds_by_username_and_removes(teacher, school_class, alice, bob):
    added = teacher.post(f"/teach/classes/{school_class.pk}/members/", {"usernames": "alice, BOB"})
    removed = teacher.post(f"/teach/classes/{school_class.pk}/members/{bob.pk}/remove/")

    assert added.status_code == removed.status_code == 302
    assert list(school_class.members.values_list("username", flat=True)) == ["alice"]


def test_an_unknown_username_shows_the_form_again_and_adds_no_one(teacher, school_class, alice):
    response = teacher.post(f"/teach/classes/{school_class.pk}/members/", {"usernames": "alice nobody"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "No user is called nobody." in page and "alice nobody</textarea>" in page
    assert not school_class.memberships.exists()


def test_a_roster_with_bad_lines_names_them_and_adds_no_one(teacher, school_class, alice):
    roster = SimpleUploadedFile("roster.csv", b"username\nalice\nghost\n", content_type="text/csv")

    response = teacher.post(f"/teach/classes/{school_class.pk}/roster/", {"file": roster})

    assert response.status_code == 400
    assert "Line 3: No user is called ghost." in response.content.decode()
    assert not school_class.memberships.exists()


def test_a_roster_adds_everyone_on_it(teacher, school_class, alice, bob):
    roster = SimpleUploadedFile("roster.csv", b"Username,Name\nalice,A\nbob,B\n", content_type="text/csv")

    response = teacher.post(f"/teach/classes/{school_class.pk}/roster/", {"file": roster})

    assert response.status_code == 302
    assert school_class.memberships.count() == 2


def test_rotating_asks_first_then_the_old_link_fails(teacher, school_class, client, alice):
    old_code = school_class.join_code

    confirm = teacher.get(f"/teach/classes/{school_class.pk}/rotate/")
    teacher.post(f"/teach/classes/{school_class.pk}/rotate/")
    school_class.refresh_from_db()
    client.force_login(alice)

    assert confirm.status_code == 200 and old_code in confirm.content.decode()
    assert school_class.join_code != old_code
    assert client.get(f"/join/{old_code}/").status_code == 404


def test_rename_and_delete(teacher, school_class):
    teacher.post(f"/teach/classes/{school_class.pk}/rename/", {"name": "7A History"})
    school_class.refresh_from_db()
    blank = teacher.post(f"/teach/classes/{school_class.pk}/rename/", {"name": ""})
    confirm = teacher.get(f"/teach/classes/{school_class.pk}/delete/")
    deleted = teacher.post(f"/teach/classes/{school_class.pk}/delete/")

    assert school_class.name == "7A History"
    assert blank.status_code == 400
    assert confirm.status_code == 200
    assert deleted["Location"] == "/teach/classes/" and not SchoolClass.objects.exists()


def test_a_student_joins_by_code_sees_the_class_and_leaves(student, school_class):
    typed = school_class.join_code.lower().replace("-", " ")

    joined = student.post("/classes/", {"join_code": typed})
    page = student.get("/classes/").content.decode()
    left = student.post(f"/classes/{school_class.pk}/leave/")

    assert joined["Location"] == "/classes/"
    assert "7A" in page and "tina" in page
    assert left.status_code == 302 and not school_class.memberships.exists()


def test_a_wrong_code_says_so(student, school_class):
    response = student.post("/classes/", {"join_code": "ABCD-EFGH"})

    assert response.status_code == 404
    assert "No class has this code" in response.content.decode()


def test_the_join_link_names_the_class_and_its_teacher_and_joins_on_post(student, school_class, alice):
    url = f"/join/{school_class.join_code}/"

    confirm = student.get(url)
    joined_on_sight = school_class.memberships.exists()
    joined = student.post(url)

    assert confirm.status_code == 200
    assert "7A" in confirm.content.decode() and "tina" in confirm.content.decode()
    assert not joined_on_sight
    assert joined["Location"] == "/classes/"
    assert list(school_class.members.all()) == [alice]


def test_a_logged_out_visitor_logs_in_first_and_comes_back(client, school_class):
    response = client.get(f"/join/{school_class.join_code}/")

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/join/{school_class.join_code}/"


def test_the_teacher_following_their_own_link_is_sent_to_the_class(teacher, school_class):
    response = teacher.post(f"/join/{school_class.join_code}/")

    assert response["Location"] == f"/teach/classes/{school_class.pk}/"
    assert not school_class.memberships.exists()


def test_the_nav_links_students_and_teachers_to_their_class_pages(student, client, tina):
    assert 'href="/classes/"' in student.get("/").content.decode()
    client.force_login(tina)
    assert 'href="/teach/classes/"' in client.get("/").content.decode()


def test_the_set_form_offers_visibility(teacher, tina):
    teacher.post("/teach/sets/new/", {"title": "Only 7A", "visibility": "class"})
    kept = teacher.post("/teach/sets/new/", {"title": "Public by default"})

    assert tina.question_sets.get(title="Only 7A").visibility == "class"
    assert (
        kept.status_code == 302 and tina.question_sets.get(title="Public by default").visibility == "public"
    )
    assert 'value="class"' in teacher.get("/teach/sets/new/").content.decode()
