"""Story clustering: articles about the same event, by text similarity within a time window.

Two articles are linked when they share one of their rarest terms, their dates are near and their
vectors are alike. Stories grow along the links, the most alike first, within each set of articles the
links connect: what happens in one set never touches another. So a rebuild after an edit measures again
only the links of articles whose vectors changed, and groups again only the sets those articles are in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, repeat
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
        self.dated = [i for i in members if days[i]]  # members come in date order (Postings)
        self.starts = [days[i][0] for i in self.dated]  # type: ignore[index]
        self.undated = [i for i in members if not days[i]]
        self.longest = max((days[i][1] - days[i][0] for i in self.dated), default=0)  # type: ignore[index]

    def near(self, span: Days | None) -> list[int]:
        """Return the articles whose dates may lie within EVENT_DAYS of `span` (all, when it is None)."""
        if span is None:
            return self.dated + self.undated
        low = bisect_left(self.starts, span[0] - EVENT_DAYS - self.longest)
        high = bisect_right(self.starts, span[1] + EVENT_DAYS)
        return self.dated[low:high] + self.undated


class Postings(dict):
    """The Posting of each top term, made when first asked for: a rebuild after an edit asks for few."""

    def __init__(self, tops: list[tuple[str, ...]], days: list[Days | None]) -> None:
        super().__init__()
        self.days = days
        # The articles are read in date order once, so that no posting needs sorting.
        dated = sorted((span, i) for i, span in enumerate(days) if span)
        self.members: dict[str, list[int]] = defaultdict(list)
        for i in chain((i for _, i in dated), (i for i, span in enumerate(days) if not span)):
            for term in tops[i]:
                self.members[term].append(i)

    def common(self) -> frozenset[str]:
        """Return the terms among the top terms of more than MAX_POSTING articles."""
        return frozenset(term for term, found in self.members.items() if len(found) > MAX_POSTING)

    def __missing__(self, term: str) -> Posting:
        posting = self[term] = Posting(self.members.get(term, []), self.days)
        return posting


COMPARISONS: Counter[str] = Counter()  # "pairs": article pairs whose similarity was computed (tests read it)

Link = tuple[float, int, int]  # (similarity, earlier article, later article), by index


@dataclass
class ClusterMemo:
    """What cluster_documents keeps from one call to the next, by the articles' reading keys.

    An article whose vector is unchanged has the same top terms, and the same similarity to every other
    unchanged article, to the last bit; a set of linked articles that are all unchanged, with the same
    links, forms the same stories.
    """

    tops: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each article's top terms
    common: frozenset[str] = frozenset()  # top terms of more than MAX_POSTING articles
    links: list[tuple[float, str, str]] = field(default_factory=list)  # (similarity, earlier, later)
    groups: dict[tuple, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # linked set -> stories


def cluster_documents(documents: list[Document], memo: ClusterMemo | None = None,
                      keys: list[str] | None = None, unchanged: list[bool] | None = None) -> list[list[int]]:
    """Group documents (indexes) into stories; pinned records start in their pinned story.

    With `memo`, `keys` (each document's reading key) and `unchanged` (whether its vector is the one the
    last call saw), what unchanged articles gave is taken from the memo; the result is the same.
    """
    memo = ClusterMemo() if memo is None else memo
    keys = [d.slug for d in documents] if keys is None else keys
    unchanged = [False] * len(documents) if unchanged is None else unchanged
    tops = [
        (memo.tops.get(key) if same else None) or tuple(top_terms(document.vector))
        for document, key, same in zip(documents, keys, unchanged, strict=True)
    ]
    days = event_days(documents)
    postings = Postings(tops, days)
    common = postings.common()
    links = linked_pairs(documents, keys, unchanged, tops, postings, days, common, memo)
    groups: list[list[int]] = []
    known, memo.groups = memo.groups, {}
    for members, inside in linked_sets(documents, links):
        if len(members) == 1:
            groups.append(members)
            continue
        key = (tuple(keys[i] for i in members), tuple((keys[j], keys[i], value) for value, j, i in inside))
        found = known.get(key) if all(unchanged[i] for i in members) else None
        if found is None:
            found = tuple(tuple(keys[i] for i in group) for group in grow_stories(documents, members, inside))
        memo.groups[key] = found
        position = dict(zip(key[0], members, strict=True))
        groups.extend([position[name] for name in group] for group in found)
    memo.tops = dict(zip(keys, tops, strict=True))
    memo.common = common
    memo.links = [(value, keys[j], keys[i]) for value, j, i in links]
    return sorted(groups)


def linked_pairs(documents: list[Document], keys: list[str], unchanged: list[bool],
                 tops: list[tuple[str, ...]], postings: Postings, days: list[Days | None],
                 common: frozenset[str], memo: ClusterMemo) -> list[Link]:
    """Return the links: article pairs that share a top term that is not common, whose dates may be of
    one event and whose similarity reaches PAIR_MIN; the most similar first.

    Each article meets only the articles in its top terms' postings whose dates lie near its own, so the
    work grows with the number of articles, not with its square. Links between unchanged articles come
    from the memo, unless a term they share became common or rare since.
    """
    position = {key: i for i, key in enumerate(keys)}
    links = []
    for value, earlier, later in memo.links:
        j, i = position.get(earlier), position.get(later)
        if j is not None and i is not None and unchanged[i] and unchanged[j]:
            links.append((value, j, i))
    crossed = common.symmetric_difference(memo.common)
    if crossed:  # whether two unchanged articles are compared at all may have changed
        links = [(value, j, i) for value, j, i in links if _rare_shared(tops[j], tops[i], common)]
    measured = {(j, i) for _, j, i in links}
    pairs = [(i, j) for i, same in enumerate(unchanged) if not same
             for j in _neighbours(i, tops[i], postings, days, common) if unchanged[j] or j < i]
    for term in crossed.difference(common):  # rare now: its unchanged articles may pair through it
        members = postings[term].near(None)
        pairs += [(i, j) for i in members for j in members if j < i and unchanged[i] and unchanged[j]
                  and _near_days(days[i], days[j])]
    todo = []
    for a, b in pairs:
        later, earlier = (a, b) if a > b else (b, a)
        if (earlier, later) not in measured:
            measured.add((earlier, later))
            todo.append((later, earlier))
    COMPARISONS["pairs"] += len(todo)
    # Measured here, not in forked workers: reading a vector writes the reference count of each of its
    # weights, so every worker copied the memory of all vectors. At 10,000 articles this step was a
    # cold build's peak (510 MB, against 340 MB for this process alone), and its ten pairs per article
    # take 1.4 s more in one process than on two cores.
    for later, earlier in todo:
        value = cosine(documents[later].vector, documents[earlier].vector)
        if value >= PAIR_MIN:
            links.append((value, earlier, later))
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    return links


def _rare_shared(a: tuple[str, ...], b: tuple[str, ...], common: frozenset[str]) -> bool:
    """Tell whether two articles share a top term that is not common (so they are compared)."""
    return not common.issuperset(set(a).intersection(b))


def _near_days(a: Days | None, b: Days | None) -> bool:
    """spans_near on day numbers, with EVENT_DAYS; undated articles may report any event."""
    return a is None or b is None or (a[0] <= b[1] + EVENT_DAYS and a[1] >= b[0] - EVENT_DAYS)


def _neighbours(i: int, top: Iterable[str], postings: Postings, days: list[Days | None],
                common: frozenset[str]) -> set[int]:
    """Return the other articles that share one of article i's top terms (not a common one) and may
    report its event."""
    span = days[i]
    near: set[int] = set()
    for term in top:
        if term not in common:
            near.update(postings[term].near(span))
    near.discard(i)
    if span is None:
        return near
    return {j for j in near if _near_days(span, days[j])}


def linked_sets(documents: list[Document], links: list[Link]) -> list[tuple[list[int], list[Link]]]:
    """Return the sets of articles that links or a shared pin connect, each with its links in order."""
    parent = list(range(len(documents)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    pinned: dict[str, int] = {}
    for i, document in enumerate(documents):
        if pin := document.record.story:
            join(i, pinned.setdefault(pin, i))
    for _, j, i in links:
        join(i, j)
    sets: dict[int, tuple[list[int], list[Link]]] = {}
    for i in range(len(documents)):
        sets.setdefault(root(i), ([], []))[0].append(i)
    for link in links:
        sets[root(link[1])][1].append(link)
    return list(sets.values())


def grow_stories(documents: list[Document], members: list[int], links: list[Link]) -> list[list[int]]:
    """Group one linked set of documents (indexes, ascending) into stories along its links, in order."""
    owner = {i: i for i in members}
    clusters: dict[int, Cluster] = {}
    pinned: dict[str, int] = {}
    for i in members:
        document = documents[i]
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
    for _, i, j in links:
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
