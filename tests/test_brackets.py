"""Python-Markdown with LinearBrackets renders exactly as without it, and reads text full of unclosed `[`
to its end once, not once per `[`."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor

from newsroom.brackets import LinearBrackets
from newsroom.markup import PYTHON_MARKDOWN_EXTENSIONS

STOCK_EXTENSIONS = [make for make in PYTHON_MARKDOWN_EXTENSIONS if make is not LinearBrackets]

# Links, images and references next to stray brackets, in the forms Python-Markdown knows.
CASES = [
    "[a](b) [ c",
    "[[a](b)] [[[",
    "x [ y ] z [",
    "![img](/i.png) ![ [x] [",
    "[a][ref] [b][] [c] [\n\n[ref]: https://example.org/ \"T\"",
    "`[` [a](b) `[[` [",
    "\\[ [a](<b c> \"t\") [ ](",
    "[a [b] c](d) [[e]](f) [",
    "- [ item\n- [x](y) [\n\n> [quote [",
    # An unclosed `[` first, closed ones after it: the table made for the first answers for them.
    "[ x [a](b)",
    "[[ [a](b) [c](d) ![e](f) [",
    "![ [x][ref] [y] ![z][ref]\n\n[ref]: /r",
]


def render(text: str, extensions: list) -> str:
    return markdown.Markdown(extensions=[make() for make in extensions]).convert(text)


@pytest.mark.parametrize("text", CASES)
def test_links_next_to_stray_brackets_render_as_without_it(text):
    assert render(text, list(PYTHON_MARKDOWN_EXTENSIONS)) == render(text, STOCK_EXTENSIONS)


# Pieces of text that Python-Markdown's link patterns read: brackets alone and whole links.
PIECES = ["[", "]", "(", ")", "!", "a", " ", "\n", "`", "\\", '"', "<",
          "[a](b)", "[x][r]", "[r]", "\n\n[r]: /u\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_text_of_brackets_and_links_renders_as_without_it(text):
    assert render(text, list(PYTHON_MARKDOWN_EXTENSIONS)) == render(text, STOCK_EXTENSIONS)


@pytest.mark.parametrize("text", ["[" * 20_000, "[a " * 10_000, "![" * 10_000 + "]", "[a](b) [" * 3_000])
def test_a_text_of_unclosed_brackets_is_read_to_its_end_once(text, monkeypatch):
    stock = LinkInlineProcessor.getText
    to_the_end = []

    def counted(self, data, index):
        found = stock(self, data, index)
        if not found[2]:
            to_the_end.append(index)
        return found

    monkeypatch.setattr(LinkInlineProcessor, "getText", counted)
    html = render(text, list(PYTHON_MARKDOWN_EXTENSIONS))
    assert html.startswith("<p>") and html.count("[") == text.count("[") - text.count("[a](b)")
    # Stock Python-Markdown reads to the end once per unclosed `[` (up to 20,000 times here); each of
    # the patterns that look for a `[` reads to the end once with LinearBrackets.
    assert 1 <= len(to_the_end) <= 6
