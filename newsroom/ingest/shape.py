"""Shape features of one line of text: length, sentence ending, capitalization, function words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom.ingest.rules import FUNCTION_WORDS, MINOR_WORDS

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
CLOSERS = "\"'”’»)]*"
SENTENCE_END = ".!?…"


@dataclass(frozen=True)
class Shape:
    """What a line looks like, independent of what it says."""

    words: int
    chars: int
    terminal: str  # last character that is not a closing quote or bracket ("" for none)
    function_share: float  # share of words that are function words (high in prose)
    title_share: float  # share of content words that start with a capital letter or digit

    @property
    def sentence(self) -> bool:
        """True when the line ends like a sentence."""
        return self.terminal in SENTENCE_END and self.terminal != "" and self.words >= 3

    @property
    def prose(self) -> bool:
        """True for running text: a sentence, or a long line full of function words."""
        return self.sentence or (self.words >= 20 and self.function_share >= 0.25)

    @property
    def headline(self) -> bool:
        """True for a line shaped like a headline: short, no sentence ending, no trailing comma."""
        return not self.prose and 1 <= self.words <= 25 and self.terminal not in ",;"


def shape_of(text: str) -> Shape:
    """Measure one cleaned line."""
    words = WORD.findall(text)
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    terminal = stripped[-1] if stripped else ""
    lower = [w.lower() for w in words]
    function = sum(1 for w in lower if w in FUNCTION_WORDS)
    content = [w for w in words if w.lower() not in MINOR_WORDS]
    capital = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return Shape(
        words=len(words),
        chars=len(text),
        terminal=terminal,
        function_share=function / len(words) if words else 0.0,
        title_share=capital / len(content) if content else 0.0,
    )
