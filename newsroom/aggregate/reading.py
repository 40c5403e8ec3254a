"""The stage's first step: every record read into a Document, spread over the cores, each content once.

A caller may pass a memo (any mutable mapping, e.g. a dict it keeps between builds) from a record's key
to its Reading; records whose key is in it are not read again, so a rebuild after one edit reads one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date

from newsroom.aggregate.documents import Document, Sentence, read_document
from newsroom.aggregate.names import Gazetteer
from newsroom.aggregate.tags import tags_for_document
from newsroom.model import Record
from newsroom.parallel import fork_map, shared

# The record fields aggregate() reads: its result depends on nothing else but the aliases and the code.
READ_FIELDS = ("slug", "title", "title_derived", "dek", "summary", "body", "published", "tags", "story")


@dataclass(frozen=True)
class Reading:
    """What reading a record gives, without the record: what a worker sends back and a memo keeps."""

    sentences: list[Sentence]  # shared by every Document made from this Reading: read-only
    counts: Counter[str]
    event: tuple[date, date] | None
    tags: tuple[str, ...]  # suggested tags; empty when the record has its own


Memo = MutableMapping[str, Reading]


def record_fields(record: Record) -> str:
    """Return the fields aggregate() reads of a record, as text for a hash."""
    fields = [getattr(record, name) for name in READ_FIELDS]
    return repr([f.isoformat() if isinstance(f, date) else f for f in fields])


def aliases_text(aliases: Mapping[str, Sequence[str]] | None) -> str:
    """Return the aliases as text for a hash, whatever their order."""
    return repr(sorted((name, tuple(variants)) for name, variants in (aliases or {}).items()))


def reading_key(record: Record, aliases: str) -> str:
    """Return the memo key of a record read with the given aliases (as `aliases_text` gives them)."""
    return hashlib.sha256(f"{record_fields(record)}\n{aliases}".encode()).hexdigest()


def read_records(
    records: Sequence[Record], names: Gazetteer, aliases: str, memo: Memo | None = None
) -> tuple[list[Document], list[tuple[str, ...]], list[str]]:
    """Return each record's Document, tags (its own, else suggested) and reading key, in the order of
    `records`.

    Records missing from `memo` are read in forked workers; `memo` then holds exactly these records.
    """
    keys = [reading_key(record, aliases) for record in records]
    fresh = [i for i, key in enumerate(keys) if key not in memo] if memo is not None else range(len(records))
    # Workers get indexes and inherit the records: pickling records (with their HTML) would cost more.
    read = dict(zip(fresh, fork_map(_read_chunk, list(fresh), (records, names)), strict=True))
    readings = [read[i] if i in read else memo[keys[i]] for i in range(len(records))]  # type: ignore[index]
    if memo is not None:
        for key in set(memo).difference(keys):
            del memo[key]
        memo.update((keys[i], reading) for i, reading in read.items())
    documents = [Document(r, x.sentences, x.counts, x.event) for r, x in zip(records, readings, strict=True)]
    return documents, [record.tags or x.tags for record, x in zip(records, readings, strict=True)], keys


def _read_chunk(indexes: Sequence[int]) -> list[Reading]:
    """Read some records (runs in a worker; the records and the gazetteer are the shared state)."""
    records, names = shared()
    return [read(records[i], names) for i in indexes]


def read(record: Record, names: Gazetteer) -> Reading:
    """Read one record."""
    document = read_document(record, names)
    tags = () if record.tags else tuple(tags_for_document(document, names))
    return Reading(document.sentences, document.counts, document.event, tags)
