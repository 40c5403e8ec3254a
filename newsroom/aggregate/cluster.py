"""Story clustering: articles about the same event, by text similarity within a time window."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import add, mul

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
    norm: float | None = field(default=None)  # the centroid's length; None until asked for after a change

    def length(self) -> float:
        """Return the centroid's length, summing its squares only when it changed since last asked."""
        if self.norm is None:
            values = self.centroid.values()
            self.norm = sum(map(mul, values, values)) ** 0.5
        return self.norm

    def absorb(self, other: Cluster) -> None:
        """Take in another cluster's members."""
        self.members.extend(other.members)
        # Each sum is old weight + other's weight, as a loop over other's terms would add them, and new
        # terms go last in other's order: the centroid's values and order are those of that loop.
        sums = list(map(add, map(self.centroid.get, other.centroid, repeat(0.0)), other.centroid.values()))
        self.centroid.update(zip(other.centroid, sums, strict=True))
        self.norm = None
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
    values = sorted(vector.values())  # sorting the bare floats in C beats heapq.nlargest
    if not values:
        return []
    cut = values[-min(BLOCKING_TERMS, len(values))]  # the BLOCKING_TERMS-th heaviest weight
    # Sorting only the terms at or above the cut gives what sorting all of them would.
    top = sorted([(-value, term) for term, value in vector.items() if value >= cut])
    return [term for _, term in top[:BLOCKING_TERMS]]


Days = tuple[int, int]  # an event's first and last day as day numbers (date.toordinal)


def event_days(documents: list[Document]) -> list[Days | None]:
    """Return each document's event span as day numbers, which compare faster than dates."""
    return [(d.event[0].toordinal(), d.event[1].toordinal()) if d.event else None for d in documents]


class Posting:
    """The articles with one term among their top terms: dated ones by date, undated ones apart."""

    __slots__ = ("starts", "dated", "undated", "longest")

    def __init__(self, members: list[int], days: list[Days | None]) -> None:
        dated = sorted((span, i) for i in members if (span := days[i]))
        self.starts = [span[0] for span, _ in dated]
        self.dated = [i for _, i in dated]
        self.undated = [i for i in members if not days[i]]
        self.longest = max((span[1] - span[0] for span, _ in dated), default=0)

    def near(self, span: Days | None) -> list[int]:
        """Return the articles whose dates may lie within EVENT_DAYS of `span` (all, when it is None)."""
        if span is None:
            return self.dated + self.undated
        low = bisect_left(self.starts, span[0] - EVENT_DAYS - self.longest)
        high = bisect_right(self.starts, span[1] + EVENT_DAYS)
        return self.dated[low:high] + self.undated


COMPARISONS: Counter[str] = Counter()  # "pairs": article pairs whose similarity was computed (tests read it)


@dataclass
class PairMemo:
    """Similarities of the last call's candidate pairs, by the two articles' reading keys (the later
    article's first). A pair of articles whose vectors are both unchanged since that call has the same
    similarity, to the last bit: it is looked up instead of computed."""

    keys: list[str]  # each document's reading key
    unchanged: list[bool]  # whether the document's vector is the one the last call saw
    known: dict[tuple[str, str], float] = field(default_factory=dict)  # replaced by this call's pairs


def candidate_pairs(documents: list[Document], memo: PairMemo | None = None) -> list[tuple[float, int, int]]:
    """Return (similarity, i, j) for article pairs that share a rare term and may be one event.

    Each article meets only the articles sharing one of its rarest terms whose dates lie near its
    own (a binary search in the term's date-ordered posting), so the work grows with the number of
    articles, not with its square.
    """
    days = event_days(documents)
    members: dict[str, list[int]] = defaultdict(list)
    tops = []
    for i, document in enumerate(documents):
        tops.append(top_terms(document.vector))
        for term in tops[-1]:
            members[term].append(i)
    postings = {term: Posting(found, days) for term, found in members.items() if len(found) <= MAX_POSTING}
    similarity = _similarity(documents, memo)
    pairs = []
    for i in range(len(documents)):
        for j in _earlier_neighbours(i, tops[i], postings, days):
            value = similarity(i, j)
            if value >= PAIR_MIN:
                pairs.append((value, j, i))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return pairs


def _similarity(documents: list[Document], memo: PairMemo | None) -> Callable[[int, int], float]:
    """Return a function giving the similarity of articles i and j (j < i), computed or remembered."""
    if memo is None:
        def computed(i: int, j: int) -> float:
            COMPARISONS["pairs"] += 1
            return cosine(documents[i].vector, documents[j].vector)

        return computed
    known, memo.known = memo.known, {}
    keys, unchanged = memo.keys, memo.unchanged

    def remembered(i: int, j: int) -> float:
        pair = (keys[i], keys[j])
        value = known.get(pair) if unchanged[i] and unchanged[j] else None
        if value is None:
            COMPARISONS["pairs"] += 1
            value = cosine(documents[i].vector, documents[j].vector)
        memo.known[pair] = value
        return value

    return remembered


def _earlier_neighbours(
    i: int, top: list[str], postings: dict[str, Posting], days: list[Days | None]
) -> list[int]:
    """Return the articles before article i that share one of its top terms and may report its event."""
    span = days[i]
    near: set[int] = set()
    for term in top:
        posting = postings.get(term)
        if posting:
            near.update(posting.near(span))
    earlier = [j for j in near if j < i]  # pairs are sorted later: the order met does not matter
    if span is None:
        return earlier
    # spans_near on day numbers; undated articles may report any event.
    first, last = span[0] - EVENT_DAYS, span[1] + EVENT_DAYS
    return [j for j in earlier if (other := days[j]) is None or (other[0] <= last and other[1] >= first)]


def cluster_documents(documents: list[Document], memo: PairMemo | None = None) -> list[list[int]]:
    """Group documents (indexes) into stories; pinned records start in their pinned story.

    With `memo`, similarities of unchanged pairs come from the last call; the result is the same.
    """
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
    for _, i, j in candidate_pairs(documents, memo):
        a, b = owner[i], owner[j]
        if a == b:
            continue
        first, second = clusters[a], clusters[b]
        if not _compatible(first, second):
            continue
        if cosine(first.centroid, second.centroid) / (first.length() * second.length()) < MERGE_MIN:
            continue
        keep, gone = (a, b) if a < b else (b, a)
        absorbed = clusters.pop(gone)
        clusters[keep].absorb(absorbed)
        for member in absorbed.members:  # the kept cluster's own members already have their owner
            owner[member] = keep
    return [sorted(cluster.members) for _, cluster in sorted(clusters.items())]
