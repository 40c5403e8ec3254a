"""Boilerplate lines that start a block: the teaser links after "Related", the note under "About the
author", the title under a video label, and everything after a comment section's header."""

from __future__ import annotations

from newsroom.ingest.lines import BLANK, BOILERPLATE, ITEM, SEPARATOR, SOURCE, TEXT, Line, is_prose, set_kind

SPACED_SHARE = 0.6  # share of prose lines followed by a blank line in a dump that spaces its paragraphs
NOTE_LINES = 3  # lines a note under "About the author" may have
TAIL_AFTER_WORDS = 300  # prose words after which a comment section ends the page, however long it is


def drop_blocks(lines: list[Line]) -> None:
    """Extend block-starting boilerplate: the teaser links after "related posts", the note under "About
    the author", the title under a video label, everything after a comment section's header."""
    total = sum(line.shape.words for line in lines if is_prose(line))
    before, spaced = 0, _paragraphs_spaced(lines)
    for index, line in enumerate(lines):
        if is_prose(line):
            before += line.shape.words
        if line.kind != BOILERPLATE or not line.block:
            continue
        if line.block == "tail" and before > 0 and (before >= total - before or before >= TAIL_AFTER_WORDS):
            for later in lines[index + 1:]:
                if later.kind not in (BLANK, SOURCE):
                    set_kind(later, BOILERPLATE, "after_comments")
        elif line.block == "links":
            _drop_links_after(lines, index, line.reason, spaced, before > 0)
        elif line.block == "note":
            _drop_note_after(lines, index, line.reason)
        elif line.block == "caption" and before > 0:  # a player above the headline has no caption here
            _drop_caption_after(lines, index, line.reason)


def _drop_caption_after(lines: list[Line], index: int, reason: str) -> None:
    """Mark the title under a video label: the next line, when it is a short line and not prose."""
    later = next((line for line in lines[index + 1:] if line.kind not in (BLANK, SEPARATOR)), None)
    if later is not None and later.kind == TEXT and not later.shape.prose:
        set_kind(later, BOILERPLATE, f"{reason}_caption")


def _drop_note_after(lines: list[Line], index: int, reason: str) -> None:
    """Mark the short note under a header such as "About the author": one paragraph of prose and the
    short lines around it, NOTE_LINES lines at most."""
    taken, prose = 0, 0
    for later in lines[index + 1:]:
        if later.kind in (BLANK, SEPARATOR):
            continue
        prose += int(is_prose(later))
        if later.kind not in (TEXT, ITEM) or taken == NOTE_LINES or prose > 1:
            return
        set_kind(later, BOILERPLATE, f"{reason}_note")
        taken += 1


def _drop_links_after(lines: list[Line], index: int, reason: str, spaced: bool, in_text: bool) -> None:
    """Mark the link-like lines following a "related posts" header as part of it.

    In a dump whose paragraphs are set apart by blank lines (spaced), lines that follow one another
    without a blank line are the items of one list: after the article has begun (in_text), the list
    goes on through teaser sentences too; before it (a menu), the list ends at the first blank line,
    so that the headline under the menu stays.
    """
    adjacent, taken = True, False
    for later in lines[index + 1:]:
        if later.kind in (BLANK, SEPARATOR):
            if later.kind == BLANK and spaced and not in_text and taken:
                return
            adjacent = adjacent and later.kind == SEPARATOR
            continue
        if later.kind == BOILERPLATE:
            continue
        long_prose = later.shape.prose and later.shape.words >= 10
        if later.kind not in (TEXT, ITEM) or (long_prose and not (spaced and in_text and adjacent)):
            return
        set_kind(later, BOILERPLATE, f"{reason}_link")
        adjacent = taken = True


def _paragraphs_spaced(lines: list[Line]) -> bool:
    """True when most prose lines of the dump are followed by a blank line (paragraphs set apart)."""
    prose = [i for i, line in enumerate(lines) if is_prose(line)]
    spaced = sum(1 for i in prose if i + 1 < len(lines) and lines[i + 1].kind == BLANK)
    return bool(prose) and spaced >= SPACED_SHARE * len(prose)
