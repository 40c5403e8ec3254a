"""Python-Markdown's link and image patterns in linear time on text full of unclosed brackets.

For each `[` Python-Markdown looks for the `]` that closes it by reading on to the end of the text when
there is none: quadratic time. A paragraph of 8,000 `[` from a web page took 11 s to render. Whether a
`[` is closed depends only on the text after it, so the first `[` found unclosed makes a table of the
text that answers for every later `[` whose text from there on is the same: in a text of many links
and stray `[`, Python-Markdown replaces each link it finds, but never the text after it.
"""

from __future__ import annotations

from itertools import accumulate

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

# The stock patterns this replaces, with their names and priorities (as markdown.inlinepatterns has them).
PATTERNS = {
    "reference": (ReferenceInlineProcessor, 170),
    "link": (LinkInlineProcessor, 160),
    "image_link": (ImageInlineProcessor, 150),
    "image_reference": (ImageReferenceInlineProcessor, 140),
    "short_reference": (ShortReferenceInlineProcessor, 130),
    "short_image_ref": (ShortImageReferenceInlineProcessor, 125),
}

_DEPTH = {"[": 1, "]": -1}


class Unclosed:
    """Which `[` of a text no `]` closes, from the text's bracket depths."""

    def __init__(self, text: str) -> None:
        self.text = text
        # depth[i]: opened minus closed brackets in text[:i]; lowest[i]: the least depth from i on.
        self.depth = [0, *accumulate(_DEPTH.get(c, 0) for c in text)]
        self.lowest = list(accumulate(reversed(self.depth), min))[::-1]

    def after(self, data: str, index: int) -> bool | None:
        """Tell whether the `[` just before data[index] stays unclosed (the depth never falls below its
        own from there on); None when data[index:] is not how this text ends."""
        start = len(self.text) - (len(data) - index)
        if start < 0 or not self.text.endswith(data[index:]):  # compared in C: no loop over characters
            return None
        return self.lowest[start] >= self.depth[start]


class LinearText:
    """getText of the link patterns, telling an unclosed `[` without reading to the end of the text."""

    _unclosed: Unclosed | None = None

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - the stock name
        unclosed = self._unclosed.after(data, index) if self._unclosed else None
        if unclosed:
            return data[index:], len(data), False  # what reading to the end gives
        found = super().getText(data, index)  # type: ignore[misc]
        if unclosed is None and not found[2]:  # read to the end: make the table for the next `[`
            self._unclosed = Unclosed(data)
        return found


class LinearBrackets(Extension):
    """Register the link and image patterns with LinearText's getText in place of the stock ones."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - the name Python-Markdown calls
        for name, (stock, priority) in PATTERNS.items():
            pattern = md.inlinePatterns[name]
            if type(pattern) is not stock:
                raise TypeError(f"Python-Markdown's '{name}' pattern is a {type(pattern).__name__}")
            linear = type(f"Linear{stock.__name__}", (LinearText, stock), {})
            md.inlinePatterns.register(linear(pattern.pattern, md), name, priority)
