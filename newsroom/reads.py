"""What each page read while it rendered, and the values it read: what tells an unchanged page.

Templates reach records, stories, tags and sources through the catalog. Rendering a page through a
`TrackedCatalog` notes every entry it looks up and every table it reads whole. The next build compares
the current values of exactly those reads with the values the last build saw: if none changed, and
neither did the page's own context, the templates or the settings, the page would render the same bytes
and is not rendered again. Reads are kept per page, so a template may use the catalog however it likes
and stay correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsroom.cache import digest
from newsroom.model import Record, Story
from newsroom.site import Catalog

Read = tuple[str, str]  # (table, key) for one entry, (table, "") for a whole table
Own = Any  # what a page is given, its context, in a form that compares by value (see PageInputs)
_PLAIN = frozenset({str, int, float, bool, type(None)})  # values that stand for themselves when compared
WHOLE = ""
LONG = 16  # items of a plain tuple or list beyond which its hash stands for it
TABLES = ("records", "story_of", "record_tags", "tags", "sources", "source_names")


class TrackedTable(Mapping):
    """A read-only view of one catalog table that notes which keys are read."""

    def __init__(self, name: str, table: Mapping, reads: set[Read]):
        self._name, self._table, self._reads = name, table, reads

    def _note(self, key: Any) -> None:
        # Keys are strings; a lookup by anything else (a template's None or number) is noted as a read
        # of the whole table, so reads stay sortable and the page is still rendered when anything changes.
        self._reads.add((self._name, key if isinstance(key, str) else WHOLE))

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return self._table[key]

    def __contains__(self, key: Any) -> bool:
        self._note(key)
        return key in self._table

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return self._table.get(key, default)

    # Anything that walks the table depends on all of it.
    def __iter__(self) -> Iterator:
        self._reads.add((self._name, WHOLE))
        return iter(self._table)

    def __len__(self) -> int:
        self._reads.add((self._name, WHOLE))
        return len(self._table)


class TrackedCatalog:
    """The catalog as one page's render sees it: every read lands in `reads`."""

    def __init__(self, catalog: Catalog, reads: set[Read]):
        self._catalog, self.reads = catalog, reads
        for name in TABLES:
            setattr(self, name, TrackedTable(name, getattr(catalog, name), reads))

    @property
    def stories(self) -> tuple[Story, ...]:
        self.reads.add(("stories", WHOLE))
        return self._catalog.stories

    def record_date(self, slug: str):
        self.reads.update((("records", slug), ("story_of", slug)))
        return self._catalog.record_date(slug)

    def source_slug(self, record: Record) -> str:
        return self._catalog.source_slug(record)  # depends only on the record, which was read already


class PageInputs:
    """The current values of what pages read from the catalog and of what they are given, in a form that
    compares equal exactly when the values are the same (records and stories by their hashes); each
    value computed once per build.

    A page is unchanged when the settings and templates are, no read of its changed (`changed`; its
    reads include the entries named as its context, Page.given), and a context that no entries name
    equals the one it was rendered with (`own`). Each page is checked without hashing it again.
    """

    def __init__(self, catalog: Catalog, hashes: Mapping[tuple[type, str], str]):
        self.catalog = catalog
        self._tables: dict[str, dict[str, Any]] = {}  # table -> key -> the entry's comparable form
        # (Record or Story, slug) -> hash: the stages that made them hashed most of them already
        self._hashes: dict[tuple[type, str], str] = dict(hashes)

    def own(self, context: Mapping[str, Any]) -> Own:
        """A page's context in comparable form. (Its URL and template follow from its output path, by
        which a manifest keys it.)"""
        return self._deep(context)

    def changed(self, last: Mapping[str, Mapping[str, Any]]) -> set[Read] | None:
        """The reads whose value differs from the one in `last` (the last build's `values`); None when
        `last` lacks a table, any of whose reads may have changed."""
        if not last.keys() >= set(TABLES):
            return None
        found: set[Read] = set()
        for table, was in last.items():
            now = self._table(table, WHOLE in was)
            # Compared as sets of (key, value) pairs, in C: at 10,000 articles, 30,000 entries.
            found.update((table, key) for key, _ in was.items() ^ now.items())
        return found

    def values(self, whole: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the next build compares its values with: the current value of every entry of every
        table, and the whole value (the WHOLE key) of each table in `whole` and of each table `changed`
        compared whole, which the pages left unchanged may read. (A table no page reads whole any more
        is hashed each build until a template change renders every page again.)"""
        for table in whole:
            self._table(table, True)
        for table in TABLES:
            self._table(table, False)
        return dict(self._tables)

    def _table(self, table: str, with_whole: bool) -> dict[str, Any]:
        if table not in self._tables:  # every entry at once: the site's pages read most of them
            entries = getattr(self.catalog, table) if table in TABLES else {}
            deep = self._deep
            self._tables[table] = {key: deep(value) for key, value in entries.items()}
        values = self._tables[table]
        if with_whole and WHOLE not in values:
            values[WHOLE] = self._whole(table)
        return values

    def _whole(self, table: str) -> str:
        if table == "stories":
            return digest([self._deep(story) for story in self.catalog.stories])
        return digest(sorted(self._table(table, False).items()))

    def _deep(self, value: Any) -> Any:
        """The value with records and stories replaced by their hashes (each hashed once), and lists and
        dicts by tuples: values must hash, as `changed` compares them in sets."""
        if value.__class__ in _PLAIN:  # most values are slugs and numbers: no isinstance chain for them
            return value
        if isinstance(value, (Record, Story)):  # one of each per slug in a build
            name = (type(value), value.slug)
            if name not in self._hashes:
                self._hashes[name] = digest(value)
            return self._hashes[name]
        if isinstance(value, (tuple, list)):
            # A tag's or a source's slugs, the sitemap's URLs: 100,000 strings in a 10,000-article site's
            # contexts, checked in one pass rather than each in a call, and a long run kept as its hash
            # (the manifest keeps these values: the sitemap's alone took a megabyte).
            if _PLAIN.issuperset(map(type, value)):
                return tuple(value) if len(value) <= LONG else digest(value)
            return tuple([self._deep(item) for item in value])
        if isinstance(value, dict):  # a page's context, made by the site plan in the same order each build
            return tuple([(key, self._deep(item)) for key, item in value.items()])
        return value
