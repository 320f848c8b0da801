"""Fact documents as spreadsheets: round trips, the template, every bad cell named, and
the files refused before they are opened (too large, too many sheets or rows, zip bombs)."""

import copy
import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from quizzes.facts.validator import validate_fact_source
from quizzes.transfer.fact_workbook import (
    MAX_ROWS,
    MAX_SHEETS,
    MAX_WORKBOOK_BYTES,
    SHEETS,
    TEMPLATE_DOCUMENT,
    WorkbookError,
    read_csv_files,
    read_workbook,
    template_workbook,
    write_workbook,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = [
    ROOT / "fixtures/persian_constitutional_revolution.json",
    ROOT / "tests/fixtures/hanseatic_league.json",
]


def example() -> dict:
    return copy.deepcopy(TEMPLATE_DOCUMENT)


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(WorkbookError) as refused:
        read_workbook(content)
    return refused.value.problems


def edited(content: bytes, edit) -> bytes:
    """The workbook after `edit(workbook)`, as a teacher's spreadsheet would save it."""
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_files(document: dict, *, bom: bool = False) -> dict[str, bytes]:
    """The document as one CSV file per sheet, as a spreadsheet exports them."""
    workbook = load_workbook(io.BytesIO(write_workbook(document)), read_only=True)
    files = {}
    for name in workbook.sheetnames:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in workbook[name].iter_rows(values_only=True):
            writer.writerow(["" if value is None else value for value in row])
        files[f"{name.lower()}.csv"] = (("\ufeff" if bom else "") + buffer.getvalue()).encode()
    return files


def minimal_xlsx(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_a_bundled_source_makes_the_round_trip(path):
    document = json.loads(path.read_text(encoding="utf-8"))

    assert read_workbook(write_workbook(document)) == document


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_a_bundled_source_makes_the_round_trip_through_csv_files(path):
    document = json.loads(path.read_text(encoding="utf-8"))

    assert read_csv_files(csv_files(document, bom=True)) == document


def test_the_template_holds_a_worked_example_that_loads_as_it_is():
    content = template_workbook()
    workbook = load_workbook(io.BytesIO(content), read_only=True)

    assert workbook.sheetnames == ["Instructions", *SHEETS]
    document = read_workbook(content)
    assert document == TEMPLATE_DOCUMENT
    assert validate_fact_source(document) == []
    assert len(document["people"]) >= 3 and len(document["places"]) >= 3 and len(document["events"]) >= 3


def test_the_instructions_explain_every_sheet():
    workbook = load_workbook(io.BytesIO(template_workbook()), read_only=True)
    explained = {row[0] for row in workbook["Instructions"].iter_rows(min_row=2, values_only=True)}

    assert set(SHEETS) <= explained


def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_read():
    document = example()
    document["people"][1]["side"] = "rusia"
    document["events"][2]["date"] = "1370-02-31"
    document["events"][0]["participants"][0]["person"] = "valdemar"
    document["places"][3]["kind"] = "ocean"
    document["statements"][0]["wrong"][1] = document["statements"][0]["answer"]
    document["events"][0]["phrases"]["told"] = "Valdemar IV captured Visby in 1361"

    problems = problems_of(write_workbook(document))

    assert sorted(problems) == sorted(
        [
            'Sheet People, row 3, column side: "rusia" is not a side id',
            'Sheet Events, row 4, column date: "1370-02-31" is not a date (day is out of range for month)',
            'Sheet Participants, row 2, column person: "valdemar" is not a person id',
            "Sheet Places, row 5, column kind: 'ocean' is not one of building, city, country, "
            "neighbourhood, region, sea, town, village",
            "Sheet Statements, row 2, column wrong 2: repeats the answer or another wrong answer",
            "Sheet Events, row 2, column told: gives away the year",
        ]
    )


def test_rows_are_counted_as_the_spreadsheet_shows_them_blank_rows_included():
    def spread_out(workbook):
        people = workbook["People"]
        people.insert_rows(3, amount=2)  # two blank rows before the second person
        people["E6"] = "nobody"

    problems = problems_of(edited(write_workbook(example()), spread_out))

    assert problems == ['Sheet People, row 6, column side: "nobody" is not a side id']


def test_what_the_reader_cannot_place_is_named_too():
    def garble(workbook):
        workbook["People"]["H1"] = "nickname"
        workbook["Places"].delete_cols(4)  # kind
        workbook["Events"]["F3"] = "maybe"
        workbook["Participants"]["A3"] = "no-such-event"
        workbook["Source"]["A4"] = "colour"
        workbook.create_sheet("Peple")

    problems = problems_of(edited(write_workbook(example()), garble))

    assert (
        "Sheet People, row 1, column nickname: unknown column "
        "(expected id, name, aliases, role, side, description, sentence)"
    ) in problems
    assert "Sheet Places, row 1: the column kind is missing" in problems
    assert (
        'Sheet Events, row 3, column open_ended: "maybe" is neither true nor false (leave it empty for false)'
        in problems
    )
    assert (
        'Sheet Participants, row 3, column event: "no-such-event" is not an event id of the Events sheet'
        in problems
    )
    assert any(
        problem.startswith('Sheet Source, row 4, column key: "colour" is not one of') for problem in problems
    )
    assert any(problem.startswith("Sheet Peple: not a sheet this format knows") for problem in problems)


def test_a_missing_sheet_is_named():
    problems = problems_of(
        edited(write_workbook(example()), lambda workbook: workbook.remove(workbook["People"]))
    )

    assert problems == ["The workbook needs a sheet named People."]


def test_numbers_and_dates_the_spreadsheet_made_of_typed_dates_read_as_typed():
    def retype(workbook):
        events = workbook["Events"]
        events["C2"] = 1361  # a number
        events["C4"] = dt.datetime(1370, 5, 24)  # a date

    document = read_workbook(edited(write_workbook(example()), retype))

    assert [event["date"] for event in document["events"]] == ["1361", "1362", "1370-05-24", "1401"]


def test_text_that_looks_like_a_formula_stays_text():
    document = example()
    document["people"][2]["description"] = "=one of the captains, +the best known, -feared"

    content = write_workbook(document)

    assert read_workbook(content) == document
    cell = load_workbook(io.BytesIO(content))["People"]["F4"]
    assert cell.data_type == "s"


def test_lists_in_a_cell_are_split_on_semicolons_or_new_lines():
    def relist(workbook):
        workbook["People"]["C2"] = "Valdemar IV of Denmark\nWaldemar IV;Valdemar Atterdag"

    document = read_workbook(edited(write_workbook(example()), relist))

    assert document["people"][0]["aliases"] == ["Valdemar IV of Denmark", "Waldemar IV", "Valdemar Atterdag"]


def test_csv_files_name_the_file_row_and_column():
    document = example()
    document["people"][1]["side"] = "rusia"

    with pytest.raises(WorkbookError) as refused:
        read_csv_files(csv_files(document))

    assert refused.value.problems == ['people.csv, row 3, column side: "rusia" is not a side id']


def test_csv_files_must_be_utf8_and_named_like_the_sheets():
    files = csv_files(example())
    files["people.csv"] = "id,name\nvaldemar,Valdemar\xe9\n".encode("latin-1")
    files["persons.csv"] = b"id\n"

    with pytest.raises(WorkbookError) as refused:
        read_csv_files(files)

    assert refused.value.problems[0] == 'people.csv: not UTF-8 text (in Excel, save as "CSV UTF-8")'
    assert refused.value.problems[1].startswith(
        "persons.csv: not a file this format knows (source.csv, sides.csv"
    )


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = minimal_xlsx({"xl/worksheets/sheet1.xml": bytes(200 * 1024 * 1024)})
    assert len(bomb) < MAX_WORKBOOK_BYTES

    assert problems_of(bomb) == ["The workbook unpacks to more than 50 MB."]


def test_a_part_compressed_suspiciously_well_is_refused():
    content = minimal_xlsx({"xl/worksheets/sheet1.xml": bytes(20 * 1024 * 1024)})

    assert problems_of(content) == [
        "The workbook's part xl/worksheets/sheet1.xml is compressed suspiciously well."
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"%PDF-1.7 not a spreadsheet",
            "The file is not an .xlsx workbook (save it from your spreadsheet as .xlsx).",
        ),
        (
            b"id,name\nvisby,Visby\n",
            "The file is not an .xlsx workbook (save it from your spreadsheet as .xlsx).",
        ),
        (b"", "The file is not an .xlsx workbook (save it from your spreadsheet as .xlsx)."),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(content, problem):
    assert problems_of(content) == [problem]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")

    assert problems_of(buffer.getvalue()) == ["The file is a zip archive but not an .xlsx workbook."]


def test_a_file_over_the_size_limit_is_refused():
    assert problems_of(b"PK" + bytes(MAX_WORKBOOK_BYTES)) == ["The file is larger than 5 MB."]


def test_a_workbook_with_too_many_sheets_is_refused():
    def crowd(workbook):
        for number in range(MAX_SHEETS):
            workbook.create_sheet(f"Extra {number}")

    assert problems_of(edited(write_workbook(example()), crowd)) == [
        f"A workbook has at most {MAX_SHEETS} sheets; this one has {len(SHEETS) + MAX_SHEETS}."
    ]


def test_a_sheet_with_too_many_rows_is_refused():
    def lengthen(workbook):
        sentences = workbook["Sentences"]
        for number in range(MAX_ROWS):
            sentences.append([f"s-extra-{number}", "Filler."])

    assert problems_of(edited(write_workbook(example()), lengthen)) == [
        f"Sheet Sentences: at most {MAX_ROWS} rows (besides the header); split the source"
    ]


def test_the_source_text_may_travel_in_the_workbook():
    def add_text(workbook):
        workbook["Source"].append(["text", "In 1361 Valdemar IV captured Visby."])

    document = read_workbook(edited(write_workbook(example()), add_text))

    assert document["source"]["text"] == "In 1361 Valdemar IV captured Visby."


def test_a_workbook_is_read_from_a_file_too():
    assert read_workbook(io.BytesIO(write_workbook(example()))) == example()


def test_an_empty_new_workbook_names_the_sheets_it_needs():
    buffer = io.BytesIO()
    Workbook().save(buffer)

    problems = problems_of(buffer.getvalue())

    assert "The workbook needs a sheet named Source." in problems
    assert any(problem.startswith("Sheet Sheet: not a sheet this format knows") for problem in problems)
