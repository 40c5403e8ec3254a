"""Escape source text for Markdown, minimally: only where Markdown would misread it."""

from __future__ import annotations

import re

# Inline: a backslash before punctuation, emphasis markers that touch a word, code ticks,
# link brackets that a later "](", "][" or "]:" may close, HTML tags and entities.
BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
STAR = re.compile(r"\*(?=\S)|(?<=\S)\*")
UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # at a word boundary, not inside snake_case
TICK = re.compile(r"`")
ANGLE = re.compile(r"<")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Block starts: headings, quotes, list markers, fences, definition lists. (Blocks are always
# separated by blank lines, so setext underlines and table rows cannot form.)
LINE_START = re.compile(r"^(?P<lead>#|>|[-+*](?=\s|$)|~~~|:(?=\s))")
ORDERED = re.compile(r"^(?P<num>\d{1,9})(?P<mark>[.)])(?=\s|$)")
TRAILING_HASHES = re.compile(r"(\s)(#+)\s*$")


def escape_inline(text: str) -> str:
    """Escape characters that would start inline Markdown or HTML inside a line."""
    text = BACKSLASH.sub(r"\\\\", text)
    text = TICK.sub(r"\\`", text)
    text = STAR.sub(r"\\*", text)
    text = UNDERSCORE.sub(r"\\_", text)
    text = _escape_link_openers(text)
    text = ENTITY.sub("&amp;", text)
    return ANGLE.sub("&lt;", text)


def _escape_link_openers(text: str) -> str:
    """Escape every `[` before the last `](`, `][` or `]:`: any of them may open a link, an image or a
    reference, even around nested brackets ("[a [b] c](url)"). One pass, where a search from each
    `[` for its `]` took quadratic time on text full of brackets."""
    last = max(text.rfind("]("), text.rfind("]["), text.rfind("]:"))
    return text[:last].replace("[", "\\[") + text[last:] if last > 0 else text


def escape_line(text: str) -> str:
    """Escape a whole line of text, including what would start a block at the line's beginning."""
    text = escape_inline(text)
    ordered = ORDERED.match(text)
    if ordered:
        return f"{ordered['num']}\\{ordered['mark']}{text[ordered.end():]}"
    lead = LINE_START.match(text)
    if lead:
        first = lead["lead"]
        if first in (":", "~~~"):  # neither is a Markdown escape; a character reference is
            return f"&#{ord(first[0])};" + text[1:]
        return "\\" + text
    return text


def escape_heading(text: str) -> str:
    """Escape heading text; trailing '#' would be read as the heading's closing marks."""
    return TRAILING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), escape_line(text))
