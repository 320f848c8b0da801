"""A question set as a file to download."""

from collections.abc import Callable
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


EXPORT_FORMATS = {
    "csv": ExportFormat(csv_format.write, "text/csv; charset=utf-8", "csv"),
    "json": ExportFormat(json_format.write, "application/json", "json"),
    # Moodle's question import only offers .txt files for GIFT.
    "gift": ExportFormat(gift.write, "text/plain; charset=utf-8", "gift.txt"),
    "apkg": ExportFormat(apkg.write, "application/octet-stream", "apkg"),
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
