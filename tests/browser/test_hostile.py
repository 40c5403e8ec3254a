"""Chromium on a site built from hostile dumps and a hostile record: no script of theirs ever runs.

Every payload would set `window.__pwned`, change the document title or open a dialog; each page of
the site (and the search results) is loaded and none of that may have happened.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "tests" / "bad_inputs"
TITLE = "Council row </title><script>window.__pwned = 30</script> \"x\" onmouseover=\"window.__pwned = 31\""
RECORD = {
    "title": TITLE,
    "dek": "\" autofocus onfocus=\"window.__pwned = 32",
    "summary": "</script><script>window.__pwned = 33</script>",
    "source": "<img src=x onerror=\"window.__pwned = 34\">",
    "author": "<svg onload=\"window.__pwned = 35\">",
    "tags": ["<script>window.__pwned = 36</script>"],
}
BODY = """The council row went on for hours on Monday.

<script>window.__pwned = 37</script>
<img src="/missing.png" onerror="window.__pwned = 38; document.title = 'PWNED'">
<details open ontoggle="window.__pwned = 39"><summary>more</summary>text</details>
<a href="javascript:window.__pwned = 40">a link</a> and [another](javascript:window.__pwned=41).
<noscript><p title="</noscript><img src=x onerror=window.__pwned=42>"></p></noscript>

He wrote "</script><script>window.__pwned = 43</script>" on the council's page.
"""
# After a page loaded: what a payload would have changed, and what in the DOM could still run one.
INSPECT = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  title: document.title,
  handlers: [...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
      .filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name)),
  links: [...document.querySelectorAll("a[href], area[href]")].map(a => new URL(a.href).protocol)
      .filter(p => !["http:", "https:", "mailto:"].includes(p)),
  frames: document.querySelectorAll("iframe, object, embed, frame, base").length,
})"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, start_server):
    """`build.py serve` on a project whose raw dumps and record are hostile."""
    project = tmp_path_factory.mktemp("hostile-served")
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "config.yaml").write_text("title: Hostile news\n", encoding="utf-8")
    raw = project / "articles" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(INPUTS / "html_in_text.txt", raw)
    shutil.copy(INPUTS / "hostile_page.html", raw)
    front = yaml.safe_dump(RECORD, sort_keys=False, allow_unicode=True)
    (project / "articles" / "council-row.md").write_text(f"---\n{front}---\n{BODY}", encoding="utf-8")
    return start_server(project)


def site_pages(server) -> list[str]:
    """Every page of the built site, as URLs."""
    public = server.project / "public"
    pages = [p.relative_to(public) for p in public.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= 10
    return [server.url + ("" if str(p) == "index.html" else p.as_posix().removesuffix("index.html"))
            for p in sorted(pages)]


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    state = page.evaluate(INSPECT)
    assert state["pwned"] is None, f"a payload ran on {page.url}: window.__pwned = {state['pwned']}"
    assert "PWNED" not in state["title"] and not dialogs, page.url
    assert not state["handlers"] and not state["links"] and not state["frames"], (page.url, state)


def test_no_page_built_from_hostile_input_runs_a_script(hostile_server, tab):
    page = tab.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = site_pages(hostile_server)
    for url in urls:
        page.goto(url, wait_until="networkidle")
        page.mouse.move(300, 300)  # hover over whatever is there: an onmouseover would fire now
        assert_nothing_ran(page, dialogs)
    page.goto(hostile_server.url + "articles/council-row/", wait_until="networkidle")
    expect(page.locator("h1")).to_have_text(TITLE)  # the title is shown, as text
    assert page.title() == f"{TITLE} — Hostile news"
    assert not [p for p in tab.problems if p.startswith("script error")], tab.problems


def test_search_results_show_hostile_text_as_text(hostile_server, tab):
    page = tab.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_server.url + "search/")
    page.locator("pagefind-input input").fill("council")
    links = page.locator(".pf-result-link")
    summary = page.locator(".pf-summary")
    expect(summary).to_have_text(re.compile(r"^\d+ results? for council$"), timeout=10_000)
    expect(links.first).to_be_visible()
    titles = links.all_inner_texts()
    dump_title = (INPUTS / "html_in_text.txt").read_text(encoding="utf-8").splitlines()[0]
    assert TITLE in titles and dump_title in titles
    assert page.locator(".pf-results script, .pf-results img[onerror], .pf-results svg").count() == 0
    assert_nothing_ran(page, dialogs)
    assert not [p for p in tab.problems if p.startswith("script error")], tab.problems

