"""Entities of a story: people, places and organizations, variants merged, mentions counted per article."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import itemgetter

from newsroom.aggregate.mentions import Mention, mentions_in, tokens_of
from newsroom.aggregate.names import Gazetteer, name_key
from newsroom.model import Entity

DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:of|for|the|and|on)\s+)*)+[A-Z][\w'’-]*)\s+\(([A-Z]{2,6})\)"
)
DOMINANCE = 2  # a short form ("Kim") goes to the longer name it could mean that is this much more common
MAX_ENTITIES = 40  # a story lists at most this many entities, the most mentioned first


@dataclass
class _Found:
    """What is gathered about one entity while reading a story."""

    kind: str | None = None
    canonical: str | None = None  # the known name, when the gazetteer or config knows it
    surfaces: Counter[str] = field(default_factory=Counter)  # full forms as written
    articles_using: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    short: set[str] = field(default_factory=set)  # short forms merged in ("Putin")
    mentions: Counter[str] = field(default_factory=Counter)  # article slug -> count


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """Return the lowercase words written capitalized somewhere other than a sentence's start."""
    return _known_words(map(tokens_of, texts))


def _known_words(tokenized: Iterable[list[str]]) -> frozenset[str]:
    """Return known_words from sentences split by tokens_of, which find_mentions reads as well.

    These tokens are text.words' words with punctuation marks between them (the only tokens that
    start with no letter or digit) and numbers cut at their commas and periods. They differ in one
    capitalized word: an initial before a name, "J." in "J.Smith", where text.words gives "J".
    """
    inside = list(chain.from_iterable(map(_after_first_word, tokenized)))
    capitalized = compress(inside, map(str.isupper, map(itemgetter(0), inside)))  # in C: most are not
    return frozenset(
        (token[0] if token[1:] == "." else token).lower() for token in capitalized if token[0].isalnum()
    )


def _after_first_word(tokens: list[str]) -> list[str]:
    """Return the tokens after a sentence's first word or number (a quotation mark may come first)."""
    for i, token in enumerate(tokens):
        if token[0].isalnum():
            return tokens[i + 1 :]
    return []


def acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Return acronym key -> full name key for names spelled out first ("Institute for ... War (ISW)")."""
    found: dict[str, str] = {}
    for text in texts:
        if "(" not in text:  # the pattern needs one: skip its costly search
            continue
        for match in DEFINED_ACRONYM.finditer(text):
            full, short = match.group(1).split(), match.group(2)
            capitals = [word for word in full if word[0].isupper()]
            # Walk back from the parenthesis to the words whose initials spell the acronym.
            for start in range(len(full)):
                initials = "".join(word[0] for word in full[start:] if word[0].isupper())
                if initials == short and full[start] in capitals:
                    found.setdefault(name_key(short), name_key(" ".join(full[start:])))
                    break
    return found


def _confirmed_part(surface: str, confirmed: dict[str, str], longest: int) -> str | None:
    """Return the longest run of words of a headline's capitalized stretch that is a confirmed name
    (whose keys have at most `longest` words)."""
    tokens = surface.split()
    # A run's key has a word per token or more, less a leading "the": longer runs cannot match, and
    # trying every run of a long stretch was cubic (a line of 800 capitalized words took a minute).
    for size in range(min(len(tokens), longest + 1), 0, -1):
        for start in range(len(tokens) - size + 1):
            part = " ".join(tokens[start : start + size])
            if name_key(part) in confirmed:
                return part
    return None


def _short_owner(key: str, persons: dict[str, _Found]) -> str | None:
    """Return the person a short form ("putin", "kim") stands for, if only one is likely."""
    parts = key.split()
    candidates = []
    for full, found in persons.items():
        tokens = full.split()
        if len(parts) < len(tokens) and (tokens[: len(parts)] == parts or tokens[-len(parts) :] == parts):
            candidates.append((sum(found.mentions.values()), full))
    if not candidates:
        return None
    candidates.sort(key=lambda item: (-item[0], item[1]))
    if len(candidates) > 1 and candidates[0][0] < DOMINANCE * candidates[1][0]:
        return None  # "Kim" could be Kim Jong Un or Kim Yo Jong, and neither dominates
    return candidates[0][1]


def _display(found: _Found) -> str:
    """Return the form most articles use (then the most frequent, then the first alphabetically)."""
    return min(found.surfaces, key=lambda s: (-len(found.articles_using[s]), -found.surfaces[s], s))


def collect_entities(
    texts: list[tuple[str, list[str]]], names: Gazetteer, limit: int = MAX_ENTITIES
) -> tuple[Entity, ...]:
    """Return the entities of (article slug, sentences) pairs, the most mentioned first."""
    # A story's articles repeat one another's sentences: each distinct one is read once.
    distinct = list(dict.fromkeys(sentence for _, sentences in texts for sentence in sentences))
    tokenized = [tokens_of(sentence) for sentence in distinct]
    context = _known_words(tokenized)
    spelled = acronyms(distinct)
    found_in = {
        sentence: mentions_in(tokens, names, context)
        for sentence, tokens in zip(distinct, tokenized, strict=True)
    }
    mentions = [
        (slug, mention)
        for slug, sentences in texts
        for sentence in sentences
        for mention in found_in[sentence]
    ]
    found: dict[str, _Found] = defaultdict(_Found)
    confirmed: dict[str, str] = {}  # key of an unknown name a cue confirmed -> its kind
    for _, mention in mentions:
        if mention.canonical is None and mention.kind:
            key = name_key(mention.surface)
            confirmed.setdefault(spelled.get(key, key), mention.kind)
    for _, mention in mentions:
        # "Vladimir Putin" with no cue is a person when "Putin" had one.
        if mention.canonical is not None or mention.headline:
            continue
        parts = name_key(mention.surface).split()
        if len(parts) > 1 and "person" in (confirmed.get(parts[0]), confirmed.get(parts[-1])):
            confirmed.setdefault(" ".join(parts), "person")
    shorts: list[tuple[str, Mention]] = []
    longest = max((key.count(" ") + 1 for key in confirmed), default=0)
    for slug, mention in mentions:
        if mention.headline:
            part = _confirmed_part(mention.surface, confirmed, longest)
            if part is None:
                continue
            mention = Mention(part, None, None)
        key = name_key(mention.canonical or mention.surface)
        key = spelled.get(key, key)
        kind = mention.kind or confirmed.get(key)
        if mention.canonical is None and kind is None:
            shorts.append((slug, mention))
            continue
        _count(found[key], slug, mention, kind, full=not mention.demonym)
    # Confirmed short person names ("Putin said") go to the longer name they stand for.
    persons = {key: item for key, item in found.items() if item.kind == "person" and " " in key}
    for key in sorted(found):
        if found[key].kind != "person" or key in persons:
            continue
        owner = _short_owner(key, persons)
        if owner:
            _absorb(found[owner], found.pop(key))
        elif any(_short_owner(key, {full: item}) for full, item in persons.items()):
            del found[key]  # "Kim" could be either of two Kims: better no entity than a wrong one
    for slug, mention in shorts:
        owner = _short_owner(name_key(mention.surface), persons)
        if owner:
            found[owner].short.add(mention.surface)
            found[owner].mentions[slug] += 1
    return _entities(found, limit)


def _count(item: _Found, slug: str, mention: Mention, kind: str | None, full: bool) -> None:
    """Count one mention of an entity in an article."""
    item.kind = item.kind or kind
    item.canonical = item.canonical or mention.canonical
    item.mentions[slug] += 1
    if full:
        item.surfaces[mention.surface] += 1
        item.articles_using[mention.surface].add(slug)


def _absorb(owner: _Found, other: _Found) -> None:
    """Merge a short name's findings into the full name's."""
    owner.short.update(other.surfaces)
    owner.short.update(other.short)
    owner.mentions.update(other.mentions)


def _entities(found: dict[str, _Found], limit: int) -> tuple[Entity, ...]:
    """Turn what was gathered into Entity objects, the most mentioned first."""
    entities = []
    for item in found.values():
        if not item.kind or not item.surfaces:
            continue
        name = item.canonical or _display(item)
        aliases = sorted({*item.surfaces, *item.short} - {name}, key=lambda s: (name_key(s), s))
        entities.append(Entity(name, item.kind, tuple(aliases), tuple(sorted(item.mentions.items()))))
    entities.sort(key=lambda entity: (-entity.total, entity.name))
    return tuple(entities[:limit])
