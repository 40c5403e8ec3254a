"""Raw files in, record files out: which raw file has a record, slugs, atomic writes, keep/force."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.errors import UserError
from newsroom.ingest.normalizer import normalize
from newsroom.records import dump_record, split_record
from newsroom.urls import make_slug

# Largest raw file taken as one article. A long article is some 100 kB of text; a web page with
# its scripts and styles a few MB. Anything bigger is a mistake (a log, a whole site, a video), and
# normalizing it would take minutes.
MAX_TEXT_BYTES = 1_000_000
MAX_HTML_BYTES = 10_000_000
HTML_SUFFIXES = (".html", ".htm")
# `raw:` and `raw_sha256:` lines, read directly when a record's YAML does not parse.
LINK_FIELD = re.compile(r"^(?P<key>raw|raw_sha256):[ \t]*[\"']?(?P<value>[^\"'\s]+)", re.MULTILINE)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did, file by file."""

    written: list[Path] = field(default_factory=list)  # records created or (with force) rewritten
    kept: list[Path] = field(default_factory=list)  # records left as they were
    changed: list[Path] = field(default_factory=list)  # raw files whose bytes differ from their record's hash
    problems: list[UserError] = field(default_factory=list)  # files that could not be ingested


def ingest_files(articles_dir: Path, files: Sequence[Path] | None = None,
                 force: bool = False) -> IngestReport:
    """Normalize raw files into records; existing records are kept unless force is true."""
    articles_dir = Path(articles_dir)
    report = IngestReport()
    links, taken = _existing_records(articles_dir, report.problems)
    raw_files = [Path(f) for f in files] if files is not None else _raw_files(articles_dir, report.problems)
    for raw_path in raw_files:
        _ingest_one(articles_dir, raw_path, links, taken, force, report)
    return report


def _ingest_one(articles_dir: Path, raw_path: Path, links: dict[str, Path], taken: set[str],
                force: bool, report: IngestReport) -> None:
    """Keep, report or (re)write the record of one raw file."""
    try:
        rel = _relative_name(raw_path, articles_dir)
        data = read_raw(raw_path)
    except UserError as exc:
        report.problems.append(exc)
        return
    record = links.get(rel)
    if record is not None and not force:
        report.kept.append(record)
        if _recorded_hash(record) != hashlib.sha256(data).hexdigest():
            report.changed.append(raw_path)
        return
    try:
        result = normalize(data, rel)
    except UserError as exc:
        report.problems.append(dataclasses.replace(exc, path=raw_path))
        return
    if record is None:
        record = articles_dir / f"{_unique_slug(result.meta['title'], taken)}.md"
        links[rel] = record
    write_atomic(record, dump_record(result.meta, result.body))
    report.written.append(record)


def _existing_records(articles_dir: Path, problems: list[UserError]) -> tuple[dict[str, Path], set[str]]:
    """Map each raw file named by a record's `raw:` field to that record; collect the slugs in use."""
    links: dict[str, Path] = {}
    taken: set[str] = set()
    for path in sorted(articles_dir.glob("*.md")):
        taken.add(path.stem)
        raw = _link_fields(path, problems).get("raw")
        if raw:
            links.setdefault(raw.replace("\\", "/"), path)
    return links, taken


def _link_fields(record: Path, problems: list[UserError] | None = None) -> dict[str, str]:
    """The record's `raw` and `raw_sha256` values.

    A record whose front matter does not parse is reported (as a warning: loading it is where it
    fails), and its two fields are still read line by line, so that an edit gone wrong never makes
    the next ingest write a second record for the same raw file.
    """
    try:
        text = record.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        if problems is not None:
            problems.append(UserError("cannot read the record as UTF-8 text", record, None,
                                      "save it as UTF-8", warning=True))
        return {}
    try:
        meta = split_record(text, record).meta
    except UserError as exc:
        if problems is not None:
            problems.append(UserError(exc.message, record, exc.line, exc.hint, warning=True))
        return {m["key"]: m["value"] for m in LINK_FIELD.finditer(text.split("\n---", 1)[0])}
    return {k: str(meta[k]).strip() for k in ("raw", "raw_sha256") if isinstance(meta.get(k), str)}


def _recorded_hash(record: Path) -> str | None:
    """The raw_sha256 a record states."""
    return _link_fields(record).get("raw_sha256")


def _raw_files(articles_dir: Path, problems: list[UserError]) -> list[Path]:
    """Every visible file in articles/raw/, by name."""
    raw_dir = articles_dir / "raw"
    if not raw_dir.is_dir():
        problems.append(UserError("no raw folder", raw_dir, None, "put the raw article dumps in it"))
        return []
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def _relative_name(raw_path: Path, articles_dir: Path) -> str:
    """The raw file's path relative to the articles folder, with forward slashes."""
    try:
        return raw_path.resolve().relative_to(articles_dir.resolve()).as_posix()
    except ValueError:
        raise UserError("the raw file is not inside the articles folder", raw_path, None,
                        f"copy it into {articles_dir / 'raw'} first") from None


def read_raw(raw_path: Path) -> bytes:
    """Read a raw file's bytes (read-only); refuse one too big to be a single article."""
    limit = MAX_HTML_BYTES if raw_path.suffix.lower() in HTML_SUFFIXES else MAX_TEXT_BYTES
    try:
        size = raw_path.stat().st_size
        if size > limit:
            raise UserError(f"the file is {size / 1e6:.1f} MB, more than one article can be "
                            f"(at most {limit / 1e6:g} MB)", raw_path, None,
                            "keep only the article's text in it, or split it into one file per article")
        return raw_path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the raw file: {exc.strerror or exc}", raw_path, None,
                        "check that it exists and is readable") from None


def _unique_slug(title: str, taken: set[str]) -> str:
    """A slug for the title that no other record uses (-2, -3 ... appended when needed)."""
    base = make_slug(title)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text with LF endings through a temporary file, then move it into place."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
