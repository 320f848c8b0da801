"""A class's gradebook as a CSV file a spreadsheet opens as it is: UTF-8 with a byte order
mark (Excel reads it as UTF-8 only then), a row per student with the school's usual
columns (name, username), then a column per assignment holding its status and the score
or progress ("Done, 85%", "Late, 4 of 10 reviews", "Not started")."""

import csv
import io

from django.utils import timezone
from django.utils.text import slugify

from quizzes.transfer.exporting import ExportFile

BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet: a student's name could run one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def assignment_heading(assignment) -> str:
    due = timezone.localtime(assignment.due_at).strftime("%Y-%m-%d")
    title = assignment.title or assignment.question_set.title
    return f"{title} ({assignment.get_kind_display().lower()}, due {due})"


def cell_text(cell) -> str:
    summary = cell.summary
    return f"{cell.status_label}, {summary}" if summary and cell.started else cell.status_label


def gradebook_csv(book) -> ExportFile:
    """`book` is a selectors.gradebook.Gradebook."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["name", "username", *(safe_cell(assignment_heading(a)) for a in book.assignments)])
    for row in book.rows:
        writer.writerow(
            [safe_cell(row.name), safe_cell(row.student.username), *(cell_text(cell) for cell in row.cells)]
        )
    name = slugify(book.school_class.name) or f"class-{book.school_class.pk}"
    return ExportFile(
        content=out.getvalue().encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        filename=f"gradebook-{name}.csv",
    )
