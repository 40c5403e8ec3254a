"""Plain text from record Markdown: blocks, sentences, word tokens and comparable terms."""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import snowballstemmer

from newsroom.aggregate.lexicon import NOT_NAMES, NUMBER_WORDS, PERSON_TITLES, STOP_WORDS, SYNONYM_GROUPS
from newsroom.aggregate.names import Gazetteer, name_key

HEADING = re.compile(r"^#{1,6}\s+")
LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])(?:\s+|$)")
QUOTE = re.compile(r"^>\s?")
RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
# Link text holds no bracket and the target at most one level of parentheses, so that a failed match
# from each "[" or "](" of a long line stops at the next one: unbounded, it made 20,000 "[" quadratic.
LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
EMPHASIS = re.compile(r"(?<!\\)(?:\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w))")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen lt col sgt capt rep sen gov prof inc corp ltd co no vs etc jan feb mar apr "
    "jun jul aug sep sept oct nov dec approx dept est fig".split()
)
INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[,.]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
TITLE_CASE_MIN = 3  # words a line needs before it can count as a headline
MAX_NAME_WORDS = 3  # a longer capitalized run is a headline fragment, not one name
# snowballstemmer hands out PyStemmer's C stemmer when it is installed (newsroom[fast]): the same
# stems, about ten times faster, which a site of real news with a large vocabulary notices.
STEMMER = snowballstemmer.stemmer("english")
# Words that end a run of capitalized words: a title or a function word is not part of a name.
NAME_BREAKS = PERSON_TITLES | STOP_WORDS | NOT_NAMES


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or heading of a body, as plain text."""

    text: str
    heading: bool = False


def inline_text(markdown: str) -> str:
    """Return inline Markdown as the plain text a reader sees (links, emphasis, escapes undone)."""
    # Each pattern needs its mark: most paragraphs have none of them, and a search costs time.
    text = LINK.sub(r"\1", markdown) if "[" in markdown else markdown
    text = EMPHASIS.sub("", text) if "*" in text or "_" in text else text
    text = ESCAPE.sub(r"\1", text) if "\\" in text else text
    # The normalizer writes "<" and "&" as entities; a reader sees the characters.
    return " ".join((html.unescape(text) if "&" in text else text).split())


def plain_blocks(markdown: str) -> list[Block]:
    """Split a Markdown body into paragraphs, list items and headings."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        text = inline_text(" ".join(lines))
        if text:
            blocks.append(Block(text))
        lines.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        line = QUOTE.sub("", line) if line.startswith(">") else line
        if not line or RULE.match(line):
            flush()
        elif HEADING.match(line):
            flush()
            blocks.append(Block(inline_text(HEADING.sub("", line)), heading=True))
        elif LIST_ITEM.match(line):
            flush()
            lines.append(LIST_ITEM.sub("", line))
        else:
            lines.append(line)
    flush()
    return [block for block in blocks if block.text]


def _ends_sentence(text: str, stop: int) -> bool:
    """Tell whether the period at `stop` ends a sentence rather than an abbreviation or initial."""
    if text[stop] != ".":
        return True
    before = text[:stop].rsplit(None, 1)
    word = before[-1].lstrip('"“‘([') if before else ""
    if INITIALS.fullmatch(word):  # "J." or "U.S." before the period
        return False
    return word.lower() not in ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences (periods after abbreviations and initials do not count)."""
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if _ends_sentence(text, match.start()):
            sentences.append(text[start : match.end()].strip())
            start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


class PieceTokens:
    """A tokenizer for a pattern whose tokens hold no space: a text's tokens are then those of its
    space-separated pieces, and the same few thousand pieces ("said", "Moscow,") come up again and
    again, so a lookup per piece beats a scan of the whole text."""

    KEPT = 1 << 18  # distinct pieces remembered before the cache starts afresh

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.known: dict[str, tuple[str, ...]] = {}  # piece -> its tokens

    def __call__(self, text: str) -> list[str]:
        pieces = text.split()
        known = self.known
        try:
            return list(chain.from_iterable(map(known.__getitem__, pieces)))
        except KeyError:
            if len(known) > self.KEPT:
                known.clear()
            for piece in pieces:
                if piece not in known:
                    known[piece] = tuple(self.pattern.findall(piece))
            return list(chain.from_iterable(map(known.__getitem__, pieces)))


words = PieceTokens(WORD)  # a text's word and number tokens, case kept


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the comparable form of one lowercase word: its stem, folded through the synonyms."""
    stemmed = STEMMER.stemWord(word)
    return SYNONYMS.get(stemmed, stemmed)


SYNONYMS = {STEMMER.stemWord(w): group.split()[0] for group in SYNONYM_GROUPS for w in group.split()}


def _term(token: str) -> str | None:
    """Return the term for one word that is not part of a name, or None for a stop word."""
    if token[0].isdigit():
        return token.replace(",", "")
    lower = name_key(token)
    if lower in NUMBER_WORDS:
        return NUMBER_WORDS[lower]
    if lower in STOP_WORDS or len(lower) < 2:
        return None
    if token.isupper() and len(token) > 1:
        return lower  # an acronym: stemming would only blur it
    return stem(lower) if " " not in lower else lower.replace(" ", "_")


# Token shapes, as shapes() gives them.
OTHER, WORD_SHAPE, CONTENT_WORD, CAPITALIZED = 0, 1, 2, 3
_SHAPES: dict[str, int] = {}
_SHAPES_KEPT = 1 << 20  # distinct tokens remembered before the cache starts afresh


def _shape(token: str) -> int:
    first = token[0]
    if not first.isalpha():
        return OTHER
    if first.isupper():
        return CAPITALIZED
    if first.islower() and len(token) >= 4 and token.lower() not in STOP_WORDS:
        return CONTENT_WORD  # a long lowercase content word: no headline writes one
    return WORD_SHAPE


def shapes(tokens: list[str]) -> list[int]:
    """Return each token's shape: OTHER (no letter first), CAPITALIZED, CONTENT_WORD or WORD_SHAPE."""
    try:
        return list(map(_SHAPES.__getitem__, tokens))  # in C: almost every token was seen before
    except KeyError:
        if len(_SHAPES) > _SHAPES_KEPT:
            _SHAPES.clear()
        for token in tokens:
            _SHAPES[token] = _shape(token)
        return list(map(_SHAPES.__getitem__, tokens))


def is_title_case(tokens: list[str], shaped: list[int] | None = None) -> bool:
    """Tell whether a line is written in Title Case (a headline): no long lowercase content word."""
    shaped = shapes(tokens) if shaped is None else shaped
    return len(shaped) - shaped.count(OTHER) >= TITLE_CASE_MIN and CONTENT_WORD not in shaped


def _name_run(tokens: list[str], i: int) -> int:
    """Return how many capitalized words from `i` on form one unknown name ("Kim Jong Un"), or 0."""
    end = i
    while end < len(tokens) and tokens[end][0].isupper() and name_key(tokens[end]) not in NAME_BREAKS:
        end += 1
    return end - i if 2 <= end - i <= MAX_NAME_WORDS else 0


def _known(tokens: list[str], i: int, names: Gazetteer) -> tuple[int, str | None]:
    """Return the length and canonical form of the longest known name starting at token `i`."""
    if not names.may_start(tokens[i]):
        return 0, None
    for size in range(min(names.longest, len(tokens) - i), 0, -1):
        canonical = names.lookup(" ".join(tokens[i : i + size]))
        if canonical:
            return size, canonical
    return 0, None


@lru_cache(maxsize=1 << 16)  # one string per name, however often it comes up
def _name_term(name: str) -> str:
    return name_key(name).replace(" ", "_")


def _word_terms(token: str, names: Gazetteer) -> tuple[str, ...]:
    """Return the terms of one word outside a name: "Russia-DPRK", "military-technical": each part counts."""
    found = []
    for part in token.split("-"):
        canonical = names.lookup(part) if part and part[0].isupper() else None
        term = _name_term(canonical) if canonical else _term(part) if part else None
        if term:
            found.append(term)
    return tuple(found)


def _entries(tokens: list[str], names: Gazetteer) -> list[tuple[str, ...] | None]:
    """Return each token's own terms, or None for a capitalized token (it may start a name)."""
    cache = names.word_terms
    try:
        return list(map(cache.__getitem__, tokens))  # the common case: every word seen before
    except KeyError:
        if len(cache) > _SHAPES_KEPT:  # a long-lived process (serve) starts afresh now and then
            cache.clear()
            names.capital_terms.clear()
            names.starters.clear()
        for token in tokens:
            if token not in cache:
                cache[token] = None if token[0].isupper() else _word_terms(token, names)
        return list(map(cache.__getitem__, tokens))


def terms(text: str, names: Gazetteer) -> list[str]:
    """Return a text's content terms: names folded to one term each, other words stemmed."""
    return token_terms(words(text), names)


def token_terms(tokens: list[str], names: Gazetteer) -> list[str]:
    """Return the terms of a text's word tokens (as `words` gives them), as `terms` does."""
    entries = _entries(tokens, names)
    if None not in entries:  # no capitalized word, so no name: each word's terms as they are
        return list(chain.from_iterable(entries))  # type: ignore[arg-type]
    headline = None  # whether the text is a Title Case line, found out when first needed
    result: list[str] = []
    i, count = 0, len(tokens)
    while i < count:
        try:
            capital = entries.index(None, i)
        except ValueError:
            capital = count
        result.extend(chain.from_iterable(entries[i:capital]))  # type: ignore[arg-type]
        if capital == count:
            break
        i = capital
        # Most capitalized words start no known name: a quick test spares the lookups.
        size, canonical = _known(tokens, i, names) if names.may_start(tokens[i]) else (0, None)
        if canonical:
            result.append(_name_term(canonical))
            i += size
            continue
        # A run of capitalized words in prose is one name: "Kim Jong Un" is one term, not three.
        size = 0
        if i + 1 < count and entries[i + 1] is None:  # a run needs a second capitalized word
            if headline is None:
                headline = is_title_case(tokens)
            size = 0 if headline else _name_run(tokens, i)
        if size:
            result.append(sys.intern("_".join(_name_term(token) for token in tokens[i : i + size])))
            i += size
            continue
        found = names.capital_terms.get(tokens[i])
        if found is None:
            found = names.capital_terms[tokens[i]] = _word_terms(tokens[i], names)
        result.extend(found)
        i += 1
    return result
