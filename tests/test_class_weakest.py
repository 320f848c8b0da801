"""Where the class is weakest: the questions of its assigned sets its members miss most,
from study (cards' counts) and quizzes (saved verdicts), as the set results count them."""

import datetime as dt

import pytest
from assignment_helpers import assign, cards_for, make_class
from factories import api_client_for, authored_set, make_user

from quizzes.models import Attempt, AttemptAnswer, Card

pytestmark = pytest.mark.django_db


def record(user, question_set, *, answers: dict[int, tuple[int, int]]):
    """For each question index: (reps, right reps) on the user's card."""
    cards = cards_for(user, question_set)
    for index, (reps, right) in answers.items():
        Card.objects.filter(pk=cards[index].pk).update(reps=reps, right_reps=right)


@pytest.fixture
def seventh(tina, alice, bob, tinas_set):
    school_class = make_class(tina, alice, bob)
    assign(school_class, tinas_set)
    return school_class


def test_the_most_missed_questions_come_first(tina, alice, bob, seventh, tinas_set):
    questions = list(tinas_set.questions.order_by("pk"))
    record(alice, tinas_set, answers={0: (4, 1), 1: (4, 3), 2: (4, 4)})
    record(bob, tinas_set, answers={0: (2, 0), 1: (2, 2)})
    now = dt.datetime.now(dt.UTC)
    quiz = Attempt.objects.create(
        user=alice, question_set=tinas_set, question_ids=[questions[1].pk], started_at=now,
        submitted_at=now, score=0, total=1, percent=0.0,
    )  # fmt: skip
    AttemptAnswer.objects.create(
        attempt=quiz, question=questions[1], given="x", correct=False, answered_at=dt.datetime.now(dt.UTC)
    )

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/weakest/")

    assert response.status_code == 200
    assert [
        (row["question"], row["answered"], row["accuracy"], row["students"]) for row in response.data
    ] == [
        (questions[0].pk, 6, round(1 / 6, 4), 2),
        (questions[1].pk, 7, round(5 / 7, 4), 2),
    ]  # the third, always right, is not weak
    assert response.data[0]["set_title"] == "Tina's dates"


def test_non_members_and_unassigned_sets_do_not_count(tina, alice, seventh, tinas_set):
    outsider = make_user("eve")
    record(outsider, tinas_set, answers={3: (9, 0)})
    other = authored_set(owner=tina, title="Other", is_published=True)
    record(alice, other, answers={0: (9, 0)})

    assert api_client_for(tina).get(f"/api/classes/{seventh.pk}/weakest/").data == []


def test_members_cannot_read_where_the_class_is_weakest(alice, tom, seventh):
    assert api_client_for(alice).get(f"/api/classes/{seventh.pk}/weakest/").status_code == 403
    assert api_client_for(tom).get(f"/api/classes/{seventh.pk}/weakest/").status_code == 404
