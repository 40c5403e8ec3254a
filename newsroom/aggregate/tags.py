"""Tags for one record: entities and key phrases, with junk (stop words, sentence starts) left out."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from slugify import slugify

from newsroom.aggregate.documents import Document, read_sentences
from newsroom.aggregate.entities import collect_entities
from newsroom.aggregate.lexicon import STOP_WORDS
from newsroom.aggregate.names import Gazetteer, gazetteer
from newsroom.aggregate.text import stem
from newsroom.model import Record

TITLE_BONUS = 2  # a name or phrase in the headline counts this much more
MIN_COUNT = 2  # an entity must come up at least this often (or be in the headline)
MIN_PHRASE_COUNT = 3  # a phrase too: once in the headline and once in the text, or three times
PHRASE_SHARE = 3  # of `limit` tags, at most this many are key phrases; entities fill the rest
PHRASE_WORD = re.compile(r"[a-z][a-z-]{2,}")
# Words that make a phrase about the article rather than its subject ("last week", "told reporters").
VAGUE = frozenset(
    "significant potential possible likely various several new recent further other key main major "
    "latest current previous ongoing increased strong growing full remain remains include includes "
    "call calls called make makes made take takes took see sees seen get gets want wants".split()
)


def suggest_tags(title: str, body: str, limit: int = 6) -> list[str]:
    """Return up to `limit` tag slugs for an article."""
    names = gazetteer()
    record = Record(slug="article", path=None, title=title, body=body)  # type: ignore[arg-type]
    sentences = [s.text for s in read_sentences(record, names)]
    return rank_tags(title, sentences, names, limit)


def tags_for_document(document: Document, names: Gazetteer, limit: int = 6) -> list[str]:
    """Return tag slugs for an analysed record (as suggest_tags does, reusing its sentences)."""
    title = "" if document.record.title_derived else document.record.title
    return rank_tags(title, [s.text for s in document.sentences], names, limit)


def rank_tags(title: str, sentences: list[str], names: Gazetteer, limit: int) -> list[str]:
    """Rank an article's entities and key phrases; return the best as slugs."""
    scored: list[tuple[float, str]] = []
    entities = collect_entities([("title", [title] if title else []), ("body", sentences)], names)
    for entity in entities:
        counts = dict(entity.mentions)
        score = counts.get("body", 0) + TITLE_BONUS * counts.get("title", 0)
        if score >= MIN_COUNT:
            scored.append((score, slugify(entity.name)))
    phrases = key_phrases(title, sentences)[:PHRASE_SHARE]
    ranked = [slug for _, slug in sorted(scored, key=lambda item: (-item[0], item[1]))]
    chosen = ranked[: max(0, limit - len(phrases))] + phrases + ranked[max(0, limit - len(phrases)) :]
    return list(dict.fromkeys(tag for tag in chosen if tag))[:limit]


def key_phrases(title: str, sentences: list[str]) -> list[str]:
    """Return two-word phrases of lowercase content words that recur, the most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for text, weight in [(title, TITLE_BONUS), *((s, 1) for s in sentences)]:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*|[^\sA-Za-z]+", text)
        for first, second in zip(words, words[1:], strict=False):
            if not (_phrase_word(first) and _phrase_word(second)):
                continue
            key = (stem(first), stem(second))
            counts[key] += weight
            forms[key][f"{first} {second}"] += 1
    ranked = sorted(
        (key for key in counts if counts[key] >= MIN_PHRASE_COUNT), key=lambda key: (-counts[key], key)
    )
    chosen: list[tuple[str, str]] = []
    for key in ranked:
        # "mutual aid" and "aid agreement" are one phrase seen twice: keep the more frequent.
        if not any(set(key) & set(other) for other in chosen):
            chosen.append(key)
    return [slugify(min(forms[key], key=lambda form: (-forms[key][form], form))) for key in chosen]


def _phrase_word(word: str) -> bool:
    """Tell whether a word may be part of a key phrase: lowercase, not a stop word, not vague."""
    return (
        bool(PHRASE_WORD.fullmatch(word))
        and word not in STOP_WORDS
        and word not in VAGUE
        and not word.endswith("ing")
    )  # "covering collaboration" is a verb and its object
