"""Export a set, read the file back, import it into an empty set: the questions are equal."""

import pytest
from factories import fact_document_2, generated_set, make_user

from quizzes.models import Question
from quizzes.services.authoring import create_question, create_set, import_questions
from quizzes.transfer import export_question_set, parse_questions

pytestmark = pytest.mark.django_db

TRICKY_QUESTIONS = [
    {
        "kind": "person",
        "type": "choice",
        "prompt": 'Who said "peace, land, bread" | or not?\nA second line, with a comma\u2028and more',
        "answer": 'Анна Иванова, "the Red"',
        "choices": [
            'Анна Иванова, "the Red"',
            "کوروش کریمی | Cyrus",
            "Back\\slash \\| pipe\\",
            "=SUM(A1) -> not a formula",
            "'=quoted",
            "%10% of the vote",
        ],
        "accepted_answers": ["Анна; Иванова", "~tilde =equals #hash"],
        "items": [],
        "explanation": "Line one\nLine two: {braces} ~tilde= #hash ::colons::",
    },
    {
        "kind": "date",
        "type": "order",
        "prompt": "Order these: a, b; c {and} d",
        "answer": ["1908 | the councils", "20 April 1909, Northtown", "May 1910 -> the march", "1911 #4"],
        "choices": ["May 1910 -> the march", "1911 #4", "20 April 1909, Northtown", "1908 | the councils"],
        "accepted_answers": [],
        "items": [],
        "explanation": "",
    },
    {
        "kind": "other",
        "type": "match",
        "prompt": "Match: {braces} | pipes -> arrows",
        "items": ["Why the coup?", "What | came of it? {#}", "=SUM(A1)"],
        "answer": ["Tsar's #help", "A {dispersed} Majlis", "-1 ~tilde"],
        "choices": ["Tsar's #help", "A {dispersed} Majlis", "-1 ~tilde"],  # GIFT keeps them in pairs
        "accepted_answers": [],
        "explanation": "",
    },
    {
        "kind": "place",
        "type": "text",
        "prompt": "Where? ::not a title:: [html]",
        "answer": "Tabriz (تبریز)",
        "accepted_answers": ["Тебриз", "Tauris \\ old", "%50% weird", "-1 before"],
        "items": [],
        "choices": [],
        "explanation": "-starts with a dash",
    },
    {
        "kind": "other",
        "type": "true_false",
        "prompt": '+1 is a formula in Excel, "yes"?',
        "answer": False,
        "items": [],
        "choices": [],
        "accepted_answers": [],
        "explanation": "@mention; semicolons ; and a tab\tinside",
    },
]


def questions_as_fields(question_set) -> list[dict]:
    questions = question_set.questions.prefetch_related("choices", "accepted_answers").order_by("id")
    return [question.content() for question in questions]


def reimported(question_set, *, export_format: str):
    exported = export_question_set(question_set, format=export_format)
    copy = create_set(owner=make_user(f"importer-{export_format}", role="teacher"), title="Copy")
    import_questions(
        question_set=copy, rows=parse_questions(filename=exported.filename, content=exported.content)
    )
    return copy


@pytest.fixture
def tricky_set():
    question_set = create_set(owner=make_user("author", role="teacher"), title="Tricky, | text")
    for fields in TRICKY_QUESTIONS:
        create_question(question_set=question_set, fields=fields)
    return question_set


@pytest.mark.parametrize("export_format", ["csv", "gift"])
def test_a_generated_set_comes_back_identical(export_format):
    original = generated_set(fact_document_2())
    expected = questions_as_fields(original)
    assert {(fields["kind"], fields["type"]) for fields in expected} >= {
        (kind, type_) for kind in ("date", "person", "place") for type_ in ("choice", "text")
    }
    assert {fields["type"] for fields in expected} == set(Question.Type.values)

    copy = reimported(original, export_format=export_format)

    assert questions_as_fields(copy) == expected


@pytest.mark.parametrize("export_format", ["csv", "gift"])
def test_tricky_text_comes_back_identical(tricky_set, export_format):
    copy = reimported(tricky_set, export_format=export_format)

    assert questions_as_fields(copy) == questions_as_fields(tricky_set) == TRICKY_QUESTIONS


def test_csv_keeps_windows_line_breaks_inside_a_cell(tricky_set):
    question = tricky_set.questions.get(type="true_false")
    question.explanation = "First line\r\nsecond line"
    question.save()

    copy = reimported(tricky_set, export_format="csv")

    assert copy.questions.get(type="true_false").explanation == "First line\r\nsecond line"
