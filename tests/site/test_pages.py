"""What each page declares: language, title, description, canonical URL, social cards, feeds, JSON-LD."""

from __future__ import annotations

import json
from urllib.parse import urljoin

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
            assert [s.get("src", "").rsplit("/", 1)[-1] for s in scripts] == ["pagefind-component-ui.js", ""]
        else:
            assert not scripts, f"{page.relative_to(any_site.folder)} has a script"


def test_the_stylesheet_is_small_and_needs_nothing_from_elsewhere(site_at_root):
    (stylesheet,) = site_at_root.folder.glob("style.*.css")
    css = stylesheet.read_text(encoding="utf-8")
    assert len(css.encode()) < 20_000
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
    assert "prefers-color-scheme: dark" in css and "@media print" in css
