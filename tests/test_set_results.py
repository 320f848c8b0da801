import datetime as dt

import pytest
from factories import api_client_for, make_user

from quizzes.models import Question
from quizzes.selectors import teaching
from quizzes.services import attempts
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db


def take_quiz(user, question_set, right: set[str]):
    """A quiz of the whole set, answered right on the prompts in `right`, wrong elsewhere."""
    attempt = attempts.start_quiz(user=user, question_set=question_set, size=10)
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        given = question.answer if question.prompt in right else wrong_for(question)
        attempts.save_answer(user=user, attempt_id=attempt.pk, question_id=question.pk, answer=given)
    return attempts.submit_quiz(user=user, attempt_id=attempt.pk)


def wrong_for(question):
    return {
        "true_false": False,
        "order": ["Ultimatum", "Occupation of Tabriz", "Coup against the Majlis"],
    }.get(question.type, "wrong")


def test_results_list_students_and_put_the_most_missed_questions_first(tina, tinas_set):
    prompts = list(tinas_set.questions.order_by("pk").values_list("prompt", flat=True))
    strong = [make_user(f"strong{n}") for n in range(3)]
    weak = [make_user(f"weak{n}") for n in range(3)]
    for user in strong:
        take_quiz(user, tinas_set, right=set(prompts[:3]))
    for user in weak:
        take_quiz(user, tinas_set, right={prompts[3]})  # only the order question, which the strong miss
    take_quiz(strong[0], tinas_set, right=set(prompts[:3]))
    card = introduce_card(
        user=weak[0], question=tinas_set.questions.get(type="text"), now=dt.datetime.now(dt.UTC)
    )
    review_card(user=weak[0], card_id=card.pk, answer="Lyakhov")

    body = api_client_for(tina).get(f"/api/sets/{tinas_set.pk}/results/").json()

    by_name = {row["username"]: row for row in body["students"]}
    assert by_name["strong0"] == {
        "username": "strong0", "attempts": 2, "best_percent": 75.0, "last_percent": 75.0,
        "reviews": 0, "accuracy": None,
    }  # fmt: skip
    assert by_name["weak0"]["best_percent"] == 25.0 and by_name["weak0"]["reviews"] == 1
    assert by_name["weak0"]["accuracy"] == 1.0
    order_question = body["questions"][0]
    assert order_question["prompt"] == prompts[3]  # missed by the strong: first, and flagged
    assert order_question["discrimination"] < 0
    choice_question = next(row for row in body["questions"] if row["prompt"] == prompts[0])
    assert choice_question["discrimination"] > 0.5
    assert choice_question["answered"] == 7 and choice_question["students"] == 6


def test_discrimination_needs_enough_students():
    assert teaching.discrimination([(0.9, True), (0.1, False)]) is None
    assert teaching.discrimination([(0.9, True), (0.8, True), (0.2, False), (0.1, False)]) == 1.0


def test_results_are_for_the_owner_and_admins_only(alice, tom, ada, tinas_set):
    url = f"/api/sets/{tinas_set.pk}/results/"

    assert api_client_for(alice).get(url).status_code == 403
    assert api_client_for(tom).get(url).status_code == 403
    assert api_client_for(ada).get(url).status_code == 200


def test_results_are_paginated_in_both_lists_with_their_counts(tina, tinas_set):
    for number in range(3):
        take_quiz(make_user(f"student{number}"), tinas_set, right=set())
    client = api_client_for(tina)
    url = f"/api/sets/{tinas_set.pk}/results/"

    first = client.get(url, {"page_size": 2}).json()
    second = client.get(url, {"page_size": 2, "page": 2}).json()
    past_the_end = client.get(url, {"page_size": 2, "page": 3})

    assert (first["students_count"], first["questions_count"]) == (3, 4)
    assert [row["username"] for row in first["students"] + second["students"]] == [
        "student0", "student1", "student2",
    ]  # fmt: skip
    assert len(first["questions"]) == len(second["questions"]) == 2
    assert past_the_end.status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404
    assert client.get(url, {"page_size": "x"}).status_code == 400


def test_the_results_page_pages_its_lists(client, tina, tinas_set, settings):
    from quizzes.views import teach

    for number in range(3):
        take_quiz(make_user(f"student{number}"), tinas_set, right=set())
    client.force_login(tina)
    teach.RESULTS_PAGE_SIZE, saved = 2, teach.RESULTS_PAGE_SIZE
    try:
        page = client.get(f"/teach/sets/{tinas_set.pk}/results/", {"students": 2, "questions": 1})
    finally:
        teach.RESULTS_PAGE_SIZE = saved

    assert [row["username"] for row in page.context["students"]] == ["student2"]
    assert 'href="?students=1&amp;questions=1"' in page.content.decode()
