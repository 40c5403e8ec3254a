"""Render the planned pages in parallel and write them to disk, skipping every page whose inputs and file
are unchanged since the last build; workers write what they render, so no page is held in memory."""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from newsroom.cache import digest
from newsroom.config import Settings
from newsroom.errors import Problems, UserError
from newsroom.jsondocs import render_json
from newsroom.model import Page
from newsroom.parallel import fork_chunks, shared
from newsroom.progress import BuildProgress
from newsroom.reads import PageKeys, Read, TrackedCatalog
from newsroom.render import render_template
from newsroom.site import Catalog
from newsroom.urls import Linker

Stat = tuple[int, int, int]  # size, mtime in ns, inode: what says a written file is still as written
Reads = tuple[Read, ...]  # what a page read from the catalog as it rendered, sorted
# A written file in the manifest: the key of its inputs, its sha256, its stat, and what it read.
Entry = tuple[str, str, Stat, Reads]
Location = tuple[str, int, int]  # where staged bytes are: a file in the staging folder, offset, length
Staged = tuple[str, Stat | None, Location | None]  # a file to stage: sha256, stat, where it was staged
Written = tuple[str, Stat | None, Location | None, Reads]  # a rendered page: staged, and what it read


@dataclass(frozen=True)
class RenderState:
    """What every page render needs; inherited by forked workers."""

    env: jinja2.Environment
    catalog: Catalog
    settings: Settings
    linker: Linker
    shared: dict[str, Any]
    hashes: dict[tuple[type, str], str]  # what page keys hash each record and story as, by (type, slug)


@dataclass
class Manifest:
    """What a build wrote into an output folder: each file's entry, and the base key of its pages."""

    files: dict[str, Entry] = field(default_factory=dict)
    base: str = ""  # what every page's key hashed besides its own inputs (settings, templates, ...)


@dataclass
class Rendered:
    """What rendering wrote into the staging folder, for the writer to move into place."""

    manifest: Manifest  # every planned file (staged ones get their stat once put in place)
    staged: dict[str, Location]  # files with new bytes, and where in the staging folder those are


@dataclass(frozen=True)
class _Job:
    """The state forked render workers inherit."""

    render: RenderState
    staging: Path
    written: dict[str, tuple[str, Stat]]  # output -> sha256 and stat of files as the last build wrote them
    compare: Path | None  # an output folder of unknown state (no manifest): compare bytes with its files
    # Into an existing output, pages are staged in a few pack files per worker rather than one file
    # each: only the changed ones are copied out, and a few big files are quick to delete.
    pack: bool


def stat_key(path: str | Path) -> Stat | None:
    """A file's size, mtime and inode, or None when it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def render_pages(pages: Sequence[Page], static: dict[str, bytes], state: RenderState, templates: Path,
                 output: Path, staging: Path, previous: Manifest, problems: Problems,
                 progress: BuildProgress) -> Rendered:
    """Render every page whose inputs changed (or whose file is missing or altered) into `staging`.

    `previous` is the manifest of the last build into `output`. A page whose bytes come out the same
    as the file already there is not written again. Template errors go to problems, each once.
    """
    check_outputs([p.output for p in pages] + list(static))
    planned = {page.output: page for page in pages}
    base = base_key(state, templates)
    keys = PageKeys(state.catalog, base, state.hashes)

    def key(name: str, reads: Reads) -> str:
        if name in static:
            return digest(static[name])
        page = planned[name]
        return keys.key(page.url, page.template, page.context, reads)

    def unchanged(name: str, entry: Entry) -> bool:
        # After a template or settings change no page's key can match: none is computed to find out.
        return (name in static or previous.base == base) and entry[0] == key(name, entry[3])

    root = str(output)  # joined as text: a Path per page costs more than its stat at 10,000 articles
    intact = {name: entry for name, entry in previous.files.items()
              if (name in planned or name in static) and stat_key(os.path.join(root, name)) == entry[2]}
    manifest = {name: entry for name, entry in intact.items() if unchanged(name, entry)}
    compare = output if not previous.files and output.is_dir() else None
    job = _Job(state, staging, {name: entry[1:3] for name, entry in intact.items()}, compare, output.is_dir())
    staged: dict[str, Location] = {}

    def add(name: str, written: Written) -> None:
        sha, stat, location, reads = written
        manifest[name] = (key(name, reads), sha, stat or (0, 0, 0), reads)
        if location:
            staged[name] = location

    for name, content in static.items():
        if name not in manifest:
            add(name, (*_write(job, name, content), ()))
    todo = [page for page in pages if page.output not in manifest]
    _compile(state.env, {p.template for p in todo if p.template})
    reported: set[str] = set()
    with progress.stage("render", len(todo)):
        done = 0
        for count, results in fork_chunks(_render_chunk, todo, job, per_worker=16):
            for page, result in zip(todo[done : done + count], results, strict=True):
                if isinstance(result, UserError):
                    if str(result) not in reported:  # one broken template would otherwise fail every page
                        reported.add(str(result))
                        problems.add(result)
                    continue
                add(page.output, result)
            done += count
            progress.advance(count)
    return Rendered(Manifest(manifest, base), staged)


def check_outputs(names: list[str]) -> None:
    """Refuse any output path that would land outside the output folder."""
    for name in names:
        if posixpath.normpath(name) != name or name.startswith(("/", "../")) or name == "..":
            raise UserError(f"refusing to write outside the output folder: {name}",
                            hint="check slugs and URLs")


def _compile(env: jinja2.Environment, names: set[str]) -> None:
    """Compile templates once, before workers fork, so no worker compiles them again."""
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass  # reported with its file and line when the page renders


def _render_chunk(pages: Sequence[Page]) -> list[Written | UserError]:
    """Render and write some pages (runs in a worker with a _Job as shared state)."""
    job: _Job = shared()
    state = job.render
    out: list[Written | UserError] = []
    pack = _Pack(job.staging, pages[0].output) if job.pack and pages else None
    for page in pages:
        reads: set[Read] = set()
        catalog = TrackedCatalog(state.catalog, reads)
        try:
            if page.template is None:
                text = render_json(page, catalog, state.settings, state.linker)  # type: ignore[arg-type]
            else:
                context = {**state.shared, **page.context, "page": page, "catalog": catalog}
                text = render_template(state.env, page.template, context)
        except UserError as error:
            out.append(error)
            continue
        out.append((*_write(job, page.output, text.encode(), pack), tuple(sorted(reads))))
    if pack:
        pack.close()
    return out


class _Pack:
    """An append-only file of staged pages, named after the first page of its chunk."""

    def __init__(self, staging: Path, first: str):
        self.name = hashlib.sha256(first.encode()).hexdigest()[:20] + ".pack"
        self.path = staging / self.name
        self.handle = None
        self.size = 0

    def add(self, content: bytes) -> Location:
        if self.handle is None:
            self.handle = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        self.handle.write(content)
        self.size += len(content)
        return self.name, self.size - len(content), len(content)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


_folders: set[Path] = set()  # staging folders this process has made


def _write(job: _Job, name: str, content: bytes, pack: _Pack | None = None) -> Staged:
    """Stage a file (in a pack, or as itself) unless the output already holds these bytes."""
    sha = hashlib.sha256(content).hexdigest()
    if name in job.written and job.written[name][0] == sha:
        return sha, job.written[name][1], None
    same = _same_file(job.compare / name, content) if job.compare is not None else None
    if same:
        return sha, same, None
    if pack is not None:
        return sha, None, pack.add(content)
    target = job.staging / name
    if target.parent not in _folders:  # one mkdir per folder, not per file
        target.parent.mkdir(parents=True, exist_ok=True)
        _folders.add(target.parent)
    with open(target, "wb") as handle:
        handle.write(content)
        handle.flush()  # the stat must be the finished file's
        stat = os.fstat(handle.fileno())
    return sha, (stat.st_size, stat.st_mtime_ns, stat.st_ino), (name, 0, len(content))


def _same_file(path: Path, content: bytes) -> Stat | None:
    """The stat of a file that holds exactly `content`, else None."""
    stat = stat_key(path)
    try:
        if stat and stat[0] == len(content) and path.read_bytes() == content:
            return stat
    except OSError:
        pass
    return None


def base_key(state: RenderState, templates: Path) -> str:
    """A hash of what every page depends on besides its reads: settings, options, assets, templates."""
    options = {name: value for name, value in state.shared.items() if name != "catalog"}
    return digest(state.settings, options, _templates_digest(templates))


def _templates_digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])
