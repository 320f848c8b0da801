"""A true-or-false "where" statement is made from how the event is told: when that already
names the place ("the Reds took Northtown"), no statement says "… in Northtown in Northtown"."""

import pytest
from factories import fact_document_2, generated_set

pytestmark = pytest.mark.django_db


def test_no_statement_names_the_place_twice():
    question_set = generated_set(fact_document_2())

    statements = list(question_set.questions.filter(type="true_false").values_list("prompt", flat=True))

    assert statements
    assert not [text for text in statements if "Northtown in Northtown" in text]
    assert not question_set.questions.filter(generator_key="tf-place:taking").exists()
