"""Markdown escaping: the rendered page shows the source's text exactly; escapes only where needed."""

import html
import re

import pytest

from newsroom.ingest.escape import escape_heading, escape_line
from newsroom.markup import render_markdown

from .factories import dump, run

TRICKY = [
    "Prices rose 5*3 times, and 2 * 2 is four.",
    "The *official* figure and **bold** claims.",
    "Some _underlined_ words and snake_case_names stay.",
    "A link-like [text](http://example.com) and [1] footnote.",
    "An image-like ![alt](x.png) string.",
    "Nested [brackets [in] a](http://example.com) link-like string.",
    "An image-like ![alt [with] brackets](http://example.com/x.png) and [[double]](x) ones.",
    "A reference-like [text][1] and [1]: http://example.com in a line.",
    "Stray [ brackets [ never [ closed, and ] ] closers.",
    "HTML <script>alert(1)</script> and <b>bold</b> tags.",
    "Entities &amp; &copy; &#169; and a plain & sign.",
    "Backslashes \\ and \\* and C:\\path\\to\\file.",
    "Code `ticks` here.",
    "# Not a heading",
    "#hashtag at the start",
    "> not a quote",
    "- not a list",
    "+ not a list",
    "* not a list",
    "1. not a list",
    "1986. A great year for wine.",
    "3) not a list either",
    ": not a definition",
    "~~~ not a fence",
    "A line ending with a hash #",
    "Prices in $ and % and | pipes | here.",
]


def page_text(markdown: str) -> str:
    """The visible text of rendered Markdown."""
    return html.unescape(re.sub(r"<[^>]+>", "", render_markdown(markdown))).strip()


@pytest.mark.parametrize("text", TRICKY)
def test_an_escaped_line_renders_as_the_source_text(text):
    assert page_text(escape_line(text)) == text


@pytest.mark.parametrize("text", TRICKY)
def test_an_escaped_line_renders_as_the_source_text_with_cmark(text):
    rendered = render_markdown(escape_line(text), "cmark")
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == text


@pytest.mark.parametrize("text", ["Section #1 ##", "Plans & *costs*", "<Budget>"])
def test_an_escaped_heading_renders_as_the_source_text(text):
    rendered = render_markdown("## " + escape_heading(text))
    assert rendered.startswith("<h2>")
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == text


@pytest.mark.parametrize("text", [
    "It cost $5 - a 20% rise (after tax).",
    "The U.S. and U.K. agreed; talks end 2024-06-19.",
    "Snake_case and mid*word stars? No: 5 * 3.",
    "Pyongyang's \"steady like-minded person.\"",
])
def test_ordinary_punctuation_is_not_escaped(text):
    escaped = escape_line(text)
    assert escaped.count("\\") <= text.count("\\") + text.count("*") + text.count("_")
    if "*" not in text and "_" not in text:
        assert escaped == text


def test_a_record_body_with_markdown_characters_shows_the_source_text_on_the_page():
    line = "The plan (see [appendix](x)) costs 5*3 million <USD> & more; 1. step one # of #2."
    result = run(dump(line))
    assert line in page_text(result.body)
    assert "<a " not in render_markdown(result.body)
