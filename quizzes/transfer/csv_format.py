"""CSV: one question a row, for spreadsheets (columns and rules in docs/import_export.md).

Cells that hold several texts (choices, accepted answers, an order question's answer)
join them with " | "; a "|" or "\\" inside a text is written "\\|" or "\\\\", so any
text survives the trip, and a hand-written "C:\\path" still reads as written.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from quizzes.models import Question, QuestionSet
from quizzes.transfer.exceptions import ImportFileError, Unreadable

COLUMNS = (
    "kind", "type", "prompt", "answer", "choices", "accepted_answers", "explanation", "source", "items",
)  # fmt: skip
REQUIRED_COLUMNS = ("kind", "type", "prompt", "answer")
SEPARATOR = " | "
DELIMITERS = (",", ";", "\t")
# Spreadsheets run a cell starting with one of these as a formula; a leading ' keeps it text.
FORMULA = re.compile(r"'*[=+\-@]")
TRUE_FALSE = {"true": True, "false": False}


def joined(items: Iterable[str]) -> str:
    return SEPARATOR.join(item.replace("\\", "\\\\").replace("|", "\\|") for item in items)


def split(cell: str) -> list[str]:
    """The texts of a multi-valued cell; an empty cell holds none."""
    if not cell.strip():
        return []
    items, current = [], []
    characters = iter(cell)
    for character in characters:
        if character == "\\":
            following = next(characters, "")
            current.append(following if following in ("\\", "|") else character + following)
        elif character == "|":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    items.append("".join(current).strip())
    return items


def guarded(cell: str) -> str:
    """Quote a would-be formula with one more leading ', which reading takes off again."""
    return "'" + cell if FORMULA.match(cell) else cell


def unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and FORMULA.match(cell) else cell


def answer_cell(fields: dict) -> str:
    if fields["type"] == Question.Type.TRUE_FALSE:
        return "true" if fields["answer"] else "false"
    if fields["type"] in Question.TYPES_WITH_LIST_ANSWERS:
        return joined(fields["answer"])
    return fields["answer"]


def write(question_set: QuestionSet, questions: Iterable[Question]) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens Cyrillic and Persian text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for question in questions:
        fields = question.content()
        cells = (
            fields["kind"],
            fields["type"],
            fields["prompt"],
            answer_cell(fields),
            joined(fields["choices"]),
            joined(fields["accepted_answers"]),
            fields["explanation"],
            question.source_text,
            joined(fields["items"]),
        )
        writer.writerow([guarded(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


def header_delimiter(text: str) -> str:
    """Excel writes ";" where the decimal separator is a comma; pick what splits the header."""
    first_line = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first_line.count)


def header_columns(record: list[str]) -> list[str]:
    columns = [cell.strip().lower() for cell in record]
    named = [column for column in columns if column]
    problems = []
    if unknown := [column for column in named if column not in COLUMNS]:
        problems.append(f"Unknown columns: {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}.")
    if missing := [column for column in REQUIRED_COLUMNS if column not in named]:
        problems.append(f"Missing columns: {', '.join(missing)}. The first row must name the columns.")
    if repeated := sorted({column for column in named if named.count(column) > 1}):
        problems.append(f"Repeated columns: {', '.join(repeated)}.")
    if problems:
        raise ImportFileError({"file": problems})
    return columns


def answer_from_cell(type_: str, cell: str):
    if type_ == Question.Type.TRUE_FALSE:
        if cell.strip().lower() not in TRUE_FALSE:
            raise Unreadable(f'answer: a true/false answer is "true" or "false", not "{cell}".')
        return TRUE_FALSE[cell.strip().lower()]
    if type_ in Question.TYPES_WITH_LIST_ANSWERS:
        return split(cell)
    return cell


def row_fields(columns: list[str], record: list[str]) -> dict:
    """The question a row holds, read faithfully: `import_questions` judges it."""
    if any(cell.strip() for cell in record[len(columns) :]):
        raise Unreadable(f"The row has more cells than the header has columns ({len(columns)}).")
    cells = dict.fromkeys(COLUMNS, "")
    for column, cell in zip(columns, record, strict=False):
        if not column and cell.strip():
            raise Unreadable("The row has a value in a column without a name in the header.")
        if column:
            cells[column] = unguarded(cell)
    kind, type_ = cells["kind"].strip().lower(), cells["type"].strip().lower()
    return {
        "kind": kind,
        "type": type_,
        "prompt": cells["prompt"],
        "answer": answer_from_cell(type_, cells["answer"]),
        "choices": split(cells["choices"]),
        "items": split(cells["items"]),
        "accepted_answers": split(cells["accepted_answers"]),
        "explanation": cells["explanation"],
    }


def read(text: str) -> Iterator[tuple[int, dict | None, list[str]]]:
    """(row number, fields, problems) for each non-empty row; the header is row 1.

    Rows are numbered as a spreadsheet shows them, so a cell holding line breaks still
    makes one row.
    """
    # Strict, so a stray quote is reported at its row instead of swallowing the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(text), strict=True)
    number, columns = 0, None
    try:
        for number, record in enumerate(reader, start=1):
            if columns is None:
                columns = header_columns(record)
            elif any(cell.strip() for cell in record):
                try:
                    yield number, row_fields(columns, record), []
                except Unreadable as problem:
                    yield number, None, [str(problem)]
    except csv.Error as error:
        yield number + 1, None, [f"This row is not valid CSV ({error}); check its quotes."]
