"""A reader in chromium: clicking through the site and back, no errors anywhere, no page too wide."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The page's width as laid out, and the visible elements that stick out past the right edge.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5 && box.left < width;
  }).map(element => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
  return {width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


def test_a_reader_clicks_from_the_index_to_a_story_article_tag_and_source_and_back(served, tab):
    page = tab.page
    page.goto(served.url)
    visited = [page.url]
    steps = [
        ("main .story-card .card-title a", r"stories/[^/]+/$", "{}"),
        ("section[aria-labelledby='coverage'] .card-title a", r"articles/[^/]+/$", "{}"),
        (".article-foot .tags a", r"tags/[^/]+/$", "Tag: {}"),
        ("main .card .source", r"sources/[^/]+/$", "{}"),
    ]
    for selector, url, heading in steps:
        link = page.locator(selector).first
        text = link.inner_text().strip()
        link.click()
        page.wait_for_load_state("networkidle")  # let the page finish loading (its icon too) before leaving
        expect(page).to_have_url(re.compile("^" + re.escape(served.url) + url))
        expect(page.locator("h1")).to_have_text(heading.format(text))
        visited.append(page.url)
    for url in reversed(visited[:-1]):
        page.go_back(wait_until="networkidle")
        expect(page).to_have_url(url)
    assert len(set(visited)) == 5
    assert not tab.problems, "\n".join(tab.problems)


def test_no_page_logs_an_error_fails_a_request_or_loads_from_another_host(served, tab):
    sitemap = ET.parse(served.project / "public" / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter(SITEMAP + "loc")] + [served.url + "404.html"]
    assert len(urls) > 20 and all(url.startswith(served.url) for url in urls)
    for url in urls:
        response = tab.page.goto(url, wait_until="networkidle")  # everything loaded before the next page
        assert response is not None and response.ok, url
    assert not tab.problems, "\n".join(tab.problems)


@pytest.mark.parametrize("width", [320, 375, 1280, 1440])
def test_no_page_is_wider_than_the_screen(browser, served, key_pages, screenshots, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for kind, path in key_pages.all().items():
            page.goto(served.url + path)
            if kind == "search":
                page.locator("pagefind-input input").fill("Korea")
                expect(page.locator(".pf-result-link").first).to_be_visible(timeout=10_000)
            measured = page.evaluate(MEASURE)
            assert measured["scrollWidth"] <= width, f"{kind} page at {width} px: {measured}"
            if kind in ("index", "story", "article") and width in (375, 1280):
                shot = screenshots / f"{kind}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                png = shot.read_bytes()
                assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] == width
    finally:
        context.close()


def test_a_printed_story_shows_the_claims_folded_away_on_screen(served, key_pages, tab):
    page = tab.page
    page.goto(served.url + key_pages.story)
    folded = page.locator("details.more:not([open]) .claims li").first
    expect(folded).to_be_hidden()
    page.emulate_media(media="print")
    expect(folded).to_be_visible()
    assert not tab.problems, "\n".join(tab.problems)
