"""Story clustering: articles about the same event, by text similarity within a time window."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from heapq import nlargest
from operator import mul

from newsroom.aggregate.dates import spans_near
from newsroom.aggregate.documents import Document, cosine

BLOCKING_TERMS = 12  # each article is compared only with articles sharing one of its rarest terms
MAX_POSTING = 400  # a term in more articles' top terms than this says little about the event
PAIR_MIN = 0.22  # two articles this similar may be the same story...
MERGE_MIN = 0.26  # ...if the stories they are in are this similar as a whole
EVENT_DAYS = 10  # stories whose dates lie further apart than this are different events


@dataclass
class Cluster:
    """A story in the making: its members, summed vectors, date span and pinned slug."""

    members: list[int]
    centroid: dict[str, float]
    span: tuple[date, date] | None
    pin: str | None = None
    norm: float = field(default=0.0)

    def absorb(self, other: Cluster) -> None:
        """Take in another cluster's members."""
        self.members.extend(other.members)
        for term, value in other.centroid.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + value
        values = self.centroid.values()
        self.norm = sum(map(mul, values, values)) ** 0.5
        if other.span:
            self.span = (
                other.span
                if not self.span
                else (min(self.span[0], other.span[0]), max(self.span[1], other.span[1]))
            )
        self.pin = self.pin or other.pin


def _compatible(a: Cluster, b: Cluster) -> bool:
    """Tell whether two clusters may be one story: no two pins, and dates of one event."""
    if a.pin and b.pin and a.pin != b.pin:
        return False
    if a.span and b.span:
        merged = (min(a.span[0], b.span[0]), max(a.span[1], b.span[1]))
        return spans_near(a.span, b.span, EVENT_DAYS) and (merged[1] - merged[0]).days <= 3 * EVENT_DAYS
    return True


def top_terms(vector: dict[str, float]) -> list[str]:
    """Return the BLOCKING_TERMS heaviest terms of a vector, ties broken by the term."""
    heaviest = nlargest(BLOCKING_TERMS, vector.values())
    if not heaviest:
        return []
    # Sorting only the terms at or above the cut gives what sorting all of them would.
    top = sorted((-value, term) for term, value in vector.items() if value >= heaviest[-1])
    return [term for _, term in top[:BLOCKING_TERMS]]


class Posting:
    """The articles with one term among their top terms: dated ones by date, undated ones apart."""

    __slots__ = ("starts", "dated", "undated", "longest")

    def __init__(self, members: list[int], documents: list[Document]) -> None:
        dated = sorted((documents[i].event, i) for i in members if documents[i].event)  # type: ignore[misc]
        self.starts = [span[0].toordinal() for span, _ in dated]
        self.dated = [i for _, i in dated]
        self.undated = [i for i in members if not documents[i].event]
        self.longest = max(((span[1] - span[0]).days for span, _ in dated), default=0)

    def near(self, span: tuple[date, date] | None) -> list[int]:
        """Return the articles whose dates may lie within EVENT_DAYS of `span` (all, when it is None)."""
        if span is None:
            return self.dated + self.undated
        low = bisect_left(self.starts, span[0].toordinal() - EVENT_DAYS - self.longest)
        high = bisect_right(self.starts, span[1].toordinal() + EVENT_DAYS)
        return self.dated[low:high] + self.undated


COMPARISONS: Counter[str] = Counter()  # "pairs": article pairs whose similarity was computed (tests read it)


def candidate_pairs(documents: list[Document]) -> list[tuple[float, int, int]]:
    """Return (similarity, i, j) for article pairs that share a rare term and may be one event.

    Each article meets only the articles sharing one of its rarest terms whose dates lie near its
    own (a binary search in the term's date-ordered posting), so the work grows with the number of
    articles, not with its square.
    """
    members: dict[str, list[int]] = defaultdict(list)
    tops = []
    for i, document in enumerate(documents):
        tops.append(top_terms(document.vector))
        for term in tops[-1]:
            members[term].append(i)
    postings = {
        term: Posting(found, documents) for term, found in members.items() if len(found) <= MAX_POSTING
    }
    pairs = []
    compared = 0
    for i, document in enumerate(documents):
        near: set[int] = set()
        for term in tops[i]:
            posting = postings.get(term)
            if posting:
                near.update(posting.near(document.event))
        for j in sorted(near):
            if j >= i:
                break
            a, b = documents[j].event, document.event
            if a and b and not spans_near(a, b, EVENT_DAYS):
                continue
            compared += 1
            similarity = cosine(document.vector, documents[j].vector)
            if similarity >= PAIR_MIN:
                pairs.append((similarity, j, i))
    COMPARISONS["pairs"] += compared
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return pairs


def cluster_documents(documents: list[Document]) -> list[list[int]]:
    """Group documents (indexes) into stories; pinned records start in their pinned story."""
    owner = list(range(len(documents)))
    clusters: dict[int, Cluster] = {}
    pinned: dict[str, int] = {}
    for i, document in enumerate(documents):
        cluster = Cluster([i], dict(document.vector), document.event, document.record.story, 1.0)
        pin = document.record.story
        if pin and pin in pinned:
            head = pinned[pin]
            clusters[head].absorb(cluster)
            owner[i] = head
        else:
            clusters[i] = cluster
            if pin:
                pinned[pin] = i
    for _, i, j in candidate_pairs(documents):
        a, b = owner[i], owner[j]
        if a == b:
            continue
        first, second = clusters[a], clusters[b]
        if not _compatible(first, second):
            continue
        if cosine(first.centroid, second.centroid) / (first.norm * second.norm) < MERGE_MIN:
            continue
        keep, gone = (a, b) if a < b else (b, a)
        clusters[keep].absorb(clusters.pop(gone))
        for member in clusters[keep].members:
            owner[member] = keep
    return [sorted(cluster.members) for _, cluster in sorted(clusters.items())]
