"""The study endpoints answer with plain data (quizzes/api/study.py) that is exactly what
their declared serializers, which the schema shows, would write."""

import datetime as dt
import json

import pytest
from factories import generated_set, make_user
from rest_framework.test import APIRequestFactory
from study_helpers import right_answer, wrong_answer

from quizzes.api.serializers import ReviewedCardSerializer, ReviewResultSerializer, StudyCardSerializer
from quizzes.api.study import review_body, study_card_body
from quizzes.models import Card
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 12, 0, 0, 654321, tzinfo=dt.UTC)


def as_json(data) -> str:
    return json.dumps(data)  # in order: the bytes are the same as the serializers wrote


def test_a_card_of_each_question_is_written_as_its_serializer_writes_it():
    alice = make_user("alice")
    request = APIRequestFactory().get("/")
    request.user = alice
    for question in generated_set().questions.order_by("pk"):
        card = Card.objects.get(pk=introduce_card(user=alice, question=question, now=NOW).pk)
        card.question.load_choices()

        declared = StudyCardSerializer(card, context={"request": request}).data

        assert as_json(study_card_body(card, user=alice)) == as_json(declared), question.type


@pytest.mark.parametrize("how", ["right", "wrong", "flip"])
def test_a_review_is_written_as_its_serializers_write_it(how):
    alice = make_user("alice")
    for question in generated_set().questions.order_by("pk"):
        card = introduce_card(user=alice, question=question, now=NOW)
        fields = {"right": {"answer": right_answer(question)}, "wrong": {"answer": wrong_answer(question)}}
        outcome = review_card(user=alice, card_id=card.pk, now=NOW, **fields.get(how, {"rating": 2}))

        context = {"question": outcome.question, "verdict": outcome.verdict}
        declared = {
            "review": ReviewResultSerializer(outcome.review, context=context).data,
            "card": ReviewedCardSerializer(outcome.review).data,
        }

        assert as_json(review_body(outcome)) == as_json(declared), question.type
