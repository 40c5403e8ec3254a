"""Timeline of a story: the dated events its articles mention, each with its sentence and sources."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from newsroom.aggregate.dates import DateMention
from newsroom.aggregate.documents import Sentence
from newsroom.model import TimelineEvent

PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}  # "2024" comes before "2024-06" before "2024-06-19"
SAME_EVENT_SHARED = 2  # two sentences with the same date and this many content terms in common tell one event


@dataclass
class _Event:
    """An event being gathered: its date, the sentences that tell it and their articles."""

    mention: DateMention
    sentences: list[Sentence]
    terms: set[str]

    def articles(self, ranks: dict[str, int]) -> tuple[str, ...]:
        return tuple(sorted({s.article for s in self.sentences}, key=ranks.__getitem__))


def _date_terms(sentence: Sentence) -> set[str]:
    """Return the terms that only spell the dates of a sentence ("june", "19", "2024")."""
    spelled = set()
    for mention in sentence.dates:
        spelled.update(
            part.lower() for part in sentence.text[mention.start : mention.end].replace(",", " ").split()
        )
    return spelled | {term for term in sentence.terms if term.isdigit()}


def build_timeline(
    sentences: list[Sentence], order: list[str], references: dict[str, date | None]
) -> tuple[TimelineEvent, ...]:
    """Return the dated events of a story in date order.

    `references` gives each article's reference date (its stated date, else the story's), used to
    give a year to dates written without one ("June 18").
    """
    ranks = {slug: rank for rank, slug in enumerate(order)}
    events: dict[str, list[_Event]] = defaultdict(list)
    dated = [sentence for sentence in sentences if sentence.dates]
    ordered = sorted(dated, key=lambda s: (ranks[s.article], s.index))
    for sentence in ordered:
        content = set(sentence.terms) - _date_terms(sentence)
        added = set()  # the same date twice in one sentence tells one event
        for mention in sentence.dates:
            reference = references.get(sentence.article)
            if mention.year is None and reference:
                mention = mention.with_year(reference)
            if mention.year is None or mention.iso in added:
                continue  # a day without a year and nothing to take the year from, or a date told already
            added.add(mention.iso)
            _add(events[mention.iso], mention, sentence, content)
    result = []
    for iso in events:
        for event in events[iso]:
            first = event.sentences[0]
            result.append(
                (
                    event.mention.span()[0],
                    PRECISION_ORDER[event.mention.precision],
                    ranks[first.article],
                    first.index,
                    TimelineEvent(iso, event.mention.precision, first.text, event.articles(ranks)),
                )
            )
    return tuple(entry[-1] for entry in sorted(result, key=lambda entry: entry[:4]))


def _add(events: list[_Event], mention: DateMention, sentence: Sentence, content: set[str]) -> None:
    """Add a dated sentence to the event it tells, or start a new event."""
    for event in events:
        if len(event.terms & content) >= SAME_EVENT_SHARED:
            event.sentences.append(sentence)  # the first sentence's terms stay the event's: no drifting
            return
    events.append(_Event(mention, [sentence], set(content)))
