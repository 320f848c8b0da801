"""A set for classes only is seen by the members of the classes it is assigned to, its
owner and admins; to everyone else it does not exist."""

import datetime as dt

import pytest
from factories import api_client_for, authored_set

from quizzes.models import Assignment, QuestionSet
from quizzes.services import classes

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_set(tina):
    question_set = authored_set(owner=tina, title="For 7A only", is_published=True)
    question_set.visibility = QuestionSet.Visibility.CLASS
    question_set.save()
    return question_set


@pytest.fixture
def school_class(tina, alice):
    school_class = classes.create_class(teacher=tina, name="7A")
    classes.join_class(user=alice, join_code=school_class.join_code)
    return school_class


def assign(question_set, school_class):
    return Assignment.objects.create(
        school_class=school_class,
        question_set=question_set,
        kind="study",
        due_at=dt.datetime.now(dt.UTC),
        target_reviews=10,
    )


def what_the_api_shows(user, question_set) -> dict[str, int | bool]:
    client = api_client_for(user)
    return {
        "listed": question_set.pk in [found["id"] for found in client.get("/api/sets/").json()["results"]],
        "detail": client.get(f"/api/sets/{question_set.pk}/").status_code,
        "questions": bool(client.get(f"/api/questions/?set={question_set.pk}").json()["results"]),
        "study": client.get(f"/api/study/next/?set={question_set.pk}").status_code,
        "quiz": client.post("/api/quizzes/", {"set": question_set.pk, "size": 1}).status_code,
    }


HIDDEN = {"listed": False, "detail": 404, "questions": False, "study": 404, "quiz": 404}
SHOWN = {"listed": True, "detail": 200, "questions": True, "study": 200, "quiz": 201}


def test_before_it_is_assigned_no_student_sees_it(alice, class_set, school_class):
    assert what_the_api_shows(alice, class_set) == HIDDEN


def test_once_assigned_the_classs_members_see_it_and_no_one_else(alice, bob, class_set, school_class):
    assign(class_set, school_class)

    assert what_the_api_shows(alice, class_set) == SHOWN
    assert what_the_api_shows(bob, class_set) == HIDDEN


def test_its_owner_and_admins_always_see_it_another_teacher_never(tina, tom, ada, class_set):
    assert what_the_api_shows(tina, class_set)["detail"] == 200
    assert what_the_api_shows(ada, class_set)["detail"] == 200
    assert what_the_api_shows(tom, class_set) == HIDDEN


def test_leaving_the_class_hides_it_again(alice, class_set, school_class):
    assign(class_set, school_class)

    classes.leave_class(school_class=school_class, user=alice)

    assert what_the_api_shows(alice, class_set) == HIDDEN


def test_the_pages_hide_it_from_non_members(client, alice, bob, class_set, school_class):
    assign(class_set, school_class)
    urls = [f"/sets/{class_set.pk}/", f"/sets/{class_set.pk}/study/", f"/sets/{class_set.pk}/quiz/"]

    client.force_login(bob)
    bobs = [client.get(url).status_code for url in urls]
    client.force_login(alice)
    alices = [client.get(url).status_code for url in urls]

    assert bobs == [404, 404, 404]
    assert alices == [200, 200, 200]


def test_the_api_takes_and_shows_a_sets_visibility(tina, class_set):
    client = api_client_for(tina)

    created = client.post("/api/sets/", {"title": "Mine", "visibility": "class"}, format="json")
    changed = client.patch(f"/api/sets/{class_set.pk}/", {"visibility": "public"}, format="json")
    wrong = client.patch(f"/api/sets/{class_set.pk}/", {"visibility": "secret"}, format="json")

    assert created.status_code == 201 and created.json()["visibility"] == "class"
    assert changed.json()["visibility"] == "public"
    assert wrong.status_code == 400 and "visibility" in wrong.json()
    assert client.get("/api/sets/").json()["results"][0]["visibility"] in ("public", "class")
