"""Fact documents as spreadsheets: an .xlsx workbook (or CSV files) with a sheet per record
type, for teachers who keep their material in Excel, LibreOffice or Google Sheets.

The sheets and columns are documented in fixtures/README.md ("Spreadsheets"). Reading is
all or nothing: every problem, the reader's and the validator's, comes back at once,
named by sheet, row and column as the teacher sees them (the header is row 1).

A workbook is a zip of XML files, so it is inspected with zipfile before openpyxl opens
it: its size, its members' total uncompressed size and each member's compression ratio
are bounded, which refuses a zip bomb before anything is inflated. zipfile never inflates
a member past the size its header declares, so the declared sizes are a real bound.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from quizzes.facts.validator import validate_fact_source

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100  # spreadsheet XML inflates 5 to 30 times; a bomb, thousands
MAX_ZIP_MEMBERS = 200
MAX_SHEETS = 12
MAX_ROWS = 2000  # records a sheet, the header aside
MAX_COLUMNS = 30
LIST_SEPARATOR = ";"  # or a new line inside the cell
WRONG_COLUMNS = tuple(f"wrong {number}" for number in range(1, 7))
INSTRUCTIONS = "Instructions"
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1", "x"}, {"false", "no", "0"}


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    lists: tuple[str, ...] = ()
    needed: bool = True  # a workbook without this sheet is refused


SHEETS = {
    sheet.name: sheet
    for sheet in (
        Sheet("Source", ("key", "value"), ("key",)),
        Sheet("Sides", ("id", "name", "opposes"), ("id", "name"), lists=("opposes",)),
        Sheet("Sentences", ("id", "text"), ("id", "text")),
        Sheet(
            "People",
            ("id", "name", "aliases", "role", "side", "description", "sentence"),
            ("id", "name", "role", "side", "sentence"),
            lists=("aliases",),
        ),
        Sheet(
            "Places",
            ("id", "name", "aliases", "kind", "located_in", "sentence"),
            ("id", "name", "kind", "sentence"),
            lists=("aliases",),
        ),
        Sheet(
            "Events",
            (
                "id",
                "name",
                "date",
                "date_end",
                "other_dates",
                "open_ended",
                "place",
                "sentence",
                "asked",
                "told",
                "done",
            ),
            ("id", "name", "sentence"),
            lists=("other_dates",),
        ),  # fmt: skip
        Sheet("Participants", ("event", "person", "role"), ("event", "person", "role"), needed=False),
        Sheet(
            "Statements",
            (
                "id",
                "event",
                "person",
                "kind",
                "question",
                "answer",
                "sentence",
                "also_right",
                *WRONG_COLUMNS,
                "true_claim",
                "false_claim",
            ),
            ("id", "kind", "question", "answer", "sentence"),
            lists=("also_right",),
            needed=False,
        ),  # fmt: skip
    )
}
SOURCE_KEYS = ("format", "slug", "title", "description", "text_file", "text")
DATE_COLUMNS = {"date", "date_end", "other_dates"}
PHRASES = ("asked", "told", "done")
# A spreadsheet runs a cell starting with "=" as a formula; writing keeps such text as text.
FORMULA = re.compile(r"^[=+\-@]")


class WorkbookError(ValueError):
    """A workbook (or CSV files) that does not make a valid fact document: every problem,
    each as "Sheet People, row 4, column side: …"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Located:
    """Where each record came from, to name a validator path's cell."""

    label: str  # "Sheet People" or "people.csv"
    rows: list[int] = field(default_factory=list)  # record index → spreadsheet row


# Reading


def read_workbook(file) -> dict:
    """A fact document from an .xlsx workbook (bytes or a binary file); WorkbookError
    names every problem."""
    content = file if isinstance(file, bytes) else file.read(MAX_WORKBOOK_BYTES + 1)
    check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as problem:
        raise WorkbookError([f"The file is not a readable .xlsx workbook ({problem})."]) from None
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise WorkbookError(
                [f"A workbook has at most {MAX_SHEETS} sheets; this one has {len(workbook.sheetnames)}."]
            )
        tables = {
            name: (
                f"Sheet {name}",
                sheet_rows(workbook[name].iter_rows(max_col=MAX_COLUMNS, values_only=True)),
            )
            for name in workbook.sheetnames
            if name != INSTRUCTIONS
        }
    finally:
        workbook.close()
    return document_from_tables(tables, kind="sheet")


def read_csv_files(files: dict[str, bytes]) -> dict:
    """A fact document from one CSV file per sheet ("people.csv", "source.csv", …), UTF-8
    with or without a byte order mark; WorkbookError names every problem."""
    by_name = {sheet.lower(): sheet for sheet in SHEETS}
    tables, problems = {}, []
    if sum(len(content) for content in files.values()) > MAX_WORKBOOK_BYTES:
        raise WorkbookError([f"The files are larger than {MAX_WORKBOOK_BYTES // 2**20} MB together."])
    for filename, content in files.items():
        stem = re.sub(r"\.csv$", "", filename.rsplit("/", 1)[-1], flags=re.IGNORECASE)
        sheet = by_name.get(stem.lower())
        if sheet is None:
            problems.append(f"{filename}: not a file this format knows ({', '.join(known_files())})")
            continue
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(f'{filename}: not UTF-8 text (in Excel, save as "CSV UTF-8")')
            continue
        tables[sheet] = (filename, sheet_rows(csv.reader(io.StringIO(text, newline=""))))
    if problems:
        raise WorkbookError(problems)
    return document_from_tables(tables, kind="file")


def known_files() -> list[str]:
    return [f"{name.lower()}.csv" for name in SHEETS]


def check_zip(content: bytes) -> None:
    if len(content) > MAX_WORKBOOK_BYTES:
        raise WorkbookError([f"The file is larger than {MAX_WORKBOOK_BYTES // 2**20} MB."])
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise WorkbookError(["The file is not an .xlsx workbook (save it from your spreadsheet as .xlsx)."])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise WorkbookError(["The file is a zip archive but not an .xlsx workbook."])
        if len(members) > MAX_ZIP_MEMBERS:
            raise WorkbookError([f"The workbook holds more than {MAX_ZIP_MEMBERS} parts."])
        if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
            raise WorkbookError([f"The workbook unpacks to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB."])
        for member in members:
            if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(
                member.compress_size, 1
            ):
                raise WorkbookError(
                    [f"The workbook's part {member.filename} is compressed suspiciously well."]
                )


def sheet_rows(rows: Iterable) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells as text) for the header and every non-blank row; a
    sheet longer than MAX_ROWS records stops at one row past it (the caller refuses it)."""
    kept, blank_run = [], 0
    for number, row in enumerate(rows, start=1):
        cells = [cell_text(cell) for cell in list(row)[:MAX_COLUMNS]]
        if not any(cells):
            blank_run += 1
            if blank_run > MAX_ROWS:  # formatting stretched down a million empty rows
                break
            continue
        blank_run = 0
        kept.append((number, cells))
        if len(kept) > MAX_ROWS + 1:
            break
    return kept


def cell_text(value) -> str:
    """A cell as text: a spreadsheet turns "1909" into a number and "1909-04-20" into a
    date; both come back as the text the teacher typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class TableReader:
    """Turns rows of cells into the document's records, noting where each came from."""

    def __init__(self, tables: dict, kind: str):
        self.tables = tables
        self.kind = kind
        self.problems: list[str] = []
        self.where: dict[str, Located] = {}
        self.source_rows: dict[str, int] = {}
        self.participant_rows: dict[tuple[int, int], int] = {}

    def problem(self, label: str, row: int | None, column: str | None, message: str) -> None:
        place = label + (f", row {row}" if row else "") + (f", column {column}" if column else "")
        self.problems.append(f"{place}: {message}")

    def records(self, name: str) -> list[tuple[int, dict[str, str]]]:
        sheet = SHEETS[name]
        if name not in self.tables:
            if sheet.needed:
                what = f"a sheet named {name}" if self.kind == "sheet" else f"a file {name.lower()}.csv"
                self.problems.append(f"The workbook needs {what}.")
            return []
        label, rows = self.tables[name]
        if not rows:
            return []
        header_row, header = rows[0]
        columns = [cell.strip().lower() for cell in header]
        for index, column in enumerate(columns):
            if column and column not in sheet.columns:
                self.problem(
                    label, header_row, header[index], f"unknown column (expected {', '.join(sheet.columns)})"
                )
        for column in sheet.required:
            if column not in columns:
                self.problem(label, header_row, None, f"the column {column} is missing")
        if len(rows) - 1 > MAX_ROWS:
            self.problem(label, None, None, f"at most {MAX_ROWS} rows (besides the header); split the source")
            return []
        return [
            (
                number,
                {column: cells[i] if i < len(cells) else "" for i, column in enumerate(columns) if column},
            )
            for number, cells in rows[1:]
        ]

    def located(self, name: str) -> Located:
        label = self.tables[name][0] if name in self.tables else f"Sheet {name}"
        return self.where.setdefault(name, Located(label))

    def split(self, cell: str) -> list[str]:
        return [item.strip() for item in re.split(rf"{LIST_SEPARATOR}|\n", cell) if item.strip()]

    def flag(self, label: str, row: int, column: str, cell: str) -> bool | None:
        if cell.lower() in TRUE_WORDS:
            return True
        if cell.lower() in FALSE_WORDS:
            return False
        self.problem(label, row, column, f'"{cell}" is neither true nor false (leave it empty for false)')
        return None

    def document(self) -> dict:
        document = {"format": 2, "source": self.source()}
        if "format" in document["source"]:
            document["format"] = document["source"].pop("format")
        for name, key, build in (
            ("Sides", "sides", self.side),
            ("Sentences", "sentences", self.sentence),
            ("People", "people", self.person),
            ("Places", "places", self.place),
            ("Events", "events", self.event),
        ):
            located = self.located(name)
            document[key] = []
            for row, cells in self.records(name):
                located.rows.append(row)
                document[key].append(build(located.label, row, cells))
        self.participants(document["events"])
        if document["format"] != 1:
            document["statements"] = self.statements()
        return document

    def source(self) -> dict:
        source = {}
        located = self.located("Source")
        for row, cells in self.records("Source"):
            key, value = cells.get("key", "").strip().lower(), cells.get("value", "")
            if key not in SOURCE_KEYS:
                self.problem(located.label, row, "key", f'"{key}" is not one of {", ".join(SOURCE_KEYS)}')
            elif key in source:
                self.problem(located.label, row, "key", f'"{key}" is given twice')
            elif key == "format":
                source[key] = int(value) if value.isdigit() else value
            elif value or key in ("slug", "title"):
                source[key] = value
            self.source_rows[key] = row
        return source

    def side(self, label, row, cells) -> dict:
        side = {"id": cells.get("id", ""), "name": cells.get("name", "")}
        if cells.get("opposes"):
            side["opposes"] = self.split(cells["opposes"])
        return side

    def sentence(self, label, row, cells) -> dict:
        return {"id": cells.get("id", ""), "text": cells.get("text", "")}

    def person(self, label, row, cells) -> dict:
        return {
            "id": cells.get("id", ""),
            "name": cells.get("name", ""),
            "aliases": self.split(cells.get("aliases", "")),
            "role": cells.get("role", ""),
            "side": cells.get("side", ""),
            "description": cells.get("description", ""),
            "sentence": cells.get("sentence", ""),
        }

    def place(self, label, row, cells) -> dict:
        return {
            "id": cells.get("id", ""),
            "name": cells.get("name", ""),
            "aliases": self.split(cells.get("aliases", "")),
            "kind": cells.get("kind", ""),
            "located_in": cells.get("located_in") or None,
            "sentence": cells.get("sentence", ""),
        }

    def event(self, label, row, cells) -> dict:
        event = {"id": cells.get("id", ""), "name": cells.get("name", ""), "date": cells.get("date") or None}
        if cells.get("date_end"):
            event["date_end"] = cells["date_end"]
        if cells.get("other_dates"):
            event["other_dates"] = self.split(cells["other_dates"])
        if cells.get("open_ended"):
            flag = self.flag(label, row, "open_ended", cells["open_ended"])
            if flag is not None:
                event["open_ended"] = flag
        event["place"] = cells.get("place") or None
        event["participants"] = []
        event["sentence"] = cells.get("sentence", "")
        phrases = {key: cells[key] for key in PHRASES if cells.get(key)}
        if phrases:
            event["phrases"] = phrases
        return event

    def participants(self, events: list[dict]) -> None:
        index_of = {}
        for index, event in enumerate(events):
            index_of.setdefault(event["id"], index)
        located = self.located("Participants")
        for row, cells in self.records("Participants"):
            event_id = cells.get("event", "")
            if event_id not in index_of:
                self.problem(
                    located.label, row, "event", f'"{event_id}" is not an event id of the Events sheet'
                )
                continue
            event = events[index_of[event_id]]
            self.participant_rows[(index_of[event_id], len(event["participants"]))] = row
            event["participants"].append({"person": cells.get("person", ""), "role": cells.get("role", "")})

    def statements(self) -> list[dict]:
        statements = []
        located = self.located("Statements")
        for row, cells in self.records("Statements"):
            located.rows.append(row)
            about = {key: cells[key] for key in ("event", "person") if cells.get(key)}
            statement = {
                "id": cells.get("id", ""),
                "about": about,
                "kind": cells.get("kind", ""),
                "question": cells.get("question", ""),
                "answer": cells.get("answer", ""),
                "sentence": cells.get("sentence", ""),
            }
            if cells.get("also_right"):
                statement["also_right"] = self.split(cells["also_right"])
            wrong = [cells[column] for column in WRONG_COLUMNS if cells.get(column)]
            if wrong:
                statement["wrong"] = wrong
            for key in ("true_claim", "false_claim"):
                if cells.get(key):
                    statement[key] = cells[key]
            statements.append(statement)
        return statements

    # The validator's paths, as cells.

    def cell_of(self, path: str) -> str:
        """ "people[2].side" → "Sheet People, row 4, column side"."""
        match = re.match(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?(?:\[(\d+)\])?(?:\.(\w+))?", path)
        collection, index, key, sub_index, sub_key = (
            match.groups() if match else (path, None, None, None, None)
        )
        if collection == "source" or collection == "format":
            located = self.located("Source")
            row_key = key or collection
            row = self.source_rows.get(row_key)
            return f"{located.label}" + (f", row {row}, column value" if row else f", key {row_key}")
        sheet = {
            "sides": "Sides", "sentences": "Sentences", "people": "People", "places": "Places",
            "events": "Events", "statements": "Statements",
        }.get(collection)  # fmt: skip
        if sheet is None or index is None:
            return f"Sheet {sheet or collection}"
        index = int(index)
        if collection == "events" and key == "participants" and sub_index is not None:
            located = self.located("Participants")
            row = self.participant_rows.get((index, int(sub_index)))
            return f"{located.label}, row {row}, column {sub_key or 'person'}"
        located = self.located(sheet)
        row = located.rows[index] if index < len(located.rows) else None
        column = key
        if key == "phrases":
            column = sub_key or "asked"
        elif key == "about":
            column = sub_key or "event"
        elif key == "wrong":
            column = WRONG_COLUMNS[int(sub_index)] if sub_index is not None else WRONG_COLUMNS[0]
        elif key == "participants":
            participants = self.located("Participants").label
            return f"{participants} (the participants of {located.label.lower()} row {row})"
        return f"{located.label}, row {row}" + (f", column {column}" if column else "")


def document_from_tables(tables: dict, *, kind: str) -> dict:
    reader = TableReader(tables, kind)
    for name in tables:
        if name not in SHEETS:
            known = ", ".join(SHEETS) if kind == "sheet" else ", ".join(known_files())
            reader.problems.append(f"Sheet {name}: not a sheet this format knows ({known}, {INSTRUCTIONS})")
    document = reader.document()
    if reader.problems:
        raise WorkbookError(reader.problems)
    # The source's text travels beside the document (docs/api.md, POST /api/sources/),
    # so the format's validator does not know the key.
    checked = {**document, "source": {k: v for k, v in document["source"].items() if k != "text"}}
    problems = []
    for error in validate_fact_source(checked):
        path, _, message = error.partition(": ")
        problems.append(f"{reader.cell_of(path)}: {message}")
    if problems:
        raise WorkbookError(problems)
    return document


# Writing


def write_workbook(document: dict) -> bytes:
    """The document as a workbook that read_workbook reads back to the same document."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, "Source", source_rows(document))
    add_sheet(
        workbook, "Sides", ([s["id"], s["name"], joined(s.get("opposes", []))] for s in document["sides"])
    )
    add_sheet(workbook, "Sentences", ([s["id"], s["text"]] for s in document["sentences"]))
    add_sheet(
        workbook,
        "People",
        (
            [p["id"], p["name"], joined(p["aliases"]), p["role"], p["side"], p["description"], p["sentence"]]
            for p in document["people"]
        ),
    )
    add_sheet(
        workbook,
        "Places",
        (
            [p["id"], p["name"], joined(p["aliases"]), p["kind"], p["located_in"] or "", p["sentence"]]
            for p in document["places"]
        ),
    )
    add_sheet(workbook, "Events", (event_row(event) for event in document["events"]))
    add_sheet(
        workbook,
        "Participants",
        (
            [event["id"], participant["person"], participant["role"]]
            for event in document["events"]
            for participant in event["participants"]
        ),
    )
    add_sheet(workbook, "Statements", (statement_row(s) for s in document.get("statements", [])))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def source_rows(document: dict) -> Iterator[list[str]]:
    yield ["format", str(document.get("format", 2))]
    for key in SOURCE_KEYS[1:]:
        if key in document["source"]:
            yield [key, document["source"][key]]


def event_row(event: dict) -> list[str]:
    phrases = event.get("phrases", {})
    open_ended = event.get("open_ended")
    return [
        event["id"],
        event["name"],
        event["date"] or "",
        event.get("date_end", ""),
        joined(event.get("other_dates", [])),
        "" if open_ended is None else ("true" if open_ended else "false"),
        event["place"] or "",
        event["sentence"],
        *(phrases.get(key, "") for key in PHRASES),
    ]


def statement_row(statement: dict) -> list[str]:
    wrong = statement.get("wrong", [])
    return [
        statement["id"],
        statement["about"].get("event", ""),
        statement["about"].get("person", ""),
        statement["kind"],
        statement["question"],
        statement["answer"],
        statement["sentence"],
        joined(statement.get("also_right", [])),
        *(wrong[i] if i < len(wrong) else "" for i in range(len(WRONG_COLUMNS))),
        statement.get("true_claim", ""),
        statement.get("false_claim", ""),
    ]


def joined(items: Iterable[str]) -> str:
    return f"{LIST_SEPARATOR} ".join(items)


def add_sheet(workbook: Workbook, name: str, rows: Iterable[list]) -> None:
    sheet = workbook.create_sheet(name)
    columns = SHEETS[name].columns
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 14 if column in DATE_COLUMNS or column == "id" else 30
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and FORMULA.match(cell.value):
                cell.data_type = "s"  # text, never a formula
            cell.number_format = "@"  # "1909" and "1909-04" stay text, not a number or a date
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# The template


def template_workbook() -> bytes:
    """A workbook with the worked example of TEMPLATE_DOCUMENT and an Instructions sheet."""
    workbook_bytes = write_workbook(TEMPLATE_DOCUMENT)
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    sheet = workbook.create_sheet(INSTRUCTIONS, 0)
    sheet.append(["sheet", "column", "what to write"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in INSTRUCTION_ROWS:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 100
    for row in sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INSTRUCTION_ROWS = [
    (
        "(all)",
        "",
        "One sheet per kind of record; row 1 holds the column names. Keep the sheet and column "
        "names as they are; the Instructions sheet is not read. Every id is a slug (a-z, 0-9, -), "
        "unique in its sheet; other sheets refer to a record by its id. Lists in one cell (aliases,"
        " opposes, other_dates, also_right) are separated by ; or by new lines. The format is "
        "explained in full in fixtures/README.md.",
    ),
    (
        "Source",
        "key, value",
        "One row per key: format (2), slug, title, description (optional), text (the source text, optional).",
    ),
    (
        "Sides",
        "id, name, opposes",
        "The sides people took; opposes lists the ids of the sides this one fought.",
    ),
    (
        "Sentences",
        "id, text",
        "Sentences quoted word for word from the text; facts cite them by id.",
    ),
    (
        "People",
        "aliases",
        "Other names and spellings that name only this person.",
    ),
    (
        "People",
        "role",
        "Title or office as a noun phrase: colonel, commander of the Persian Cossack Brigade.",
    ),
    (
        "People",
        "side",
        "The id of a side on the Sides sheet.",
    ),
    (
        "People",
        "description",
        "One line that identifies the person without naming them (may be empty).",
    ),
    (
        "People",
        "sentence",
        "The id of the sentence that introduces them.",
    ),
    (
        "Places",
        "kind",
        "city, town, village, region, country, building, neighbourhood or sea.",
    ),
    (
        "Places",
        "located_in",
        "The id of the place it lies in, or empty.",
    ),
    (
        "Events",
        "name",
        "A noun phrase with its article: the Russian occupation of Tabriz.",
    ),
    (
        "Events",
        "date",
        "1909-04-20, 1909-04 or 1909: the precision is the form. Empty when the text gives none. "
        "Type dates as text (the template’s cells are text), or the spreadsheet turns 1909-04 into "
        "a day.",
    ),
    (
        "Events",
        "date_end, other_dates",
        "The end of a range; other dates the text gives for the same event.",
    ),
    (
        "Events",
        "open_ended",
        "true when only the start is known (an occupation): questions ask when it began.",
    ),
    (
        "Events",
        "asked, told, done",
        "How to ask (format 2): “was Visby captured”, “Visby was captured”, “captured Visby” (done "
        "only for an event with a leader or commander). Never with the year.",
    ),
    (
        "Participants",
        "event, person, role",
        "One row per person in an event; role is leader, commander, participant or subject.",
    ),
    (
        "Statements",
        "event or person",
        "What the statement is about: fill one of the two.",
    ),
    (
        "Statements",
        "kind",
        "cause, pretext, aim, demand, method, result or significance.",
    ),
    (
        "Statements",
        "question, answer",
        "The question as a teacher writes it (ending with ?) and its short answer.",
    ),
    (
        "Statements",
        "wrong 1 … wrong 6",
        "Optional: 3 to 6 wrong answers written for this question.",
    ),
    (
        "Statements",
        "true_claim, false_claim",
        "Optional, together: the fact as a true sentence, and with one detail swapped.",
    ),
]

TEMPLATE_DOCUMENT = {
    "format": 2,
    "source": {
        "slug": "hanseatic-league-and-denmark",
        "title": "The Hanseatic League against Valdemar IV",
        "description": "A worked example: replace it with your own source.",
    },
    "sides": [
        {"id": "hanseatic-league", "name": "The Hanseatic League", "opposes": ["denmark"]},
        {"id": "denmark", "name": "The Kingdom of Denmark"},
        {"id": "victual-brothers", "name": "The Victual Brothers (pirates)", "opposes": ["hanseatic-league"]},
    ],
    "sentences": [
        {
            "id": "s-visby",
            "text": "In 1361 Valdemar IV captured Visby, one of the richest towns of the League.",
        },
        {
            "id": "s-helsingborg",
            "text": "A Hanseatic fleet under Johann Wittenborg, the mayor of Lübeck, attacked Helsingborg "
            "in Scania in 1362 but was defeated by the Danish fleet.",
        },
        {
            "id": "s-stralsund",
            "text": "The Treaty of Stralsund, signed in Stralsund in Pomerania on 24 May 1370, "
            "ended the war.",
        },
        {
            "id": "s-stortebeker",
            "text": "Their best-known captain, Klaus Störtebeker, was captured in the North Sea near "
            "Heligoland in 1401.",
        },
    ],
    "people": [
        {
            "id": "valdemar-iv",
            "name": "Valdemar IV",
            "aliases": ["Valdemar IV of Denmark", "Waldemar IV"],
            "role": "king of Denmark",
            "side": "denmark",
            "description": "king who captured Visby",
            "sentence": "s-visby",
        },
        {
            "id": "johann-wittenborg",
            "name": "Johann Wittenborg",
            "aliases": ["Wittenborg"],
            "role": "mayor of Lübeck",
            "side": "hanseatic-league",
            "description": "mayor of Lübeck who led a Hanseatic fleet against Helsingborg",
            "sentence": "s-helsingborg",
        },
        {
            "id": "klaus-stortebeker",
            "name": "Klaus Störtebeker",
            "aliases": ["Störtebeker"],
            "role": "captain of the Victual Brothers",
            "side": "victual-brothers",
            "description": "",
            "sentence": "s-stortebeker",
        },
    ],
    "places": [
        {
            "id": "visby",
            "name": "Visby",
            "aliases": [],
            "kind": "city",
            "located_in": None,
            "sentence": "s-visby",
        },
        {
            "id": "helsingborg",
            "name": "Helsingborg",
            "aliases": ["Hälsingborg"],
            "kind": "city",
            "located_in": None,
            "sentence": "s-helsingborg",
        },
        {
            "id": "stralsund",
            "name": "Stralsund",
            "aliases": [],
            "kind": "city",
            "located_in": None,
            "sentence": "s-stralsund",
        },
        {
            "id": "north-sea",
            "name": "North Sea",
            "aliases": [],
            "kind": "sea",
            "located_in": None,
            "sentence": "s-stortebeker",
        },
    ],
    "events": [
        {
            "id": "capture-of-visby",
            "name": "the capture of Visby",
            "date": "1361",
            "place": "visby",
            "participants": [{"person": "valdemar-iv", "role": "leader"}],
            "sentence": "s-visby",
            "phrases": {"asked": "did Valdemar IV capture Visby", "told": "Valdemar IV captured Visby"},
        },
        {
            "id": "attack-on-helsingborg",
            "name": "the Hanseatic attack on Helsingborg",
            "date": "1362",
            "place": "helsingborg",
            "participants": [{"person": "johann-wittenborg", "role": "commander"}],
            "sentence": "s-helsingborg",
        },
        {
            "id": "treaty-of-stralsund",
            "name": "the Treaty of Stralsund",
            "date": "1370-05-24",
            "place": "stralsund",
            "participants": [],
            "sentence": "s-stralsund",
        },
        {
            "id": "capture-of-stortebeker",
            "name": "the capture of Klaus Störtebeker",
            "date": "1401",
            "place": "north-sea",
            "participants": [{"person": "klaus-stortebeker", "role": "subject"}],
            "sentence": "s-stortebeker",
        },
    ],
    "statements": [
        {
            "id": "stralsund-result",
            "about": {"event": "treaty-of-stralsund"},
            "kind": "result",
            "question": "What did the Treaty of Stralsund bring about?",
            "answer": "It ended the war between the League and Denmark",
            "sentence": "s-stralsund",
            "wrong": [
                "It made Visby the capital of the League",
                "It gave Denmark the fortresses of Lübeck",
                "It dissolved the Hanseatic League",
            ],
        }
    ],
}
