"""What can go wrong reading an import file, in the shape the API returns in a 400."""


class ImportFileError(Exception):
    """A file that cannot be read as questions at all.

    `errors` maps row (CSV) or question (GIFT) numbers, or "file", to a list of reasons,
    as authoring.InvalidQuestions does for rows that read but break the rules: a view
    answers both alike.
    """

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class UnsupportedFormat(ImportFileError):
    """A file (or an export format) this service does not read or write."""

    def __init__(self, message: str, *, key: str = "file"):
        super().__init__({key: [message]})
        self.message = message

    def __str__(self) -> str:
        return self.message


class Unreadable(ValueError):
    """One row or question that cannot be read; the reader reports it under its number."""
