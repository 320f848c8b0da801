"""Partial dates: a date as precise as its source says, to the day, the month or the year.

One class for the fact files ("1909-04", their written form is their precision), the
question generator (dates near a true one, at its precision) and the answer checker
(what a learner typed: "April 1909" does not answer a question about 20 April 1909).
Pure Python, like the checker.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FIXTURE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTH_NAMES = list(calendar.month_name)  # [""; "January", …]


@dataclass(frozen=True, order=True)
class PartialDate:
    """The interval [first_day, last_day] a date names; every instance is a real date."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        """Refuse dates that do not exist (31 February, month 13, a day without a month)."""
        if self.day is not None and self.month is None:
            raise ValueError("a date with a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        dt.date(self.year, self.month or 1, 1 if self.day is None else self.day)  # or ValueError (day 0 too)

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """A fixture date, "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ValueError says what is wrong."""
        match = FIXTURE_DATE.match(text) if isinstance(text, str) else None
        if not match:
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        return cls(year, month, day)

    @classmethod
    def from_parts(cls, year: int, month: int, day: int) -> "PartialDate | None":
        """A day-precision date, rolling the month over; None where the day does not exist."""
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        try:
            return cls(year, month, day)
        except ValueError:
            return None

    @property
    def precision(self) -> str:
        """ "day", "month" or "year": the finest part the date gives."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def written(self) -> str:
        """The date as an English reader writes it: "20 April 1909", "April 1909", "1909"."""
        if self.day is not None:
            return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return str(self.year)

    __str__ = written

    def shifted(self, steps: int) -> "PartialDate":
        """The date `steps` units away at the same precision (days, months or years)."""
        if self.day is not None:
            moved = self.first_day + dt.timedelta(days=steps)
            return PartialDate(moved.year, moved.month, moved.day)
        if self.month is not None:
            index = self.year * 12 + (self.month - 1) + steps
            return PartialDate(index // 12, index % 12 + 1)
        return PartialDate(self.year + steps)

    def overlaps(self, other: "PartialDate") -> bool:
        return self.first_day <= other.last_day and other.first_day <= self.last_day

    def falls_within(self, other: "PartialDate") -> bool:
        """This names `other` or a finer date inside it: "20 April 1909" answers a question
        asking for the year 1909, but "1909" does not answer one asking for the day."""
        if self.year != other.year:
            return False
        if other.month is not None and self.month != other.month:
            return False
        return other.day is None or self.day == other.day
