"""Name mentions in one sentence: capitalized runs split at titles, matched to known names, with cues."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from newsroom.aggregate.lexicon import (
    EVENT_CUES,
    NOT_NAMES,
    ORG_CUES,
    PERSON_TITLES,
    ROLE_WORDS,
    SPEECH_VERBS,
    STOP_WORDS,
)
from newsroom.aggregate.names import Gazetteer, name_key
from newsroom.aggregate.text import CAPITALIZED, PieceTokens, is_title_case, shapes

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.(?=[A-Z][a-z])|[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")
JOINER = re.compile(r"\s+([-'’])\s+")
POSSESSIVE_END = re.compile(r"['’]s$")
CONNECTORS = frozenset({"of", "for", "the", "and", "on"})  # inside "Institute for the Study of War"
TITLE_CONNECTORS = frozenset({"of"})  # inside "Secretary of State"
TITLE_REACH = 4  # "president of Russia, Vladimir Putin": a role this many words before a name
APPOSITION_REACH = 5  # ", a military-political analyst": a role this many words after a comma


class Mention(NamedTuple):
    """One way a name was written in a sentence, with what the sentence says about its kind."""

    surface: str  # as written, possessive removed
    canonical: str | None  # the known name it is, when the gazetteer knows it
    kind: str | None  # "person" | "place" | "organization" | None (unknown, no cue)
    demonym: bool = False  # an adjective ("Russian"): counts for its place, never shown as a name
    headline: bool = False  # found in a Title Case line, where every word is capitalized


def _capitalized(token: str) -> bool:
    return token[0].isupper()


@lru_cache(maxsize=1 << 16)
def _lower(token: str) -> str:
    return re.sub(r"['’]s$", "", token).lower()


def _runs(tokens: list[str], shaped: list[int], lowered: list[str]) -> list[tuple[int, int]]:
    """Return [start, end) spans of capitalized words, joined by connectors where a cue allows it."""
    runs = []
    i = 0
    while True:
        try:
            i = shaped.index(CAPITALIZED, i)  # most words are lowercase: jump to the next capitalized one
        except ValueError:
            return runs
        end = i + 1
        while end < len(tokens):
            if shaped[end] == CAPITALIZED:
                end += 1
                continue
            # "Institute for the Study of War", "Secretary of State": connectors after a cue word.
            if not ORG_CUES.isdisjoint(lowered[i:end]):
                allowed = CONNECTORS
            elif not PERSON_TITLES.isdisjoint(lowered[i:end]):
                allowed = TITLE_CONNECTORS
            else:
                break  # no cue: the run ends here
            nxt = end
            while nxt < len(tokens) and tokens[nxt] in allowed:
                nxt += 1
            if end < nxt < len(tokens) and _capitalized(tokens[nxt]):
                end = nxt
                continue
            break
        runs.append((i, end))
        i = end


def _segments(lowered: list[str], start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split a run at title words: (start, end, follows_title) for each part that may be a name."""
    if PERSON_TITLES.isdisjoint(lowered[start:end]):  # the common case: one part, connectors trimmed
        piece = [j for j in range(start, end) if lowered[j] not in CONNECTORS]
        return [(piece[0], piece[-1] + 1, False)] if piece else []
    parts: list[tuple[int, int, bool]] = []
    begin, after_title = start, False
    for i in range(start, end + 1):
        word = lowered[i] if i < end else ""
        if i == end or word in PERSON_TITLES:
            piece = [j for j in range(begin, i) if lowered[j] not in CONNECTORS]
            # Role words next to a title ("Defense Minister", "Secretary of State") are no name.
            near_title = i < end or after_title
            while piece and near_title and lowered[piece[-1]] in ROLE_WORDS and i < end:
                piece.pop()
            while piece and after_title and lowered[piece[0]] in ROLE_WORDS:
                piece.pop(0)
            if piece:
                parts.append((piece[0], piece[-1] + 1, after_title))
            begin, after_title = i + 1, i < end
    return parts


def _person_cue(tokens: list[str], lowered: list[str], start: int, end: int) -> bool:
    """Tell whether the words around a name say it is a person (a role nearby, a speech verb after)."""
    before = lowered[max(0, start - TITLE_REACH) : start]
    if not PERSON_TITLES.isdisjoint(before):
        return True
    if end < len(tokens) and lowered[end] in SPEECH_VERBS:
        return True
    if end < len(tokens) and tokens[end] == ",":
        after = lowered[end + 1 : end + 1 + APPOSITION_REACH]
        return not PERSON_TITLES.isdisjoint(after) or (bool(after) and after[0] in SPEECH_VERBS)
    return False


def _name_parts(
    tokens: list[str], start: int, end: int, names: Gazetteer
) -> list[tuple[int, int, str | None]]:
    """Split a segment into known names (longest first) and the unknown stretches between them."""
    parts: list[tuple[int, int, str | None]] = []
    i, unknown = start, start
    while i < end:
        if not names.may_start(tokens[i]):
            i += 1
            continue
        for size in range(min(names.longest, end - i), 0, -1):
            canonical = names.lookup(" ".join(tokens[i : i + size]))
            if canonical:
                if unknown < i:
                    parts.append((unknown, i, None))
                parts.append((i, i + size, canonical))
                i += size
                unknown = i
                break
        else:
            i += 1
    if unknown < end:
        parts.append((unknown, end, None))
    return parts


def _surface(tokens: list[str]) -> str:
    text = " ".join(tokens)
    if "-" in text or "'" in text or "’" in text:  # the patterns need one of these
        text = JOINER.sub(r"\1", text)
        return POSSESSIVE_END.sub("", text)
    return text


tokens_of = PieceTokens(TOKEN)  # a sentence's tokens as find_mentions reads them: words, numbers, marks


def find_mentions(
    sentence: str, names: Gazetteer, known_words: frozenset[str] = frozenset()
) -> list[Mention]:
    """Return the name mentions of one sentence.

    `known_words` are lowercase words seen capitalized inside sentences: a capitalized first word of
    a sentence is a name only if it is one of them or a known name ("According" is not).
    """
    return mentions_in(tokens_of(sentence), names, known_words)


def mentions_in(tokens: list[str], names: Gazetteer, known_words: frozenset[str]) -> list[Mention]:
    """Return the name mentions of a sentence split by tokens_of, for a caller that reads its tokens too."""
    if not tokens:
        return []
    # In a Title Case line every word is capitalized: only names known or confirmed elsewhere count.
    shaped = shapes(tokens)
    if (
        shaped.count(CAPITALIZED) == 1
        and shaped[0] == CAPITALIZED
        and not names.may_start(tokens[0])
        and _lower(tokens[0]) not in known_words
    ):
        return []  # only the first word is capitalized, as every sentence's is: no name
    lowered = list(map(_lower, tokens))
    title_case = is_title_case(tokens, shaped)
    first_may_be_name = names.may_start(tokens[0]) or lowered[0] in known_words
    mentions: list[Mention] = []
    for run_start, run_end in _runs(tokens, shaped, lowered):
        if run_end == 1 and not first_may_be_name:
            continue  # a capitalized first word alone, as _unknown would find: no name
        for start, end, after_title in _segments(lowered, run_start, run_end):
            after_demonym = False  # "North Korean Kim Jong Un": a nationality before a name is a cue
            for part_start, part_end, canonical in _name_parts(tokens, start, end, names):
                if canonical:
                    key = name_key(" ".join(tokens[part_start:part_end]))
                    kind = names.kinds.get(canonical) or (
                        "person" if _person_cue(tokens, lowered, part_start, part_end) else None
                    )
                    mentions.append(
                        Mention(_surface(tokens[part_start:part_end]), canonical, kind, key in names.demonyms)
                    )
                    after_demonym = key in names.demonyms
                    continue
                mention = _unknown(
                    tokens, lowered, part_start, part_end, after_title or after_demonym, known_words
                )
                if mention and title_case:
                    mention = Mention(mention.surface, None, None, headline=True)
                if mention:
                    mentions.append(mention)
    return mentions


def _unknown(
    tokens: list[str], lowered: list[str], start: int, end: int, cued: bool, known_words: frozenset[str]
) -> Mention | None:
    """Return the mention an unknown capitalized stretch makes, or None if it is no name."""
    while start < end and (lowered[start] in NOT_NAMES or lowered[start] in STOP_WORDS):
        start += 1
    while end > start and (lowered[end - 1] in NOT_NAMES or lowered[end - 1] in CONNECTORS):
        end -= 1
    if start < end and start == 0 and lowered[start] not in known_words:
        # A sentence's first word is capitalized anyway: keep it only in a name the context confirms.
        if end - start < 2 or not (cued or _person_cue(tokens, lowered, start, end)):
            start += 1
    if start >= end or (end - start == 1 and len(tokens[start]) < 2):
        return None
    words = lowered[start:end]
    surface = _surface(tokens[start:end])
    if not ORG_CUES.isdisjoint(words) or (
        len(words) == 1 and 2 <= len(tokens[start]) <= 6 and tokens[start].isupper()
    ):
        return Mention(surface, None, "organization")
    if words[-1] in EVENT_CUES:
        return None
    if cued or _person_cue(tokens, lowered, start, end):
        return Mention(surface, None, "person")
    return Mention(surface, None, None)
