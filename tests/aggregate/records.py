"""Records for the aggregate tests: the seed articles, the fixture articles, and a small factory."""

from __future__ import annotations

from pathlib import Path

from newsroom.model import Record
from newsroom.records import read_record

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_record(slug: str, title: str, body: str, **meta) -> Record:
    """Return a Record with the given text and front matter fields."""
    return Record(slug=slug, path=Path(f"articles/{slug}.md"), title=title, body=body, **meta)


def fixture_records() -> list[Record]:
    """Return the fixture articles: two summits with Kim Jong Un, and a central bank decision."""
    return [read_record(path) for path in sorted(FIXTURES.glob("*.md"))]


def seed_records() -> list[Record]:
    """Return the five normalized seed records (articles/*.md)."""
    records = [read_record(path) for path in sorted((ROOT / "articles").glob("*.md"))]
    assert len(records) == 5, "the five seed records are missing from articles/"
    return records


def seed_ids(records: list[Record]) -> dict[str, str]:
    """Return seed number ("001") -> record slug, read from each record's raw file name."""
    return {Path(r.raw).name[:3]: r.slug for r in records if r.raw}
