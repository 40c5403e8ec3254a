"""Corroboration: sentences of a story's articles grouped by what they report, and what only one reports."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain, compress

from newsroom.aggregate.documents import Sentence
from newsroom.model import Claim

MIN_TERMS = 4  # shorter sentences ("Agreement specifics") state nothing to corroborate
PAIR_MIN = 0.40  # two clauses this alike (weighted overlap) may report the same fact...
GROUP_MIN = 0.20  # ...if, on average, they are this alike to the rest of the group they join
PROFILE_MIN = 0.50  # two groups whose summed terms are this alike (cosine) tell one fact in two ways
UNIQUE_LIMIT = 5  # claims listed per article as reported by it alone
COMMON_SHARE = 0.5  # terms in more than this share of sentences do not make candidate pairs
MAX_POSTING = 200  # and a term in more clauses than this is common whatever the story's size
LINK_SAMPLE = 8  # members of each group compared when two groups may merge
COMMON_START = 0.08  # terms in a larger share of a story's clauses than this weigh less than 1
NUMBER_BOOST = 2.0  # a shared number ("24 years", "1961") is strong evidence of the same fact
MIN_SHARED = 2.0  # the weight two statements must share: one common word is not a fact
LIGHT_SQUARES = (PROFILE_MIN / 2) ** 2 * (1 - 1e-9)  # see _weighty (the margin is for rounding)

Neighbours = dict[int, list[tuple[int, float]]]  # statement -> (similar statement, similarity), in order


@dataclass(eq=False, slots=True)  # read-only by convention: a frozen dataclass is slower to make
class Statement:
    """One clause of a sentence that states something, with its weighted terms."""

    sentence: Sentence
    rank: int  # the article's place in the story (0 = most representative)
    weights: dict[str, float]
    mass: float  # sum of weights


def statements(sentences: list[Sentence], ranks: dict[str, int]) -> list[Statement]:
    """Return the clauses of claim-bearing sentences, weighted by how rare each term is in the story."""
    usable = [
        (sentence, sorted(set(clause)))
        for sentence in sentences
        if not sentence.heading and len(set(sentence.terms)) >= MIN_TERMS and not sentence.text.endswith("?")
        for clause in sentence.clauses
    ]
    frequency = Counter(chain.from_iterable(clause for _, clause in usable))
    total = len(usable) + 1
    weight = {term: term_weight(term, count, total) for term, count in frequency.items()}
    result = []
    for sentence, clause in usable:
        weights = dict(zip(clause, map(weight.__getitem__, clause), strict=True))
        result.append(Statement(sentence, ranks[sentence.article], weights, sum(weights.values()) or 1.0))
    return result


def term_weight(term: str, frequency: int, total: int) -> float:
    """Weigh a term: 1 for a word that few clauses use, less the more of the story's clauses use it.

    A fact every source repeats is what corroboration looks for, so moderately frequent words keep
    their weight; only words in a large share of all clauses (the countries, the leaders) fade out.
    """
    share = frequency / total
    weight = 1.0 if share <= COMMON_START else max(0.0, math.log(share) / math.log(COMMON_START)) ** 2
    return weight * (NUMBER_BOOST if term[0].isdigit() else 1.0)


def similarity(a: Statement, b: Statement) -> float:
    """Return the weighted overlap of two statements' terms (1 = same terms); 0 when too little is shared."""
    # Summed in a's term order, in C: the same float whatever the hash seed.
    shared = sum(compress(a.weights.values(), map(b.weights.__contains__, a.weights)))
    if shared < MIN_SHARED:
        return 0.0
    return shared / math.sqrt(a.mass * b.mass)


def similar_pairs(items: list[Statement]) -> dict[tuple[int, int], float]:
    """Return the non-zero similarities of statements from different articles that share a term worth sharing.

    Statements come grouped by article, so each is paired only with the later articles' statements.
    A pair is measured only if the terms it could share can reach MIN_SHARED: most pairs share a single
    word, and counting shared words in C is much cheaper than measuring every pair.
    """
    frequency = Counter(chain.from_iterable(item.weights for item in items))  # clauses using each term
    limit = min(MAX_POSTING, max(2, int(COMMON_SHARE * len(items))))
    runs = _runs(items)
    grouped = len(runs) == len({item.sentence.article for item in items})  # one run per article
    # Runs are read last first and indexed once read: the index holds only later runs' statements.
    postings: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for start, end in reversed(runs):
        article = items[start].sentence.article
        for i in range(start, end):
            item = items[i]
            found, top, common = [], 0.0, 0.0
            for term, weight in item.weights.items():
                if frequency[term] > limit:
                    common += weight  # a common word does not make a pair, but adds to what one shares
                    continue
                if term in postings:
                    found.append(postings[term])
                if weight > top:
                    top = weight
            if not found:
                continue  # no later statement shares a term worth sharing
            need = MIN_SHARED - common - 1e-9  # below this the pair's value is 0 whatever the rounding
            for j, count in Counter(chain.from_iterable(found)).items():
                if count * top >= need and (grouped or items[j].sentence.article != article):
                    value = similarity(item, items[j])
                    if value:  # an absent pair counts as 0 wherever pairs are read
                        pairs[(i, j)] = value
        for i in range(start, end):
            for term in items[i].weights:
                postings[term].append(i)
    return pairs


def _runs(items: list[Statement]) -> list[tuple[int, int]]:
    """Return the [start, end) spans of consecutive statements from one article."""
    if not items:
        return []
    articles = [item.sentence.article for item in items]
    starts = [i for i, article in enumerate(articles) if not i or articles[i - 1] != article]
    return list(zip(starts, [*starts[1:], len(items)], strict=True))


def group_statements(items: list[Statement], pairs: dict[tuple[int, int], float]) -> list[list[int]]:
    """Group statements by average linkage over the similar pairs, most similar first."""
    group_of = list(range(len(items)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    linked = [(-value, pair) for pair, value in pairs.items() if value >= PAIR_MIN]
    for _, (i, j) in sorted(linked):
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        # Average over the first members of each group: as good a sample, and bounded work.
        cross = [
            pairs.get((x, y) if x < y else (y, x), 0.0)
            for x in groups[a][:LINK_SAMPLE]
            for y in groups[b][:LINK_SAMPLE]
        ]
        if sum(cross) / len(cross) < GROUP_MIN:
            continue
        keep, gone = min(a, b), max(a, b)
        moved = groups.pop(gone)
        groups[keep].extend(moved)
        for member in moved:
            group_of[member] = keep
    return [sorted(members) for _, members in sorted(groups.items())]


def merge_alike(groups: list[list[int]], items: list[Statement]) -> list[list[int]]:
    """Merge groups whose summed term weights point the same way (one fact, told in two wordings)."""
    profiles = []
    for members in groups:
        profile: dict[str, float] = defaultdict(float)
        for i in members:
            for term, weight in items[i].weights.items():
                profile[term] += weight
        norm = math.sqrt(sum(value * value for value in profile.values())) or 1.0
        profiles.append({term: value / norm for term, value in profile.items()})
    merged = list(range(len(groups)))  # group index -> the group it went into
    # Only groups sharing a term weighty in both can point the same way: an index finds them. Groups
    # are read last first and indexed once read, so each meets only the later ones.
    postings: dict[str, list[int]] = defaultdict(list)
    pairs = []
    for a in reversed(range(len(profiles))):
        profile = profiles[a]
        weighty = _weighty(profile)
        near: set[int] = set()
        for term in weighty:
            if term in postings:
                near.update(postings[term])
        for term in weighty:
            postings[term].append(a)
        for b in near:
            other = profiles[b]
            # In a's term order, as a full dot product would add them (the zeros add nothing).
            value = sum([weight * other[term] for term, weight in profile.items() if term in other])
            if value >= PROFILE_MIN:
                pairs.append((-value, a, b))
    for _, a, b in sorted(pairs):
        while merged[a] != a:
            a = merged[a]
        while merged[b] != b:
            b = merged[b]
        if a != b:
            merged[max(a, b)] = min(a, b)
    result: dict[int, list[int]] = defaultdict(list)
    for index, members in enumerate(groups):
        root = index
        while merged[root] != root:
            root = merged[root]
        result[root].extend(members)
    return [sorted(members) for _, members in sorted(result.items())]


def _weighty(profile: dict[str, float]) -> list[str]:
    """Return the terms of a unit profile but its lightest ones, whose squares sum below LIGHT_SQUARES.

    By Cauchy-Schwarz the light terms of either profile add less than sqrt(LIGHT_SQUARES) to a dot
    product, so two profiles that share no term weighty in both are less alike than PROFILE_MIN.
    Without this, a word in every group with a tiny weight ("said") paired every group with every other.
    """
    light, total = set(), 0.0
    for term, weight in sorted(profile.items(), key=lambda item: item[1]):
        total += weight * weight
        if total >= LIGHT_SQUARES:
            break
        light.add(term)
    return [term for term in profile if term not in light]


def _neighbours(pairs: dict[tuple[int, int], float], groups: list[list[int]]) -> Neighbours:
    """Return each grouped statement's similar statements in its own group, with their similarity, in
    statement order: all that _representative reads (the other pairs are most of them)."""
    group_of = {i: number for number, members in enumerate(groups) for i in members}
    found: Neighbours = defaultdict(list)
    for (i, j), value in pairs.items():
        group = group_of.get(i)
        if group is not None and group == group_of.get(j):
            found[i].append((j, value))
            found[j].append((i, value))
    for near in found.values():
        near.sort()
    return found


def _representative(members: list[int], items: list[Statement], neighbours: Neighbours,
                    used: set[str]) -> str:
    """Return the sentence of the member most like the others, one no earlier claim shows if possible.

    `neighbours` holds each member's similar members (see _neighbours)."""

    def score(i: int) -> tuple[bool, float, int, int, int]:
        # Summed over similar members only, in member order: comparing every two members of a large
        # group was quadratic in its size.
        total = sum([value for _, value in neighbours.get(i, ())])
        text = items[i].sentence.text
        return (text in used, -total, len(text), items[i].rank, items[i].sentence.index)

    return items[min(members, key=score)].sentence.text


def corroborate(
    sentences: list[Sentence], order: list[str]
) -> tuple[tuple[Claim, ...], tuple[tuple[str, tuple[Claim, ...]], ...]]:
    """Return the claims two or more articles report (most reported first), and each article's own."""
    ranks = {slug: rank for rank, slug in enumerate(order)}
    items = statements(sentences, ranks)
    pairs = similar_pairs(items)
    shared = [m for m in group_statements(items, pairs) if len({items[i].sentence.article for i in m}) > 1]
    groups = []
    for members in merge_alike(shared, items):
        articles = sorted({items[i].sentence.article for i in members}, key=ranks.__getitem__)
        if len(articles) >= 2:
            first = min((items[i].rank, items[i].sentence.index) for i in members)
            groups.append((-len(articles), first, members, tuple(articles)))
    groups.sort(key=lambda group: group[:2])
    used: set[str] = set()
    claims = []
    neighbours = _neighbours(pairs, [members for _, _, members, _ in groups])
    for _, _, members, articles in groups:
        text = _representative(members, items, neighbours, used)
        used.add(text)
        claims.append(Claim(text, articles))
    return tuple(claims), unique_claims(items, pairs, order)


def unique_claims(
    items: list[Statement], pairs: dict[tuple[int, int], float], order: list[str]
) -> tuple[tuple[str, tuple[Claim, ...]], ...]:
    """Return, per article, its most informative sentences that no other article's come near."""
    mass: dict[Sentence, float] = {}
    for item in items:
        mass[item.sentence] = mass.get(item.sentence, 0.0) + item.mass
    near = {items[k].sentence for (i, j), value in pairs.items() if value >= PAIR_MIN for k in (i, j)}
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in mass:
        if sentence not in near:
            by_article[sentence.article].append(sentence)
    result = []
    for slug in order:
        # The most informative are those with the most (rare) content; shown in reading order.
        best = sorted(by_article.get(slug, []), key=lambda s: (-mass[s], s.index))[:UNIQUE_LIMIT]
        claims = tuple(Claim(sentence.text, (slug,)) for sentence in sorted(best, key=lambda s: s.index))
        if claims:
            result.append((slug, claims))
    return tuple(result)
