import json

import pytest
from factories import generated_set, make_user

from quizzes.services.authoring import create_question, create_set
from quizzes.transfer import export_question_set

pytestmark = pytest.mark.django_db


def test_the_json_export_has_the_documented_shape():
    question_set = generated_set()

    exported = export_question_set(question_set, format="json")
    document = json.loads(exported.content)

    assert (exported.filename, exported.content_type) == ("a-small-war.json", "application/json")
    assert document["set"] == {"id": question_set.id, "title": "A small war", "description": "Test facts."}
    assert len(document["questions"]) == question_set.questions.count()
    assert all(
        list(question) == [
            "id", "kind", "type", "prompt", "items", "answer", "choices", "accepted_answers", "explanation",
            "source",
        ]
        for question in document["questions"]
    )  # fmt: skip
    order = next(question for question in document["questions"] if question["type"] == "order")
    assert sorted(order["answer"]) == sorted(order["choices"])
    assert {question["answer"] for question in document["questions"] if question["type"] == "true_false"} == {
        True,
        False,
    }


def test_text_is_written_as_utf8_not_escaped_and_an_authored_question_has_no_source():
    question_set = create_set(owner=make_user("teacher", role="teacher"), title="کوروش")
    create_question(
        question_set=question_set,
        fields={"kind": "person", "type": "text", "prompt": "Кто?", "answer": "کوروش کریمی"},
    )

    exported = export_question_set(question_set, format="json")

    assert "کوروش کریمی".encode() in exported.content
    assert json.loads(exported.content)["questions"][0]["source"] is None
    assert exported.filename == f"question-set-{question_set.id}.json"
