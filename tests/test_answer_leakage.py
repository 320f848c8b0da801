"""A student never receives a question's answer before answering it, on any endpoint."""

import json

import pytest
from factories import api_client_for

from quizzes.models import Question

pytestmark = pytest.mark.django_db

SECRET_KEYS = {"answer", "accepted_answers", "explanation", "source", "correct_answer", "correct", "result"}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys_in(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_in(item) for item in value)) if value else set()
    return set()


def shown_questions(value):
    """Every question object (a dict with an id and a prompt) inside an API answer."""
    if isinstance(value, dict):
        if "prompt" in value and "id" in value:
            yield value
        for item in value.values():
            yield from shown_questions(item)
    elif isinstance(value, list):
        for item in value:
            yield from shown_questions(item)


def assert_nothing_revealed(body):
    assert not SECRET_KEYS & keys_in(body), SECRET_KEYS & keys_in(body)
    for shown in shown_questions(body):
        question = Question.objects.get(pk=shown["id"])
        beyond_prompt = json.dumps({**shown, "prompt": ""}, ensure_ascii=False)
        for accepted in question.accepted_answers.all():
            assert accepted.text not in beyond_prompt
        if question.type == "text":
            assert question.answer not in beyond_prompt


@pytest.mark.parametrize("who", ["alice", "tom"])  # a student; a teacher who does not own the set
def test_nothing_is_revealed_by_questions_study_or_an_open_quiz(request, who, question_set):
    client = api_client_for(request.getfixturevalue(who))
    text_question = question_set.questions.filter(type="text").first()

    bodies = [
        client.get("/api/questions/", {"set": question_set.pk, "page_size": 500}).json(),
        client.get(f"/api/questions/{text_question.pk}/").json(),
        client.get("/api/study/next/", {"set": question_set.pk}).json(),
    ]
    quiz = client.post("/api/quizzes/", {"set": question_set.pk, "size": 20}, format="json").json()
    bodies.append(quiz)
    first = quiz["questions"][0]
    given = {
        "true_false": True,
        "order": first["choices"],
        "match": first["choices"],
        "choice": (first["choices"] or ["x"])[0],
    }.get(first["type"], "x")
    saved = client.put(f"/api/quizzes/{quiz['id']}/answers/{first['id']}/", {"answer": given}, format="json")
    assert saved.status_code == 200
    bodies.append(saved.json())
    bodies.append(client.get(f"/api/quizzes/{quiz['id']}/").json())

    for body in bodies:
        assert_nothing_revealed(body)


def test_text_questions_show_no_choices_and_order_choices_are_the_items_in_an_order_of_their_own(
    alice, question_set
):
    """Any order may come out, the right one too (refusing it would give the answer away):
    the order is drawn with a server secret, tests/test_choice_order.py."""
    body = api_client_for(alice).get("/api/questions/", {"set": question_set.pk, "page_size": 500}).json()

    for shown in body["results"]:
        question = Question.objects.get(pk=shown["id"])
        if question.type == "text":
            assert shown["choices"] == []
        if question.type == "order":
            assert sorted(shown["choices"]) == sorted(question.answer)


def test_answers_appear_only_after_the_quiz_is_submitted(alice, question_set):
    client = api_client_for(alice)
    quiz = client.post("/api/quizzes/", {"set": question_set.pk, "size": 3}, format="json").json()

    client.post(f"/api/quizzes/{quiz['id']}/submit/")

    submitted = client.get(f"/api/quizzes/{quiz['id']}/").json()
    assert {"correct_answer", "explanation", "source"} <= keys_in(submitted["result"])
