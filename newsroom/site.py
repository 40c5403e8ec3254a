"""The site plan: every page's URL, output path, template and context."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from newsroom.config import Settings
from newsroom.model import Aggregation, Page, Record, Story
from newsroom.urls import make_slug

UNATTRIBUTED = "Unattributed"
T = TypeVar("T")


@dataclass(frozen=True)
class Catalog:
    """Everything pages link to, indexed for templates."""

    records: dict[str, Record]  # slug -> record
    stories: tuple[Story, ...]  # newest first
    story_of: dict[str, Story]  # record slug -> its story
    record_tags: dict[str, tuple[str, ...]]  # record slug -> tags
    tags: dict[str, tuple[str, ...]]  # tag -> record slugs, newest first
    sources: dict[str, tuple[str, ...]]  # source slug -> record slugs, newest first
    source_names: dict[str, str]  # source slug -> display name

    def record_date(self, slug: str) -> date | None:
        """An article's date: the one it states, else its story's."""
        record = self.records[slug]
        return record.published or self.story_of[slug].date

    def source_slug(self, record: Record) -> str:
        """The URL slug of a record's source ("unattributed" when it names none)."""
        return make_slug(record.source or UNATTRIBUTED)


def make_catalog(records: list[Record], aggregation: Aggregation) -> Catalog:
    """Index records, stories, tags and sources for the plan and the templates."""
    by_slug = {r.slug: r for r in records}
    story_of = {slug: story for story in aggregation.stories for slug in story.articles}
    newest = sorted(by_slug, key=lambda s: (-_ordinal(by_slug[s].published or story_of[s].date), s))
    tags: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for slug in newest:
        for tag in aggregation.tags.get(slug, ()):
            tags[tag].append(slug)
        name = by_slug[slug].source or UNATTRIBUTED
        sources[make_slug(name)].append(slug)
        names.setdefault(make_slug(name), name)
    return Catalog(
        records=by_slug,
        stories=aggregation.stories,
        story_of=story_of,
        record_tags={s: tuple(aggregation.tags.get(s, ())) for s in by_slug},
        tags={t: tuple(v) for t, v in sorted(tags.items())},
        sources={s: tuple(v) for s, v in sorted(sources.items(), key=lambda kv: names[kv[0]].lower())},
        source_names=names,
    )


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


def plan_site(catalog: Catalog, settings: Settings, search: bool) -> list[Page]:
    """Every page of the site, in a stable order."""
    pages = [*_index_pages(catalog, settings.per_page)]
    # Each context below is made of catalog entries (and settings), named in `given`: a story is its
    # lead article's story_of entry.
    for story in catalog.stories:
        url, given = f"stories/{story.slug}/", (("story_of", story.articles[0]),)
        pages.append(Page(url, url + "index.html", "story.html", {"story": story}, given))
        pages.append(Page(url + "index.json", url + "index.json", None, {"story": story}, given))
        pages.append(Page(url + "atom.xml", url + "atom.xml", "atom.xml",
                          {"feed_title": story.headline, "entries": story.articles}, given))
    for slug in sorted(catalog.records):
        url = f"articles/{slug}/"
        pages.append(Page(url, url + "index.html", "article.html", {"record": catalog.records[slug]},
                          (("records", slug),)))
    pages.append(Page("tags/", "tags/index.html", "tags.html"))
    page_size = settings.articles_per_page  # of tag and source pages
    for tag, slugs in catalog.tags.items():
        url, given = f"tags/{tag}/", (("tags", tag),)
        for page_url, chunk, pagination in _paginated(url, slugs, page_size):
            context = {"tag": tag, "entries": chunk, "total": len(slugs), "pagination": pagination}
            pages.append(Page(page_url, page_url + "index.html", "tag.html", context, given))
        # Like the site's feed, a tag's feed holds its newest feed_items articles, not all of them.
        pages.append(Page(url + "atom.xml", url + "atom.xml", "atom.xml",
                          {"feed_title": f"Tag: {tag}", "entries": slugs[: settings.feed_items]}, given))
    pages.append(Page("sources/", "sources/index.html", "sources.html"))
    for source, slugs in catalog.sources.items():
        url, given = f"sources/{source}/", (("sources", source), ("source_names", source))
        for page_url, chunk, pagination in _paginated(url, slugs, page_size):
            context = {"source": catalog.source_names[source], "entries": chunk, "total": len(slugs),
                       "pagination": pagination}
            pages.append(Page(page_url, page_url + "index.html", "source.html", context, given))
    latest = _latest(catalog, settings.feed_items)
    pages += [
        Page("atom.xml", "atom.xml", "atom.xml", {"feed_title": settings.title, "entries": latest}),
        Page("rss.xml", "rss.xml", "rss.xml", {"entries": latest}),
        Page("feed.json", "feed.json", None, {"entries": latest}),
        Page("404.html", "404.html", "404.html"),
        Page("robots.txt", "robots.txt", "robots.txt"),
    ]
    if search:
        pages.append(Page("search/", "search/index.html", "search.html"))
    sitemap = [p.url for p in pages if p.output.endswith(".html") and p.output != "404.html"]
    pages.append(Page("sitemap.xml", "sitemap.xml", "sitemap.xml", {"urls": sitemap}))
    return pages


def _index_pages(catalog: Catalog, per_page: int) -> list[Page]:
    """The home page and /page/N/, each listing per_page stories."""
    return [Page(url, url + "index.html", "index.html", {"stories": chunk, "pagination": pagination})
            for url, chunk, pagination in _paginated("", catalog.stories, per_page)]


def _paginated(url: str, items: Sequence[T], per_page: int) -> list[tuple[str, Sequence[T], dict]]:
    """Split a listing over pages: `url` shows the first per_page items, `url`page/2/ the next ...

    Each page comes with its pagination: its number, the page count, the first item's position (from
    1) and the URLs of the pages before and after it (None at either end).
    """
    count = max(1, -(-len(items) // per_page))
    urls = [url] + [f"{url}page/{number}/" for number in range(2, count + 1)]
    listed = []
    for number, page_url in enumerate(urls, 1):
        start = (number - 1) * per_page
        pagination = {
            "number": number,
            "count": count,
            "start": start + 1,
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < count else None,
        }
        listed.append((page_url, items[start : start + per_page], pagination))
    return listed


def _latest(catalog: Catalog, limit: int) -> tuple[str, ...]:
    """The newest articles (by their date, then slug), for feeds."""
    return tuple(sorted(catalog.records, key=lambda s: (-_ordinal(catalog.record_date(s)), s))[:limit])
