"""The aggregate stage on the five seed articles: one story, its claims, timeline, entities and tags."""

from __future__ import annotations

from datetime import date

import pytest

from newsroom.aggregate import aggregate
from newsroom.model import Aggregation, Story

from .records import seed_ids, seed_records


@pytest.fixture(scope="module")
def seeds() -> tuple[Aggregation, dict[str, str]]:
    records = seed_records()
    return aggregate(records), seed_ids(records)


@pytest.fixture(scope="module")
def story(seeds) -> Story:
    aggregation, _ = seeds
    assert len(aggregation.stories) == 1
    return aggregation.stories[0]


def claim_with(story: Story, *words: str):
    """Return the first claim whose text has all the words (case-insensitive), or None."""
    return next((c for c in story.claims if all(w.lower() in c.text.lower() for w in words)), None)


def reporters(story: Story, ids: dict[str, str], *words: str) -> set[str]:
    """Return the seed numbers of every claim group that has all the words, merged."""
    numbers = {slug: number for number, slug in ids.items()}
    found = set()
    for claim in story.claims:
        if all(w.lower() in claim.text.lower() for w in words):
            found.update(numbers[slug] for slug in claim.articles)
    return found


def test_the_five_seeds_form_exactly_one_story(seeds, story):
    _, ids = seeds
    assert sorted(story.articles) == sorted(ids.values())
    assert len(ids) == 5


def test_headline_is_a_stated_title_and_the_date_is_the_signing(seeds, story):
    _, ids = seeds
    records = {r.slug: r for r in seed_records()}
    assert story.headline in {r.title for r in records.values() if not r.title_derived}
    assert story.headline != records[ids["002"]].title  # 002's title is derived from its lead
    assert story.date == date(2024, 6, 19)
    assert story.summary


def test_mutual_assistance_clause_is_reported_by_all_five(seeds, story):
    _, ids = seeds
    groups = [c for c in story.claims if len(c.articles) == 5]
    wording = ("mutual", "assistance", "aid", "attacked", "aggression")
    assert any(sum(w in c.text.lower() for w in wording) >= 2 for c in groups), [c.text for c in groups]


def test_aurus_limousine_gift_is_reported_by_001_and_004(seeds, story):
    _, ids = seeds
    assert reporters(story, ids, "Aurus") == {"001", "004"}


def test_first_visit_in_24_years_is_reported_by_001_and_002(seeds, story):
    _, ids = seeds
    assert {"001", "002"} <= reporters(story, ids, "24 years")
    claim = claim_with(story, "24 years")
    assert claim is not None and len(claim.articles) >= 2


def test_1961_treaty_is_corroborated(seeds, story):
    _, ids = seeds
    numbers = {slug: number for number, slug in ids.items()}
    claim = claim_with(story, "1961")
    assert claim is not None
    assert {"001", "003"} <= {numbers[slug] for slug in claim.articles}


def test_claims_are_sorted_by_how_many_report_them(story):
    counts = [len(claim.articles) for claim in story.claims]
    assert counts == sorted(counts, reverse=True)
    assert all(count >= 2 for count in counts)
    assert len({claim.text for claim in story.claims}) == len(story.claims)


def test_unique_claims_belong_to_one_article_each(story):
    assert story.unique
    shared = {claim.text for claim in story.claims}
    for slug, claims in story.unique:
        assert slug in story.articles
        assert 1 <= len(claims) <= 5
        assert all(claim.articles == (slug,) and claim.text not in shared for claim in claims)


def test_timeline_has_the_dated_events_in_order(seeds, story):
    _, ids = seeds
    numbers = {slug: number for number, slug in ids.items()}
    events = {(e.date, e.precision): {numbers[s] for s in e.articles} for e in story.timeline}
    assert events[("1961", "year")] >= {"001", "003"}
    assert events[("2023-09", "month")] == {"002"}
    assert events[("2024-06-19", "day")] >= {"002", "004"}
    assert events[("2025-04", "month")] == {"000"}
    assert events[("2024-06-18", "day")] == {"003"}  # "June 18", the year taken from the story
    starts = [(e.date + "-01-01")[:10] for e in story.timeline]
    assert starts == sorted(starts)
    assert all(e.text and "1961" in e.text for e in story.timeline if e.date == "1961")


def test_entities_merge_variants(seeds, story):
    _, ids = seeds
    entities = {e.name: e for e in story.entities}
    korea, putin = entities["North Korea"], entities["Vladimir Putin"]
    assert {"DPRK", "N. Korea"} <= set(korea.aliases) or {"DPRK", "N.Korea"} <= set(korea.aliases)
    assert len(korea.mentions) == 5 and korea.kind == "place"
    assert "Putin" in putin.aliases and putin.kind == "person"
    kim = next(e for e in story.entities if e.name in ("Kim Jong Un", "Kim Jong-un"))
    assert {"Kim Jong Un", "Kim Jong-un"} <= {kim.name, *kim.aliases}
    assert dict(kim.mentions)[ids["003"]] >= 5  # 003 writes "Kim Jong-un"
    assert entities["Institute for the Study of War"].aliases == ("ISW",)
    assert not any(name in entities for name in ("According", "The", "Putin", "DPRK", "Kim"))


def test_entity_mentions_are_counted_per_article(story):
    for entity in story.entities:
        slugs = [slug for slug, _ in entity.mentions]
        assert slugs == sorted(slugs) and set(slugs) <= set(story.articles)
        assert all(count > 0 for _, count in entity.mentions)
    totals = [entity.total for entity in story.entities]
    assert totals == sorted(totals, reverse=True)


def test_seed_tags_name_the_subject_and_no_junk(seeds):
    aggregation, ids = seeds
    for slug in ids.values():
        tags = aggregation.tags[slug]
        assert "north-korea" in tags and "russia" in tags
        assert 1 <= len(tags) <= 6 and len(set(tags)) == len(tags)
        assert not {"according", "the", "this", "said", "putin-and"} & set(tags)
