"""The search index: Pagefind reads only the folders that hold marked pages, and indexes the same pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.search import BUNDLE, marked_glob

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
