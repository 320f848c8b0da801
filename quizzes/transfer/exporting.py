"""A question set as a file to download."""

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from quizzes.models import Choice, Question, QuestionSet
from quizzes.transfer import apkg, csv_format, gift, json_format
from quizzes.transfer.exceptions import UnsupportedFormat


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str

    def as_download(self) -> HttpResponse:
        """The file as the browser saves it (the API, the teacher pages and the admin alike)."""
        return HttpResponse(
            self.content,
            content_type=self.content_type,
            headers={"Content-Disposition": content_disposition_header(True, self.filename)},
        )


@dataclass(frozen=True)
class ExportFormat:
    write: Callable[[QuestionSet, list[Question]], bytes]
    content_type: str
    extension: str
    label: str  # as the teacher pages name it


EXPORT_FORMATS = {
    "csv": ExportFormat(csv_format.write, "text/csv; charset=utf-8", "csv", "CSV"),
    "json": ExportFormat(json_format.write, "application/json", "json", "JSON"),
    # Moodle's question import only offers .txt files for GIFT.
    "gift": ExportFormat(gift.write, "text/plain; charset=utf-8", "gift.txt", "Moodle GIFT"),
    "apkg": ExportFormat(apkg.write, "application/octet-stream", "apkg", "Anki package"),
}


def questions_to_export(question_set: QuestionSet) -> QuerySet[Question]:
    """Three queries whatever the size of the set."""
    return (
        question_set.questions.select_related("source_sentence")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id")), "accepted_answers"
        )
        .order_by("id")
    )


def export_question_set(question_set: QuestionSet, *, format: str) -> ExportFile:
    if format not in EXPORT_FORMATS:
        raise UnsupportedFormat(
            f'Cannot export as "{format}"; the formats are {", ".join(EXPORT_FORMATS)}.', key="format"
        )
    chosen = EXPORT_FORMATS[format]
    name = slugify(question_set.title) or f"question-set-{question_set.id}"
    return ExportFile(
        content=chosen.write(question_set, list(questions_to_export(question_set))),
        content_type=chosen.content_type,
        filename=f"{name}.{chosen.extension}",
    )


def export_question_sets(question_sets: Iterable[QuestionSet], *, format: str) -> ExportFile:
    """One set as its file; several as a zip of their files (named by id, as titles repeat)."""
    question_sets = list(question_sets)
    if len(question_sets) == 1:
        return export_question_set(question_sets[0], format=format)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for question_set in question_sets:
            exported = export_question_set(question_set, format=format)
            archive.writestr(f"{question_set.pk}-{exported.filename}", exported.content)
    return ExportFile(
        content=buffer.getvalue(), content_type="application/zip", filename=f"question-sets-{format}.zip"
    )
