"""A person, place or date is "known well" on the progress page only with at least
KNOWN_WELL_MIN_ANSWERS (3) answers, at least KNOWN_WELL_SHARE (75%) of them right; with
fewer answers it is "not enough answers yet", neither known nor missed."""

import datetime as dt

import pytest

from quizzes.selectors.progress import KNOWN_WELL_MIN_ANSWERS, Mastery
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db


def answer(user, question, *, right: int, wrong: int) -> None:
    card = introduce_card(user=user, question=question, now=dt.datetime.now(dt.UTC))
    for correct in [True] * right + [False] * wrong:
        review_card(user=user, card_id=card.pk, answer=question.answer if correct else "certainly wrong")


@pytest.fixture
def three_people(alice, question_set):
    """One person answered right twice (too few), one right 3 of 4 (75%: known well), one
    right 2 of 3 (67%: missed)."""
    questions = question_set.questions.filter(person__isnull=False, type="text").select_related("person")
    people = {}
    for question in questions:
        people.setdefault(question.person.name, question)
    lucky, known, missed = list(people.values())[:3]
    answer(alice, lucky, right=2, wrong=0)
    answer(alice, known, right=3, wrong=1)
    answer(alice, missed, right=2, wrong=1)
    return {"lucky": lucky.person.name, "known": known.person.name, "missed": missed.person.name}


def test_two_right_answers_are_not_enough_to_know_someone_well(student, three_people):
    people = student.get("/progress/").context["mastery"]["People"]

    assert [row.label for row in people["best"]] == [three_people["known"]]
    assert [row.label for row in people["worst"]] == [three_people["missed"]]
    assert [row.label for row in people["too_few"]] == [three_people["lucky"]]


def test_the_page_says_what_known_well_means_and_shows_the_too_few_apart(student, three_people):
    page = student.get("/progress/").content.decode()

    assert "at least 75% right over at least 3 answers" in page
    assert "Not enough answers yet" in page
    assert f'{three_people["lucky"]}</span>\n  <span class="muted">2 of 2 right</span>' in page


@pytest.mark.parametrize(
    ("reviews", "correct", "known_well", "missed"),
    [
        (1, 1, False, False),
        (2, 2, False, False),
        (3, 3, True, False),
        (3, 2, False, True),
        (4, 3, True, False),
        (10, 7, False, True),
    ],
)
def test_the_threshold(reviews, correct, known_well, missed):
    row = Mastery(label="Sattar Khan", reviews=reviews, correct=correct)

    assert (row.known_well, row.missed) == (known_well, missed)
    assert row.enough_answers is (reviews >= KNOWN_WELL_MIN_ANSWERS)
