"""The two Markdown engines: python-markdown (the default) and cmark (cmark-gfm) give readers the same
text for the seeds' records, and both go through the same sanitizer."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import markdown.blockprocessors
import pytest
from cmarkgfm.cmark import Options
from support import ROOT, resident_mb, run_build

from newsroom import cmark
from newsroom.markup import render_markdown
from newsroom.records import read_record

ENGINES = ("python-markdown", "cmark")
RECORDS = sorted((ROOT / "articles").glob("*.md"))
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees: character data outside script and style, whitespace collapsed."""

    def __init__(self, start: str | None = None):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.start = start  # only text inside the first element with this class counts
        self.depth = 0 if start is None else -1

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        if tag in VOID:
            return
        if self.depth >= 1 or (self.depth == -1 and dict(attrs).get("class") == self.start):
            self.depth = max(self.depth, 0) + 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1
        if self.depth >= 1 and tag not in VOID:
            self.depth -= 1
            if self.depth == 0 and self.start is not None:
                self.depth = -2  # the element is closed: ignore the rest of the page

    def handle_data(self, data):
        if not self.hidden and (self.start is None or self.depth >= 1):
            self.parts.append(data)


def visible_text(html: str, start: str | None = None) -> str:
    parser = VisibleText(start)
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def test_the_seeds_exist():
    assert len(RECORDS) >= 5


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem[:40] for p in RECORDS])
def test_each_seed_body_reads_the_same_with_either_engine(path: Path):
    body = read_record(path).body
    texts = {engine: visible_text(render_markdown(body, engine)) for engine in ENGINES}
    assert len(texts["cmark"]) > 500
    assert texts["python-markdown"] == texts["cmark"]


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_go_through_the_sanitizer(engine):
    html = render_markdown('Text <script>alert(1)</script> and [a link](javascript:alert(1)) '
                           '<img src="x" onerror="alert(1)">\n\n## Heading', engine)
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<h2>Heading</h2>" in html


def test_the_built_article_pages_read_the_same_with_either_engine(site):
    texts = {}
    for engine in ENGINES:
        config = site / "config.yaml"
        config.write_text(config.read_text().replace("markdown_engine: python-markdown",
                                                     f"markdown_engine: {engine}"))
        output = f"out-{engine}"
        result = run_build(site, "--no-search", "--output", output)
        assert result.returncode == 0, result.stderr
        pages = sorted((site / output / "articles").glob("*/index.html"))
        texts[engine] = {p.parent.name: visible_text(p.read_text(encoding="utf-8"), "body") for p in pages}
        config.write_text(config.read_text().replace(f"markdown_engine: {engine}",
                                                     "markdown_engine: python-markdown"))
    assert sorted(texts["cmark"]) == sorted(p.stem for p in (site / "articles").glob("*.md"))
    assert all(len(text) > 500 and "Feeds:" not in text for text in texts["cmark"].values())
    assert texts["python-markdown"] == texts["cmark"]


def test_a_failed_python_markdown_conversion_leaves_the_engine_as_it_was(monkeypatch):
    body = "- a\n- b\n\n> q\n\nText *x*."
    before = render_markdown(body)

    def fail_nested(processor, parent, blocks):
        # What a RecursionError deep in a nested list left (Python-Markdown before 3.11): a state set.
        processor.parser.state.set("list")
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.blockprocessors.ListIndentProcessor, "run", fail_nested)
    with pytest.raises(RecursionError):
        render_markdown("- x\n\n    - y\n")
    monkeypatch.undo()
    assert render_markdown(body) == before


GFM = ("| a | b |\n|---|:-:|\n| 1 | *2* |\n\n~~gone~~ www.example.com <b>raw</b> <script>x</script>\n\n"
       "- [ ] open\n- [x] done\n\n```python\ncode <here>\n```\n\n> quoted\n\n1. one\n2. two\n")


@pytest.mark.parametrize("body", [*(read_record(path).body for path in RECORDS), GFM, "", "é 😀\n"])
def test_the_cmark_engine_renders_what_cmarkgfm_does(body):
    options = Options.CMARK_OPT_UNSAFE
    assert cmark.converter(options)(body) == cmarkgfm.github_flavored_markdown_to_html(body, options)


@pytest.mark.skipif(not Path("/proc/self/statm").is_file(), reason="reads the resident size from /proc")
def test_the_cmark_engine_frees_what_each_conversion_allocated():
    """cmarkgfm's own function keeps each document's tree and HTML: 100 of this body kept 157 MB."""
    convert = cmark.converter(Options.CMARK_OPT_UNSAFE)
    body = "\n\n".join([GFM, *(read_record(path).body for path in RECORDS)] * 10)
    convert(body)
    before = resident_mb()
    for _ in range(100):
        convert(body)
    assert resident_mb() - before < 20


def test_the_cmark_engine_falls_back_on_cmarkgfm_where_its_library_cannot_be_opened(monkeypatch):
    def unopened(options):
        raise OSError("no such library")

    monkeypatch.setattr(cmark, "_freeing_converter", unopened)
    assert cmark.converter(0)(GFM) == cmarkgfm.github_flavored_markdown_to_html(GFM, 0)
