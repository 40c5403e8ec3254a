"""A line of a text dump, the classes it can have, and the decision made about it."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.ingest.shape import Shape

# Classes a line can have.
BLANK, SEPARATOR, BOILERPLATE = "blank", "separator", "boilerplate"
TITLE, DEK, SOURCE, BYLINE, DATE = "title", "dek", "source", "byline", "date"
HEADING, ITEM, PARAGRAPH, QUOTE = "heading", "item", "paragraph", "quote"
JOINED = "joined"  # the continuation of a hard-wrapped line, joined to the line before
TEXT = "text"  # not decided yet (never left after classify_lines)
BODY_KINDS = (HEADING, ITEM, PARAGRAPH, QUOTE)


@dataclass
class Line:
    """One raw line and the decision about it (mutable only while classifying)."""

    number: int  # 1-based line number in the raw file
    raw: str
    text: str  # the cleaned text that ends up in the record (markers and glued outlets removed)
    shape: Shape
    kind: str = TEXT
    reason: str = ""
    value: object = None  # metadata value (source name, author, date) or a section's heading text
    block: str | None = None  # for a boilerplate line that starts a block: see rules.LineRule


def set_kind(line: Line, kind: str, reason: str) -> Line:
    """Record the class of a line and the rule that decided it."""
    line.kind, line.reason = kind, reason
    return line


def is_prose(line: Line) -> bool:
    """True for an undecided line or list item that reads as running text."""
    return line.kind in (TEXT, ITEM) and line.shape.prose
