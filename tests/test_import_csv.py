import csv
import io

import pytest
from factories import make_user

from quizzes.models import Question
from quizzes.services.authoring import InvalidQuestions, create_set, import_questions
from quizzes.transfer import MAX_IMPORT_QUESTIONS, ImportFileError, UnsupportedFormat, parse_questions

HEADER = ["kind", "type", "prompt", "answer", "choices", "accepted_answers", "explanation"]
GOOD_CHOICE = [
    "person",
    "choice",
    "Who took Northtown?",
    "Anna Ivanova",
    "Anna Ivanova | Boris Petrov",
    "",
    "",
]
GOOD_TEXT = ["date", "text", "When did the councils meet?", "1908", "", "in 1908", "They met in 1908."]
GOOD_TRUE_FALSE = ["place", "true_false", "Westtown is in Midland.", "true", "", "", ""]


def csv_content(*rows: list[str], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows([header, *rows])
    return buffer.getvalue().encode()


def parse_errors(content: bytes, *, filename: str = "questions.csv") -> dict:
    with pytest.raises(ImportFileError) as raised:
        parse_questions(filename=filename, content=content)
    return raised.value.errors


def test_rows_are_numbered_as_a_spreadsheet_shows_them_from_two():
    rows = parse_questions(filename="set.csv", content=csv_content(GOOD_CHOICE, GOOD_TEXT, GOOD_TRUE_FALSE))

    assert list(rows) == [2, 3, 4]
    assert rows[2] == {
        "kind": "person",
        "type": "choice",
        "prompt": "Who took Northtown?",
        "answer": "Anna Ivanova",
        "choices": ["Anna Ivanova", "Boris Petrov"],
        "accepted_answers": [],
        "items": [],
        "explanation": "",
    }
    assert rows[3]["accepted_answers"] == ["in 1908"]
    assert rows[4]["answer"] is True


def test_a_cell_with_line_breaks_and_a_blank_row_do_not_shift_the_numbers():
    multi_line = ["other", "text", "First line\nsecond line", "answer", "", "", ""]
    content = csv_content(multi_line, ["", "", "", "", "", "", ""], GOOD_TEXT)

    rows = parse_questions(filename="set.csv", content=content)

    assert list(rows) == [2, 4]
    assert rows[2]["prompt"] == "First line\nsecond line"


def test_an_order_answer_is_the_list_of_its_cell():
    row = ["date", "order", "Order them.", "A | B \\| C | D", "D | A | B \\| C", "", ""]

    rows = parse_questions(filename="set.csv", content=csv_content(row))

    assert rows[2]["answer"] == ["A", "B | C", "D"]
    assert rows[2]["choices"] == ["D", "A", "B | C"]


def test_excel_csv_with_byte_order_mark_crlf_semicolons_and_upper_case_booleans_is_read():
    content = (
        "\ufeffKind;Type;Prompt;Answer;Choices;Accepted_answers;Explanation\r\n"
        'place;true_false;"Westtown; a city, is in Midland.";TRUE;;;\r\n'
        "person;text;Who took Northtown?;Anna Ivanova;;Анна Иванова | Anna Ivanovna;\r\n"
    ).encode()

    rows = parse_questions(filename="Export from Excel.CSV", content=content)

    assert rows[2]["prompt"] == "Westtown; a city, is in Midland."
    assert rows[2]["answer"] is True
    assert rows[3]["accepted_answers"] == ["Анна Иванова", "Anna Ivanovna"]


def test_the_read_only_source_column_is_ignored_and_optional_columns_may_be_left_out():
    header = ["kind", "type", "prompt", "answer", "source"]
    content = csv_content(["date", "text", "When?", "1908", "Some sentence."], header=header)

    rows = parse_questions(filename="set.csv", content=content)

    assert rows[2] == {
        "kind": "date",
        "type": "text",
        "prompt": "When?",
        "answer": "1908",
        "choices": [],
        "accepted_answers": [],
        "items": [],
        "explanation": "",
    }


def test_a_leading_apostrophe_that_guards_a_formula_is_removed():
    row = ["other", "text", "'=1+1 is what?", "'-2", "", "'@x | '+y", ""]

    rows = parse_questions(filename="set.csv", content=csv_content(row))

    assert (rows[2]["prompt"], rows[2]["answer"], rows[2]["accepted_answers"]) == (
        "=1+1 is what?",
        "-2",
        ["@x", "'+y"],
    )


@pytest.mark.django_db
def test_rows_with_invalid_fields_are_named_by_their_row_numbers_and_nothing_is_saved():
    not_among_choices = ["person", "choice", "Who?", "Cyrus Karimi", "Anna Ivanova | Boris Petrov", "", ""]
    not_a_permutation = ["date", "order", "Order them.", "A | B", "A | C", "", ""]
    content = csv_content(GOOD_CHOICE, not_among_choices, GOOD_TEXT, not_a_permutation, GOOD_TRUE_FALSE)
    question_set = create_set(owner=make_user("teacher", role="teacher"), title="Imported")

    rows = parse_questions(filename="set.csv", content=content)
    with pytest.raises(InvalidQuestions) as raised:
        import_questions(question_set=question_set, rows=rows)

    assert set(raised.value.errors) == {3, 5}
    assert "answer" in raised.value.errors[3]
    assert "answer" in raised.value.errors[5]
    assert not Question.objects.filter(question_set=question_set).exists()


def test_rows_that_cannot_be_read_are_named_by_their_row_numbers():
    bad_true_false = ["place", "true_false", "Westtown is in Midland.", "maybe", "", "", ""]
    extra_cell = [*GOOD_TEXT, "a cell beyond the header"]

    errors = parse_errors(csv_content(GOOD_CHOICE, bad_true_false, GOOD_TEXT, extra_cell))

    assert set(errors) == {3, 5}
    assert "maybe" in errors[3][0]


def test_missing_and_unknown_columns_are_a_file_error():
    errors = parse_errors(
        csv_content(["date", "When?", "1908", "x"], header=["kind", "prompt", "answer", "level"])
    )

    assert list(errors) == ["file"]
    assert any("Unknown columns: level" in reason for reason in errors["file"])
    assert any("Missing columns: type" in reason for reason in errors["file"])


def test_a_file_that_is_not_utf8_is_refused():
    content = (
        csv_content(["person", "text", "Who?", "Ivanova", "", "", ""]).decode().replace("Ivanova", "Ivanová")
    )

    errors = parse_errors(content.encode("cp1252"))

    assert "not UTF-8" in errors["file"][0]


def test_a_file_with_only_a_header_holds_no_questions():
    assert "no questions" in parse_errors(csv_content())["file"][0]


def test_at_most_the_limit_of_rows_is_read():
    assert (
        len(parse_questions(filename="set.csv", content=csv_content(*[GOOD_TEXT] * MAX_IMPORT_QUESTIONS)))
        == 2000
    )

    errors = parse_errors(csv_content(*[GOOD_TEXT] * (MAX_IMPORT_QUESTIONS + 1)))

    assert "at most 2000 questions" in errors["file"][0]


def test_a_file_larger_than_the_limit_is_refused():
    errors = parse_errors(csv_content(GOOD_TEXT) + b" " * (5 * 2**20))

    assert "larger than 5 MB" in errors["file"][0]


def test_a_spreadsheet_is_not_a_supported_format():
    with pytest.raises(UnsupportedFormat, match="CSV"):
        parse_questions(filename="questions.xlsx", content=b"PK\x03\x04")


def test_a_txt_file_is_read_as_csv_when_its_first_line_is_a_header():
    rows = parse_questions(filename="questions.txt", content=csv_content(GOOD_TEXT))

    assert rows[2]["answer"] == "1908"


def test_a_stray_quote_is_reported_at_its_row_instead_of_swallowing_the_rest():
    content = b'kind,type,prompt,answer\ndate,text,When?,1908\ndate,text,"When, 1909?,1909\ndate,text,Q,A\n'

    errors = parse_errors(content)

    assert list(errors) == [3]
    assert "not valid CSV" in errors[3][0]
