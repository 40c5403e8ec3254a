"""Data pages written as JSON: the JSON Feed and each story's JSON twin."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from newsroom.config import Settings
from newsroom.dates import midnight
from newsroom.model import Page, Story
from newsroom.site import Catalog
from newsroom.urls import Linker


def render_json(page: Page, catalog: Catalog, settings: Settings, linker: Linker) -> str:
    """Serialize a data page; keys sorted as written here, no timestamps, so output is stable."""
    if "story" in page.context:
        data = story_document(page.context["story"], catalog, linker)
    else:
        data = json_feed(page.context["entries"], catalog, settings, linker)
    # Without an indent json.dumps runs its C encoder (with one, a pure-Python one, slower than the
    # page's whole template): one line of JSON, as feeds and APIs usually serve it.
    return _script_safe(json.dumps(data, ensure_ascii=False)) + "\n"


# Text from the web may hold "</script>": escaped, the JSON stays the same data and is safe to
# paste into an HTML page (as Jinja's tojson does for JSON-LD).
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _script_safe(text: str) -> str:
    # The same as text.translate(SCRIPT_SAFE), which looks up every character in Python and is
    # slow on long bodies; each replace runs in C and adds none of the other characters.
    for character, escaped in SCRIPT_SAFE.items():
        text = text.replace(chr(character), escaped)
    return text


def story_document(story: Story, catalog: Catalog, linker: Linker) -> dict[str, Any]:
    """A story as data: its articles, claims, timeline and entities."""
    return {
        "id": story.slug,
        "url": linker.absolute(f"stories/{story.slug}/"),
        "headline": story.headline,
        "date": _iso(story.date),
        "summary": story.summary,
        "articles": [
            {
                "slug": slug,
                "title": catalog.records[slug].title,
                "source": catalog.records[slug].source,
                "url": linker.absolute(f"articles/{slug}/"),
            }
            for slug in story.articles
        ],
        "claims": [{"text": c.text, "articles": list(c.articles)} for c in story.claims],
        "unique": {slug: [c.text for c in claims] for slug, claims in story.unique},
        "timeline": [
            {"date": e.date, "precision": e.precision, "text": e.text, "articles": list(e.articles)}
            for e in story.timeline
        ],
        "entities": [
            {"name": e.name, "kind": e.kind, "aliases": list(e.aliases), "mentions": dict(e.mentions)}
            for e in story.entities
        ],
    }


def json_feed(
    entries: tuple[str, ...], catalog: Catalog, settings: Settings, linker: Linker
) -> dict[str, Any]:
    """A JSON Feed 1.1 document of the latest articles."""
    items = []
    for slug in entries:
        record = catalog.records[slug]
        item: dict[str, Any] = {
            "id": linker.absolute(f"articles/{slug}/"),
            "url": linker.absolute(f"articles/{slug}/"),
            "title": record.title,
            "content_html": record.html,
            "summary": record.summary,
            "date_published": _timestamp(catalog.record_date(slug), settings),
            "tags": list(catalog.record_tags.get(slug, ())),
        }
        if record.author:
            item["authors"] = [{"name": record.author}]
        if record.source_url:
            item["external_url"] = record.source_url
        items.append({k: v for k, v in item.items() if v not in (None, "", [])})
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": settings.title,
        "home_page_url": linker.absolute(""),
        "feed_url": linker.absolute("feed.json"),
        "description": settings.description,
        "language": settings.language,
        "items": items,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _timestamp(value: date | None, settings: Settings) -> str | None:
    """A date as an RFC 3339 timestamp at midnight in the site's time zone."""
    return midnight(value, settings.timezone).isoformat() if value else None
