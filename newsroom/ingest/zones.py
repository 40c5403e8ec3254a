"""Where the article's main text is: the stretch with most prose and least page furniture, ended by
the first cluster of furniture that closes it, with edge-only boilerplate peeled off both ends."""

from __future__ import annotations

from newsroom.ingest import rules
from newsroom.ingest.lines import BLANK, BOILERPLATE, ITEM, SEPARATOR, SOURCE, TEXT, Line, is_prose, set_kind

# Scores of the main-text search: prose earns its word count, page furniture costs.
RULE_COST = -6
SHORT_COST = -2
ITEM_GAIN = 1
# A closing cluster: a run of lines without prose holding CLUSTER_RULES rule matches (of two rules or
# more), or one rule match among CLUSTER_LINES short lines (CLUSTER_SHORT_WORDS words at most).
CLUSTER_RULES, CLUSTER_LINES, CLUSTER_SHORT_WORDS = 3, 5, 6
CLUSTER_AFTER_WORDS = 120  # prose words the article must have before a cluster can close it
FIRST_LOOK_RULES = frozenset(r.name for r in rules.LINE_RULES)
# Furniture that also sits inside the text (ads between paragraphs, photo credits under pictures) and so
# does not mark the end of the article among short lines that might be the article's own (a recipe's).
INLINE_RULES = frozenset({"advertising", "photo_credit", "video_label"})


def score(line: Line) -> int:
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


def main_text(lines: list[Line]) -> tuple[int, int]:
    """Find the stretch of lines with the most prose and least furniture (maximum-sum run).

    Returns indexes of its first and last line; the whole dump when it has no prose at all.
    """
    best, best_span = 0, (0, len(lines) - 1)
    run, run_start = 0, 0
    for index, line in enumerate(lines):
        if run <= 0:
            run, run_start = 0, index
        run += score(line)
        if run > best:
            best, best_span = run, (run_start, index)
    start, end = _peel_edges(lines, best_span[0], _closing_cluster(lines, *best_span))
    for line in lines[end + 1:]:
        if line.kind in (TEXT, ITEM):
            set_kind(line, BOILERPLATE, "after_main_text")
    return start, end


def _closing_cluster(lines: list[Line], start: int, end: int) -> int:
    """Where the article ends: before the first cluster of page furniture that closes most of the text.

    Share bars, "related" headers, newsletter boxes and comment counters come in clusters after the
    story, and teasers of other stories (prose too) follow them. The text ends at a cluster when at
    least CLUSTER_AFTER_WORDS words of prose precede it and what precedes outweighs what follows.
    """
    scores = [score(line) for line in lines[start:end + 1]]
    total, before, prose = sum(scores), 0, 0
    i = start
    while i <= end:
        if is_prose(lines[i]):
            before, prose, i = before + scores[i - start], prose + lines[i].shape.words, i + 1
            continue
        j = next((k for k in range(i, end + 1) if is_prose(lines[k])), end + 1)  # a run without prose
        furniture = sum(scores[i - start:j - start])
        if _is_cluster(lines[i:j]) and prose >= CLUSTER_AFTER_WORDS and before >= total - before - furniture:
            return i - 1
        before, i = before + furniture, j
    return end


def _is_cluster(run: list[Line]) -> bool:
    """True for a run of lines that holds CLUSTER_RULES rule matches of two rules or more, or one rule
    match among CLUSTER_LINES short lines."""
    matched = [line.reason for line in run if line.kind == BOILERPLATE and line.reason in FIRST_LOOK_RULES]
    short = sum(1 for line in run if line.kind == TEXT and line.shape.words <= CLUSTER_SHORT_WORDS)
    closing = [reason for reason in matched if reason not in INLINE_RULES]
    return ((len(matched) >= CLUSTER_RULES and len(set(matched)) >= 2)
            or (len(closing) >= 1 and len(matched) + short >= CLUSTER_LINES))


def _peel_edges(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """Remove edge-only boilerplate (author notes, privacy links) from both ends of the main text."""
    def edge_rule(line: Line) -> str | None:
        return next((r.name for r in rules.LINE_RULES
                     if r.where == rules.EDGE and r.matches(line.text, line.shape.words)), None)

    for step, index in ((1, start), (-1, end)):
        while start <= index <= end:
            line = lines[index]
            if line.kind in (TEXT, ITEM) and (name := edge_rule(line)) is not None:
                set_kind(line, BOILERPLATE, name)
            elif line.kind not in (BLANK, SEPARATOR, BOILERPLATE, SOURCE):
                break
            index += step
        if step == 1:
            start = index
        else:
            end = index
    return start, end
