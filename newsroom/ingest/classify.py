"""The line classifier for text dumps: every line gets a class and the name of the rule that decided it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom.ingest import rules
from newsroom.ingest.dates import parse_date_line
from newsroom.ingest.shape import Shape, shape_of

# Classes a line can have.
BLANK, SEPARATOR, BOILERPLATE = "blank", "separator", "boilerplate"
TITLE, DEK, SOURCE, BYLINE, DATE = "title", "dek", "source", "byline", "date"
HEADING, ITEM, PARAGRAPH, QUOTE = "heading", "item", "paragraph", "quote"
JOINED = "joined"  # the continuation of a hard-wrapped line, joined to the line before
TEXT = "text"  # not decided yet (never left after classify_lines)
BODY_KINDS = (HEADING, ITEM, PARAGRAPH, QUOTE)

# Scores of the main-text search: prose earns its word count, page furniture costs.
RULE_COST = -6
SHORT_COST = -2
ITEM_GAIN = 1
TITLE_WINDOW = 30  # lines before the lead searched for the headline
DEK_MAX_CHARS = 300
HEADING_MAX_WORDS = 15
SPACES = re.compile(r"\s+")
LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(]+")
OPEN_QUOTES = "\"“«„"
CLOSE_QUOTES = "\"”»“"


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
    block: str | None = None  # "links" or "tail" for a boilerplate line that starts a block


def classify_lines(text: str) -> list[Line]:
    """Classify every line of a clean text dump."""
    lines = [_first_look(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]
    _join_wrapped(lines)
    _drop_blocks(lines)
    start, end = _main_text(lines)
    lead = _prelude(lines, start)
    _structure(lines, lead, end)
    return lines


def _first_look(number: int, raw: str) -> Line:
    """Decide what a line's own text settles: blanks, separators, rule matches, sources, items."""
    text = SPACES.sub(" ", raw).strip()
    line = Line(number, raw, text, shape_of(text))
    if not text:
        return _set(line, BLANK, "empty_line")
    if rules.SEPARATOR.match(text):
        return _set(line, SEPARATOR, "separator_line")
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
            return _set(line, SOURCE, "source_label" if index == 0 else "source_signature")
    for boiler in rules.LINE_RULES:
        if boiler.where == rules.ANYWHERE and boiler.matches(line.text, line.shape.words):
            line.block = boiler.starts_block
            return _set(line, BOILERPLATE, boiler.name)
    if marker:
        return _set(line, ITEM, "numbered_item" if marker["number"] else "list_marker")
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
            _set(line, JOINED, f"continues_line_{head.number}")
            continue
        head = line if line.kind == TEXT else None


def _set(line: Line, kind: str, reason: str) -> Line:
    line.kind, line.reason = kind, reason
    return line


def _drop_blocks(lines: list[Line]) -> None:
    """Extend block-starting boilerplate: teaser links after "related posts", all after comments."""
    total = sum(line.shape.words for line in lines if _is_prose(line))
    before = 0
    for index, line in enumerate(lines):
        if _is_prose(line):
            before += line.shape.words
        if line.kind != BOILERPLATE or not line.block:
            continue
        if line.block == "tail" and before >= total - before and before > 0:
            for later in lines[index + 1:]:
                if later.kind not in (BLANK, SOURCE):
                    _set(later, BOILERPLATE, "after_comments")
        elif line.block == "links":
            _drop_links_after(lines, index, line.reason)


def _drop_links_after(lines: list[Line], index: int, reason: str) -> None:
    """Mark the link-like lines following a "related posts" header as part of it."""
    for later in lines[index + 1:]:
        if later.kind in (BLANK, SEPARATOR):
            continue
        if later.kind == BOILERPLATE:
            continue
        if later.kind not in (TEXT, ITEM) or (later.shape.prose and later.shape.words >= 10):
            return
        _set(later, BOILERPLATE, f"{reason}_link")


def _is_prose(line: Line) -> bool:
    return line.kind in (TEXT, ITEM) and line.shape.prose


def _score(line: Line) -> int:
    """How much a line speaks for being inside the article's main text."""
    if line.kind == BOILERPLATE:
        return RULE_COST
    if line.kind in (TEXT, ITEM) and line.shape.prose:
        return line.shape.words
    if line.kind == ITEM:
        return ITEM_GAIN
    if line.kind == TEXT:
        return SHORT_COST
    return 0


def _main_text(lines: list[Line]) -> tuple[int, int]:
    """Find the stretch of lines with the most prose and least furniture (maximum-sum run).

    Returns indexes of its first and last line; the whole dump when it has no prose at all.
    """
    best, best_span = 0, (0, len(lines) - 1)
    run, run_start = 0, 0
    for index, line in enumerate(lines):
        if run <= 0:
            run, run_start = 0, index
        run += _score(line)
        if run > best:
            best, best_span = run, (run_start, index)
    start, end = _peel_edges(lines, *best_span)
    for line in lines[end + 1:]:
        if line.kind in (TEXT, ITEM):
            _set(line, BOILERPLATE, "after_main_text")
    return start, end


def _peel_edges(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """Remove edge-only boilerplate (author notes, privacy links) from both ends of the main text."""
    def edge_rule(line: Line) -> str | None:
        return next((r.name for r in rules.LINE_RULES
                     if r.where == rules.EDGE and r.matches(line.text, line.shape.words)), None)

    for step, index in ((1, start), (-1, end)):
        while start <= index <= end:
            line = lines[index]
            if line.kind in (TEXT, ITEM) and (name := edge_rule(line)) is not None:
                _set(line, BOILERPLATE, name)
            elif line.kind not in (BLANK, SEPARATOR, BOILERPLATE, SOURCE):
                break
            index += step
        if step == 1:
            start = index
        else:
            end = index
    return start, end


def _prelude(lines: list[Line], start: int) -> int:
    """Classify title, repeats, byline, date and dek before the lead; return the lead's index."""
    lead = next((i for i in range(start, len(lines)) if _is_prose(lines[i])), None)
    if lead is None:  # no sentence anywhere: the first undecided line leads
        lead = next((i for i in range(len(lines)) if lines[i].kind in (TEXT, ITEM)), len(lines))
    window = range(max(0, min(start, lead) - TITLE_WINDOW), lead)
    for i in window:
        _meta_line(lines[i])
    title = _choose_title(lines, window)
    if title is not None:
        _set(lines[title], TITLE, "first_headline")
        key = _key(lines[title].text)
        for other in lines:
            if other is not lines[title] and other.kind in (TEXT, ITEM) and _key(other.text) == key:
                _set(other, BOILERPLATE, "title_repeat")
        # Prose between the headline and the densest stretch is the article's start (a lead cut off
        # from the rest by a byline, share buttons or a "related" box).
        lead = next((i for i in range(title + 1, lead) if _is_prose(lines[i])), lead)
        lead = _dek(lines, title, lead)
    for i in range(0, lead):
        if lines[i].kind in (TEXT, ITEM):
            _set(lines[i], BOILERPLATE, "before_lead" if title is None or i > title else "before_title")
    return lead


def _meta_line(line: Line) -> None:
    """Recognize a byline or a date line."""
    if line.kind != TEXT:
        return
    byline = rules.BYLINE.match(line.text)
    if byline and line.shape.words <= 14:
        line.value = byline["value"].strip()
        _set(line, BYLINE, "byline")
        return
    stated = parse_date_line(line.text)
    if stated is not None:
        line.value = stated
        _set(line, DATE, "updated_date" if stated[1] else "date_line")


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
        _set(line, DEK, "standfirst_under_headline")
        return lead
    if following == lead and line.shape.sentence and line.shape.chars <= DEK_MAX_CHARS:
        later = next((i for i in range(lead + 1, len(lines)) if _is_prose(lines[i])), None)
        if later is not None and _sentences(line.text) <= 2:
            _set(line, DEK, "standfirst_under_headline")
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
        if rules.BYLINE.match(line.text) and line.shape.words <= 14:
            line.value = rules.BYLINE.match(line.text)["value"].strip()  # type: ignore[index]
            _set(line, BYLINE, "byline_in_text")
        elif parse_date_line(line.text) is not None:
            _set(line, BOILERPLATE, "date_line_in_text")
        elif line.shape.prose:
            _prose(line)
        elif _is_heading(lines, i, end):
            _set(line, HEADING, "section_line")
        elif _in_link_run(lines, i):
            _set(line, BOILERPLATE, "link_run")
        else:
            _set(line, PARAGRAPH, "short_line")
    for line in lines:
        if line.kind == TEXT:  # anything left outside the main text
            _set(line, BOILERPLATE, "outside_main_text")


def _prose(line: Line) -> None:
    """A prose line: strip a glued outlet attribution, then split a section lead-in or call it a quote."""
    glued = rules.ATTRIBUTION.match(line.text)
    if glued:
        line.text = line.text[glued.end():]
    section = rules.SECTION_LEAD_IN.match(line.text)
    if section and _is_section_head(section["head"]) and shape_of(section["rest"]).words >= 6:
        line.value = section["head"]
        _set(line, HEADING, "section_lead_in")
    elif _is_pull_quote(line.text):
        _set(line, QUOTE, "quoted_line")
    else:
        _set(line, PARAGRAPH, "attribution_removed" if glued else "prose")


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
    opens_text = after is not None and (after.kind == ITEM or _is_prose(after) or after.kind == HEADING)
    after_short = before is not None and before.kind in (TEXT, PARAGRAPH) and not before.shape.prose
    return opens_text and not after_short


def _in_link_run(lines: list[Line], i: int) -> bool:
    """True when the line sits in a run of three or more short Title Case lines (a menu or link list)."""
    run = [i]
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and lines[j].kind in (TEXT, BOILERPLATE, PARAGRAPH) \
                and not lines[j].shape.prose and lines[j].kind != BLANK:
            run.append(j)
            j += step
    if len(run) < 3:
        return False
    linky = sum(1 for j in run if lines[j].shape.title_share >= 0.7 or lines[j].shape.words <= 3)
    return linky >= 0.7 * len(run)


def _key(text: str) -> str:
    """Comparison key for repeated lines: case and spacing ignored."""
    return SPACES.sub(" ", text).strip().casefold()
