"""Spread over forked workers, or partly taken from a memo, aggregation gives the one-process result."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import pickle
from collections import Counter
from types import SimpleNamespace

import pytest
from support import RecordedProgress

import newsroom.aggregate as aggregate_module
from newsroom import parallel
from newsroom.aggregate import Memos, Reading, aggregate, cluster, reading, unchanged_vectors
from newsroom.aggregate import stories as stories_module
from newsroom.aggregate.cluster import COMPARISONS
from newsroom.aggregate.documents import Document, count_steps
from newsroom.aggregate.reading import TermCounts
from newsroom.aggregate.shelf import Shelf

from .records import fixture_records, make_record, seed_records
from .synthetic import synthetic_records


def corpus() -> list:
    """Seeds, fixtures and synthetic articles, some without tags of their own (so tags are suggested)."""
    synthetic, _ = synthetic_records(120)
    untagged = [dataclasses.replace(r, tags=()) if i % 2 else r for i, r in enumerate(synthetic)]
    return seed_records() + fixture_records() + untagged


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """Make even a small input go to two forked workers; count the pools started."""
    started: list[int] = []

    class CountedPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers, **options):
            started.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountedPool)  # parallel imports it late
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    return started


def test_forked_workers_give_the_one_process_result(pools, monkeypatch):
    records = corpus()
    forked = aggregate(records)
    assert pools == [2, 2]  # reading, then story building
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    assert aggregate(records) == forked
    assert pools == [2, 2]
    assert any(forked.tags[r.slug] for r in records if not r.tags)


def test_memos_keep_one_reading_per_record_and_change_nothing(pools, tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    first = aggregate(records, memos=memos)
    assert len(memos.readings) == len(records)
    assert all(isinstance(value, Reading) for value in memos.readings.values())
    assert set(memos.readings) == Shelf(memos.folder).keys()  # their sentences are shelved
    assert set(memos.stories.values()) == set(first.stories)
    assert first == aggregate(records)
    assert aggregate(records, memos=memos) == first  # memos used twice are not worn by the stage


def test_a_rebuild_reads_only_the_edited_and_added_records(monkeypatch, tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    aggregate(records, memos=memos)
    edited = dataclasses.replace(records[0], body=records[0].body + "\n\nThe treaty was published in full.")
    added = make_record("harbour-flood", "Harbour flood", "Heavy rain flooded the harbour of Lisbon.")
    changed = [edited, *records[2:], added]  # records[1] is removed
    read, real = [], reading.read

    def counted(record, names):
        read.append(record.slug)
        return real(record, names)

    monkeypatch.setattr(reading, "read", counted)
    rebuilt = aggregate(changed, memos=memos)
    assert read == sorted([edited.slug, added.slug])
    assert len(memos.readings) == len(changed)  # the removed record's reading is gone
    assert Shelf(memos.folder).keys() == set(memos.readings)  # and so are its sentences
    assert rebuilt == aggregate(changed)


def test_each_step_counts_the_records_it_reads_and_the_stories_it_builds(pools, tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    recorded = RecordedProgress()
    built = len(aggregate(records, memos=memos, progress=recorded).stories)
    edited = dataclasses.replace(records[0], body=records[0].body + "\n\nThe treaty was published in full.")
    aggregate([edited, *records[1:]], memos=memos, progress=recorded)
    assert recorded.steps[:3] == [["reading", len(records), len(records)], ["clustering", None, 0],
                                  ["stories", built, built]]
    (_, read, done), clustering, (_, stories, finished) = recorded.steps[3:]
    assert (read, done) == (1, 1) and clustering == ["clustering", None, 0]
    assert 1 <= stories == finished < built  # the stories the edit touched, not every story


def test_lost_sentences_are_read_again(tmp_path):
    records = seed_records() + fixture_records()
    memos = Memos(tmp_path / "shelf")
    first = aggregate(records, memos=memos)
    shelf = Shelf(memos.folder)
    lost = sorted(shelf.keys())[0]
    shelf.keep(shelf.keys() - {lost})
    memos.stories.clear()  # make every story read its sentences again
    assert aggregate(records, memos=memos) == first
    assert lost in shelf.keys()


def test_other_aliases_read_every_record_again(tmp_path):
    records = seed_records() + fixture_records()
    memos = Memos(tmp_path / "shelf")
    aggregate(records, memos=memos)
    before = set(memos.readings)
    aliases = {"Kim Jong Un": ["Comrade Kim"]}
    assert aggregate(records, aliases, memos=memos) == aggregate(records, aliases)
    assert not before & set(memos.readings)


def test_a_rebuild_builds_only_the_stories_whose_articles_changed(monkeypatch, tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    first = aggregate(records, memos=memos)
    target = next(story for story in first.stories if len(story.articles) > 1)
    slug = target.articles[-1]
    index = next(i for i, r in enumerate(records) if r.slug == slug)
    changed = list(records)
    edited = records[index].body + "\n\nOfficials said more."
    changed[index] = dataclasses.replace(records[index], body=edited)
    built, real = [], stories_module.build_story

    def counted(ranked, story_slug, names):
        built.append(story_slug)
        return real(ranked, story_slug, names)

    monkeypatch.setattr(stories_module, "build_story", counted)
    rebuilt = aggregate(changed, memos=memos)
    assert built == [target.slug]
    assert rebuilt == aggregate(changed)
    assert set(memos.stories.values()) == set(rebuilt.stories)


def test_a_rebuild_slugifies_only_the_headlines_it_has_not_seen(monkeypatch, tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    aggregate(records, memos=memos)
    retitled = dataclasses.replace(records[0], title="Harbour reopens after the storm")
    changed = [retitled, *records[1:]]
    slugified, real = [], aggregate_module.headline_slug

    def counted(headline):
        slugified.append(headline)
        return real(headline)

    monkeypatch.setattr(aggregate_module, "headline_slug", counted)
    rebuilt = aggregate(changed, memos=memos)
    assert set(slugified) <= {retitled.title}  # the title leads a story only if it was ranked first
    assert rebuilt == aggregate(changed)
    assert memos.headlines and set(memos.headlines) <= {r.title for r in changed}  # none kept for long


def test_a_rebuild_computes_only_the_similarities_an_edit_can_change(tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    COMPARISONS.clear()
    aggregate(records, memos=memos)
    first = COMPARISONS["pairs"]
    index = next(i for i, r in enumerate(records) if r.slug == "e00001-a1")  # a synthetic article
    edited = dataclasses.replace(records[index], body=records[index].body + "\n\nThe mayor spoke again.")
    changed = [*records[:index], edited, *records[index + 1 :]]
    COMPARISONS.clear()
    rebuilt = aggregate(changed, memos=memos)
    again = COMPARISONS["pairs"]
    assert 0 < again < first / 4
    assert rebuilt == aggregate(changed)
    assert len(memos.ranks) == len(rebuilt.stories)  # each story's article order, kept for the next call
    # A new record changes the weights of the terms whose counts cross a step, and the vectors holding them.
    added = [*changed, make_record("harbour-flood", "Harbour flood", "Rain flooded Lisbon.")]
    COMPARISONS.clear()
    rebuilt = aggregate(added, memos=memos)
    assert 0 < COMPARISONS["pairs"] < first / 4
    assert rebuilt == aggregate(added)
    # Once the number of records crosses a step, every weight moves: every pair is measured again.
    more = list(added)
    while count_steps(len(more)) == count_steps(len(added)):
        more.append(make_record(f"harbour-flood-{len(more)}", "Harbour flood", "Rain flooded Lisbon again."))
    COMPARISONS.clear()
    rebuilt = aggregate(more, memos=memos)
    assert COMPARISONS["pairs"] >= first
    assert rebuilt == aggregate(more)


def test_a_memo_that_does_not_match_the_readings_is_not_trusted(tmp_path):
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    aggregate(records, memos=memos)
    memos.frequency = {term: count + 1 for term, count in memos.frequency.items()}  # as from another corpus
    memos.counted = "not these readings"
    edited = [*records[:-1], dataclasses.replace(records[-1], body=records[-1].body + "\n\nMore later.")]
    fresh = Memos(tmp_path / "fresh")
    assert aggregate(edited, memos=memos) == aggregate(edited, memos=fresh)
    assert memos.frequency == fresh.frequency  # counted again, not updated from wrong counts


def test_a_term_that_becomes_common_or_rare_again_changes_what_is_compared(monkeypatch):
    # Two articles compared only through "treaty": "summit" is in too many articles' top terms to count.
    monkeypatch.setattr(cluster, "MAX_POSTING", 2)
    first = document("first", {"treaty": 0.6, "summit": 0.6, "moscow": 0.5})
    second = document("second", {"treaty": 0.6, "summit": 0.6, "pyongyang": 0.5})
    other = document("other", {"summit": 1.0, "geneva": 0.1})
    third = document("third", {"treaty": 1.0, "archive": 0.1})  # makes "treaty" common as well
    memo = cluster.ClusterMemo()

    def clustered(documents: list, unchanged: list[bool]) -> list[list[str]]:
        keys = [d.slug for d in documents]
        groups = cluster.cluster_documents(documents, memo, keys, unchanged)
        assert groups == cluster.cluster_documents(documents)  # what a first build gives
        return [[documents[i].slug for i in group] for group in groups]

    assert clustered([first, other, second], [False] * 3) == [["first", "second"], ["other"]]
    # The pair's vectors are unchanged, but it is no longer compared: its link must go.
    assert clustered([first, other, second, third], [True, True, True, False]) == [
        ["first"], ["other"], ["second"], ["third"]]
    # "treaty" is rare again: the unchanged pair must be compared again, though neither changed.
    assert clustered([first, other, second], [True] * 3) == [["first", "second"], ["other"]]


def document(slug: str, vector: dict[str, float]) -> Document:
    """A document with its vector given (unchanged vectors are what the memo's shortcuts rely on)."""
    return Document(make_record(slug, slug.title(), "Text."), [], Counter(vector), None, {}, vector)


def test_story_building_holds_no_vectors(monkeypatch):
    """Clustering and ranking are done by then: at 10,000 articles, dropping the vectors lowered the
    memory of the story-building step by 54 MB."""
    seen = []
    real = stories_module.build_stories

    def spy(clusters, *args):
        seen.extend(document.made for cluster in clusters for document in cluster)
        return real(clusters, *args)

    monkeypatch.setattr(aggregate_module, "build_stories", spy)
    aggregate(seed_records() + fixture_records())
    assert seen and all(vector is None for vector in seen)


def test_term_counts_behave_as_the_dict_they_keep():
    counts = {"treati": 3, "pyongyang": 2, "putin": 1}
    kept = TermCounts.of(counts)
    copy = pickle.loads(pickle.dumps(kept, protocol=5))
    for value in (kept, copy):
        assert list(value) == list(counts) and list(value.values()) == list(counts.values())
        assert dict(value.items()) == counts and value == counts and len(value) == 3
        assert value["pyongyang"] == 2 and "kim" not in value and value.get("kim") is None


def test_a_rebuild_looks_up_the_counts_of_no_unchanged_reading(tmp_path):
    """A rebuild loads every reading but only the edited ones' counts are needed: the others stay as
    they load, without a dict made of them."""
    records = corpus()
    memos = Memos(tmp_path / "shelf")
    aggregate(records, memos=memos)
    memos.readings = pickle.loads(pickle.dumps(memos.readings, protocol=5))  # as a build loads them
    edited = dataclasses.replace(records[0], body=records[0].body + "\n\nThe treaty was published in full.")
    rebuilt = aggregate([edited, *records[1:]], memos=memos)
    assert rebuilt == aggregate([edited, *records[1:]])
    made = [key for key, value in memos.readings.items() if value.counts._dict is not None]
    assert made == []


class _Searched(dict):
    """Term counts that count how often they are searched (iterated)."""

    times = 0

    def __iter__(self):
        _Searched.times += 1
        return super().__iter__()


def test_only_vectors_holding_a_reweighed_term_change_and_kept_ones_are_searched_only_if_they_may():
    documents = [SimpleNamespace(counts=_Searched(terms))
                 for terms in ({"treati": 1, "putin": 2}, {"putin": 1}, {"summit": 1, "zebra": 1})]
    kept = [True, True, False]  # the third record was read again
    frequency = {"treati": 1, "putin": 2, "summit": 1, "zebra": 1}
    assert unchanged_vectors(documents, kept, None, frequency) == [False, False, False]
    assert unchanged_vectors(documents, kept, set(), frequency) == kept
    # Only the new reading holds "zebra" (its count is 1), and "gone" is in no article now: the kept
    # documents cannot hold them and are not searched.
    _Searched.times = 0
    assert unchanged_vectors(documents, kept, {"zebra", "gone"}, frequency) == kept
    assert _Searched.times == 1
    # A kept document holds "treati": each kept document is searched, and the one holding it changed.
    assert unchanged_vectors(documents, kept, {"treati"}, frequency) == [False, True, False]
    assert unchanged_vectors(documents, kept, {"putin", "zebra"}, frequency) == [False, False, False]
