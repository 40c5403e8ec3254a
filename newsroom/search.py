"""The search index: Pagefind run over the finished site, part by part (search_parts.py), each part's
bundle put in place once it is built; or run in the background after a build that left it for later
(see Indexing)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from newsroom.cache import Store
from newsroom.errors import UserError
from newsroom.output import build_lock, clear_pending, pending
from newsroom.parallel import workers
from newsroom.progress import UNSHOWN, Progress
from newsroom.search_parts import BUNDLE, Part, install_parts, plan_parts, stale_parts

__all__ = ["BUNDLE", "Indexing", "index_site"]

PAGES = "pages"  # in a run's folder: its part's pages, linked (see link_pages)


def index_site(site: Path, work: Path, part_pages: int, progress: Progress = UNSHOWN,
               marks: Store | None = None) -> None:
    """Index the parts of `site` whose pages changed (see search_parts.plan_parts), with Pagefind's runs
    and logs in `work` (a folder on the same file system), and put them in place in site/pagefind/.
    The parts are counted on `progress` as their runs end. `marks` keeps which pages are marked from
    one index to the next (search_parts.Marks)."""
    progress.step("search index")  # listing the pages is part of it: counted once the stale parts are known
    known = marks.load() if marks else {}
    parts = plan_parts(site, part_pages, known)
    stale = stale_parts(site / BUNDLE, parts)
    progress.step("search index", len(stale))
    runs = Runs(site, stale, work)
    runs.wait(progress.advance)
    install_parts(site / BUNDLE, parts, runs.built)
    if marks:
        marks.save(known)


class Runs:
    """Pagefind runs, one per part, as many at a time as there are cores: each run reads only its
    part's pages, and writes its bundle to work/part-N/pagefind/ (`built` maps N to it once done)."""

    def __init__(self, site: Path, parts: list[Part], work: Path):
        _require_pagefind()  # before any run starts
        self.site, self.work = site, work
        self.queue = list(parts)
        self.running: dict[int, tuple[subprocess.Popen, IO[str]]] = {}  # part number -> run, its log
        self.built: dict[int, Path] = {}
        self.failure: UserError | None = None
        self._start()

    def done(self) -> bool:
        """Tell whether every run has ended, starting queued runs as others end; a failed run stops
        the others and raises UserError (again at each call)."""
        if self.failure:
            raise self.failure
        for number, (process, log) in list(self.running.items()):
            if process.poll() is None:
                continue
            del self.running[number]
            shutil.rmtree(self.work / f"part-{number}" / PAGES, ignore_errors=True)  # read: no longer needed
            log.seek(0)
            output = log.read()
            log.close()
            if process.returncode != 0:
                self.cancel()
                self.failure = _failed(output)
                raise self.failure
            self.built[number] = self.work / f"part-{number}" / BUNDLE
        self._start()
        return not self.running and not self.queue

    def wait(self, advance: Callable[[int], None] | None = None) -> None:
        """Wait for every run to end; `advance`, if given, is told how many runs ended since it last was."""
        told = len(self.built)
        try:
            while True:
                finished = self.done()
                if advance and len(self.built) > told:
                    advance(len(self.built) - told)
                    told = len(self.built)
                if finished:
                    return
                time.sleep(0.05)
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        self.queue.clear()
        for process, log in self.running.values():
            process.kill()
            process.wait()
            log.close()
        self.running.clear()

    def _start(self) -> None:
        while self.queue and len(self.running) < workers():
            part = self.queue.pop(0)
            folder = self.work / f"part-{part.number}"
            folder.mkdir(parents=True)
            site = self.site
            if part.pages is not None:
                if link_pages(self.site, part.pages, folder / PAGES):
                    site = folder / PAGES
                else:  # in a file: 1,000 paths can be longer than one argument may be
                    (folder / "pagefind.json").write_text(json.dumps({"glob": part.glob()}))
            log = open(folder / "pagefind.log", "w+")  # noqa: SIM115 - closed when the run ends
            process = subprocess.Popen(_command(site, folder / BUNDLE), cwd=folder,
                                       stdout=log, stderr=subprocess.STDOUT)
            self.running[part.number] = (process, log)


def link_pages(site: Path, pages: tuple[str, ...], tree: Path) -> bool:
    """Hard-link a part's pages into `tree`, each at its path in the site, for Pagefind to read as the
    site: it indexes them under the same URLs, and walks only them. Given the whole site and a glob of
    the part's pages, a run walked every file (the index's own too) and took 0.2 s longer, of about
    1.2 s for 600 pages. Tell whether the links were made (not on a file system without hard links).
    """
    try:
        for page in pages:
            target = tree / page
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(site / page, target)
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)
        return False
    return True


def _require_pagefind() -> None:
    try:
        import pagefind  # noqa: F401  # the wheel that carries the binary
    except ImportError:
        raise UserError("search needs the pagefind package", hint="pip install 'newsroom[search]', "
                        "or build with --no-search") from None


def _command(site: Path, bundle: Path) -> list[str]:
    """Pagefind's command line for one part (run in a folder holding the part's pagefind.json)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--quiet"]


def _failed(output: str) -> UserError:
    detail = output.strip().splitlines()[-1:] or ["no output"]
    return UserError(f"search indexing failed: {detail[0]}", hint="build with --no-search to skip it")


class Indexing:
    """Pagefind run in the background over `output`, whose index a build left pending (for `serve`:
    an edited page reloads at once, and the search follows when Pagefind is done)."""

    def __init__(self, output: Path, part_pages: int, marks: Store | None = None):
        self.output, self.token, self.started = output, pending(output), time.monotonic()
        self.folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-index-", dir=output.parent))
        self.marks, self.known = marks, marks.load() if marks else {}  # see index_site
        try:
            self.parts = plan_parts(output, part_pages, self.known)
            self.runs = Runs(output, stale_parts(output / BUNDLE, self.parts), self.folder)
        except BaseException:
            shutil.rmtree(self.folder)
            raise

    def done(self) -> bool:
        try:
            return self.runs.done()
        except UserError:
            return True  # finish() reports it

    def finish(self) -> bool:
        """Wait for Pagefind, then put its bundles in place unless a build has changed the pages since
        it began; return whether it did. A failed run raises UserError."""
        try:
            failure = None
            try:
                self.runs.wait()
            except UserError as error:
                failure = error
            with build_lock(self.output):
                if self.token is None or pending(self.output) != self.token:
                    return False  # what it read has changed: even a failure is of no interest
                if failure:
                    raise failure
                install_parts(self.output / BUNDLE, self.parts, self.runs.built)
                clear_pending(self.output)
                if self.marks:
                    self.marks.save(self.known)
                return True
        finally:
            self.cancel()

    def cancel(self) -> None:
        self.runs.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)
