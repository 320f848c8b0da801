"""Question sets to and from files: CSV, JSON, Moodle GIFT and Anki packages.

Pure functions over the models; the API turns them into downloads and uploads.
"""

from quizzes.transfer.exceptions import ImportFileError, UnsupportedFormat
from quizzes.transfer.exporting import EXPORT_FORMATS, ExportFile, export_question_set, export_question_sets
from quizzes.transfer.importing import MAX_IMPORT_BYTES, MAX_IMPORT_QUESTIONS, parse_questions, parse_upload

__all__ = [
    "EXPORT_FORMATS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_QUESTIONS",
    "ExportFile",
    "ImportFileError",
    "UnsupportedFormat",
    "export_question_set",
    "export_question_sets",
    "parse_questions",
    "parse_upload",
]
