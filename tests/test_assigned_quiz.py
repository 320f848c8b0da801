"""POST /api/quizzes/ with "assignment": the assignment's settings, its attempts and its
window; only members start it."""

import datetime as dt

import pytest
from assignment_helpers import assign, make_class
from factories import api_client_for
from study_helpers import right_answer

from quizzes.models import Attempt, Question
from quizzes.services import assignments

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def now():
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def quiz(tina, alice, tinas_set):
    return assign(
        make_class(tina, alice), tinas_set, kind="quiz", created_at=now() - HOUR, due_at=now() + 24 * HOUR,
        quiz_size=2, quiz_types=["choice", "true_false", "text"], time_limit_s=600, attempts_allowed=2,
    )  # fmt: skip


def start(user, assignment, **extra):
    return api_client_for(user).post("/api/quizzes/", {"assignment": assignment.pk, **extra}, format="json")


def test_an_assigned_quiz_starts_with_the_assignments_settings(alice, quiz):
    response = start(alice, quiz)

    assert response.status_code == 201, response.data
    attempt = Attempt.objects.get(pk=response.data["id"])
    assert attempt.assignment == quiz
    assert response.data["set"] == quiz.question_set_id
    assert len(response.data["questions"]) == 2
    assert set(Question.objects.filter(pk__in=attempt.question_ids).values_list("type", flat=True)) <= {
        "choice",
        "true_false",
        "text",
    }
    assert attempt.types == ["choice", "true_false", "text"]
    assert (attempt.deadline - attempt.started_at).total_seconds() == 600


def test_the_deadline_is_no_later_than_the_closing_time(alice, quiz):
    quiz.closes_at = now() + dt.timedelta(minutes=3)
    quiz.save()

    attempt = Attempt.objects.get(pk=start(alice, quiz).data["id"])

    assert attempt.deadline == quiz.closes_at


@pytest.mark.parametrize(
    "setting", [{"size": 4}, {"time_limit_s": 60}, {"kinds": ["date"]}, {"types": ["order"]}]
)
def test_settings_beside_an_assignment_are_refused(alice, quiz, setting):
    response = start(alice, quiz, **setting)

    assert response.status_code == 400
    assert list(response.data) == list(setting)


def test_another_set_beside_an_assignment_is_refused(alice, quiz, tinas_draft):
    assert start(alice, quiz, set=tinas_draft.pk).status_code == 400
    assert start(alice, quiz, set=quiz.question_set_id).status_code == 201


def submit_one(user, quiz):
    response = start(user, quiz)
    assert response.status_code == 201, response.data
    question = Question.objects.get(pk=response.data["questions"][0]["id"])
    client = api_client_for(user)
    client.put(
        f"/api/quizzes/{response.data['id']}/answers/{question.pk}/", {"answer": right_answer(question)}
    )
    assert client.post(f"/api/quizzes/{response.data['id']}/submit/").status_code == 200


def test_attempts_beyond_the_allowance_are_refused(alice, quiz):
    submit_one(alice, quiz)
    submit_one(alice, quiz)

    response = start(alice, quiz)

    assert response.status_code == 409
    assert "No attempt left" in response.data["detail"]
    assert Attempt.objects.filter(user=alice, assignment=quiz).count() == 2


def test_an_open_assigned_quiz_counts_as_an_attempt_and_is_offered_again(alice, quiz):
    first = start(alice, quiz)

    again = start(alice, quiz)

    assert again.status_code == 409
    assert again.data["open_quiz"] == first.data["id"]


def test_a_quiz_before_it_opens_is_refused_with_a_reason(alice, quiz):
    quiz.opens_at = now() + HOUR
    quiz.save()

    response = start(alice, quiz)

    assert response.status_code == 409
    assert "opens at" in response.data["detail"]


def test_a_quiz_after_it_closes_is_refused_with_a_reason(alice, quiz):
    quiz.opens_at, quiz.closes_at = now() - 2 * HOUR, now() - HOUR
    quiz.save()

    response = start(alice, quiz)

    assert response.status_code == 409
    assert "closed at" in response.data["detail"]


def test_a_quiz_after_the_due_date_but_before_it_closes_starts_and_counts_late(alice, quiz):
    quiz.due_at = now() - HOUR
    quiz.save()
    submit_one(alice, quiz)

    [mine] = api_client_for(alice).get("/api/assignments/").data["results"]

    assert mine["status"] == "late"


@pytest.mark.parametrize("who", ["bob", "tina", "tom"])
def test_only_members_start_an_assigned_quiz(request, quiz, who):
    assert start(request.getfixturevalue(who), quiz).status_code == 404


def test_a_study_assignment_has_no_quiz(tina, alice, tinas_set):
    study = assign(make_class(tina, alice, name="8A"), tinas_set, target_reviews=5)

    response = start(alice, study)

    assert response.status_code == 400
    assert "assignment" in response.data


def test_the_service_refuses_a_non_member(bob, quiz):
    with pytest.raises(type(quiz).DoesNotExist):
        assignments.start_assigned_quiz(user=bob, assignment=quiz)
