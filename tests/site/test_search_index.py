"""The search index: Pagefind reads only the folders that hold marked pages, and indexes the same pages."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import publish
from newsroom.config import load_settings
from newsroom.output import pending
from newsroom.pipeline import BuildOptions, build_site
from newsroom.search import BUNDLE, Indexing, marked_glob

MARKED = '<html><body><main data-pagefind-body><p>{}</p></main></body></html>'
PLAIN = "<html><body><p>{}</p></body></html>"


def write_pages(folder: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(html)
    return folder


def test_the_glob_names_the_folders_and_top_pages_with_a_marked_page(tmp_path):
    site = write_pages(tmp_path, {
        "articles/a/index.html": PLAIN.format("an unmarked article first"),
        "articles/b/index.html": MARKED.format("one marked article"),
        "stories/s/index.html": PLAIN.format("a story"),
        "tags/t/page/2/index.html": PLAIN.format("a tag"),
        "about.html": MARKED.format("a marked page at the top"),
        "index.html": PLAIN.format("home"),
        f"{BUNDLE}/playground/index.html": MARKED.format("the bundle's own page"),
    })
    assert marked_glob(site) == "{about.html,articles/**/*.html}"


@pytest.mark.parametrize("pages", [
    {"articles/a/index.html": PLAIN.format("no page is marked: Pagefind indexes every page")},
    {"art{icles}/a/index.html": MARKED.format("a name that would change the glob")},
])
def test_pagefind_reads_every_page_when_no_glob_would_say_the_same(tmp_path, pages):
    assert marked_glob(write_pages(tmp_path, pages)) is None


def test_a_linked_folder_is_left_to_pagefind(tmp_path):
    write_pages(tmp_path / "elsewhere", {"a/index.html": MARKED.format("marked, behind a link")})
    site = write_pages(tmp_path / "site", {"articles/a/index.html": MARKED.format("marked")})
    (site / "more").symlink_to(tmp_path / "elsewhere")
    assert marked_glob(site) is None


def pagefind(site: Path, bundle: Path, *args: str) -> str:
    """Run Pagefind over `site` as the build does, with `args`; return what it reports."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout


def test_the_built_index_holds_the_pages_pagefind_finds_reading_every_page(site_at_root, tmp_path):
    """The build's bundle indexes what a run over every page indexes: the same pages, each with
    the same content (a fragment file is named by the hash of its page's record), from fewer files."""
    everything = pagefind(site_at_root.folder, tmp_path / "all")
    narrowed = pagefind(site_at_root.folder, tmp_path / "glob", "--glob", marked_glob(site_at_root.folder))

    def found(report: str) -> int:
        return int(next(line.split()[1] for line in report.splitlines() if line.startswith("Found ")))

    assert found(narrowed) < found(everything)
    fragments = {p.name for p in (tmp_path / "all" / "fragment").iterdir()}
    assert fragments == {p.name for p in (site_at_root.folder / BUNDLE / "fragment").iterdir()}
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


def indexed_text(bundle: Path) -> str:
    """The text of every page in a Pagefind bundle (its fragments are gzipped JSON)."""
    return " ".join(json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["content"]
                    for p in sorted((bundle / "fragment").iterdir()))


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
    done = Indexing(public)
    assert done.finish() and pending(public) is None
    first = indexed_text(public / BUNDLE)
    edit(site, "Quillfeather spoke later.")
    build(site, index_later=True)
    outdated = Indexing(public)
    edit(site, "Marrowind answered.")
    build(site, index_later=True)  # the pages change while it runs
    assert not outdated.finish() and indexed_text(public / BUNDLE) == first and pending(public)
    assert Indexing(public).finish() and "Marrowind" in indexed_text(public / BUNDLE)
    assert not list(site.glob(".public.tmp-*"))  # no run leaves its folder behind
