"""Each record read once for the aggregate stage: its sentences, terms, dates and event date."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain, pairwise, repeat
from operator import mul, truediv

from newsroom.aggregate.dates import DateMention, find_dates, lead_date
from newsroom.aggregate.names import Gazetteer
from newsroom.aggregate.text import plain_blocks, split_sentences, terms, token_terms, words
from newsroom.model import Record

TITLE_WEIGHT = 2  # a headline names the event more surely than any body sentence
CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[—–-]\s+|\s+\((?=\w)|\)\s+")
BREAK_MARK = re.compile(r"[,;:()—–-]")  # every clause break has one of these
MIN_CLAUSE_TERMS = 4  # "as reported by AP News" or "trade" is part of its neighbour, not a clause
SENTENCES_KEPT = 1 << 16  # distinct sentences remembered before the memo starts afresh
IDF_STEPS = 8  # term weights change in steps of 2 ** (1 / 8), about 9% of a term's document count
LEAD_SENTENCES = 3  # the event's date is stated in the lead; later dates are mostly background


# Compared and hashed by identity: each sentence is one place in one text. Not frozen, only because
# a frozen dataclass is slower to make, and an article has dozens of sentences: treat it as read-only.
@dataclass(eq=False, slots=True)
class Sentence:
    """One sentence of an article (its dek or body), with what the stage compares."""

    article: str  # record slug
    index: int  # position in the article
    text: str
    terms: tuple[str, ...]
    dates: tuple[DateMention, ...]
    heading: bool = False
    breaks: tuple[int, ...] = ()  # where in `terms` each clause but the first starts

    def __reduce__(self) -> tuple:
        # Workers send sentences back by the thousand: rebuilt from a tuple, they pickle twice as fast
        # as through the default per-slot state.
        fields = (self.article, self.index, self.text, self.terms, self.dates, self.heading, self.breaks)
        return Sentence, fields

    @property
    def clauses(self) -> tuple[tuple[str, ...], ...]:
        """Return the terms of each clause, for facts told in one part of a sentence."""
        if not self.terms:
            return ()
        bounds = (0, *self.breaks, len(self.terms))
        return tuple(self.terms[start:end] for start, end in pairwise(bounds))


@dataclass
class Document:
    """A record with its text analysed; it has a `vector` once weigh() gave it the corpus's term weights."""

    record: Record
    sentences: list[Sentence]
    counts: Mapping[str, int]  # term -> weighted count, for clustering
    event: tuple[date, date] | None  # the span of the date the article reports on
    idf: Mapping[str, float] | None = None  # the corpus's term weights, set by weigh()
    made: dict[str, float] | None = None  # the vector, once asked for
    slug: str = field(init=False)  # the record's, read tens of thousands of times a build

    def __post_init__(self) -> None:
        self.slug = self.record.slug

    @property
    def vector(self) -> dict[str, float]:
        """Return the unit TF-IDF vector, made when first asked for: a rebuild after an edit needs few."""
        if self.made is None:
            if self.idf is None:
                raise ValueError(f"{self.slug}: weigh() the documents before asking for vectors")
            self.made = unit_vector(self.counts, self.idf)
        return self.made


def read_sentences(record: Record, names: Gazetteer) -> list[Sentence]:
    """Return the sentences of a record's dek and body, in reading order."""
    blocks = [(record.dek, False)] if record.dek else []
    blocks += [(block.text, block.heading) for block in plain_blocks(record.body)]
    sentences: list[Sentence] = []
    for text, heading in blocks:
        for sentence in split_sentences(text) if not heading else [text]:
            found, breaks, dates = _MEMO.read(sentence, names)
            sentences.append(Sentence(record.slug, len(sentences), sentence, found, dates, heading, breaks))
    return sentences


# What a sentence gives, whatever its place: its terms, where each clause but the first starts, its dates.
SentenceParts = tuple[tuple[str, ...], tuple[int, ...], tuple[DateMention, ...]]


class _SentenceMemo:
    """What each distinct sentence gives, for one gazetteer.

    Articles repeat sentences (section headings, boilerplate, a quote every outlet carries), and
    sentences that share their parts share the memory of them too.
    """

    def __init__(self) -> None:
        self.names: Gazetteer | None = None
        self.known: dict[str, SentenceParts] = {}

    def read(self, sentence: str, names: Gazetteer) -> SentenceParts:
        if names is not self.names or len(self.known) > SENTENCES_KEPT:
            self.names, self.known = names, {}
        found = self.known.get(sentence)
        if found is None:
            found = self.known[sentence] = (*clause_terms(sentence, names), tuple(find_dates(sentence)))
        return found


_MEMO = _SentenceMemo()


def clause_terms(sentence: str, names: Gazetteer) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Return a sentence's terms and where each clause but the first starts in them.

    A part too short to state anything joins its neighbour. One tuple of terms and the clause
    boundaries: a tuple per clause costs more memory.
    """
    found: list[str] = []
    breaks: list[int] = []
    clause = 0  # where the last clause starts in `found`
    for part in clause_words(sentence):
        part_terms = token_terms(part, names)
        if found and (len(part_terms) < MIN_CLAUSE_TERMS or len(found) - clause < MIN_CLAUSE_TERMS):
            found += part_terms
        elif part_terms:
            if found:
                clause = len(found)
                breaks.append(clause)
            found += part_terms
    return tuple(found), tuple(breaks)


def clause_words(sentence: str) -> list[list[str]]:
    """Return the word tokens of each part of a sentence between clause breaks, as `words` gives them."""
    if not BREAK_MARK.search(sentence):  # most sentences are one clause: no need to look for breaks
        return [words(sentence)]
    return [words(part) for part in CLAUSE_BREAK.split(sentence)]


def event_span(record: Record, sentences: list[Sentence]) -> tuple[date, date] | None:
    """Return the day (or month) the article reports on: its stated date, else the first one it writes."""
    if record.published:
        return record.published, record.published
    lead = [sentence for sentence in sentences if not sentence.heading][:LEAD_SENTENCES]
    first = lead_date([mention for sentence in lead for mention in sentence.dates])
    return first.span() if first else None


def read_document(record: Record, names: Gazetteer) -> Document:
    """Analyse one record."""
    sentences = read_sentences(record, names)
    counts: Counter[str] = Counter()
    if not record.title_derived:  # a derived title repeats the lead, which is counted already
        for term in terms(record.title, names):
            counts[term] += TITLE_WEIGHT
    counts.update(chain.from_iterable(sentence.terms for sentence in sentences))
    return Document(record, sentences, counts, event_span(record, sentences))


def document_frequencies(documents: Iterable[Document]) -> Counter[str]:
    """Return in how many documents each term occurs."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.counts.keys())
    return frequency


def weigh(documents: list[Document], frequency: Mapping[str, int] | None = None) -> None:
    """Give each document the corpus's term weights (its vector follows from them).

    `frequency` is document_frequencies(documents), when the caller has it already.
    """
    frequency = document_frequencies(documents) if frequency is None else frequency
    steps = weight_steps(len(documents))
    idf = {term: steps[count_steps(df)] for term, df in frequency.items()}
    for document in documents:
        document.idf, document.made = idf, None


def weight_steps(total: int) -> dict[int, float]:
    """Return the IDF of a term by its document count in steps (see count_steps), for `total` documents.

    Smoothed IDF, log((total + 1) / (count + 1)) + 1: terms every article shares still count, so a
    handful of articles can cluster. Both counts are rounded on a log scale, IDF_STEPS per doubling, so
    an edit changes a term's weight, and with it every vector holding the term, only when the term's
    count crosses a step: a rebuild compares again only the articles whose vectors changed.
    """
    top = count_steps(total)
    return {steps: (top - steps) / IDF_STEPS * math.log(2) + 1 for steps in range(top + 1)}


def unit_vector(counts: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """Return the unit vector of (1 + log(count)) * idf over a document's terms."""
    # Computed as a loop would, in C.
    values = list(map(mul, map(_log_weight, counts.values()), map(idf.__getitem__, counts)))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return dict(zip(counts, map(truediv, values, repeat(norm)), strict=True))


@cache  # document frequencies are whole numbers, most of them small
def count_steps(count: int) -> int:
    """Return log2(count + 1) in IDF_STEPS-ths, rounded: the step a count weighs as (see weight_steps)."""
    return round(math.log2(count + 1) * IDF_STEPS)


@cache  # counts are small whole numbers: a few dozen logarithms serve every article
def _log_weight(count: int) -> float:
    return 1 + math.log(count)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the dot product of two sparse vectors (their cosine when both are unit vectors)."""
    if len(a) > len(b):
        a, b = b, a
    # The same products in the same order as a loop over a's terms would add, all in C.
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
