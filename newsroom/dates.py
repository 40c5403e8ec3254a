"""Dates as feeds and pages need them: midnight in the site's zone, RFC 3339 and RFC 822 forms."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


def midnight(value: date, zone: str) -> datetime:
    """The start of a day in the site's time zone (stated dates carry no time)."""
    return datetime(value.year, value.month, value.day, tzinfo=ZoneInfo(zone))


@lru_cache(maxsize=4096)  # feeds repeat the same dates across thousands of entries
def rfc3339(value: date, zone: str) -> str:
    """`2024-06-19T00:00:00+00:00`, for Atom, JSON Feed and sitemaps."""
    return midnight(value, zone).isoformat()


@lru_cache(maxsize=4096)
def rfc822(value: date, zone: str) -> str:
    """`Wed, 19 Jun 2024 00:00:00 +0000`, for RSS 2.0."""
    return format_datetime(midnight(value, zone))
