"""Dates written in article text: 'June 19, 2024', '19 June 2024', 'September 2023', '1961', 'June 18'."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A number that is a quantity, not a year: "2000 troops", "1,961", "$2024", "2020s".
_NOT_YEAR_AFTER = (
    r"(?![\d%]|s\b|-\d|[,.]\d|\s+(?:troops|soldiers|people|men|km|kilometers|miles|tons|units)\b)"
)
DATE = re.compile(
    rf"(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY})\b(?:,?\s+(?P<md_year>{_YEAR})\b)?"
    rf"|(?P<dm_day>{_DAY})\s+(?:of\s+)?(?P<dm_month>{_MONTH})(?:,?\s+(?P<dm_year>{_YEAR})\b)?"
    rf"|(?P<my_month>{_MONTH})(?:\s+of)?,?\s+(?P<my_year>{_YEAR})\b"
    rf"|(?<![\d,.$£€\-/])(?P<year>{_YEAR}){_NOT_YEAR_AFTER}"
)
ANY_DIGIT = re.compile(r"\d")
MONTH_OR_YEAR = re.compile(rf"{_YEAR}|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # each month's start
FOLLOW_UP_DAYS = 31  # a year-less date this far after the reference date belongs to the year before


@dataclass(frozen=True)
class DateMention:
    """A date written in a text, at its precision; a day without a year has year None."""

    year: int | None
    month: int | None
    day: int | None
    start: int  # character offsets in the text
    end: int

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """Return the date as "1961", "2023-09" or "2024-06-19"."""
        parts = [
            f"{self.year:04d}",
            f"{self.month:02d}" if self.month else "",
            f"{self.day:02d}" if self.day else "",
        ]
        return "-".join(part for part in parts if part)

    def span(self) -> tuple[date, date]:
        """Return the first and last day the mention covers (it must have a year)."""
        assert self.year is not None
        if self.day and self.month:
            day = date(self.year, self.month, self.day)
            return day, day
        if self.month:
            return date(self.year, self.month, 1), date(
                self.year, self.month, calendar.monthrange(self.year, self.month)[1]
            )
        return date(self.year, 1, 1), date(self.year, 12, 31)

    def with_year(self, reference: date) -> DateMention:
        """Give a year-less day the year that puts it nearest before (or just after) `reference`."""
        if self.year is not None or not self.month or not self.day:
            return self
        year = reference.year
        if _valid(year, self.month, self.day) and date(year, self.month, self.day) > reference + timedelta(
            FOLLOW_UP_DAYS
        ):
            year -= 1
        return (
            DateMention(year, self.month, self.day, self.start, self.end)
            if _valid(year, self.month, self.day)
            else self
        )


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _month(text: str | None) -> int | None:
    return MONTHS[text.lower().rstrip(".")] if text else None


def _day(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


def find_dates(text: str) -> list[DateMention]:
    """Return the valid dates written in `text`, in order."""
    found: list[DateMention] = []
    # Every date has a digit, and a month name or a year: quick searches settle most sentences.
    if not ANY_DIGIT.search(text) or not MONTH_OR_YEAR.search(text):
        return found
    for match in DATE.finditer(text):
        groups = match.groupdict()
        if groups["year"]:
            found.append(DateMention(int(groups["year"]), None, None, match.start(), match.end()))
            continue
        month = _month(groups["md_month"] or groups["dm_month"] or groups["my_month"])
        day = _day(groups["md_day"] or groups["dm_day"])
        year_text = groups["md_year"] or groups["dm_year"] or groups["my_year"]
        year = int(year_text) if year_text else None
        if month and day and not _valid(year or 2024, month, day):  # 2024 is a leap year: Feb 29 passes
            continue
        found.append(DateMention(year, month, day, match.start(), match.end()))
    return found


def lead_date(mentions: list[DateMention]) -> DateMention | None:
    """Return the event date a text states first: its first day or month that has a year."""
    return next((m for m in mentions if m.year is not None and m.month is not None), None)


def spans_near(a: tuple[date, date], b: tuple[date, date], days: int) -> bool:
    """Tell whether two date spans are at most `days` apart."""
    gap = max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)
    return gap <= days
