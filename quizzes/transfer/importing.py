"""A teacher's file (CSV or Moodle GIFT) read into question fields for `import_questions`.

Reading is faithful, not judging: a row whose answer is not among its choices reads
fine and is then refused, under its row number, by `import_questions`. Only what stops
a file from being read at all (encoding, header, syntax, size) is refused here.
"""

import re
from pathlib import PurePosixPath

from quizzes.transfer import csv_format, gift
from quizzes.transfer.exceptions import ImportFileError, UnsupportedFormat

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_QUESTIONS = 2000
READERS = {"csv": csv_format.read, "gift": gift.read}
UNSUPPORTED = "Import reads CSV (.csv) and Moodle GIFT (.gift or .txt) files"


def format_from_name(filename: str) -> str | None:
    """The format a file's name promises; None when only its content can tell (.txt)."""
    name = PurePosixPath(filename.replace("\\", "/")).name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".gift", ".gift.txt")):
        return "gift"
    if name.endswith(".txt") or "." not in name:
        return None
    raise UnsupportedFormat(f'{UNSUPPORTED}; "{filename}" is neither.')


def sniffed_format(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = csv_format.header_delimiter(first_line)
    columns = {cell.strip().strip('"').lower() for cell in first_line.split(delimiter)}
    if set(csv_format.REQUIRED_COLUMNS) <= columns:
        return "csv"
    if re.search(r"(?<!\\)\{", text) and "}" in text:
        return "gift"
    raise UnsupportedFormat(f"{UNSUPPORTED}; this file looks like neither.")


def decoded(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            {"file": ['The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".']}
        ) from None
    if "\x00" in text:
        raise ImportFileError({"file": ["The file contains NUL characters; it is not a text file."]})
    return text


def parse_upload(upload) -> dict[int, dict]:
    """An uploaded file's questions, read the same way from the API and the page: never more
    than MAX_IMPORT_BYTES into memory (one byte past it is enough to refuse)."""
    return parse_questions(filename=upload.name, content=upload.read(MAX_IMPORT_BYTES + 1))


def parse_questions(*, filename: str, content: bytes) -> dict[int, dict]:
    """{number in the file: question fields}; CSV rows count the header as row 1, GIFT
    questions count from 1. Raises ImportFileError naming rows (or "file")."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError({"file": [f"The file is larger than {MAX_IMPORT_BYTES // 2**20} MB."]})
    named_format = format_from_name(filename)
    text = decoded(content)
    rows, errors = {}, {}
    for number, fields, problems in READERS[named_format or sniffed_format(text)](text):
        if len(rows) + len(errors) == MAX_IMPORT_QUESTIONS:
            raise ImportFileError(
                {"file": [f"A file can hold at most {MAX_IMPORT_QUESTIONS} questions; split this one."]}
            )
        if problems:
            errors[number] = problems
        else:
            rows[number] = fields
    if errors:
        raise ImportFileError(errors)
    if not rows:
        raise ImportFileError({"file": ["The file holds no questions."]})
    return rows
