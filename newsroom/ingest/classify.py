"""The line classifier for text dumps: every line gets a class and the name of the rule that decided it."""

from __future__ import annotations

import re

from newsroom.ingest import rules
from newsroom.ingest.blocks import drop_blocks
from newsroom.ingest.dates import parse_date_line
from newsroom.ingest.lines import (
    BLANK,
    BOILERPLATE,
    BYLINE,
    DATE,
    DEK,
    HEADING,
    ITEM,
    JOINED,
    PARAGRAPH,
    QUOTE,
    SEPARATOR,
    SOURCE,
    TEXT,
    TITLE,
    Line,
    is_prose,
    set_kind,
)
from newsroom.ingest.shape import shape_of
from newsroom.ingest.zones import main_text

TITLE_WINDOW = 30  # lines before the lead searched for the headline
BYLINE_MAX_WORDS = 14
# A byline names people ("By Jane Doe", "By jose de la Cruz"); "By the time we realised what was
# happening, ..." is a clause: few capitals and many function words.
BYLINE_NAME_SHARE, BYLINE_CLAUSE_SHARE = 0.6, 0.25
DEK_MAX_CHARS = 300
HEADING_MAX_WORDS = 15
RUN_REACH = 40  # a link run is judged on at most this many lines either side of a line
SPACES = re.compile(r"\s+")
LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(]+")
OPEN_QUOTES = "\"“«„"
CLOSE_QUOTES = "\"”»“"


def classify_lines(text: str) -> list[Line]:
    """Classify every line of a clean text dump."""
    lines = [_first_look(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]
    _join_wrapped(lines)
    drop_blocks(lines)
    start, end = main_text(lines)
    lead = _prelude(lines, start)
    _structure(lines, lead, end)
    return lines


def _first_look(number: int, raw: str) -> Line:
    """Decide what a line's own text settles: blanks, separators, rule matches, sources, items."""
    text = SPACES.sub(" ", raw).strip()
    line = Line(number, raw, text, shape_of(text))
    if not text:
        return set_kind(line, BLANK, "empty_line")
    if rules.SEPARATOR.match(text):
        return set_kind(line, SEPARATOR, "separator_line")
    marker = rules.LIST_MARKER.match(text)
    if marker:
        line.text = text[marker.end():]
        line.shape = shape_of(line.text)
        line.value = int(marker["number"]) if marker["number"] else None
    bare = LEADING_SYMBOLS.sub("", line.text)  # "✍️ This article is written by ..."
    for index, pattern in enumerate(rules.SOURCE_LINE):
        found = pattern.match(bare)
        if found and shape_of(found["value"]).words <= 8:
            line.value = found["value"].strip()
            return set_kind(line, SOURCE, "source_label" if index == 0 else "source_signature")
    for boiler in rules.LINE_RULES:
        if boiler.where == rules.ANYWHERE and boiler.matches(line.text, line.shape.words):
            line.block = boiler.starts_block
            return set_kind(line, BOILERPLATE, boiler.name)
    if marker:
        return set_kind(line, ITEM, "numbered_item" if marker["number"] else "list_marker")
    return line


def _join_wrapped(lines: list[Line]) -> None:
    """Join hard-wrapped prose: a line without a sentence ending, continued by a lower-case line."""
    head: Line | None = None
    for line in lines:
        follows = head is not None and line.kind == TEXT and line.text[:1].islower()
        if follows and head is not None and head.shape.terminal not in ".!?…:" and head.shape.words >= 5:
            head.text = f"{head.text} {line.text}"
            head.shape = shape_of(head.text)
            line.value = head.number
            set_kind(line, JOINED, f"continues_line_{head.number}")
            continue
        head = line if line.kind == TEXT else None


def _prelude(lines: list[Line], start: int) -> int:
    """Classify title, repeats, byline, date and dek before the lead; return the lead's index."""
    lead = next((i for i in range(start, len(lines)) if _leads(lines[i])), None)
    if lead is None:  # no sentence anywhere: the first undecided line leads
        lead = next((i for i in range(len(lines)) if lines[i].kind in (TEXT, ITEM)), len(lines))
    window = range(max(0, min(start, lead) - TITLE_WINDOW), lead)
    for i in window:
        _meta_line(lines[i])
    title = _choose_title(lines, window)
    if title is not None:
        set_kind(lines[title], TITLE, "first_headline")
        key = _key(lines[title].text)
        for other in lines:
            if other is not lines[title] and other.kind in (TEXT, ITEM) and _key(other.text) == key:
                set_kind(other, BOILERPLATE, "title_repeat")
        # Prose between the headline and the densest stretch is the article's start (a lead cut off
        # from the rest by a byline, share buttons or a "related" box).
        lead = next((i for i in range(title + 1, lead) if _leads(lines[i])), lead)
        lead = _dek(lines, title, lead)
    for i in range(0, lead):
        if lines[i].kind in (TEXT, ITEM):
            set_kind(lines[i], BOILERPLATE, "before_lead" if title is None or i > title else "before_title")
    return lead


def _leads(line: Line) -> bool:
    """True for a prose line that may open the article ("By Perry Bacon Jr." ends like one but is not)."""
    return is_prose(line) and _byline_value(line) is None


def _meta_line(line: Line) -> None:
    """Recognize a byline or a date line."""
    if line.kind != TEXT:
        return
    author = _byline_value(line)
    if author is not None:
        line.value = author
        set_kind(line, BYLINE, "byline")
        return
    stated = parse_date_line(line.text)
    if stated is not None:
        line.value = stated
        set_kind(line, DATE, "updated_date" if stated[1] else "date_line")


def _byline_value(line: Line) -> str | None:
    """The names of a byline ("By Jane Doe, Reuters"); None for a sentence that starts with "By"."""
    byline = rules.BYLINE.match(line.text)
    if byline is None or line.shape.words > BYLINE_MAX_WORDS:
        return None
    value = byline["value"].strip()
    names = shape_of(value)
    clause = names.title_share < BYLINE_NAME_SHARE and names.function_share >= BYLINE_CLAUSE_SHARE
    return None if clause else value


def _choose_title(lines: list[Line], window: range) -> int | None:
    """The first headline-shaped line before the lead; repeated or longer lines are preferred."""
    first_text = next((i for i, line in enumerate(lines) if line.kind not in (BLANK, SEPARATOR)), None)
    keys = [_key(lines[i].text) for i in window]
    best, best_strength = None, -1
    for offset, i in enumerate(window):
        line = lines[i]
        if line.kind != TEXT or not line.shape.headline:
            continue
        if line.shape.words < 3 and i != first_text:
            continue
        strength = (keys.count(keys[offset]) > 1) * 2 + (line.shape.words >= 4)
        if strength > best_strength:
            best, best_strength = i, strength
    return best


def _dek(lines: list[Line], title: int, lead: int) -> int:
    """Mark the standfirst right under the headline, if there is one; return the (new) lead index."""
    following = next((i for i in range(title + 1, len(lines)) if lines[i].kind in (TEXT, ITEM, BLANK)), None)
    if following is None or lines[following].kind != TEXT:
        return lead
    line = lines[following]
    if following < lead and line.shape.headline and line.shape.words >= 6:
        set_kind(line, DEK, "standfirst_under_headline")
        return lead
    if following == lead and line.shape.sentence and line.shape.chars <= DEK_MAX_CHARS:
        later = next((i for i in range(lead + 1, len(lines)) if is_prose(lines[i])), None)
        if later is not None and _sentences(line.text) <= 2:
            set_kind(line, DEK, "standfirst_under_headline")
            return later
    return lead


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?…](?:[\"'”’)]*)(?:\s|$)", text)) or 1


def _structure(lines: list[Line], lead: int, end: int) -> None:
    """Decide headings, list items, paragraphs and quotes inside the main text."""
    for i in range(lead, min(end, len(lines) - 1) + 1):
        line = lines[i]
        if line.kind == ITEM:
            continue
        if line.kind != TEXT:
            continue
        if (author := _byline_value(line)) is not None:
            line.value = author
            set_kind(line, BYLINE, "byline_in_text")
        elif parse_date_line(line.text) is not None:
            set_kind(line, BOILERPLATE, "date_line_in_text")
        elif line.shape.prose:
            _prose(line)
        elif _is_heading(lines, i, end):
            set_kind(line, HEADING, "section_line")
        elif _in_link_run(lines, i):
            set_kind(line, BOILERPLATE, "link_run")
        else:
            set_kind(line, PARAGRAPH, "short_line")
    for line in lines:
        if line.kind == TEXT:  # anything left outside the main text
            set_kind(line, BOILERPLATE, "outside_main_text")


def _prose(line: Line) -> None:
    """A prose line: strip a glued outlet attribution, then split a section lead-in or call it a quote."""
    glued = rules.ATTRIBUTION.match(line.text)
    if glued:
        line.text = line.text[glued.end():]
    section = rules.SECTION_LEAD_IN.match(line.text)
    if (section and _is_section_head(section["head"]) and shape_of(section["rest"]).words >= 6
            and not rules.BYLINE.match(section["head"])):
        line.value = section["head"]
        set_kind(line, HEADING, "section_lead_in")
    elif _is_pull_quote(line.text):
        set_kind(line, QUOTE, "quoted_line")
    else:
        set_kind(line, PARAGRAPH, "attribution_removed" if glued else "prose")


def _is_section_head(head: str) -> bool:
    """True for a short Title Case phrase such as "Historical Context of Relations"."""
    shape = shape_of(head)
    return 2 <= shape.words <= 8 and shape.title_share >= 0.99 and not any(c.isdigit() for c in head[:1])


def _is_pull_quote(text: str) -> bool:
    """True when the whole line is one quotation."""
    if len(text) < 3 or text[0] not in OPEN_QUOTES:
        return False
    body = text.rstrip(".")
    inner = body[1:-1]
    return body[-1] in CLOSE_QUOTES and not any(q in inner for q in CLOSE_QUOTES if q != "“")


def _neighbour(lines: list[Line], i: int, step: int, end: int) -> Line | None:
    """The nearest non-blank line before (step -1) or after (step 1), within the main text."""
    j = i + step
    while 0 <= j <= end and j < len(lines):
        if lines[j].kind not in (BLANK, SEPARATOR):
            return lines[j]
        j += step
    return None


def _is_heading(lines: list[Line], i: int, end: int) -> bool:
    """A short headline-shaped line that opens text: prose or a list follows, no short line precedes."""
    line = lines[i]
    if not line.shape.headline or line.shape.words > HEADING_MAX_WORDS or line.shape.terminal == ":":
        return False
    after = _neighbour(lines, i, 1, end)
    before = _neighbour(lines, i, -1, end)
    opens_text = after is not None and (after.kind == ITEM or is_prose(after) or after.kind == HEADING)
    after_short = before is not None and before.kind in (TEXT, PARAGRAPH) and not before.shape.prose
    return opens_text and not after_short


def _in_link_run(lines: list[Line], i: int) -> bool:
    """True when the line sits in a run of three or more short Title Case lines (a menu or link list)."""
    run = [i]
    for step in (-1, 1):
        j = i + step
        # Looked at no further than RUN_REACH lines each way: a scan to each run's end made a dump
        # of 20,000 short lines take minutes (every line read its whole run again).
        while 0 <= j < len(lines) and abs(j - i) <= RUN_REACH \
                and lines[j].kind in (TEXT, BOILERPLATE, PARAGRAPH) and not lines[j].shape.prose:
            run.append(j)
            j += step
    if len(run) < 3:
        return False
    linky = sum(1 for j in run if lines[j].shape.title_share >= 0.7 or lines[j].shape.words <= 3)
    return linky >= 0.7 * len(run)


def _key(text: str) -> str:
    """Comparison key for repeated lines: case and spacing ignored."""
    return SPACES.sub(" ", text).strip().casefold()
