"""Stories stay apart when events differ (even with the same people), pins win, and output is stable."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date

from newsroom.aggregate import aggregate, inputs_digest

from .records import ROOT, fixture_records, make_record, seed_ids, seed_records

SINGAPORE = {"singapore-summit-handshake", "singapore-summit-statement", "sentosa-handshake-analysis"}
VLADIVOSTOK = {"vladivostok-summit", "vladivostok-departure"}


def story_sets(aggregation) -> list[set[str]]:
    return [set(story.articles) for story in aggregation.stories]


def test_events_with_shared_actors_stay_apart():
    seeds = seed_records()
    aggregation = aggregate(seeds + fixture_records())
    stories = story_sets(aggregation)
    assert SINGAPORE in stories  # the 2018 Trump-Kim summit, one article without any date
    assert VLADIVOSTOK in stories  # the 2019 Putin-Kim summit: same two leaders as the seeds
    assert set(seed_ids(seeds).values()) in stories  # the 2024 treaty
    assert {"ecb-rate-rise"} in stories
    assert len(stories) == 4


def test_stories_are_newest_first_with_slugs_from_headlines():
    aggregation = aggregate(seed_records() + fixture_records())
    dates = [story.date for story in aggregation.stories]
    assert dates == sorted(dates, reverse=True)
    singapore = next(s for s in aggregation.stories if set(s.articles) == SINGAPORE)
    assert singapore.date == date(2018, 6, 12)
    assert singapore.headline == "Trump and Kim Jong Un Shake Hands in Singapore at First Summit"
    assert singapore.slug == "trump-and-kim-jong-un-shake-hands-in-singapore-at-first-summit"
    assert any("denuclearization" in claim.text and len(claim.articles) == 3 for claim in singapore.claims)


def test_a_pinned_record_joins_the_story_it_names():
    records = {r.slug: r for r in fixture_records()}
    records["ecb-rate-rise"] = dataclasses.replace(records["ecb-rate-rise"], story="summits")
    records["vladivostok-summit"] = dataclasses.replace(records["vladivostok-summit"], story="summits")
    aggregation = aggregate(list(records.values()))
    pinned = next(story for story in aggregation.stories if story.slug == "summits")
    assert {"ecb-rate-rise", "vladivostok-summit"} <= set(pinned.articles)
    assert "singapore-summit-handshake" not in pinned.articles


def test_pins_keep_records_apart_that_would_cluster():
    records = {r.slug: r for r in fixture_records()}
    records["vladivostok-departure"] = dataclasses.replace(
        records["vladivostok-departure"], story="kim-goes-home"
    )
    records["vladivostok-summit"] = dataclasses.replace(
        records["vladivostok-summit"], story="vladivostok-talks"
    )
    stories = {story.slug: set(story.articles) for story in aggregate(list(records.values())).stories}
    assert stories["kim-goes-home"] == {"vladivostok-departure"}
    assert stories["vladivostok-talks"] == {"vladivostok-summit"}


def test_a_pin_names_the_story_its_neighbours_join():
    seeds = seed_records()
    first = seeds[0]
    seeds[0] = dataclasses.replace(first, story="putin-kim-treaty")
    stories = aggregate(seeds + fixture_records()).stories
    treaty = next(story for story in stories if first.slug in story.articles)
    assert treaty.slug == "putin-kim-treaty" and len(treaty.articles) == 5


def test_same_headline_twice_gives_distinct_slugs():
    body_a = "Heavy rain flooded the old harbour district of Lisbon on March 3, 2021, closing the ferry port."
    body_b = "A new budget for schools in Oslo was approved by the city council on 9 October 2023."
    records = [make_record("a", "Council Update", body_a), make_record("b", "Council Update", body_b)]
    slugs = sorted(story.slug for story in aggregate(records).stories)
    assert slugs == ["council-update", "council-update-2"]


def test_record_tags_win_over_suggestions():
    record = make_record("x", "Harbour flood", "Heavy rain flooded the harbour of Lisbon.", tags=("weather",))
    assert aggregate([record]).tags == {"x": ("weather",)}


def test_result_does_not_depend_on_record_order():
    records = seed_records() + fixture_records()
    assert aggregate(records) == aggregate(list(reversed(records)))


def test_result_does_not_depend_on_hash_seed():
    script = (
        "import sys; sys.path.insert(0, '.');"
        "from tests.aggregate.records import seed_records, fixture_records;"
        "from newsroom.aggregate import aggregate;"
        "print(repr(aggregate(seed_records() + fixture_records())))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_inputs_digest_follows_what_aggregation_reads():
    records = seed_records() + fixture_records()
    digest = inputs_digest(records)
    assert inputs_digest(list(reversed(records))) == digest
    rendered = [dataclasses.replace(r, html="<p>other</p>", author="Someone Else") for r in records]
    assert inputs_digest(rendered) == digest  # fields aggregation never reads
    edited = [dataclasses.replace(records[0], body=records[0].body + " One more sentence."), *records[1:]]
    assert inputs_digest(edited) != digest
    pinned = [dataclasses.replace(records[0], story="a-story"), *records[1:]]
    assert inputs_digest(pinned) != digest
    assert inputs_digest(records, {"Kim Jong Un": ["Comrade Kim"]}) != digest
