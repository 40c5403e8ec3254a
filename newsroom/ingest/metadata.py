"""Article metadata: title (given or derived from the lead), dek, source, author, date, summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsroom.ingest import lines as c
from newsroom.ingest import rules
from newsroom.ingest.markdown_body import Block
from newsroom.ingest.rules import FUNCTION_WORDS
from newsroom.ingest.shape import shape_of

TITLE_MAX = 100
SUMMARY_MAX = 300
# Where a long first sentence may be cut for a title: after a clause, never inside "June 19, 2024".
CLAUSE_BREAK = re.compile(r"(?<!\d)[,;:](?=\s)|\s[—–-](?=\s)|\s(?=\()")
# Weaker breaks: before a conjunction, relative pronoun or preposition that opens a phrase.
PHRASE_BREAK = re.compile(r"\s(?=(?:and|but|or|as|while|which|that|who|where|when|because|after|before|amid|"
                          r"with|without|on|in|at|for|to|from|by|over|under|during|despite|following)\s)")
MIN_CUT = 40
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])(?P<closers>[\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
DANGLING = " \t,;:—–-([{\"'“‘/&"
JOB_WORDS = re.compile(r"\b(?:correspondent|reporter|editor|writer|staff|contributor|columnist|analyst|"
                       r"producer|journalist|chief|senior|bureau|desk|intern|photographer)\b", re.IGNORECASE)
# Common abbreviations whose period does not end a sentence.
ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Corp|Ltd|Co|"
                           r"U\.S|U\.K|U\.N|N|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


@dataclass(frozen=True)
class Article:
    """What the dump says, before it becomes a record: metadata found and the body blocks."""

    title: str | None
    dek: str | None
    source: str | None
    author: str | None
    published: date | None
    blocks: tuple[Block, ...]
    source_url: str | None = None
    language: str = "en"


def article_from_lines(lines: Sequence[c.Line]) -> Article:
    """Gather title, dek, source, author, date and body blocks from classified lines."""
    def first(kind: str) -> c.Line | None:
        return next((line for line in lines if line.kind == kind), None)

    title, dek, source = first(c.TITLE), first(c.DEK), first(c.SOURCE)
    author, outlet = _byline(first(c.BYLINE))
    published = next((line.value[0] for line in lines if line.kind == c.DATE and not line.value[1]), None)
    return Article(
        title=title.text if title else None,
        dek=dek.text if dek else None,
        source=str(source.value) if source else outlet,
        author=author,
        published=published,
        blocks=tuple(block for line in lines for block in _blocks(line)),
    )


def _blocks(line: c.Line) -> list[Block]:
    """The body blocks one classified line contributes."""
    if line.reason == "section_lead_in":
        head = str(line.value)
        return [Block(c.HEADING, head), Block(c.PARAGRAPH, line.text[len(head) + 1:].strip())]
    if line.kind == c.ITEM:
        return [Block(c.ITEM, line.text, line.value if isinstance(line.value, int) else None)]
    if line.kind in c.BODY_KINDS:
        return [Block(line.kind, line.text)]
    return []


def _byline(line: c.Line | None) -> tuple[str | None, str | None]:
    """Split "Jane Doe, Reuters" into the author and, when it is not a job title, the outlet."""
    if line is None:
        return None, None
    parts = [p.strip() for p in rules.BYLINE_OUTLET.split(str(line.value)) if p.strip()]
    if not parts:
        return None, None
    author = parts[0]
    outlet = parts[1] if len(parts) > 1 and not JOB_WORDS.search(parts[1]) else None
    if outlet is not None and shape_of(outlet).words > 5:
        outlet = None
    return author, outlet


def lead_text(blocks: Sequence[Block]) -> str:
    """The first paragraph of the body (or its first block of any kind)."""
    paragraph = next((b.text for b in blocks if b.kind == c.PARAGRAPH), None)
    return paragraph if paragraph is not None else (blocks[0].text if blocks else "")


def sentences(text: str) -> list[str]:
    """Split text into sentences, not breaking after common abbreviations."""
    pieces: list[str] = []
    start = 0
    for found in SENTENCE_BREAK.finditer(text):
        candidate = text[start:found.start() + len(found["closers"])].strip()
        if ABBREVIATIONS.search(candidate.rstrip("\"'”’)")):
            continue
        pieces.append(candidate)
        start = found.end()
    rest = text[start:].strip()
    return [p for p in pieces + [rest] if p]


def derive_title(lead: str) -> str:
    """A title made from the lead: its first sentence, or its first clauses, in whole words."""
    first = sentences(lead)[0] if lead.strip() else ""
    first = first.rstrip(".!…").strip()
    if len(first) <= TITLE_MAX:
        return _tidy(first, cut=False)
    for pattern in (CLAUSE_BREAK, PHRASE_BREAK):
        breaks = [m.start() for m in pattern.finditer(first)
                  if MIN_CUT <= m.start() <= TITLE_MAX and _outside_brackets(first, m.start())]
        if breaks:
            return _tidy(first[:breaks[-1]])
    return _tidy(_whole_words(first, TITLE_MAX))


def _outside_brackets(text: str, position: int) -> bool:
    """True when position is not inside parentheses or brackets."""
    head = text[:position]
    return head.count("(") <= head.count(")") and head.count("[") <= head.count("]")


def _whole_words(text: str, limit: int) -> str:
    """The longest run of whole words of text within limit characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    return cut[:cut.rfind(" ")] if " " in cut else text[:limit]


def _tidy(text: str, cut: bool = True) -> str:
    """Remove dangling punctuation, unbalanced brackets or quotes, and (after a cut) dangling small words."""
    text = text.strip().rstrip(DANGLING).strip()
    words = text.split()
    while cut and len(words) > 3 and words[-1].lower() in FUNCTION_WORDS:  # "... signed a" -> "... signed"
        words.pop()
    text = " ".join(words).rstrip(DANGLING).strip()
    for opener, closer in (("(", ")"), ("“", "”"), ("[", "]")):
        if text.count(opener) > text.count(closer):
            text = text[:text.rfind(opener)].rstrip(DANGLING).strip()
    if text.count('"') % 2:
        text = text[:text.rfind('"')].rstrip(DANGLING).strip()
    return text


def summarize(dek: str | None, blocks: Sequence[Block]) -> str:
    """The dek, else the lead's first sentences, at most 300 characters (whole words)."""
    if dek:
        return _whole_words(dek, SUMMARY_MAX) if len(dek) > SUMMARY_MAX else dek
    summary = ""
    for sentence in sentences(lead_text(blocks)):
        joined = f"{summary} {sentence}".strip()
        if len(joined) > SUMMARY_MAX:
            break
        summary = joined
    if not summary:
        lead = " ".join(lead_text(blocks).split())
        summary = lead
        if len(lead) > SUMMARY_MAX:  # one sentence too long: whole words and an ellipsis
            summary = _whole_words(lead, SUMMARY_MAX - 1).rstrip(DANGLING) + "…"
    return summary
