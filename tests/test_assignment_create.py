"""POST /api/classes/{id}/assignments/ and PATCH/DELETE /api/assignments/{id}/: the rules
of services.assignments (one study target, a quiz size the set can fill, opens before
closes, a published set the teacher can see), each refusal a 400 naming its field."""

import datetime as dt

import pytest
from assignment_helpers import make_class
from factories import api_client_for, authored_set

from quizzes.models import Assignment, QuestionSet

pytestmark = pytest.mark.django_db

DUE = "2031-05-01T15:00:00Z"


@pytest.fixture
def seventh(tina, alice):
    return make_class(tina, alice)


def post(user, school_class, body):
    return api_client_for(user).post(f"/api/classes/{school_class.pk}/assignments/", body, format="json")


def test_a_teacher_assigns_a_study_target(tina, seventh, tinas_set):
    response = post(
        tina, seventh, {"set": tinas_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 20}}
    )

    assert response.status_code == 201, response.data
    assert response.data["study"] == {"target_reviews": 20, "target_mastered": None}
    assert response.data["quiz"] is None
    assert response.data["class"] == seventh.pk


def test_a_teacher_assigns_a_quiz(tina, seventh, tinas_set):
    body = {
        "set": tinas_set.pk, "kind": "quiz", "due_at": DUE, "title": "Friday quiz",
        "quiz": {"size": 3, "types": ["choice", "text", "true_false"], "time_limit_s": 300, "attempts": 2,
                 "opens_at": "2031-04-30T08:00:00Z", "closes_at": "2031-05-02T08:00:00Z"},
    }  # fmt: skip

    response = post(tina, seventh, body)

    assert response.status_code == 201, response.data
    saved = Assignment.objects.get(pk=response.data["id"])
    assert (saved.quiz_size, saved.time_limit_s, saved.attempts_allowed) == (3, 300, 2)
    assert saved.quiz_types == ["choice", "text", "true_false"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "study", "study": {}}, "study"),
        ({"kind": "study", "study": {"target_reviews": 5, "target_mastered": 0.5}}, "study"),
        ({"kind": "study", "study": {"target_mastered": 0}}, "study.target_mastered"),
        ({"kind": "quiz", "quiz": {"size": 5}}, "quiz.size"),  # the set has 4 questions
        ({"kind": "quiz", "quiz": {"size": 2, "kinds": ["person"], "types": ["choice"]}}, "quiz.size"),
        ({"kind": "quiz", "quiz": {}}, "quiz.size"),
        (
            {
                "kind": "quiz",
                "quiz": {"size": 2, "opens_at": "2031-05-02T00:00:00Z", "closes_at": "2031-05-01T00:00:00Z"},
            },
            "quiz.closes_at",
        ),
        ({"kind": "quiz", "quiz": {"size": 2}, "study": {"target_reviews": 3}}, "study"),
    ],
)
def test_an_invalid_assignment_is_refused_naming_the_field(tina, seventh, tinas_set, body, field):
    response = post(tina, seventh, {"set": tinas_set.pk, "due_at": DUE, **body})

    assert response.status_code == 400
    assert field in response.data, response.data
    assert not Assignment.objects.exists()


def test_a_draft_or_another_teachers_private_set_cannot_be_assigned(tina, tom, seventh, tinas_draft):
    toms_set = authored_set(owner=tom, title="Tom's", is_published=True)
    QuestionSet.objects.filter(pk=toms_set.pk).update(visibility="class")
    for question_set in (tinas_draft, toms_set):
        body = {"set": question_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 3}}
        response = post(tina, seventh, body)
        assert response.status_code == 400
        assert "set" in response.data


def test_a_class_only_set_becomes_visible_to_the_class_by_the_assignment(
    tina, alice, bob, seventh, tinas_set
):
    QuestionSet.objects.filter(pk=tinas_set.pk).update(visibility="class")
    assert api_client_for(alice).get(f"/api/sets/{tinas_set.pk}/").status_code == 404

    post(tina, seventh, {"set": tinas_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 3}})

    assert api_client_for(alice).get(f"/api/sets/{tinas_set.pk}/").status_code == 200
    assert api_client_for(bob).get(f"/api/sets/{tinas_set.pk}/").status_code == 404


def test_members_list_the_assignments_but_cannot_add_one(alice, bob, seventh, tina, tinas_set):
    post(tina, seventh, {"set": tinas_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 3}})

    listed = api_client_for(alice).get(f"/api/classes/{seventh.pk}/assignments/")

    assert listed.status_code == 200
    assert listed.data["count"] == 1
    body = {"set": tinas_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 3}}
    assert post(alice, seventh, body).status_code == 403
    assert api_client_for(bob).get(f"/api/classes/{seventh.pk}/assignments/").status_code == 404


def test_a_teacher_changes_the_target_and_due_date_then_deletes(tina, seventh, tinas_set):
    created = post(
        tina, seventh, {"set": tinas_set.pk, "kind": "study", "due_at": DUE, "study": {"target_reviews": 3}}
    )
    client = api_client_for(tina)

    changed = client.patch(
        f"/api/assignments/{created.data['id']}/",
        {"study": {"target_mastered": 0.8}, "due_at": "2031-06-01T00:00:00Z"},
        format="json",
    )

    assert changed.status_code == 200, changed.data
    assert changed.data["study"] == {"target_reviews": None, "target_mastered": 0.8}
    assert changed.data["due_at"].startswith("2031-06-01")
    assert client.delete(f"/api/assignments/{created.data['id']}/").status_code == 204
    assert not Assignment.objects.exists()


def test_a_quiz_change_is_checked_against_the_set(tina, seventh, tinas_set):
    created = post(tina, seventh, {"set": tinas_set.pk, "kind": "quiz", "due_at": DUE, "quiz": {"size": 2}})

    response = api_client_for(tina).patch(
        f"/api/assignments/{created.data['id']}/", {"quiz": {"size": 9}}, format="json"
    )

    assert response.status_code == 400
    assert "quiz.size" in response.data


def test_assigned_at_a_given_time_in_the_past_is_allowed(tina, seventh, tinas_set):
    """A due date already past is not refused: a teacher may record work set on paper."""
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    body = {"set": tinas_set.pk, "kind": "study", "due_at": past, "study": {"target_reviews": 3}}

    assert post(tina, seventh, body).status_code == 201
