"""The JSON twin of each story (/stories/<slug>/index.json): its shape, and that it agrees with the site."""

from __future__ import annotations

import json
import re

PRECISIONS = {"year", "month", "day"}
ENTITY_KINDS = {"person", "place", "organization"}


def twins(site) -> list[tuple[str, dict]]:
    """(story slug, parsed JSON) for every story of the build."""
    found = sorted((site.folder / "stories").glob("*/index.json"))
    return [(path.parent.name, json.loads(path.read_text(encoding="utf-8"))) for path in found]


def test_every_story_page_has_a_json_twin(site_at_root):
    pages = {p.parent.name for p in (site_at_root.folder / "stories").glob("*/index.html")}
    assert pages and pages == {slug for slug, _ in twins(site_at_root)}


def test_the_twin_has_the_documented_fields_with_their_types(site_at_root):
    for slug, story in twins(site_at_root):
        assert story["id"] == slug and story["headline"] and story["summary"]
        assert story["url"] == f"{site_at_root.base_url}stories/{slug}/"
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", story["date"])
        for article in story["articles"]:
            assert set(article) == {"slug", "title", "source", "url"}
            assert article["url"] == f"{site_at_root.base_url}articles/{article['slug']}/"
        for claim in story["claims"]:
            assert set(claim) == {"text", "articles"} and claim["text"] and claim["articles"]
        for event in story["timeline"]:
            assert set(event) == {"date", "precision", "text", "articles"}
            assert event["precision"] in PRECISIONS
        for entity in story["entities"]:
            assert set(entity) == {"name", "kind", "aliases", "mentions"}
            assert entity["kind"] in ENTITY_KINDS
            assert all(isinstance(n, int) and n > 0 for n in entity["mentions"].values())


def test_every_slug_the_twin_names_is_an_article_of_that_story(site_at_root):
    for _, story in twins(site_at_root):
        members = {article["slug"] for article in story["articles"]}
        named = [slug for claim in story["claims"] for slug in claim["articles"]]
        named += [slug for event in story["timeline"] for slug in event["articles"]]
        named += [slug for entity in story["entities"] for slug in entity["mentions"]]
        named += list(story["unique"])
        assert set(named) <= members
        for slug in members:
            assert (site_at_root.folder / "articles" / slug / "index.html").is_file()


def test_the_seed_story_twin_carries_the_corroborated_treaty_clause(site_at_root):
    seed = {slug for slug in site_at_root.records if slug != "fish-and-chips-escaping"}
    stories = [story for _, story in twins(site_at_root) if {a["slug"] for a in story["articles"]} == seed]
    assert len(stories) == 1, "the five seeds form exactly one story"
    top = stories[0]["claims"][0]
    assert len(top["articles"]) == 5
    assert re.search(r"assist|aid|attack", json.dumps(stories[0]["claims"]), re.I)
    timeline = [event["date"] for event in stories[0]["timeline"]]
    assert "1961" in timeline and timeline == sorted(timeline)
