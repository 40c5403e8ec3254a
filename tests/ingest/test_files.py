"""ingest_files: new records, slugs, keep/force/changed, problems reported per file, raw files untouched."""

import os
from pathlib import Path

import pytest

from newsroom.errors import UserError
from newsroom.ingest import ingest_files
from newsroom.records import split_record

from .factories import TITLE, dump


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """An articles folder with two raw dumps."""
    folder = tmp_path / "articles"
    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "a.txt").write_text(dump(), encoding="utf-8")
    storm = dump(title="Storm Knocks Out Power Across the County")
    (folder / "raw" / "b.txt").write_text(storm, encoding="utf-8")
    return folder


def records(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def test_each_raw_file_gets_a_record_named_by_its_title(articles):
    report = ingest_files(articles)
    assert [p.name for p in report.written] == ["city-council-approves-new-budget-for-public-parks.md",
                                                "storm-knocks-out-power-across-the-county.md"]
    assert report.kept == [] and report.changed == [] and report.problems == []
    meta = split_record(report.written[0].read_text(encoding="utf-8"), report.written[0]).meta
    assert meta["raw"] == "raw/a.txt" and meta["title"] == TITLE


def test_records_are_utf8_with_lf_and_no_temporary_files_remain(articles):
    (articles / "raw" / "a.txt").write_bytes(dump().replace("\n", "\r\n").encode("utf-16"))
    ingest_files(articles)
    data = (articles / "city-council-approves-new-budget-for-public-parks.md").read_bytes()
    assert b"\r" not in data and data.decode("utf-8").startswith("---\ntitle: City Council")
    assert [p.name for p in articles.iterdir() if p.name.startswith(".")] == []


def test_an_existing_record_is_kept_even_when_edited(articles):
    ingest_files(articles)
    record = articles / "city-council-approves-new-budget-for-public-parks.md"
    record.write_text(record.read_text().replace("The city council voted", "Edited, the council voted"))
    before = records(articles)
    report = ingest_files(articles)
    assert report.written == [] and len(report.kept) == 2 and report.changed == []
    assert records(articles) == before


def test_a_raw_file_that_changed_is_reported_and_its_record_kept(articles):
    ingest_files(articles)
    before = records(articles)
    (articles / "raw" / "a.txt").write_text(dump("A new paragraph was added to the raw dump after ingest."))
    report = ingest_files(articles)
    assert report.changed == [articles / "raw" / "a.txt"]
    assert records(articles) == before


def test_force_rewrites_the_record_in_place(articles):
    ingest_files(articles)
    record = articles / "city-council-approves-new-budget-for-public-parks.md"
    record.write_text(record.read_text().replace("The city council voted", "Edited, the council voted"))
    os.rename(record, articles / "my-own-name.md")
    report = ingest_files(articles, [articles / "raw" / "a.txt"], force=True)
    assert report.written == [articles / "my-own-name.md"]
    assert "The city council voted" in (articles / "my-own-name.md").read_text()
    assert not record.exists()


def test_slugs_are_made_unique(articles):
    (articles / "raw" / "b.txt").write_text(dump(), encoding="utf-8")
    other = articles / "city-council-approves-new-budget-for-public-parks.md"
    other.write_text("---\ntitle: Other\n---\nx\n")
    report = ingest_files(articles)
    assert [p.name for p in report.written] == ["city-council-approves-new-budget-for-public-parks-2.md",
                                                "city-council-approves-new-budget-for-public-parks-3.md"]


def test_only_the_given_files_are_ingested(articles):
    report = ingest_files(articles, [articles / "raw" / "b.txt"])
    assert [p.name for p in report.written] == ["storm-knocks-out-power-across-the-county.md"]


def test_a_bad_raw_file_is_a_problem_and_the_others_still_get_records(articles):
    (articles / "raw" / "0-empty.txt").write_bytes(b"")
    (articles / "raw" / "1-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (articles / "raw" / "2-junk.txt").write_text("Accept all cookies\nShare on Facebook\nMenu\n")
    report = ingest_files(articles)
    assert len(report.written) == 2
    assert [e.path for e in report.problems] == [articles / "raw" / n for n in ("0-empty.txt", "1-image.txt",
                                                                                "2-junk.txt")]
    assert all(isinstance(e, UserError) for e in report.problems)
    assert "no article text" in str(report.problems[2])


def test_raw_files_are_never_modified(articles):
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (articles / "raw").iterdir()}
    ingest_files(articles)
    ingest_files(articles, force=True)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (articles / "raw").iterdir()} == before


def test_an_unparsable_record_is_reported_as_a_warning(articles):
    (articles / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    report = ingest_files(articles)
    assert len(report.written) == 2
    assert [(e.path, e.warning) for e in report.problems] == [(articles / "broken.md", True)]
    assert "invalid YAML" in str(report.problems[0])


def test_a_record_broken_by_an_edit_still_claims_its_raw_file(articles):
    ingest_files(articles)
    record = articles / "city-council-approves-new-budget-for-public-parks.md"
    record.write_text(record.read_text().replace("title: City", "title: [City"))
    report = ingest_files(articles)
    assert report.written == [] and record in report.kept
    assert len(list(articles.glob("*.md"))) == 2
    assert [e.path for e in report.problems] == [record]


def test_a_file_outside_the_articles_folder_is_a_problem(articles, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(dump())
    report = ingest_files(articles, [outside])
    assert report.written == [] and "not inside the articles folder" in str(report.problems[0])


def test_ingesting_twice_into_fresh_folders_gives_identical_records(articles, tmp_path):
    ingest_files(articles)
    first = records(articles)
    for record in articles.glob("*.md"):
        record.unlink()
    ingest_files(articles)
    assert records(articles) == first
