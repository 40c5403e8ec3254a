"""Move a rendered build into the output folder: whole on a first build, file by file after that."""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from newsroom.output import OutputGuard, recover, swap
from newsroom.search import BUNDLE

Indexer = Callable[[Path, Path], None]  # (site folder, where the search bundle goes)
Folders = dict[str, int]  # each folder of the output by relative path ("" is the output) -> its mtime in ns
Listing = dict[str, list[str]]  # folder -> the files or folders in it
RACY_NS = 2 * 10**9  # how close to being looked at a folder's change makes its mtime untrustworthy


def staging_folder(output: Path) -> Path:
    """A fresh folder beside the output (same file system, so moves are renames)."""
    recover(output)  # a build killed earlier may have left its staging folder or a half swap
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))


def replace_whole(staging: Path, output: Path, index: Indexer | None) -> None:
    """Swap in a staging folder that holds the complete site (indexed first, so a failure changes nothing)."""
    if index:
        index(staging, staging / BUNDLE)
    swap(staging, output)


def replace_files(staging: Path, output: Path, staged: dict[str, str], stale: list[str],
                  index: Indexer | None) -> None:
    """Put the staged files into the output and delete the stale ones; every other file is untouched.

    `staged` maps each file of the site to where it waits in the staging folder. Each is renamed over
    the file it replaces, so a reader or a killed build never meets half a page. The search index is
    rebuilt only when an HTML page changed, and swapped in as one folder.
    """
    guard = OutputGuard(output)
    for name in staged:
        guard.check(output / name)
    for name, location in staged.items():
        _move(staging / location, output / name)
    for name in stale:
        (output / name).unlink(missing_ok=True)
        _remove_empty_parents(output / name, output)
    bundle = output / BUNDLE
    if index and (not bundle.is_dir() or any(n.endswith(".html") for n in [*staged, *stale])):
        index(output, staging / BUNDLE)
        _replace_folder(staging / BUNDLE, bundle)
    elif not index and bundle.is_dir():
        shutil.rmtree(bundle)  # a build without search has no index, like a clean one
    shutil.rmtree(staging, ignore_errors=True)


def _move(source: Path, target: Path) -> None:
    """Rename a staged file over its place in the site, making the folder when it is new."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def stale_files(output: Path, planned: set[str], last: Iterable[str] = (), folders: Folders | None = None,
                noted: int = 0) -> tuple[list[str], Folders]:
    """Files in the output that the new site does not have (the search bundle aside), so that what
    is left equals a clean build even after files were added by hand; and the mtime of every folder.

    `last` are the files the last build left and `folders` the mtimes of the folders then, looked at
    from time `noted` on. A folder whose mtime is still the same holds the same entries, so it is not
    listed again: one stat instead of a listing, for each of the site's thousands of page folders.
    """
    # A folder changed close to the time it was looked at may have changed again within the same
    # tick of the file system's clock, keeping its mtime: it is listed again.
    trusted = {name: mtime for name, mtime in (folders or {}).items() if mtime < noted - RACY_NS}
    files, below = _contents(last, folders or {}) if trusted else ({}, {})
    found: list[str] = []
    seen: Folders = {}
    todo = [""]
    root = str(output)  # paths joined as text: a Path per folder costs more than its stat
    while todo:
        relative = todo.pop()
        try:
            mtime = os.stat(os.path.join(root, relative)).st_mtime_ns
        except OSError:  # a folder that is gone holds nothing stale
            continue
        seen[relative] = mtime
        if trusted.get(relative) == mtime:
            found += [name for name in files.get(relative, ()) if name not in planned]
            todo += below.get(relative, ())
        else:
            found += _listed(output, relative, planned, todo)
    return sorted(found), seen


def _listed(output: Path, relative: str, planned: set[str], todo: list[str]) -> list[str]:
    """The unplanned files of one folder; its subfolders go on `todo`."""
    found = []
    with os.scandir(output / relative) as entries:  # os.scandir, not os.walk: a third of the time
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir():  # a link to a folder is left alone, as os.walk would
                if name != BUNDLE and not entry.is_symlink():
                    todo.append(name)
            elif name not in planned:
                found.append(name)
    return found


def _contents(files: Iterable[str], folders: Iterable[str]) -> tuple[Listing, Listing]:
    """The files in each folder, and each folder's subfolders, as the last build left them."""
    by_folder: Listing = defaultdict(list)
    for name in files:
        by_folder[posixpath.dirname(name)].append(name)
    below: Listing = defaultdict(list)
    for folder in folders:
        if folder:
            below[posixpath.dirname(folder)].append(folder)
    return by_folder, below


def note_folders(output: Path, folders: Folders, changed: Iterable[str]) -> Folders:
    """`folders` with the mtimes of the folders that hold `changed` files, and of theirs, looked up again
    (a folder that is gone is dropped)."""
    touched = {""}
    for name in changed:
        folder = posixpath.dirname(name)
        while folder not in touched:
            touched.add(folder)
            folder = posixpath.dirname(folder)
    for folder in touched:
        try:
            folders[folder] = os.stat(os.path.join(output, folder)).st_mtime_ns
        except OSError:
            folders.pop(folder, None)
    return folders


def _replace_folder(new: Path, old: Path) -> None:
    """Put folder `new` where `old` is, with two renames."""
    aside = old.with_name(old.name + ".old")
    if old.exists():
        os.replace(old, aside)
    os.replace(new, old)
    shutil.rmtree(aside, ignore_errors=True)


def _remove_empty_parents(path: Path, root: Path) -> None:
    """Remove the folders above a deleted file that it left empty, up to root."""
    folder = path.parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
