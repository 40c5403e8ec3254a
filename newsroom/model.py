"""Frozen objects passed between pipeline stages: Record, Story and its parts, Page. No I/O."""

from __future__ import annotations

import pickle
import zlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

_REQUIRED: Any = object()  # the default of a Packed field that has none


class Held(ABC):
    """A dataclass field kept in another form in the instance's __dict__, and given back as its value
    each time it is read."""

    def __init__(self, default: Any = _REQUIRED):
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:  # the dataclass asks for the field's default
            if self.default is _REQUIRED:
                raise AttributeError(self.name)  # none: the field is required
            return self.default
        return self.restore(instance.__dict__[self.name])

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.name] = self.hold(value)

    @abstractmethod
    def hold(self, value: Any) -> Any:
        """What is kept for the value."""

    @abstractmethod
    def restore(self, held: Any) -> Any:
        """The value, from what `hold` gave."""


class Packed(Held):
    """A field kept packed (zlib) and unpacked each time it is read.

    For the bulk of a site's memory that a build reads once or twice: it also pickles into the cache as
    it is, and loads from there as one bytes object rather than as the many objects it unpacks to.
    """

    def hold(self, value: Any) -> bytes:
        # Level 1: packs prose about 2x and story parts' pickles 2.4x, at a fraction of the cost of higher
        # levels.
        return zlib.compress(self.encode(value), 1)

    @abstractmethod
    def encode(self, value: Any) -> bytes:
        """The value as bytes, to be compressed."""


class PackedText(Packed):
    """A text field, packed as UTF-8.

    A record's body and HTML are most of a site's memory (at 10,000 articles, 194 MB as str, 44 MB
    packed), each read only by the stage that reads bodies and by the page that shows the HTML.
    """

    def encode(self, value: str) -> bytes:
        return value.encode()

    def restore(self, held: bytes) -> str:
        return zlib.decompress(held).decode()


class PackedParts(Packed):
    """A field of frozen objects (a story's claims, timeline, entities), packed as a pickle.

    At 10,000 articles they are 190,000 objects, 54 MB, and only a story's own page reads them: packed,
    the stories load from the cache in a tenth of the time (a rebuild after one edit loads them all).
    The value last unpacked is kept, as a story page reads its claims several times in a row.
    """

    def __init__(self, default: Any = _REQUIRED):
        super().__init__(default)
        self.last: tuple[bytes | None, Any] = (None, None)

    def encode(self, value: Any) -> bytes:
        return pickle.dumps(value, protocol=5)

    def restore(self, held: bytes) -> Any:
        # The kept value holds its bytes alive, so the same object is the same packed value.
        if self.last[0] is not held:
            self.last = (held, pickle.loads(zlib.decompress(held)))
        return self.last[1]


class PathText(Held):
    """A Path field kept as text: a Path unpickles through a constructor call that parses it, which was
    40% of the time a rebuild took to load 10,000 records from the cache, for a field it hardly reads."""

    def hold(self, value: str | Path) -> str:
        return str(value)

    def restore(self, held: str) -> Path:
        return Path(held)


def _hash_by_slug(self: Any) -> int:
    return hash(self.slug)  # equal records (or stories) have equal slugs, so a valid hash


def _equal_as_held(self: Any, other: object) -> bool:
    # The generated __eq__ reads every field, unpacking both sides' packed fields, even to compare an
    # object with itself (as weak-key lookups do). Equal packed values are equal values.
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self is other or vars(self) == vars(other) or _fields(self) == _fields(other)


def _fields(value: Any) -> tuple:
    return tuple(getattr(value, f.name) for f in fields(value))


@dataclass(frozen=True)
class Record:
    """One normalized article: its front matter fields and its body."""

    slug: str
    path: Path = PathText()  # the record file (articles/<slug>.md)
    title: str
    body: str = PackedText()  # Markdown, as in the file
    title_derived: bool = False
    dek: str | None = None
    summary: str = ""
    source: str | None = None
    source_url: str | None = None
    author: str | None = None
    published: date | None = None  # only a date the dump states
    updated: date | None = None
    language: str = "en"
    tags: tuple[str, ...] = ()
    raw: str | None = None  # path of the raw dump, relative to articles/
    raw_sha256: str | None = None
    story: str | None = None  # a story slug the editor pinned
    draft: bool = False
    body_line: int = 1  # line of the file where the body starts (for error messages)
    html: str = PackedText(default="")  # the body rendered and sanitized (set by the load stage)

    # Records are looked up by the ten thousand (the aggregate stage's memo of their fields' hashes):
    # the generated hash went through all twenty fields, Path and dates included, every time.
    __hash__ = _hash_by_slug
    __eq__ = _equal_as_held


def _reduce_by_fields(self: Any) -> tuple:
    # A frozen dataclass with slots unpickles through a generated __setstate__ that calls fields() for
    # each object; rendering every story page unpacks about 190,000 of them (see PackedParts). A
    # constructor call is 2.4x faster.
    return self.__class__, tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence-level statement and the articles (record slugs) that report it."""

    __reduce__ = _reduce_by_fields

    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event mentioned in the articles.

    `date` is ISO-like at its precision: "1961", "2023-09" or "2024-06-19".
    """

    __reduce__ = _reduce_by_fields

    date: str
    precision: str  # "year" | "month" | "day"
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organization, with its mention count per article slug."""

    __reduce__ = _reduce_by_fields

    name: str
    kind: str  # "person" | "place" | "organization"
    aliases: tuple[str, ...]
    mentions: tuple[tuple[str, int], ...]  # (article slug, count), ordered by slug

    @property
    def total(self) -> int:
        return sum(count for _, count in self.mentions)


@dataclass(frozen=True)
class Story:
    """One event as covered by one or more records."""

    slug: str
    headline: str
    summary: str
    date: date | None
    articles: tuple[str, ...]  # record slugs, most representative first
    claims: tuple[Claim, ...] = PackedParts(default=())  # reported by two or more articles, most first
    # (article slug, the claims only it reports)
    unique: tuple[tuple[str, tuple[Claim, ...]], ...] = PackedParts(default=())
    timeline: tuple[TimelineEvent, ...] = PackedParts(default=())
    entities: tuple[Entity, ...] = PackedParts(default=())

    __hash__ = _hash_by_slug
    __eq__ = _equal_as_held


@dataclass(frozen=True)
class Aggregation:
    """What the aggregate stage returns: the stories and every record's tags."""

    stories: tuple[Story, ...]
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # record slug -> tags


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, its URL and how it is made.

    `template` names a Jinja2 template; pages without one are data pages whose
    `context["data"]` is written as JSON.
    """

    url: str  # site-relative URL path, e.g. "articles/x/" ("" for the home page)
    output: str  # path inside the output folder, e.g. "articles/x/index.html"
    template: str | None
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # The catalog entries, as (table, key) reads, whose values make up the whole context: such a page is
    # unchanged when they are, and its context need not be compared (see reads.PageInputs). None: compare.
    given: tuple[tuple[str, str], ...] | None = field(default=None, compare=False, hash=False)
