"""The order a student sees choices in gives nothing away (quizzes/shuffle.py).

The attack: the order was seeded with sha256(question id | user id), both of which a
student can read, so replaying the shuffle recovered the stored order, which for an
order question written by hand is the answer; and a two-item order question was always
shown reversed.
"""

import hashlib
import random

import pytest
from factories import api_client_for, make_user

from quizzes.services import authoring
from quizzes.shuffle import choices_for_student

pytestmark = pytest.mark.django_db

ITEMS = ["Coup against the Majlis", "Occupation of Tabriz", "Ultimatum", "Deposition", "Exile"]


def order_question(question_set, items):
    return authoring.create_question(
        question_set=question_set,
        fields={
            "kind": "date",
            "type": "order",
            "prompt": "Put in order.",
            "answer": items,
            "choices": items,
        },
    )


@pytest.fixture
def students(db):
    return [make_user(f"student{number}") for number in range(40)]


def test_the_order_shown_does_not_depend_on_the_order_stored(tinas_set, students):
    question = order_question(tinas_set, ITEMS)
    before = [choices_for_student(question, user=student) for student in students]

    authoring.update_question(question=question, changes={"answer": ITEMS[::-1], "choices": ITEMS[::-1]})
    question.refresh_from_db()

    assert [choices_for_student(question, user=student) for student in students] == before


def test_a_two_item_order_question_is_shown_both_ways(tinas_set, students):
    question = order_question(tinas_set, ITEMS[:2])

    shown = {tuple(choices_for_student(question, user=student)) for student in students}

    assert shown == {tuple(ITEMS[:2]), tuple(ITEMS[:2][::-1])}


def test_the_right_choice_is_at_every_position_for_some_students(tinas_set, students):
    question = tinas_set.questions.get(type="choice")

    positions = {choices_for_student(question, user=student).index(question.answer) for student in students}

    assert positions == {0, 1, 2, 3}


def test_the_order_cannot_be_replayed_from_the_ids_a_student_reads(tinas_set, students):
    """The old seeding, replayed, no longer predicts the order shown."""
    question = order_question(tinas_set, ITEMS)
    predicted_right = 0
    for student in students:
        digest = hashlib.sha256(f"{question.pk}|{student.pk}".encode()).digest()
        replayed = sorted(ITEMS)
        random.Random(int.from_bytes(digest[:8], "big")).shuffle(replayed)
        predicted_right += replayed == choices_for_student(question, user=student)

    assert predicted_right <= 2  # chance alone: 40 / 5! students


def test_the_order_depends_on_the_servers_secret(settings, tinas_set, students):
    question = order_question(tinas_set, ITEMS)
    with_one_key = [choices_for_student(question, user=student) for student in students]

    settings.SECRET_KEY = "another-" + settings.SECRET_KEY

    assert [choices_for_student(question, user=student) for student in students] != with_one_key


def test_the_api_and_a_reload_show_one_order(alice, tinas_set):
    question = order_question(tinas_set, ITEMS)
    client = api_client_for(alice)

    shown = [client.get(f"/api/questions/{question.pk}/").json()["choices"] for _ in range(3)]

    assert shown == [choices_for_student(question, user=alice)] * 3
