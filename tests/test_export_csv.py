import csv
import io

import pytest
from factories import generated_set, make_user

from quizzes.services.authoring import create_question, create_set
from quizzes.transfer import export_question_set

pytestmark = pytest.mark.django_db


def exported_rows(question_set) -> list[list[str]]:
    exported = export_question_set(question_set, format="csv")
    return list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def question_set():
    return create_set(owner=make_user("teacher", role="teacher"), title="Война и мир")


def test_the_file_is_utf8_with_a_byte_order_mark_crlf_and_the_documented_header():
    exported = export_question_set(generated_set(), format="csv")

    assert exported.content.startswith(
        b"\xef\xbb\xbfkind,type,prompt,answer,choices,accepted_answers,explanation,source,items\r\n"
    )
    assert exported.content_type == "text/csv; charset=utf-8"
    assert exported.filename == "a-small-war.csv"
    assert "Анна Иванова".encode() in exported.content


def test_several_texts_share_a_cell_joined_by_a_pipe_that_is_escaped_inside_texts(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "date",
            "type": "order",
            "prompt": "Order them.",
            "answer": ["A | B", "C\\D", "E"],
            "choices": ["E", "A | B", "C\\D"],
            "accepted_answers": ["x|y"],
        },
    )

    [row] = exported_rows(question_set)[1:]

    assert row[3:6] == ["A \\| B | C\\\\D | E", "E | A \\| B | C\\\\D", "x\\|y"]


def test_true_false_answers_are_written_true_and_false(question_set):
    for answer in (True, False):
        create_question(
            question_set=question_set,
            fields={"kind": "other", "type": "true_false", "prompt": f"Is it {answer}?", "answer": answer},
        )

    assert [row[3] for row in exported_rows(question_set)[1:]] == ["true", "false"]


def test_cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "other",
            "type": "text",
            "prompt": '=HYPERLINK("http://example.com")',
            "answer": "@SUM(1)",
            "accepted_answers": ["+1", "plain"],
            "explanation": "-1 is fine",
        },
    )

    [row] = exported_rows(question_set)[1:]

    assert row[2:7] == ['\'=HYPERLINK("http://example.com")', "'@SUM(1)", "", "'+1 | plain", "'-1 is fine"]


def test_generated_questions_carry_their_source_sentence():
    rows = exported_rows(generated_set())

    assert all(row[7] for row in rows[1:])
