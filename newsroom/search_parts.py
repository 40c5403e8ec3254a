"""The search index in parts: a large site's marked pages spread over Pagefind bundles of up to about
`part_pages` pages (the setting search_part_pages), so that an edit indexes again the part that holds
the edited page, not the site.

Pagefind has no incremental mode, and at 10,000 articles one run over every page took 28 s and 2.7 GB.
Part 0 is the bundle the search page loads (bundle/); part N is bundle/part-N/, which the search page
merges in (Pagefind's mergeIndex, through the script SCRIPT written beside the parts). Each part's
fingerprint (its pages' paths, sizes and modification times) is kept in STATE: a part whose pages did
not change keeps its bundle.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom.output import replace_folder

BUNDLE = "pagefind"  # the index and its UI, inside the output folder
MARK = b"data-pagefind-body"  # on a page's element: index this page's text, and only marked pages
GLOB_SPECIAL = set("{}[]*?,!\\")  # in a path, these would change what a glob matches
STATE = "newsroom-parts.json"  # in the bundle: each part's fingerprint
SCRIPT = "newsroom-parts.js"  # in the bundle: the parts the search page merges
MERGED = ("pagefind-entry.json", "index", "fragment", "filter")  # what a merged part is read from
FORMAT = 1  # of the fingerprints: a new format makes every part stale


@dataclass(frozen=True)
class Part:
    """One bundle of the index: the pages Pagefind reads for it, and their fingerprint."""

    number: int
    pages: tuple[str, ...] | None  # paths in the site; None: Pagefind reads every page and picks
    fingerprint: str  # "" when the pages could not all be listed: the part is always stale

    @property
    def folder(self) -> str:
        """Where the part's bundle lies in the index bundle ("" for part 0, the bundle itself)."""
        return f"part-{self.number}" if self.number else ""

    def glob(self) -> str | None:
        """The glob of the part's pages for Pagefind (None: every page)."""
        return None if self.pages is None else "{" + ",".join(self.pages) + "}"


if TYPE_CHECKING:
    from newsroom.survey import Stat

    # What earlier plans read of each page, by path: its stat then, and whether it was marked. A page
    # with the same stat is not read again: at 10,000 articles, reading all 18,148 pages took 0.5-0.8 s
    # of each rebuild with the index (4.2 s when the system had not cached them), listing them 0.23 s.
    Marks = dict[str, tuple[Stat, bool]]


@dataclass(frozen=True)
class _Page:
    path: str  # relative to the site, with forward slashes
    marked: bool
    stat: Stat

    @property
    def stamp(self) -> tuple[int, int]:
        """Size and modification time: what a part's fingerprint holds of each of its pages."""
        return self.stat[:2]


def plan_parts(site: Path, part_pages: int, marks: Marks | None = None) -> list[Part]:
    """Split the pages of `site` into parts of `part_pages` pages or fewer on average: the marked pages,
    each in the part its path hashes to (at 10,000 articles and 1,000 pages a part, 16 parts of 2 s).
    `marks`, if given, says which pages were marked when earlier plans read them; it is brought up to
    date with what this one finds.

    With no marked page, a linked folder or file, or a marked path that a glob would misread, the site
    is one part and Pagefind reads every page, deciding what to index as it would without newsroom.
    """
    pages = _pages(site, {} if marks is None else marks)
    if pages is None:
        return [Part(0, None, "")]  # no fingerprint: indexed every time
    marked = [page for page in pages if page.marked]
    if not marked or any(GLOB_SPECIAL.intersection(page.path) for page in marked):
        return [Part(0, None, _fingerprint(1, pages))]
    count = part_count(len(marked), part_pages)
    while True:  # a part with no page would make no bundle: a tiny site is one part
        groups: list[list[_Page]] = [[] for _ in range(count)]
        for page in marked:
            groups[zlib.crc32(page.path.encode()) % count].append(page)
        if count == 1 or all(groups):
            break
        count //= 2
    return [Part(number, tuple(page.path for page in group), _fingerprint(count, group))
            for number, group in enumerate(groups)]


def part_count(pages: int, part_pages: int) -> int:
    """The number of parts for so many pages: a power of two, so that a growing site is split anew
    (and indexed whole again) each time it doubles, not every `part_pages` pages."""
    count = 1
    while count * part_pages < pages:
        count *= 2
    return count


def stale_parts(bundle: Path, parts: list[Part]) -> list[Part]:
    """The parts whose bundle is missing or was made from other pages."""
    try:
        kept = json.loads((bundle / STATE).read_text())["parts"]
    except (OSError, ValueError, KeyError, TypeError):
        kept = []
    if len(kept) != len(parts):
        return parts
    return [part for part, fingerprint in zip(parts, kept, strict=True)
            if not part.fingerprint or part.fingerprint != fingerprint
            or not (bundle / part.folder / MERGED[0]).is_file()]


def install_parts(bundle: Path, parts: list[Part], built: dict[int, Path]) -> None:
    """Put the freshly built parts (part number -> its Pagefind bundle) into `bundle`, and record the
    fingerprints of all `parts`: each part is renamed into place, so a search never reads half a part."""
    for number, folder in built.items():
        if number:
            _keep_merged_files(folder)
    if 0 in built:  # the bundle itself is new: the other parts move into it, then it replaces the old
        new = built[0]
        for part in parts[1:]:
            os.replace(built.get(part.number) or bundle / part.folder, new / part.folder)
        _write_state(new, parts)
        replace_folder(new, bundle)
        return
    for number, folder in built.items():
        replace_folder(folder, bundle / parts[number].folder)
    _write_state(bundle, parts)


def _pages(site: Path, marks: Marks) -> list[_Page] | None:
    """Every HTML page of the site but the bundle's, in path order; None if a link is met. Only pages
    whose stat `marks` does not hold are read; `marks` is then made to hold every page found.

    Walked with scandir and plain strings: at 18,000 pages, pathlib and a stat per name took a second.
    """
    found = []
    folders = [("", str(site))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return None  # where a link leads is Pagefind's to decide, as it reads every page
                if entry.is_dir():
                    if prefix or entry.name != BUNDLE:
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html"):
                    found.append(_page(entry, prefix + entry.name, marks))
    marks.clear()
    marks.update((page.path, (page.stat, page.marked)) for page in found)
    return sorted(found, key=lambda page: page.path)


def _page(entry: os.DirEntry, name: str, marks: Marks) -> _Page:
    """A page as it is now, read only when its stat is not the one `marks` holds for it."""
    status = entry.stat()
    stat = (status.st_size, status.st_mtime_ns, status.st_ino)
    known = marks.get(name)
    if known and known[0] == stat:
        return _Page(name, known[1], stat)
    with open(entry.path, "rb") as handle:
        marked = MARK in handle.read()
        status = os.fstat(handle.fileno())  # the file read, should it have been replaced meanwhile
    return _Page(name, marked, (status.st_size, status.st_mtime_ns, status.st_ino))


def _fingerprint(count: int, pages: list[_Page]) -> str:
    made = [FORMAT, _pagefind_version(), count, [(page.path, *page.stamp) for page in pages]]
    return hashlib.sha256(json.dumps(made).encode()).hexdigest()


@cache
def _pagefind_version() -> str:
    """Pagefind's version, read once (each read searches the installed packages' metadata)."""
    from importlib import metadata  # 9 ms of imports, which a build without the index need not pay

    return metadata.version("pagefind")


def _keep_merged_files(folder: Path) -> None:
    """Remove from a merged part the UI files that only part 0's copy serves (650 KB a part)."""
    for entry in folder.iterdir():
        if entry.name not in MERGED and not entry.name.endswith(".pf_meta"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _write_state(bundle: Path, parts: list[Part]) -> None:
    _write(bundle / STATE, json.dumps({"parts": [part.fingerprint for part in parts]}))
    merged = json.dumps([f"{part.folder}/" for part in parts[1:]])
    _write(bundle / SCRIPT, MERGE_SCRIPT.replace("PARTS", merged))


def _write(path: Path, text: str) -> None:
    """Write a file of the bundle atomically, unless it holds that text (a deploy then sees no change)."""
    if path.is_file() and path.read_text() == text:
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


# Run as a module after Pagefind's component UI and before any search: the page's Pagefind instance
# then loads the other parts with part 0. A part's result links start with the path before
# "pagefind/" in its bundle's path, the site's root, as part 0's do.
MERGE_SCRIPT = """\
// Written by newsroom with the search index: merge its other parts into this page's searches.
const parts = PARTS;
const instance = window.PagefindComponents?.getInstanceManager().getInstance("default");
if (instance) {
  const merged = (part) => ({ bundlePath: new URL(part, import.meta.url).pathname });
  instance.options.mergeIndex = parts.map(merged);
}
"""
