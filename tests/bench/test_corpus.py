"""The benchmark corpus generator: deterministic, news-like, and the same articles in all three sites."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from newsroom.records import parse_record

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import corpus_text  # noqa: E402

N = 30


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of N articles, written once for the module."""
    out = tmp_path_factory.mktemp("bench") / "corpus"
    corpus.generate_corpus(N, out)
    return out


@pytest.fixture(scope="module")
def records(corpus_dir: Path) -> list:
    """The corpus's newsroom records, parsed by newsroom itself."""
    parsed = []
    for path in sorted((corpus_dir / "newsroom" / "articles").glob("*.md")):
        record, problems = parse_record(path)
        assert record is not None and not problems.items, (path, problems.items)
        parsed.append(record)
    return parsed


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def word_count(markdown: str) -> int:
    """Words of a Markdown body: whitespace-separated tokens with a letter or digit, link URLs left out."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def front_matter(path: Path) -> dict:
    """The YAML front matter of a newsroom record or Hugo content file."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def pelican_metadata(path: Path) -> dict[str, str]:
    """The 'Key: value' lines at the top of a Pelican Markdown file."""
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(corpus_dir: Path, tmp_path: Path) -> None:
    corpus.generate_corpus(N, tmp_path / "again")
    corpus.generate_corpus(N, tmp_path / "other", seed="another-seed")
    first = files_of(corpus_dir)
    assert len(first) > 3 * N
    assert files_of(tmp_path / "again") == first
    assert files_of(tmp_path / "other") != first


def test_a_smaller_corpus_is_the_start_of_a_larger_one() -> None:
    assert corpus_text.make_articles(10) == corpus_text.make_articles(N)[:10]


def test_records_are_news_like_markdown_of_600_to_900_words(records: list) -> None:
    assert len(records) == N
    for record in records:
        body = record.body
        assert 600 <= word_count(body) <= 900, (record.slug, word_count(body))
        assert re.search(r"^## \w", body, re.MULTILINE), record.slug
        assert re.search(r"^- \w", body, re.MULTILINE), record.slug
        assert re.search(r"^> “", body, re.MULTILINE), record.slug
        assert re.search(r"\[[^\]]+\]\(https://[^)]+\)", body), record.slug
        assert record.title and record.summary and record.published


def test_tags_sources_and_dates_come_from_the_expected_ranges(records: list) -> None:
    world = corpus_text.make_world()
    assert 140 <= len(set(world.tags)) == len(world.tags) <= 160
    assert 35 <= len(world.sources) <= 45
    names = {source.name for source in world.sources}
    last_day = corpus_text.START + timedelta(days=2 * 365)
    for record in records:
        assert 2 <= len(record.tags) <= 4, record.tags
        assert set(record.tags) <= set(world.tags)
        assert record.source in names
        assert corpus_text.START <= record.published <= last_day
    assert len({tag for record in records for tag in record.tags}) > 10
    assert len({record.source for record in records}) > 10


def test_articles_about_one_event_form_a_story() -> None:
    groups = defaultdict(list)
    for article in corpus_text.make_articles(N):
        groups[article.event].append(article)
    stories = [group for group in groups.values() if len(group) >= 2]
    assert len(stories) >= 3
    for group in stories:
        assert len({a.source for a in group}) == len(group)  # each outlet covers an event once
        assert max(a.published for a in group) - min(a.published for a in group) <= timedelta(days=3)
        assert len({a.tags[0] for a in group}) == 1
        assert len({a.summary for a in group}) == 1  # the lead fact every outlet reports
        assert all(group[0].summary in a.body for a in group)
    # Different events are told apart by their own sites and people, not only by their topic.
    leads = {group[0].summary for group in groups.values()}
    assert len(leads) == len(groups)


def test_the_three_sites_hold_the_same_articles(corpus_dir: Path, records: list) -> None:
    ours = {(r.slug, r.title, r.published.isoformat(), tuple(r.tags), r.source) for r in records}
    pelican = set()
    for path in (corpus_dir / "pelican" / "content").glob("*.md"):
        meta = pelican_metadata(path)
        tags = tuple(meta["Tags"].split(", "))
        pelican.add((meta["Slug"], meta["Title"], meta["Date"], tags, meta["Category"]))
    hugo = set()
    for path in (corpus_dir / "hugo" / "content" / "articles").glob("*.md"):
        meta = front_matter(path)
        day = meta["date"].isoformat()
        hugo.add((meta["slug"], meta["title"], day, tuple(meta["tags"]), meta["sources"][0]))
    assert len(ours) == N
    assert pelican == ours
    assert hugo == ours


def test_the_sites_paginate_alike(corpus_dir: Path) -> None:
    settings = yaml.safe_load((corpus_dir / "newsroom" / "config.yaml").read_text(encoding="utf-8"))
    per_page = settings["per_page"]
    assert settings["articles_per_page"] == per_page  # Pelican and Hugo paginate tags and sources too
    assert f"DEFAULT_PAGINATION = {per_page}\n" in (corpus_dir / "pelican" / "pelicanconf.py").read_text()
    assert f"pagerSize = {per_page}\n" in (corpus_dir / "hugo" / "hugo.toml").read_text()
    assert (corpus_dir / "hugo" / "layouts" / "term.html").is_file()


def test_a_current_corpus_is_reused_and_a_foreign_folder_is_kept(corpus_dir: Path, tmp_path: Path) -> None:
    assert corpus.corpus_is_current(corpus_dir, N)
    assert not corpus.corpus_is_current(corpus_dir, N + 1)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit, match="holds no corpus"):
        corpus.generate_corpus(3, foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
