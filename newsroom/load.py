"""Load stage: every record file -> a validated Record with its body rendered to safe HTML."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsroom.errors import Problems
from newsroom.markup import converter
from newsroom.model import Record
from newsroom.records import parse_record


def record_paths(articles_dir: Path) -> list[Path]:
    """The record files of a site, in a stable order."""
    return sorted(p for p in articles_dir.glob("*.md") if p.is_file())


def load_records(articles_dir: Path, engine: str, problems: Problems, drafts: bool = False) -> list[Record]:
    """Read, validate and render every record; problems collects what is wrong with each."""
    records = []
    to_html = converter(engine)
    for path in record_paths(articles_dir):
        record, found = parse_record(path)
        problems.items.extend(found.items)
        if record is None:
            continue
        if record.draft and not drafts:
            continue
        records.append(replace(record, html=to_html(record.body)))
    return records
