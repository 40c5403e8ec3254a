"""Untrusted content stays text: script tags, event handlers, `javascript:` links and `</script>` from
raw dumps and records never become live markup in pages, attributes, feeds, JSON-LD, JSON documents
or the search index.

A site is built (with the command line, search included) from a hostile .txt dump, a hostile .html
page and a record whose every field is hostile; every file written is then parsed and inspected.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import ROOT, run_build, write_config, write_record

from newsroom.markup import ALLOWED_TAGS, render_markdown

INPUTS = Path(__file__).parent / "bad_inputs"
SITE_TITLE = "Hostile & <b>bold</b> news"
TITLE = "</title><script>window.__pwned = 1</script> \"Quoted\" 'single' & ]]> --> Council row"
DEK = "\" onmouseover=\"window.__pwned = 2\" x=\""
SUMMARY = "</script><script>window.__pwned = 3</script><img src=x onerror=window.__pwned=4>"
SOURCE = "<script>window.__pwned = 5</script> \"Times\""
AUTHOR = "<img src=x onerror=\"window.__pwned = 6\">"
TAGS = ["<script>", "a\" onload=\"x"]
BODY = """Hostile body text about the council row.

<script>window.__pwned = 7</script>
<img src="x" onerror="window.__pwned = 8">
[a link](javascript:window.__pwned=9) and <a href="JaVaScRiPt:window.__pwned = 10">another</a>.

He said "</script><script>window.__pwned = 11</script>" and left.
"""
# Markdown bodies (records are edited by hand; dumps are copied from the web) that try to run a script.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "<IMG SRC=JaVaScRiPt:window.__pwned=1>",
    "<svg onload=\"window.__pwned=1\"><circle r=1></circle></svg>",
    "<a href=\"javascript:window.__pwned=1\">a</a>",
    "<a href=\"&#106;avascript:window.__pwned=1\">entity</a>",
    "<a href=\"java&#x09;script:window.__pwned=1\">tab</a>",
    "<a href=\" javascript:window.__pwned=1\">space</a>",
    "<a href=\"javascript&colon;window.__pwned=1\">colon</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"data:text/html,<script>window.__pwned=1</script>\">data</a>",
    "<a href=\"https://example.org/\" onclick=\"window.__pwned=1\">handler</a>",
    "[markdown link](javascript:window.__pwned=1)",
    "[reference link][r]\n\n[r]: javascript:window.__pwned=1",
    "<javascript:window.__pwned=1>",
    "![image](javascript:window.__pwned=1)",
    "<iframe src=\"javascript:window.__pwned=1\"></iframe>",
    "<object data=\"javascript:window.__pwned=1\"></object><embed src=\"javascript:window.__pwned=1\">",
    "<form action=\"javascript:window.__pwned=1\"><button formaction=\"javascript:1\">go</button></form>",
    "<details open ontoggle=\"window.__pwned=1\"><summary>x</summary></details>",
    "<math><a xlink:href=\"javascript:window.__pwned=1\">m</a></math>",
    "<base href=\"javascript:/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=1\">",
    "<style>@import 'javascript:window.__pwned=1';</style><p style=\"background:url(javascript:1)\">s</p>",
    "<div onmouseover=\"window.__pwned=1\">hover</div>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=1>\"></p></noscript>",
    "<table><tr><td background=\"javascript:window.__pwned=1\">t</td></tr></table>",
    "<!--><script>window.__pwned=1</script>-->",
    "<scr<script>ipt>window.__pwned=1</script>",
    "`<script>window.__pwned=1</script>`\n\n```\n<script>window.__pwned=1</script>\n```",
    "<p>a</p></div></article><script>window.__pwned=1</script>",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "poster", "data", "background", "xlink:href",
                  "srcset", "longdesc", "lowsrc", "dynsrc"}
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
TEMPLATE_SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in
                            sorted((ROOT / "templates").glob("*.html")))
# What a page may hold: the elements the templates write and those the body sanitizer allows.
PAGE_ELEMENTS = set(re.findall(r"<([a-z][a-z0-9-]*)", TEMPLATE_SOURCE)) | set(ALLOWED_TAGS)
BODY_ELEMENTS = set(ALLOWED_TAGS)


class Markup(HTMLParser):
    """Parses HTML as a browser would tokenize it; lists every way it could run a script."""

    def __init__(self, allowed: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.elements.append((tag, values))
        if tag not in self.allowed:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append("meta http-equiv")
        if tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def unsafe_url(value: str) -> bool:
    """True when a URL has a scheme other than http(s) or mailto (browsers skip blanks and controls in it)."""
    match = SCHEME.match(re.sub(r"[\x00-\x20]", "", value).lower())
    return bool(match) and match.group(1) not in SAFE_SCHEMES


def parse(html: str, allowed: set[str]) -> Markup:
    parser = Markup(allowed)
    parser.feed(html)
    parser.close()
    return parser


def assert_safe_fragment(html: str) -> None:
    """Rendered body HTML: only allowed elements, no handlers or script URLs, no script at all."""
    parser = parse(html, BODY_ELEMENTS)
    assert not parser.problems and not parser.scripts, f"{parser.problems} in:\n{html}"


def assert_safe_page(path: Path) -> Markup:
    """A whole page: as a fragment, plus the only scripts are JSON-LD, Pagefind and the templates' own."""
    html = path.read_text(encoding="utf-8")
    parser = parse(html, PAGE_ELEMENTS)
    assert not parser.problems, f"{path}: {parser.problems}"
    for attrs, text in parser.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(text)  # whole: nothing broke out of it
            assert "</" not in text and "<!--" not in text, f"{path}: JSON-LD can be broken out of"
        elif attrs.get("src"):
            assert "/pagefind/" in attrs["src"] and not unsafe_url(attrs["src"]), f"{path}: script {attrs}"
        else:
            assert text.strip() and text.strip() in TEMPLATE_SOURCE, (
                f"{path}: an inline script not from a template")
    return parser


# --- the hostile site -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from hostile raw dumps and a hostile record (search included)."""
    folder = tmp_path_factory.mktemp("hostile")
    write_config(folder, title=SITE_TITLE, description=SUMMARY)
    write_record(folder, "hostile-record", BODY, dek=DEK, summary=SUMMARY, source=SOURCE, author=AUTHOR,
                 tags=TAGS, source_url="https://example.org/a?b=1&c=\"2\"", title=TITLE)
    raw = folder / "articles" / "raw"
    raw.mkdir()
    shutil.copy(INPUTS / "html_in_text.txt", raw)
    shutil.copy(INPUTS / "hostile_page.html", raw)
    result = run_build(folder)
    assert result.returncode == 0, result.stderr
    assert len(list((folder / "articles").glob("*.md"))) == 3, "both dumps must become records"
    return folder / "public"


def pages(public: Path) -> list[Path]:
    return sorted(p for p in public.rglob("*.html") if "pagefind" not in p.relative_to(public).parts)


def test_every_page_holds_only_safe_markup(hostile):
    found = pages(hostile)
    assert len(found) >= 10
    for page in found:
        assert_safe_page(page)


def test_hostile_text_is_shown_exactly_in_text_and_attributes(hostile):
    parser = assert_safe_page(hostile / "articles" / "hostile-record" / "index.html")
    html = (hostile / "articles" / "hostile-record" / "index.html").read_text(encoding="utf-8")
    metas = [a for tag, a in parser.elements if tag == "meta"]
    meta = {(a.get("property") or a.get("name")): a.get("content") for a in metas}
    page_title = f"{TITLE} — {SITE_TITLE}"
    assert meta["og:title"] == meta["twitter:title"] == page_title
    assert meta["description"] == meta["og:description"] == SUMMARY
    assert [a["content"] for tag, a in parser.elements if a.get("property") == "article:tag"] == ["script",
                                                                                                 "a-onload-x"]
    texts = _texts(html)
    assert texts["title"] == page_title and texts["h1"] == TITLE and texts["p.dek"] == DEK
    ld = json.loads(next(text for a, text in parser.scripts if a.get("type") == "application/ld+json"))
    assert ld["headline"] == TITLE[:110] and ld["description"] == SUMMARY
    assert ld["author"]["name"] == AUTHOR and ld["publisher"]["name"] == SOURCE
    link = next(a for tag, a in parser.elements if tag == "a"
                and a.get("rel") == "noopener noreferrer nofollow")
    assert link["href"] == "https://example.org/a?b=1&c=\"2\""


def _texts(html: str) -> dict[str, str]:
    """Text of the <title>, the first <h1> and the first p.dek, as a browser shows it."""
    class Texts(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found: dict[str, str] = {}
            self.current: str | None = None

        def handle_starttag(self, tag, attrs):
            key = "p.dek" if tag == "p" and ("class", "dek") in attrs else tag
            if key in ("title", "h1", "p.dek") and key not in self.found:
                self.current, self.found[key] = key, ""

        def handle_endtag(self, tag):
            if self.current and tag == self.current.split(".")[0]:
                self.current = None

        def handle_data(self, data):
            if self.current:
                self.found[self.current] += data

    parser = Texts()
    parser.feed(html)
    return {k: v.strip() for k, v in parser.found.items()}


def test_feeds_are_well_formed_and_their_html_is_safe(hostile):
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted(hostile.rglob("atom.xml"))
    assert len(feeds) >= 3
    for feed in [*feeds, hostile / "rss.xml", hostile / "sitemap.xml"]:
        ET.parse(feed)  # well-formed: no text broke out of its element
    root = ET.parse(hostile / "atom.xml").getroot()
    entries = {e.findtext(f"{atom}title"): e for e in root.iter(f"{atom}entry")}
    assert TITLE in entries
    assert entries[TITLE].findtext(f"{atom}summary") == SUMMARY
    for entry in entries.values():
        assert_safe_fragment(entry.findtext(f"{atom}content") or "")
    items = ET.parse(hostile / "rss.xml").getroot().iter("item")
    descriptions = {item.findtext("title"): item.findtext("description") for item in items}
    assert TITLE in descriptions
    for html in descriptions.values():
        assert_safe_fragment(html or "")
    assert ET.parse(hostile / "atom.xml").getroot().findtext(f"{atom}title") == SITE_TITLE


def test_json_documents_keep_the_text_and_cannot_break_out_of_a_script(hostile):
    documents = [hostile / "feed.json", *sorted(hostile.glob("stories/*/index.json"))]
    assert len(documents) >= 3
    for path in documents:
        text = path.read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, f"{path} holds a raw angle bracket"
        json.loads(text)
    items = json.loads((hostile / "feed.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["title"] == TITLE)
    assert item["summary"] == SUMMARY and item["authors"] == [{"name": AUTHOR}]
    for entry in items:
        assert_safe_fragment(entry["content_html"])
    stories = [json.loads(p.read_text(encoding="utf-8")) for p in hostile.glob("stories/*/index.json")]
    titles = {a["title"]: a["source"] for story in stories for a in story["articles"]}
    assert titles[TITLE] == SOURCE


def test_the_search_index_holds_the_text_as_text(hostile):
    fragments = sorted((hostile / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "the build must index the site"
    records = {}
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        records[record["meta"]["title"]] = record
    # Titles and text are indexed as the reader sees them: literal characters, not markup or entities.
    assert TITLE in records
    dump_title = (INPUTS / "html_in_text.txt").read_text(encoding="utf-8").splitlines()[0]
    content = records[dump_title]["content"]
    assert '"</script><script>window.__pwned = 3</script>"' in content and "&lt;" not in content


@pytest.mark.parametrize("engine", ["python-markdown", "cmark"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_no_markdown_body_can_run_a_script(payload, engine):
    html = render_markdown(f"Some text.\n\n{payload}\n\nMore text.", engine)
    assert_safe_fragment(html)
    assert "Some text." in html and "More text." in html
