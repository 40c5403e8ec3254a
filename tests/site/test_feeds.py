"""Feeds as readers meet them: parsed by feedparser, Atom held to RFC 4287, the JSON Feed to version 1.1."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")
JSON_FEED_KEYS = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
                  "icon", "favicon", "authors", "language", "expired", "hubs", "items"}
JSON_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                  "banner_image", "date_published", "date_modified", "authors", "tags", "language",
                  "attachments"}


def is_rfc3339(text: str) -> bool:
    """A full RFC 3339 date-time with a time zone."""
    try:
        return bool(RFC3339.match(text)) and datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def is_absolute(url: object) -> bool:
    """An absolute http(s) URL."""
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


def atom_problems(path: Path) -> list[str]:
    """The RFC 4287 MUSTs feedparser does not enforce (its bozo flag only reports XML errors)."""
    root = ET.parse(path).getroot()
    if root.tag != ATOM + "feed":
        return [f"root element is {root.tag}, not atom:feed"]
    problems: list[str] = []

    def check(element: ET.Element, where: str) -> None:
        for name in ("id", "title", "updated"):
            count = len(element.findall(ATOM + name))
            if count != 1:
                problems.append(f"{where}: {count} <{name}> elements (need exactly 1)")
        for name in ("updated", "published"):
            for stamp in element.findall(ATOM + name):
                if not is_rfc3339((stamp.text or "").strip()):
                    problems.append(f"{where}: <{name}> {stamp.text!r} is not an RFC 3339 date-time")
        for ident in element.findall(ATOM + "id"):
            if not urlsplit((ident.text or "").strip()).scheme:
                problems.append(f"{where}: <id> {ident.text!r} is not an absolute IRI")
        for link in element.findall(ATOM + "link"):
            if not is_absolute(link.get("href")):
                problems.append(f"{where}: link href {link.get('href')!r} is not absolute")

    check(root, "feed")
    if not any(link.get("rel") == "self" for link in root.findall(ATOM + "link")):
        problems.append("feed: no rel=self link")
    has_author = root.find(ATOM + "author") is not None
    ids = [root.findtext(ATOM + "id")]
    for number, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"entry {number}"
        check(entry, where)
        ids.append(entry.findtext(ATOM + "id"))
        if not has_author and entry.find(ATOM + "author") is None:
            problems.append(f"{where}: no <author> and the feed has none")
        links = entry.findall(ATOM + "link")
        alternate = any(k.get("rel", "alternate") == "alternate" for k in links)
        if entry.find(ATOM + "content") is None and not alternate:
            problems.append(f"{where}: needs <content> or a rel=alternate <link>")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    return problems


def json_feed_problems(feed: object) -> list[str]:
    """What breaks the JSON Feed 1.1 specification's rules for the top level and the items."""
    if not isinstance(feed, dict):
        return ["the feed is not a JSON object"]
    problems = [f"unknown top-level key {k!r} (extensions start with '_')"
                for k in feed if k not in JSON_FEED_KEYS and not k.startswith("_")]
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version is {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("no title")
    for key in ("home_page_url", "feed_url"):
        if key in feed and not is_absolute(feed[key]):
            problems.append(f"{key} {feed[key]!r} is not an absolute URL")
    problems += _authors_problems(feed, "feed")
    items = feed.get("items")
    if not isinstance(items, list):
        return [*problems, "items is not a list"]
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if len(ids) != len(set(map(str, ids))):
        problems.append("item ids are not unique")
    for number, item in enumerate(items, 1):
        problems += _item_problems(item, f"item {number}")
    return problems


def _item_problems(item: object, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: not an object"]
    problems = [f"{where}: unknown key {k!r}" for k in item
                if k not in JSON_ITEM_KEYS and not k.startswith("_")]
    if not isinstance(item.get("id"), str) or not item["id"]:
        problems.append(f"{where}: id {item.get('id')!r} is not a non-empty string")
    if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
        problems.append(f"{where}: neither content_html nor content_text")
    for key in ("url", "external_url", "image", "banner_image"):
        if key in item and not is_absolute(item[key]):
            problems.append(f"{where}: {key} {item[key]!r} is not an absolute URL")
    for key in ("title", "summary", "language"):
        if key in item and not isinstance(item[key], str):
            problems.append(f"{where}: {key} is not a string")
    for key in ("date_published", "date_modified"):
        if key in item and not (isinstance(item[key], str) and is_rfc3339(item[key])):
            problems.append(f"{where}: {key} {item[key]!r} is not an RFC 3339 date-time")
    tags = item.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        problems.append(f"{where}: tags is not a list of strings")
    return problems + _authors_problems(item, where)


def _authors_problems(holder: dict, where: str) -> list[str]:
    problems = [f"{where}: 'author' is JSON Feed 1.0; 1.1 uses 'authors'"] if "author" in holder else []
    authors = holder.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, dict) and a.keys() & {"name", "url", "avatar"}
                                                  for a in authors):
        problems.append(f"{where}: authors is not a list of objects with a name, url or avatar")
    return problems


def atom_feeds(site) -> list[Path]:
    """Every Atom feed of a build."""
    return sorted(p for p in site.folder.rglob("atom.xml") if "pagefind" not in p.parts)


def parse(path: Path) -> feedparser.FeedParserDict:
    """feedparser's reading of a feed file; a feed it cannot read without complaint fails the test."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')!r}"
    return parsed


def test_every_atom_feed_parses_and_keeps_rfc_4287(site_at_root):
    feeds = atom_feeds(site_at_root)
    kinds = {p.relative_to(site_at_root.folder).parts[0] for p in feeds}
    assert {"atom.xml", "stories", "tags"} <= kinds, "the site feed, per-story and per-tag feeds"
    problems = []
    for feed in feeds:
        parsed = parse(feed)
        assert parsed.version == "atom10", feed
        assert parsed.entries, f"{feed} has no entries"
        problems += [f"{feed.relative_to(site_at_root.folder)}: {p}" for p in atom_problems(feed)]
    assert not problems, "\n".join(problems)


def test_the_rss_feed_parses_and_dates_carry_a_time_zone(site_at_root):
    parsed = parse(site_at_root.folder / "rss.xml")
    assert parsed.version == "rss20"
    channel = ET.parse(site_at_root.folder / "rss.xml").getroot().find("channel")
    assert channel is not None and all(channel.findtext(k) for k in ("title", "link", "description"))
    self_link = channel.find(ATOM + "link")
    assert self_link is not None and self_link.get("href") == site_at_root.base_url + "rss.xml"
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        stamp = item.findtext("pubDate") or ""
        assert parsedate_to_datetime(stamp).tzinfo is not None, stamp
        assert re.search(r" [+-]\d{4}$| GMT$", stamp), f"pubDate {stamp!r} has no zone"


def test_the_json_feed_keeps_version_1_1(site_at_root):
    feed = json.loads((site_at_root.folder / "feed.json").read_text(encoding="utf-8"))
    problems = json_feed_problems(feed)
    assert not problems, "\n".join(problems)
    assert feed["feed_url"] == site_at_root.base_url + "feed.json"
    assert feed["home_page_url"] == site_at_root.base_url


def test_the_three_latest_feeds_list_the_same_newest_articles_with_the_same_ids(site_at_root):
    folder = site_at_root.folder
    atom = [e.id for e in parse(folder / "atom.xml").entries]
    rss = [e.id for e in parse(folder / "rss.xml").entries]
    items = json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"]
    config = (site_at_root.project / "config.yaml").read_text(encoding="utf-8")
    limit = int(re.search(r"^feed_items: (\d+)", config, re.MULTILINE).group(1))
    assert len(atom) == min(limit, len(site_at_root.records))
    assert atom == rss == [item["id"] for item in items]
    assert len(set(atom)) == len(atom)
    # Ids are the articles' permanent URLs, so they stay the same from build to build.
    assert set(atom) <= {f"{site_at_root.base_url}articles/{slug}/" for slug in site_at_root.records}


@pytest.mark.parametrize("name", ["site_at_root", "site_under_news"])
def test_every_feed_url_is_absolute_and_names_a_file_of_the_build(name, request):
    site = request.getfixturevalue(name)
    urls = []
    for feed in atom_feeds(site):
        root = ET.parse(feed).getroot()
        urls += [link.get("href") for link in root.iter(ATOM + "link")]
        urls += [ident.text for ident in root.iter(ATOM + "id")]
    channel = ET.parse(site.folder / "rss.xml").getroot().find("channel")
    urls += [channel.findtext("link")] + [item.findtext("link") for item in channel.findall("item")]
    feed = json.loads((site.folder / "feed.json").read_text(encoding="utf-8"))
    urls += [feed["home_page_url"], feed["feed_url"]] + [item["url"] for item in feed["items"]]
    missing = [url for url in urls if not (site.file_for(url) and site.file_for(url).is_file())]
    assert not missing, f"feed URLs outside {site.base_url} or without a file:\n" + "\n".join(missing)


def test_text_with_markup_is_escaped_in_every_feed(site_at_root, hostile):
    url = f"{site_at_root.base_url}articles/{hostile.slug}/"
    folder = site_at_root.folder
    atom = next(e for e in parse(folder / "atom.xml").entries if e.id == url)
    rss = next(e for e in parse(folder / "rss.xml").entries if e.id == url)
    items = json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"]
    item = next(i for i in items if i["id"] == url)
    assert atom.title == rss.title == item["title"] == hostile.meta["title"]
    assert atom.author == hostile.meta["author"]
    assert item["external_url"] == hostile.meta["source_url"]
    # The body is published as HTML, sanitized: the text survives, the markup does not.
    entry = ET.parse(folder / "atom.xml").getroot().find(f"{ATOM}entry[{ATOM}id='{url}']")
    content = entry.findtext(ATOM + "content")
    for html in (content, item["content_html"]):
        assert "fish &amp; chips for less than &lt;5 pounds" in html
        assert not re.search(r"<script|onerror|javascript:", html, re.IGNORECASE), html
