"""The aggregate stage: records -> stories (clusters, claims, timeline, entities) and every record's tags."""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from newsroom.aggregate.cluster import ClusterMemo, cluster_documents
from newsroom.aggregate.documents import Document, count_steps, document_frequencies, weigh
from newsroom.aggregate.names import gazetteer
from newsroom.aggregate.reading import Reading, aliases_text, fields_hash, read_records
from newsroom.aggregate.shelf import Shelf
from newsroom.aggregate.stories import build_stories, headline_slug, rank_articles, story_date
from newsroom.model import Aggregation, Record, Story
from newsroom.progress import UNSHOWN, Progress

__all__ = ["Memos", "Reading", "aggregate", "inputs_digest", "unchanged_vectors"]


@dataclass
class Memos:
    """What aggregate() keeps between calls so that a rebuild redoes only what changed: each record's
    reading and sentences (in `folder`) and each story, by the hash of what they were made from; the
    terms' document counts, and what clustering and article orders gave while vectors are unchanged."""

    folder: Path  # the sentence shelf (see shelf.py)
    readings: dict[str, Reading] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    frequency: dict[str, int] = field(default_factory=dict)  # each term's document count in the last call
    counted: str = ""  # the hash of the reading keys whose terms `frequency` counts
    clustering: ClusterMemo = field(default_factory=ClusterMemo)
    ranks: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # stories' article order
    headlines: dict[str, str] = field(default_factory=dict)  # each lead title's slug in the last call

    def plain(self) -> dict[str, Any]:
        """The memos but the readings and stories, as plain values (see cache.PlainStore)."""
        return {"frequency": self.frequency, "counted": self.counted, "clustering": vars(self.clustering),
                "ranks": self.ranks, "headlines": self.headlines}

    @classmethod
    def of_plain(cls, folder: Path, readings: dict[str, Reading], stories: dict[str, Story],
                 plain: Mapping[str, Any]) -> Memos:
        """Memos from the readings, the stories and what plain() gave (or {})."""
        clustering = ClusterMemo(**plain.get("clustering", {}))
        return cls(folder, readings, stories, **{**plain, "clustering": clustering})


def aggregate(
    records: Sequence[Record], aliases: Mapping[str, Sequence[str]] | None = None, memos: Memos | None = None,
    progress: Progress = UNSHOWN,
) -> Aggregation:
    """Cluster records into stories and find each story's claims, timeline and entities; tag every record.

    `aliases` maps an entity's canonical name to more ways of writing it (config.yaml's `aliases:`).
    With `memos`, a record read or a story built by an earlier call is not read or built again, and
    afterwards the memos hold exactly these records' and stories'. The result depends only on the
    records' contents, not on their order, the memos or the core count. Its steps (reading the records,
    clustering, building the stories) are told to `progress`.
    """
    if memos is None:
        with tempfile.TemporaryDirectory(prefix="newsroom-sentences-") as folder:
            return aggregate(records, aliases, Memos(Path(folder)), progress)
    names = gazetteer(aliases)
    shelf = Shelf(memos.folder)
    # Records are read in slug order so that every later tie is broken the same way.
    ordered = sorted(records, key=lambda r: r.slug)
    before = dict(memos.readings)
    documents, tags, keys = read_records(ordered, names, aliases_text(aliases), shelf, memos.readings,
                                         progress)
    shelf.keep(keys)
    key_of = {document.slug: key for document, key in zip(documents, keys, strict=True)}
    progress.step("clustering")
    changed = count_terms(documents, keys, before, memos)
    weigh(documents, memos.frequency)
    unchanged = unchanged_vectors(documents, [key in before for key in keys], changed, memos.frequency)
    groups = cluster_documents(documents, memos.clustering, keys, unchanged)
    clusters = rank_clusters(documents, groups, key_of, unchanged, memos)
    for document in documents:  # nothing reads the vectors again (at 10k: 2.2 million weights)
        document.made = None
    slugs = assign_slugs(clusters, _slug_memo(memos))
    stories = build_stories(clusters, slugs, names, key_of, shelf, memos.stories, progress)
    stories.sort(key=lambda story: (-(story.date or date.min).toordinal(), story.slug))
    return Aggregation(tuple(stories), {d.slug: found for d, found in zip(documents, tags, strict=True)})


def count_terms(documents: list[Document], keys: list[str], before: Mapping[str, Reading],
                memos: Memos) -> set[str] | None:
    """Set memos.frequency to each term's document count; return the terms whose weight changed since
    the last call, whose records were read into `before` (None: any weight may have changed).

    When memos.frequency counts `before`, it is updated with the readings that came and went: a rebuild
    after an edit counts the terms of two readings, not of every record.
    """
    current = set(keys)
    last, counted = memos.frequency, memos.counted
    memos.counted = _keys_hash(current)
    if not before or counted != _keys_hash(before):
        memos.frequency = dict(document_frequencies(documents))
        return None
    frequency = dict(last)
    gone = [before[key].counts for key in before.keys() - current]
    new = [d.counts for d, key in zip(documents, keys, strict=True) if key not in before]
    for counts, step in chain(zip(gone, repeat(-1)), zip(new, repeat(1))):
        for term in counts:
            frequency[term] = frequency.get(term, 0) + step
    touched = {term for counts in chain(gone, new) for term in counts}
    for term in touched:
        if not frequency[term]:
            del frequency[term]
    memos.frequency = frequency
    if count_steps(len(before)) != count_steps(len(current)):  # every weight moved
        return None
    return {term for term in touched if count_steps(last.get(term, 0)) != count_steps(frequency.get(term, 0))}


def unchanged_vectors(documents: list[Document], kept: list[bool], changed: set[str] | None,
                      frequency: Mapping[str, int]) -> list[bool]:
    """Tell for each document whether its vector is the last call's: its reading was `kept` and it holds
    no term whose weight `changed` (None: every weight may have changed); `frequency` gives each
    term's document count now.

    The kept documents that hold a changed term number its count less the new documents that hold it.
    When that is none for every changed term (an edit brought words no other article uses), no kept
    document is searched: searching all of them took 0.13 s of a rebuild at 10,000 articles.
    """
    if changed is None:
        return [False] * len(documents)
    if not changed:
        return kept
    in_new = Counter(chain.from_iterable(
        changed.intersection(d.counts) for d, same in zip(documents, kept, strict=True) if not same))
    if all(frequency.get(term, 0) == in_new[term] for term in changed):
        return kept
    return [same and changed.isdisjoint(d.counts) for d, same in zip(documents, kept, strict=True)]


def _keys_hash(keys: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


def rank_clusters(documents: list[Document], groups: list[list[int]], key_of: dict[str, str],
                  unchanged: list[bool], memos: Memos) -> list[list[Document]]:
    """Return each group's documents, most representative first; a group of the last call whose
    vectors are all unchanged keeps its order (memos.ranks: members' keys -> keys in rank order)."""
    by_key = {key_of[document.slug]: document for document in documents}
    ranks = {}
    clusters = []
    for members in groups:
        wanted = tuple(key_of[documents[i].slug] for i in members)
        order = memos.ranks.get(wanted) if all(unchanged[i] for i in members) else None
        if order is None:
            order = tuple(key_of[d.slug] for d in rank_articles([documents[i] for i in members]))
        ranks[wanted] = order
        clusters.append([by_key[key] for key in order])
    memos.ranks = ranks
    return clusters


def _slug_memo(memos: Memos) -> Callable[[str], str]:
    """headline_slug, kept in memos.headlines for the titles asked for: at 10,000 articles, slugifying
    every story's headline again took 0.08 s of a rebuild after one edit."""
    last, memos.headlines = memos.headlines, {}

    def slug_of(title: str) -> str:
        if title not in memos.headlines:
            memos.headlines[title] = last.get(title) or headline_slug(title)
        return memos.headlines[title]

    return slug_of


def assign_slugs(clusters: list[list[Document]], slug_of: Callable[[str], str] = headline_slug) -> list[str]:
    """Give each ranked cluster its story slug: the pinned one, else its headline's (`slug_of` a title),
    made unique with -2..."""
    taken = {d.record.story for cluster in clusters for d in cluster if d.record.story}
    slugs: list[str | None] = [next((d.record.story for d in c if d.record.story), None) for c in clusters]
    wanted = []
    for index, cluster in enumerate(clusters):
        if slugs[index] is None:
            lead = next((d for d in cluster if not d.record.title_derived), cluster[0])
            day = story_date(cluster) or date.min
            wanted.append((slug_of(lead.record.title), -day.toordinal(), cluster[0].slug, index))
    # The newest story keeps the plain slug; older namesakes get a number.
    for base, _, _, index in sorted(wanted):
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs[index] = slug
    return [slug or "" for slug in slugs]


def inputs_digest(records: Sequence[Record], aliases: Mapping[str, Sequence[str]] | None = None) -> str:
    """Return a hash of everything aggregate() reads from `records` and `aliases`, whatever their order.

    Two calls with the same digest (and the same newsroom code) give equal results, so a build can keep
    the last Aggregation under this key and skip the stage when no record's text changed.
    """
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r.slug):
        digest.update(fields_hash(record).encode())
    digest.update(aliases_text(aliases).encode())
    return digest.hexdigest()
