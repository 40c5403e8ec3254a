"""Dates a dump states on a line of their own ("Published June 19, 2024"), parsed strictly."""

from __future__ import annotations

from datetime import date

from newsroom.ingest import rules


def parse_date_line(text: str) -> tuple[date, bool] | None:
    """Return (date, is_update) when the whole line is a date with an optional label, else None."""
    labelled = rules.DATE_LABEL.match(text.strip())
    if labelled is None:
        return None
    value = labelled["value"].strip()
    label = (labelled["label"] or "").lower()
    for form in rules.DATE_FORMS:
        found = form.match(value)
        if found:
            stated = _to_date(found.groupdict())
            if stated is not None:
                return stated, label in rules.UPDATED_LABELS
    return None


def _to_date(parts: dict[str, str | None]) -> date | None:
    """Build a date from matched year/month/day parts; None when it does not exist."""
    month_name = (parts.get("month") or "").lower().rstrip(".")
    month = rules.MONTHS.get(month_name) or rules.MONTHS.get(month_name[:3])
    if parts.get("mnum"):
        month = int(parts["mnum"] or 0)
    try:
        return date(int(parts["year"] or 0), month or 0, int(parts["day"] or 0))
    except ValueError:
        return None
