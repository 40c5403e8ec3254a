"""Small factories for the normalizer tests: a dump around given lines, and its record."""

from __future__ import annotations

from newsroom.ingest import Normalized, normalize

TITLE = "City Council Approves New Budget for Public Parks"
PARAGRAPHS = (
    "The city council voted on Tuesday to approve a new budget that doubles spending on public parks.",
    "Council members said the money would go to new playgrounds, repaired paths and more trees in "
    "the poorest districts of the city.",
    "The mayor welcomed the decision and said work on the first projects would begin in the spring.",
)


def dump(*middle: str, before: tuple[str, ...] = (), after: tuple[str, ...] = (), title: str = TITLE) -> str:
    """A text dump: lines before, the title, a paragraph, the middle lines, two paragraphs, lines after."""
    lines = [*before, title, "", PARAGRAPHS[0], "", *middle, "", PARAGRAPHS[1], "", PARAGRAPHS[2], "", *after]
    return "\n".join(lines) + "\n"


def run(text: str | bytes, name: str = "raw/test.txt") -> Normalized:
    """Normalize a dump given as text (UTF-8) or bytes."""
    return normalize(text.encode("utf-8") if isinstance(text, str) else text, name)


def assert_article_kept(result: Normalized) -> None:
    """The factory's title and paragraphs survived."""
    assert result.meta["title"] == TITLE
    for paragraph in PARAGRAPHS:
        assert paragraph in result.body
