"""Load stage: every record file -> a validated Record with its body rendered to safe HTML."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsroom.aggregate.reading import fields_hash, known_fields_hash
from newsroom.cache import ShardedStore, digest, file_sha256
from newsroom.errors import Problems, UserError
from newsroom.markup import converter
from newsroom.model import Record
from newsroom.parallel import fork_map, shared
from newsroom.progress import UNSHOWN, Progress
from newsroom.records import parse_record

# A record file parsed: the record (None when it is unusable), its hash, the hash of what the aggregate
# stage reads of it, and what is wrong with it.
Parsed = tuple[Record | None, str, str, list[UserError]]
Listed = list[tuple[str, int, int, int]]  # files with their size, mtime and inode, sorted by path


@dataclass(frozen=True)
class Loaded:
    """The records of a build, and each one's hash (pages compare a record by this, not hashed again)."""

    records: list[Record]
    hashes: dict[str, str]  # slug -> digest(record)


def record_files(articles_dir: Path, listed: Listed) -> dict[str, tuple[int, int, int]]:
    """The record files of a site (the `.md` files right in its articles folder), each with its
    file_key, from the folder's listing (`pipeline.tree_stats`, which a build makes anyway)."""
    folder = str(articles_dir)
    return {path: (size, mtime, inode) for path, size, mtime, inode in listed
            if path.endswith(".md") and os.path.dirname(path) == folder}


def load_records(articles_dir: Path, listed: Listed, engine: str, problems: Problems, drafts: bool = False,
                 cache: Path | None = None, progress: Progress = UNSHOWN) -> Loaded:
    """Read, validate and render every record of the listing; problems collects what is wrong with each.

    Records whose file is unchanged since the last build come from the cache; the others are
    parsed and rendered in parallel, counted on `progress`.
    """
    store = ShardedStore(cache, f"records-{engine}")
    previous = store.load()  # path -> (file_key, content hash, Parsed)
    keys = record_files(articles_dir, listed)
    moved = [name for name, key in keys.items() if previous.get(name, (None,))[0] != key]
    # A file with a new stat may hold the same bytes (a fresh clone given the last .cache, a checkout,
    # a touch): it is hashed, not parsed again.
    same = {name for name in moved if name in previous and previous[name][1] == file_sha256(name)}
    fresh = [Path(name) for name in moved if name not in same]
    progress.step("load", len(fresh))
    loaded = dict(zip(map(str, fresh), fork_map(_load_chunk, fresh, engine, progress.advance), strict=True))
    current = {}
    records, hashes = [], {}
    for name in keys:
        # An unchanged file keeps the very entry the store loaded: the store rewrites no shard for it.
        if name in loaded:
            current[name] = (keys[name], *loaded[name])
        else:
            current[name] = previous[name] if name not in same else (keys[name], *previous[name][1:])
        record, sha, read, found = current[name][2]
        problems.items.extend(found)
        if record is not None and (drafts or not record.draft):
            records.append(record)
            hashes[record.slug] = sha
            known_fields_hash(record, read)
    store.save(current)  # rewrites only the shards that changed
    return Loaded(records, hashes)


def _load_chunk(paths: Sequence[Path]) -> list[tuple[str | None, Parsed]]:
    """Parse and render some record files, each with its content hash (runs in a worker; the engine
    name is the shared state)."""
    to_html = converter(shared())
    out = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            data = None  # parse_record reports it
        # The hash of the very bytes parsed: a file changed meanwhile does not pass for this record.
        content = hashlib.sha256(data).hexdigest() if data is not None else None
        record, found = parse_record(path, to_html, data)
        hashes = (digest(record), fields_hash(record)) if record else ("", "")
        out.append((content, (record, *hashes, found.items)))
    return out
