"""Pagefind search in chromium: a word finds the articles that contain it; filters narrow by source, tag."""

from __future__ import annotations

import functools
import json
import re
import threading
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from newsroom import search_parts
from newsroom.config import load_settings
from newsroom.pipeline import BuildOptions, build_site
from newsroom.records import read_record
from tests.browser.conftest import copy_project

pytestmark = pytest.mark.browser


def search(page: Page, url: str, query: str) -> list[str]:
    """Type a query on the search page; return the result links once the summary has counted them."""
    page.goto(url + "search/")
    page.locator("pagefind-input input").fill(query)
    summary = page.locator(".pf-summary")
    expect(summary).to_have_text(re.compile(rf"^(\d+|No) results? for {re.escape(query)}$"), timeout=10_000)
    count = summary.inner_text().split()[0]
    links = page.locator(".pf-result-link")
    expect(links).to_have_count(0 if count == "No" else int(count))
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def articles_mentioning(served, word: str) -> set[str]:
    """Article URLs (site-relative, as Pagefind gives them) whose title, dek or body contain the word."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    found = set()
    for path in sorted((served.project / "articles").glob("*.md")):
        record = read_record(path)
        if pattern.search(" ".join([record.title, record.dek or "", record.body])):
            found.add(f"/articles/{record.slug}/")
    return found


def test_searching_for_aurus_finds_exactly_the_articles_that_mention_it(served, tab):
    expected = articles_mentioning(served, "Aurus")
    assert len(expected) == 2, "the demo site has two articles that mention the Aurus limousine"
    assert set(search(tab.page, served.url, "Aurus")) == expected
    assert not tab.problems, "\n".join(tab.problems)


def test_search_works_under_a_base_path(served_under_news, tab):
    assert urlsplit(served_under_news.url).path == "/news/"
    links = search(tab.page, served_under_news.url, "Aurus")
    assert set(links) == {"/news" + link for link in articles_mentioning(served_under_news, "Aurus")}
    tab.page.locator(".pf-result-link").first.click()
    expect(tab.page).to_have_url(re.compile(r"/news/articles/[^/]+/$"))
    assert not tab.problems, "\n".join(tab.problems)


def test_a_result_opens_its_article(served, tab):
    links = search(tab.page, served.url, "Putin")
    assert set(links) == articles_mentioning(served, "Putin") and links
    first = tab.page.locator(".pf-result-link").first
    title = first.inner_text()
    first.click()
    expect(tab.page).to_have_url(served.url + links[0].lstrip("/"))
    expect(tab.page.locator("h1")).to_have_text(title)
    assert not tab.problems, "\n".join(tab.problems)


def test_filters_narrow_results_to_one_source_and_to_one_tag(served, tab, key_pages):
    page = tab.page
    everything = set(search(page, served.url, "Korea"))
    for kind, listing in (("source", key_pages.source), ("tag", key_pages.tag)):
        page.goto(served.url + listing)
        cards = page.locator("main .card-title a")
        listed = set(cards.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
        # The filter value is what the page shows: the source's name, or the tag itself.
        value = page.locator("h1").inner_text().removeprefix("Tag: ")
        expected = everything & listed
        assert expected, f"no {kind} page lists an article that mentions Korea"
        search(page, served.url, "Korea")
        page.locator(f"details[data-filter-name='{kind}'] > summary").click()
        page.locator(f"input[name='{kind}'][value='{value}']").check()
        summary = page.locator(".pf-summary")
        expect(summary).to_have_text(re.compile(rf"^{len(expected)} results? for Korea$"))
        links = page.locator(".pf-result-link")
        expect(links).to_have_count(len(expected))
        assert {links.nth(i).get_attribute("href") for i in range(links.count())} == expected, (kind, value)
    assert not tab.problems, "\n".join(tab.problems)


def test_after_an_edit_the_page_is_built_first_and_search_finds_the_edit_once_indexed(own_server, tab):
    record = sorted((own_server.project / "articles").glob("*.md"))[0]
    before = len(own_server.lines)
    record.write_text(record.read_text(encoding="utf-8") + "\nQuillfeather answered the ministry.\n",
                      encoding="utf-8")
    indexed = own_server.wait_for_index(after=before)
    built = next(i for i, line in enumerate(own_server.lines) if i >= before and line.startswith("built "))
    assert built < indexed, own_server.lines[before:]
    assert search(tab.page, own_server.url, "Quillfeather") == [f"/articles/{record.stem}/"]
    assert not tab.problems, "\n".join(tab.problems)


@pytest.fixture
def served_in_parts(tmp_path):
    """The demo site under /news/, its index in parts of at most two pages (as a site of thousands of
    articles has parts of a thousand), served as plain files."""
    project = copy_project(tmp_path / "project")
    settings = replace(load_settings(project / "config.yaml"), base_url="https://example.org/news/",
                       search_part_pages=2)
    build_site(settings, BuildOptions(output=tmp_path / "www" / "news"))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(project=project, public=tmp_path / "www" / "news",
                          url=f"http://127.0.0.1:{server.server_address[1]}/news/")
    server.shutdown()
    server.server_close()


def test_a_search_finds_articles_in_every_part_of_the_index(served_in_parts, tab):
    """Pagefind builds one bundle per part; the search page merges them, and result links keep the
    site's base path whichever part they come from."""
    bundle = served_in_parts.public / search_parts.BUNDLE
    parts = json.loads((bundle / search_parts.STATE).read_text())["parts"]
    assert len(parts) > 1
    assert all((bundle / f"part-{n}" / "pagefind-entry.json").is_file() for n in range(1, len(parts)))
    expected = {"/news" + link for link in articles_mentioning(served_in_parts, "Korea")}
    assert len(expected) == len(list((served_in_parts.project / "articles").glob("*.md")))
    assert set(search(tab.page, served_in_parts.url, "Korea")) == expected
    tab.page.locator(".pf-result-link").last.click()
    expect(tab.page).to_have_url(re.compile(r"/news/articles/[^/]+/$"))
    assert not tab.problems, "\n".join(tab.problems)
