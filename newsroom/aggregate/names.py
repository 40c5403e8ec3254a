"""Entity name variants: one key per way of writing a name, mapped to its canonical form and kind."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsroom.aggregate.lexicon import DEFAULT_ALIASES, DEMONYMS, ORGANIZATIONS, PLACES

DOTTED_ACRONYM = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")
POSSESSIVE = re.compile(r"['’]s\b")
SEPARATORS = re.compile(r"[-.'’‘`]+")
COMPASS_INITIALS = {"north": "n", "south": "s", "east": "e", "west": "w"}
Aliases = Mapping[str, Sequence[str]]


@lru_cache(maxsize=1 << 18)  # the same few thousand words are folded again and again
def name_key(name: str) -> str:
    """Fold a name to its comparison key: 'Kim Jong-un' and 'Kim Jong Un' give 'kim jong un'."""
    text = DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), name)  # "U.S." is "US"
    text = POSSESSIVE.sub("", text)
    text = SEPARATORS.sub(" ", text)
    words = text.lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def variant_keys(name: str) -> list[str]:
    """Return the keys of a name and of its generic variants ('North Korea' -> also 'n korea')."""
    key = name_key(name)
    keys = [key]
    first, _, rest = key.partition(" ")
    if rest and first in COMPASS_INITIALS:
        keys.append(f"{COMPASS_INITIALS[first]} {rest}")
    return keys


@dataclass(frozen=True)
class Gazetteer:
    """Every known way of writing a known name: key -> canonical name, plus each canonical's kind."""

    canonical: dict[str, str]  # name key -> canonical name
    kinds: dict[str, str]  # canonical name -> "place" | "organization" (persons are found by cues)
    demonyms: frozenset[str]  # keys that are adjectives ("russian"): mentions, never shown as aliases
    acronyms: frozenset[str]  # keys only an all-capitals word matches ("Un" in "Kim Jong Un" is not "UN")
    longest: int  # most words in any key
    first_words: frozenset[str] = frozenset()  # the first word of every key: most words start no name
    # Caches for text.terms, filled as words are met: word -> the terms it gives outside a name
    # (None for a capitalized word, which may start a name), and the same for capitalized words.
    word_terms: dict[str, tuple[str, ...] | None] = field(default_factory=dict, compare=False, repr=False)
    capital_terms: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    starters: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)  # may_start's answers

    def lookup(self, name: str) -> str | None:
        """Return the canonical name written as `name`, if it is known."""
        key = name_key(name)
        if key in self.acronyms and not name.replace(".", "").isupper():
            return None
        return self.canonical.get(key)

    def may_start(self, token: str) -> bool:
        """Tell whether a known name may begin with this word (a quick test before trying lookups)."""
        known = self.starters.get(token)
        if known is None:
            key = name_key(token)
            known = self.starters[token] = not key or key.split(None, 1)[0] in self.first_words
        return known


def _names(block: str) -> list[str]:
    return [name.strip() for name in block.replace("\n", "").split("|") if name.strip()]


@lru_cache(maxsize=8)
def _build(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Gazetteer:
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    acronyms = set()
    for kind, block in (("place", PLACES), ("organization", ORGANIZATIONS)):
        for name in _names(block):
            kinds[name] = kind
            if name.isupper():
                acronyms.add(name_key(name))
            for key in variant_keys(name):
                canonical.setdefault(key, name)
    # Aliases from config come last so that they win over the built-in table.
    for name, variants in (*DEFAULT_ALIASES.items(), *extra):
        target = canonical.get(name_key(name), name)
        for variant in (name, *variants):
            if " " not in variant.strip() and variant.replace(".", "").isupper():
                acronyms.add(name_key(variant))
            for key in variant_keys(variant):
                canonical[key] = target
    demonyms = set()
    for adjective, place in DEMONYMS.items():
        for key in variant_keys(adjective):
            canonical.setdefault(key, canonical.get(name_key(place), place))
            demonyms.add(key)
    longest = max(len(key.split()) for key in canonical)
    first_words = frozenset(key.split()[0] for key in canonical if key)
    return Gazetteer(canonical, kinds, frozenset(demonyms), frozenset(acronyms), longest, first_words)


def gazetteer(aliases: Aliases | None = None) -> Gazetteer:
    """Return the built-in names merged with `aliases` (canonical name -> variants, from config)."""
    extra = tuple(sorted((name, tuple(variants)) for name, variants in (aliases or {}).items()))
    return _build(extra)
