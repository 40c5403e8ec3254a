"""What each page declares: language, title, description, canonical URL, social cards, feeds, JSON-LD."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from tests.site.conftest import ARTICLES_PER_PAGE

FEEDS = {"atom.xml": "application/atom+xml", "rss.xml": "application/rss+xml",
         "feed.json": "application/feed+json"}


def head_problems(site, page) -> list[str]:
    """What is missing or wrong in one page's <head>."""
    document = site.document(page)
    url = site.page_url(page)
    problems = []

    def one(xpath: str) -> str | None:
        found = document.xpath(xpath)
        if len(found) != 1 or not str(found[0]).strip():
            problems.append(f"{len(found)} non-empty {xpath}")
            return None
        return str(found[0]).strip()

    if document.get("lang") != "en":
        problems.append(f"<html lang={document.get('lang')!r}>")
    one("//head/title/text()")
    one("//meta[@name='description']/@content")
    canonical = one("//link[@rel='canonical']/@href")
    if canonical is not None and canonical != url:
        problems.append(f"canonical {canonical} is not {url}")
    for prop in ("og:title", "og:description", "og:type", "og:site_name"):
        one(f"//meta[@property='{prop}']/@content")
    og_url = one("//meta[@property='og:url']/@content")
    if og_url is not None and og_url != url:
        problems.append(f"og:url {og_url} is not {url}")
    for name in ("twitter:card", "twitter:title", "twitter:description"):
        one(f"//meta[@name='{name}']/@content")
    alternates = {urljoin(url, link.get("href", "")): link.get("type")
                  for link in document.xpath("//head/link[@rel='alternate']")}
    for target, kind in FEEDS.items():
        if alternates.get(site.base_url + target) != kind:
            problems.append(f"no <link rel=alternate type={kind}> to the site's {target}")
    for href in alternates:
        target = site.file_for(href)
        if not (target and target.is_file()):
            problems.append(f"alternate {href} names no file of the build")
    return problems


def json_ld(site, page) -> list[dict]:
    """Every JSON-LD block of a page, parsed (a block that is not JSON fails the test)."""
    blocks = site.document(page).xpath("//script[@type='application/ld+json']/text()")
    return [json.loads(block) for block in blocks]


def test_every_page_has_language_title_description_canonical_social_cards_and_feeds(any_site):
    problems = [f"{p.relative_to(any_site.folder)}: {problem}"
                for p in any_site.pages for problem in head_problems(any_site, p)]
    assert not problems, "\n".join(problems)


def test_every_page_has_json_ld_that_parses_and_names_its_url(any_site):
    for page in any_site.pages:
        blocks = json_ld(any_site, page)
        assert blocks, f"{page}: no JSON-LD"
        for block in blocks:
            assert block["@context"] == "https://schema.org" and block["@type"], page
            assert block["url"] == any_site.page_url(page), page


def test_article_pages_are_news_articles_that_state_only_known_dates(site_at_root):
    seen_dated = seen_undated = False
    for slug, record in site_at_root.records.items():
        page = site_at_root.page(f"articles/{slug}/")
        (article,) = json_ld(site_at_root, page)
        assert article["@type"] == "NewsArticle"
        assert article["headline"] == record.title[:110]
        assert site_at_root.document(page).findtext(".//h1") == record.title
        if record.published:
            seen_dated = True
            assert article["datePublished"] == record.published.isoformat()
        else:
            seen_undated = True
            assert "datePublished" not in article, f"{slug}: a date the record does not state"
        if record.source:
            assert article["publisher"] == {"@type": "Organization", "name": record.source}
        if record.source_url:
            assert article["isBasedOn"] == record.source_url
    assert seen_dated and seen_undated, "the build should have articles with and without a date"


def test_story_and_index_pages_are_collection_pages_listing_pages_that_exist(site_at_root):
    pages = [site_at_root.page("")] + sorted(site_at_root.folder.glob("stories/*/index.html"))
    assert len(pages) > 1
    for page in pages:
        (collection,) = json_ld(site_at_root, page)
        assert collection["@type"] == "CollectionPage"
        items = collection["mainEntity"]["itemListElement"]
        assert collection["mainEntity"]["@type"] == "ItemList" and items, page
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        for item in items:
            assert item["@type"] == "ListItem" and item["name"]
            assert site_at_root.file_for(item["url"]).is_file(), item["url"]


def test_markup_in_a_record_is_shown_as_text(site_at_root, hostile):
    page = site_at_root.page(f"articles/{hostile.slug}/")
    document = site_at_root.document(page)
    title = hostile.meta["title"]
    assert document.findtext(".//h1") == title
    assert document.findtext(".//title") == f"{title} — Newsroom"
    assert document.xpath("//meta[@property='og:title']/@content") == [f"{title} — Newsroom"]
    assert json_ld(site_at_root, page)[0]["headline"] == title[:110]
    assert hostile.meta["source"] in document.xpath("string(//main)")
    # Only the page's own scripts: the JSON-LD block (and nothing the record brought in).
    assert [s.get("type") for s in document.iter("script")] == ["application/ld+json"]
    assert not document.xpath("//*[@onerror] | //a[starts-with(@href, 'javascript:')]")


def test_javascript_runs_only_for_search(any_site):
    """Pages carry data (JSON-LD), not code; only the search page loads Pagefind and sets it up."""
    for page in any_site.pages:
        scripts = [s for s in any_site.document(page).iter("script")
                   if s.get("type") != "application/ld+json"]
        if page == any_site.page("search/"):
            assert [s.get("src", "").rsplit("/", 1)[-1] for s in scripts] == [
                "pagefind-component-ui.js", "newsroom-parts.js", ""]
        else:
            assert not scripts, f"{page.relative_to(any_site.folder)} has a script"


def test_the_stylesheet_is_small_and_needs_nothing_from_elsewhere(site_at_root):
    (stylesheet,) = site_at_root.folder.glob("style.*.css")
    css = stylesheet.read_text(encoding="utf-8")
    assert len(css.encode()) < 20_000
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
    assert "prefers-color-scheme: dark" in css and "@media print" in css


def _link(site, page, href: str) -> str:
    """The absolute URL a link of a page names, folders without their index.html."""
    return urljoin(site.page_url(page), href).removesuffix("index.html")


def _links(site, page, xpath: str) -> list[str]:
    return [_link(site, page, href) for href in site.document(page).xpath(xpath)]


def _listings_of_articles(site) -> dict[str, set[str]]:
    """Each tag or source listing's URL -> the URLs of the articles whose own pages link to it."""
    listed: dict[str, set[str]] = {}
    own = "//article[@class='article']"  # the article itself, not the cards beside it
    links = f"{own}//ul[@class='tags']//a/@href | {own}//a[@class='source']/@href"
    for page in site.folder.glob("articles/*/index.html"):
        for listing in _links(site, page, links):
            listed.setdefault(listing, set()).add(site.page_url(page))
    return listed


def _listing_pages(site, first) -> list:
    """A listing's pages, found by following its "next" links from the first."""
    pages = [first]
    while found := _links(site, pages[-1], "//nav[@class='pagination']/a[@rel='next']/@href"):
        page = site.file_for(found[0])
        assert page is not None and page.is_file() and page not in pages, found
        pages.append(page)
    return pages


@pytest.mark.parametrize("name", ["site_under_news", "site_relative"])
def test_tag_and_source_listings_take_linked_pages_that_list_each_article_once(request, name):
    site = request.getfixturevalue(name)
    listed = _listings_of_articles(site)
    firsts = sorted([*site.folder.glob("tags/*/index.html"), *site.folder.glob("sources/*/index.html")])
    assert {site.page_url(page) for page in firsts} == set(listed)
    spanning = 0
    for first in firsts:
        pages = _listing_pages(site, first)
        spanning += len(pages) > 1
        expected = listed[site.page_url(first)]
        shown, positions = [], []
        for number, page in enumerate(pages, 1):
            cards = _links(site, page, "//article[@class='card']/*[@class='card-title']/a/@href")
            assert len(cards) == min(ARTICLES_PER_PAGE, len(expected) - len(shown)), page
            shown += cards
            document = site.document(page)
            count = document.xpath("string(//main//p[@class='meta'])")
            assert re.match(rf"{len(expected)} articles? ", count), (page, count)
            nav = document.xpath("string(//nav[@class='pagination']/span)")
            assert nav == (f"Page {number} of {len(pages)}" if len(pages) > 1 else ""), page
            previous = _links(site, page, "//nav[@class='pagination']/a[@rel='prev']/@href")
            assert previous == [site.page_url(p) for p in pages[max(0, number - 2) : number - 1]], page
            (collection,) = json_ld(site, page)
            items = collection["mainEntity"]["itemListElement"]
            assert [item["url"] for item in items] == cards, page
            positions += [item["position"] for item in items]
        assert len(shown) == len(set(shown)) and set(shown) == expected, first
        assert positions == list(range(1, len(shown) + 1)), first
    assert spanning >= 2, "the demo site should have tags that take more than one page"
