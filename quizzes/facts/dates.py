"""Fixture dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD", where the form is the precision."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

FIXTURE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTH_NAMES = list(calendar.month_name)


@dataclass(frozen=True, order=True)
class FactDate:
    """A date as precise as its source: the interval [first_day, last_day] it names."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "FactDate":
        """Parse a fixture date; ValueError says what is wrong with it."""
        match = FIXTURE_DATE.match(text) if isinstance(text, str) else None
        if not match:
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 31 February
        return cls(year, month, day)

    @classmethod
    def from_parts(cls, year: int, month: int, day: int) -> "FactDate | None":
        """A day-precision date, rolling the month over; None where the day does not exist."""
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

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

    def shifted(self, steps: int) -> "FactDate":
        """The date `steps` units away at the same precision (days, months or years)."""
        if self.day is not None:
            moved = self.first_day + dt.timedelta(days=steps)
            return FactDate(moved.year, moved.month, moved.day)
        if self.month is not None:
            index = self.year * 12 + (self.month - 1) + steps
            return FactDate(index // 12, index % 12 + 1)
        return FactDate(self.year + steps)

    def overlaps(self, other: "FactDate") -> bool:
        return self.first_day <= other.last_day and other.first_day <= self.last_day
