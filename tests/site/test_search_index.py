"""The search index: the marked pages in parts, each indexed again only when its pages change."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from support import RecordedProgress

from newsroom import publish, search, search_parts
from newsroom import site as site_module
from newsroom.cache import PlainStore
from newsroom.config import Settings, load_settings
from newsroom.output import pending
from newsroom.pipeline import BuildOptions, build_site
from newsroom.search import BUNDLE, Indexing, index_site

MARKED = '<html><body><main data-pagefind-body><p>{}</p></main></body></html>'
PLAIN = "<html><body><p>{}</p></body></html>"
PART_PAGES = Settings().search_part_pages


def write_pages(folder: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html)
    return folder


TEN_ARTICLES = {f"articles/{n}/index.html": MARKED.format(f"word{n} here") for n in range(10)}


def marked_parts(site: Path, part_pages: int = PART_PAGES) -> list[list[str] | None]:
    parts = search_parts.plan_parts(site, part_pages)
    return [None if part.pages is None else list(part.pages) for part in parts]


def test_a_site_up_to_the_part_size_is_one_part_of_its_marked_pages(tmp_path):
    site = write_pages(tmp_path, {
        "articles/a/index.html": PLAIN.format("an unmarked article"),
        "articles/b/index.html": MARKED.format("one marked article"),
        "stories/s/index.html": PLAIN.format("a story"),
        "about.html": MARKED.format("a marked page at the top"),
        f"{BUNDLE}/playground/index.html": MARKED.format("the bundle's own page"),
    })
    assert marked_parts(site) == [["about.html", "articles/b/index.html"]]


def test_a_larger_site_is_split_by_path_and_a_new_page_moves_no_other(tmp_path):
    pages = {f"articles/{n}/index.html": MARKED.format(f"article {n}") for n in range(20)}
    site = write_pages(tmp_path, {**pages, "index.html": PLAIN.format("home")})
    parts = marked_parts(site, 4)
    assert len(parts) == 8 and all(len(part) <= 8 for part in parts)
    assert sorted(path for part in parts for path in part) == sorted(pages)
    write_pages(site, {"articles/new/index.html": MARKED.format("one more")})
    grown = marked_parts(site, 4)
    assert sum(len(part) for part in grown) == 21
    assert sum(old != new for old, new in zip(parts, grown, strict=True)) == 1


def test_a_part_count_is_a_power_of_two_for_the_part_size():
    size = PART_PAGES
    counts = [search_parts.part_count(n, size) for n in (0, size, size + 1, 2 * size + 1, 10 * size)]
    assert counts == [1, 1, 2, 4, 16]


def counting_reads(monkeypatch) -> list[str]:
    """The files search_parts opens from now on."""
    opened: list[str] = []
    monkeypatch.setattr(search_parts, "open", lambda path, *args: opened.append(path) or open(path, *args),
                        raising=False)
    return opened


def test_a_page_is_read_again_only_when_its_stat_changed(tmp_path, monkeypatch):
    site = write_pages(tmp_path, {**TEN_ARTICLES, "index.html": PLAIN.format("home")})
    opened, marks = counting_reads(monkeypatch), {}
    parts = search_parts.plan_parts(site, 4, marks)
    assert len(opened) == 11 and len(marks) == 11
    opened.clear()
    assert search_parts.plan_parts(site, 4, marks) == parts and opened == []
    write_pages(site, {"articles/3/index.html": PLAIN.format("no longer marked"),
                       "articles/new/index.html": MARKED.format("one more")})
    (site / "articles/5/index.html").unlink()
    grown = search_parts.plan_parts(site, 4, marks)
    assert sorted(Path(path).relative_to(site).as_posix() for path in opened) == [
        "articles/3/index.html", "articles/new/index.html"]
    marked = sorted(page for part in grown for page in part.pages)
    assert marked == sorted({*TEN_ARTICLES, "articles/new/index.html"} - {"articles/3/index.html",
                                                                            "articles/5/index.html"})
    assert len(marks) == 11 and "articles/5/index.html" not in marks


@pytest.mark.parametrize("pages", [
    {"articles/a/index.html": PLAIN.format("no page is marked: Pagefind indexes every page")},
    {"art{icles}/a/index.html": MARKED.format("a name that would change the glob")},
])
def test_pagefind_reads_every_page_when_no_glob_would_say_the_same(tmp_path, pages):
    assert marked_parts(write_pages(tmp_path, pages)) == [None]


def test_a_linked_folder_is_left_to_pagefind_and_indexed_every_time(tmp_path):
    write_pages(tmp_path / "elsewhere", {"a/index.html": MARKED.format("marked, behind a link")})
    site = write_pages(tmp_path / "site", {"articles/a/index.html": MARKED.format("marked")})
    (site / "more").symlink_to(tmp_path / "elsewhere")
    (part,) = search_parts.plan_parts(site, PART_PAGES)
    assert part.pages is None and search_parts.stale_parts(site / BUNDLE, [part]) == [part]


def test_only_the_part_of_a_changed_page_is_indexed_again(tmp_path):
    site = write_pages(tmp_path, TEN_ARTICLES)
    recorded = RecordedProgress()
    index_site(site, tmp_path / "work-1", 4, recorded)
    bundle = site / BUNDLE
    parts = search_parts.plan_parts(site, 4)
    assert len(parts) == 4 and not search_parts.stale_parts(bundle, parts)
    assert {p.name for p in bundle.glob("part-*")} == {"part-1", "part-2", "part-3"}
    assert not (bundle / "part-1" / "pagefind-ui.js").exists()  # a merged part holds its index only
    entries = {part.number: (bundle / part.folder / "pagefind-entry.json").stat().st_ino for part in parts}
    changed = next(part for part in parts if part.number)  # a merged part
    page = site / changed.pages[0]
    page.write_text(MARKED.format("Quillfeather was here"))
    index_site(site, tmp_path / "work-2", 4, recorded)
    # Named (and timed) from the start, while the pages are listed; counted once the stale parts are known.
    assert recorded.steps == [["search index", None, 0], ["search index", 4, 4],
                              ["search index", None, 0], ["search index", 1, 1]]  # parts counted as they end
    now = {part.number: (bundle / part.folder / "pagefind-entry.json").stat().st_ino for part in parts}
    assert {n for n in entries if entries[n] != now[n]} == {changed.number}
    assert "Quillfeather" in indexed_text(bundle) and indexed_text(bundle).count("word") == 9
    shutil.rmtree(bundle / "part-2")  # a part lost (a kill between moves): found and made again
    assert [part.number for part in search_parts.stale_parts(bundle, search_parts.plan_parts(site, 4))] == [2]


def test_a_new_first_part_keeps_the_others(tmp_path):
    site = write_pages(tmp_path, TEN_ARTICLES)
    index_site(site, tmp_path / "work-1", 4)
    first = search_parts.plan_parts(site, 4)[0]
    (site / first.pages[0]).write_text(MARKED.format("Quillfeather was here"))
    index_site(site, tmp_path / "work-2", 4)
    bundle = site / BUNDLE
    assert not search_parts.stale_parts(bundle, search_parts.plan_parts(site, 4))
    assert "Quillfeather" in indexed_text(bundle) and indexed_text(bundle).count("word") == 9
    script = (bundle / search_parts.SCRIPT).read_text()
    assert '["part-1/", "part-2/", "part-3/"]' in script


def test_each_run_reads_a_tree_of_its_own_part_s_pages_removed_once_it_ends(tmp_path, monkeypatch):
    site = write_pages(tmp_path / "site", {**TEN_ARTICLES, "index.html": PLAIN.format("home")})
    (site / "articles" / "big.jpg").write_bytes(b"not a page")
    read, popen = [], subprocess.Popen

    def start(command, **options):  # what the run's --site holds as it starts
        tree = Path(command[command.index("--site") + 1])
        read.append(sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()))
        return popen(command, **options)

    monkeypatch.setattr(search.subprocess, "Popen", start)
    index_site(site, tmp_path / "work", 4)
    parts = search_parts.plan_parts(site, 4)
    assert sorted(read) == sorted(sorted(part.pages) for part in parts)
    assert not list((tmp_path / "work").glob(f"*/{search.PAGES}"))
    assert indexed_text(site / BUNDLE).count("word") == 10  # under the same URLs as in the site:
    urls = {fragment["url"] for fragment in fragments(site / BUNDLE)}
    assert urls == {f"/articles/{n}/" for n in range(10)}


def test_without_hard_links_a_run_reads_the_site_through_a_glob(tmp_path, monkeypatch):
    site = write_pages(tmp_path / "site", TEN_ARTICLES)

    def refuse(source, target):
        raise OSError("hard links are not supported here")

    monkeypatch.setattr(search.os, "link", refuse)
    index_site(site, tmp_path / "work", 4)
    assert len(list((tmp_path / "work").glob("*/pagefind.json"))) == 4
    assert not list((tmp_path / "work").glob(f"*/{search.PAGES}"))
    assert indexed_text(site / BUNDLE).count("word") == 10


def pagefind(site: Path, bundle: Path, *args: str) -> str:
    """Run Pagefind over `site` with `args`; return what it reports."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout


def test_the_built_index_holds_the_pages_pagefind_finds_reading_every_page(site_at_root, tmp_path):
    """The build's bundle indexes what a run over every page indexes: the same pages, each with
    the same content (a fragment file is named by the hash of its page's record)."""
    pagefind(site_at_root.folder, tmp_path / "all")
    fragments = {p.name for p in (tmp_path / "all" / "fragment").iterdir()}
    assert fragments == {p.name for p in (site_at_root.folder / BUNDLE).glob("**/fragment/*")}
    assert len(fragments) == len(site_at_root.records)
    entry = json.loads((site_at_root.folder / BUNDLE / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(site_at_root.records)


def build(folder: Path, **options) -> None:
    build_site(load_settings(folder / "config.yaml"), BuildOptions(**options))


def edit(folder: Path, words: str) -> Path:
    """Add a paragraph to the first record; return its page."""
    record = sorted((folder / "articles").glob("*.md"))[0]
    record.write_text(record.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    return folder / "public" / "articles" / record.stem / "index.html"


def fragments(bundle: Path) -> list[dict]:
    """Every page's record in a Pagefind bundle (its fragments are gzipped JSON)."""
    return [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
            for p in sorted(bundle.glob("**/fragment/*"))]


def indexed_text(bundle: Path) -> str:
    """The text of every page in a Pagefind bundle."""
    return " ".join(fragment["content"] for fragment in fragments(bundle))


def test_an_index_left_for_later_is_marked_and_the_next_full_build_makes_it(site):
    public = site / "public"
    build(site, index_later=True)
    assert pending(public) and (public / "index.html").is_file() and not (public / BUNDLE).exists()
    build(site)  # nothing changed since, but the index is pending: no shortcut
    assert pending(public) is None and (public / BUNDLE / "pagefind-entry.json").is_file()
    edit(site, "Quillfeather spoke later.")
    build(site, index_later=True)
    assert pending(public) and "Quillfeather" not in indexed_text(public / BUNDLE)
    build(site)
    assert pending(public) is None and "Quillfeather" in indexed_text(public / BUNDLE)


def test_a_build_killed_while_moving_pages_leaves_the_mark(site, monkeypatch):
    public = site / "public"
    build(site)
    edit(site, "Quillfeather spoke later.")

    def killed(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_move", killed)
    with pytest.raises(KeyboardInterrupt):
        build(site, index_later=True)
    monkeypatch.undo()
    assert pending(public)
    build(site)
    assert pending(public) is None and "Quillfeather" in indexed_text(public / BUNDLE)


def test_a_background_index_goes_in_unless_the_pages_changed_since_it_began(site):
    public = site / "public"
    build(site, index_later=True)
    done = Indexing(public, PART_PAGES)
    assert done.finish() and pending(public) is None
    first = indexed_text(public / BUNDLE)
    edit(site, "Quillfeather spoke later.")
    build(site, index_later=True)
    outdated = Indexing(public, PART_PAGES)
    edit(site, "Marrowind answered.")
    build(site, index_later=True)  # the pages change while it runs
    assert not outdated.finish() and indexed_text(public / BUNDLE) == first and pending(public)
    assert Indexing(public, PART_PAGES).finish() and "Marrowind" in indexed_text(public / BUNDLE)
    assert not list(site.glob(".public.tmp-*"))  # no run leaves its folder behind


def test_a_new_part_size_splits_the_index_at_the_next_build(site):
    public = site / "public"
    build(site)
    assert len(json.loads((public / BUNDLE / search_parts.STATE).read_text())["parts"]) == 1
    config = site / "config.yaml"
    config.write_text(re.sub(r"(?m)^search_part_pages: \d+", "search_part_pages: 2", config.read_text()))
    build(site)  # no page changes: the index is split all the same
    parts = json.loads((public / BUNDLE / search_parts.STATE).read_text())["parts"]
    assert len(parts) > 1 and (public / BUNDLE / "part-1" / "pagefind-entry.json").is_file()
    assert indexed_text(public / BUNDLE).count("Korea") >= 5


@pytest.mark.parametrize("first", [True, False], ids=["first build", "rebuild"])
def test_the_index_is_made_once_the_records_and_stories_are_freed(site, monkeypatch, first):
    """Pagefind's runs need memory: by the time they start, the build no longer holds its records or
    stories (see pipeline.StagedBuild)."""
    if not first:
        build(site)
        edit(site, "Quillfeather spoke later.")
    made = []
    make_catalog = site_module.make_catalog

    def noting(records, aggregation):
        made.extend(weakref.ref(item) for item in (*records, *aggregation.stories))
        return make_catalog(records, aggregation)

    alive = []

    def index(folder: Path, work: Path, **options) -> None:
        alive.append(sum(ref() is not None for ref in made))
        index_site(folder, work, **options)

    monkeypatch.setattr(site_module, "make_catalog", noting)
    monkeypatch.setattr(search, "index_site", index)
    build(site)
    assert made and alive == [0]
    assert (site / "public" / BUNDLE / "pagefind-entry.json").is_file()


def test_a_rebuild_reads_for_the_index_only_the_pages_it_changed(site, monkeypatch):
    public = (site / "public").resolve()  # as the build names it, so that paths compare
    build(site)
    before = {p: p.stat() for p in public.rglob("*.html") if BUNDLE not in p.parts}
    edit(site, "Quillfeather spoke later.")
    opened = counting_reads(monkeypatch)
    build(site)
    after = {p: p.stat() for p in public.rglob("*.html") if BUNDLE not in p.parts}
    changed = {str(p) for p, stat in after.items() if p not in before or stat.st_ino != before[p].st_ino}
    assert opened and set(opened) == changed
    assert "Quillfeather" in indexed_text(public / BUNDLE)


def test_a_background_index_keeps_the_marks_for_the_next(site):
    public = site / "public"
    build(site, index_later=True)
    marks = PlainStore(site / ".cache", "marks")
    assert Indexing(public, PART_PAGES, marks).finish()
    pages = {p.relative_to(public).as_posix() for p in public.rglob("*.html") if BUNDLE not in p.parts}
    assert set(marks.load()) == pages
