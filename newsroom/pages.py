"""Render the planned pages in parallel and write them to disk, skipping every page whose inputs and file
are unchanged since the last build; workers write what they render, so no page is held in memory."""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from newsroom.blocks import Blocks, Located, extract, locate, render_capturing, render_reusing, reuse_keys
from newsroom.cache import ShardedStore, digest
from newsroom.config import Settings
from newsroom.errors import Problems, UserError
from newsroom.jsondocs import render_json
from newsroom.model import Page
from newsroom.parallel import fork_chunks, shared
from newsroom.progress import BuildProgress
from newsroom.reads import WHOLE, PageInputs, Read, TrackedCatalog
from newsroom.render import template_errors, template_sources
from newsroom.site import Catalog
from newsroom.survey import Stat, stat_key
from newsroom.urls import Linker

Reads = tuple[Read, ...]  # what a page read from the catalog as it rendered, sorted
# A written file in the manifest: its context in a form that compares by value (None when the page's
# `given` reads stand for it; a static file's content hash), its sha256, its stat, and what it read.
Entry = tuple[Any, str, Stat, Reads]
# A file to stage: its sha256, its stat, and its path in the staging folder (None when the output
# already holds these bytes). A rename keeps size, mtime and inode, so the stat is the published file's.
Staged = tuple[str, Stat, str | None]
# A rendered page: its manifest entry, where it was staged, and where its blocks are in it (see blocks.py;
# None when its template's may not be reused).
Written = tuple[Entry, str | None, Located | None]


@dataclass(frozen=True)
class RenderState:
    """What every page render needs; inherited by forked workers."""

    env: jinja2.Environment
    catalog: Catalog
    settings: Settings
    linker: Linker
    shared: dict[str, Any]
    hashes: dict[tuple[type, str], str]  # each record's and story's hash, by (type, slug)


@dataclass
class Manifest:
    """What a build wrote into an output folder: each file's entry, the base key of each template's
    pages, and the value of every read of its pages."""

    files: dict[str, Entry] = field(default_factory=dict)
    # Template name ("" for pages made without one) -> the hash of what its pages depend on besides
    # their own inputs: the settings, and the templates it reaches (see base_keys).
    bases: dict[str, str] = field(default_factory=dict)
    folders: dict[str, int] = field(default_factory=dict)  # each output folder's mtime after the build
    noted: int = 0  # the time (ns) from which the folders' mtimes were looked at
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> key -> value (PageInputs)
    reuse: dict[str, str] = field(default_factory=dict)  # template -> the key its blocks were made under

    def stats(self) -> dict[str, Stat]:
        """Each file's stat as the build left it."""
        return {name: entry[2] for name, entry in self.files.items()}

    def hashes(self) -> dict[str, str]:
        """Each file's sha256."""
        return {name: entry[1] for name, entry in self.files.items()}

    def restate(self, stats: dict[str, Stat]) -> None:
        """Note new stats of files whose bytes are still the ones written (see survey)."""
        for name, stat in stats.items():
            own, sha, _, reads = self.files[name]
            self.files[name] = (own, sha, stat, reads)


_NO_ENTRY: Entry = (None, "", (0, 0, 0), ())


@dataclass
class Rendered:
    """What rendering wrote into the staging folder, for the writer to move into place."""

    manifest: Manifest  # every planned file
    staged: dict[str, str]  # files with new bytes, and their paths in the staging folder


@dataclass(frozen=True)
class _Job:
    """The state forked render workers inherit."""

    render: RenderState
    # The pages to render: workers are given their indexes and inherit the pages, whose contexts hold
    # records and stories that pickling would copy into every worker.
    pages: Sequence[Page]
    inputs: PageInputs  # workers note what they render was given: the parent would take a core's share
    staging: Path
    written: dict[str, tuple[str, Stat]]  # output -> sha256 and stat of files as the last build wrote them
    compare: Path | None  # an output folder of unknown state (no manifest): compare bytes with its files
    # Into an existing output, each changed file is staged flat, under a name of its own at the top of
    # the staging folder, and later renamed into place: no folder per page, no second write.
    flat: bool
    capture: frozenset[str]  # templates whose pages' blocks are kept for reuse
    output: Path  # whose files hold the blocks to reuse
    reused: dict[str, tuple[Located, Reads]]  # page -> where its blocks are in its file, and its last reads


class BlockStore(ShardedStore):
    """Where each page's blocks are in its file (see blocks.py), with the sha256 of the file, by output
    path: a file per 256th of the pages, so that an edit rewrites a few small files."""

    SHARDS = 256


def render_pages(pages: Sequence[Page], static: dict[str, bytes], state: RenderState, templates: Path,
                 output: Path, staging: Path, previous: Manifest, altered: Collection[str],
                 problems: Problems, progress: BuildProgress, blocks: BlockStore | None = None) -> Rendered:
    """Render every page whose inputs changed (or whose file is missing or altered) into `staging`.

    `previous` is the manifest of the last build into `output`, and `altered` the files it lists that
    are gone or changed since (see survey). A page whose bytes come out the same as the file already
    there is not written again. Template errors go to problems, each once. With `blocks`, the pages'
    blocks are kept there, and a page whose layout alone changed reuses them (see blocks.py).
    """
    check_outputs([p.output for p in pages] + list(static))
    planned = {page.output: page for page in pages}
    common = _common_key(state)
    bases = base_keys(state, templates, {page.template or "" for page in pages}, common)
    kept = {name for name, key in bases.items() if previous.bases.get(name) == key}
    names = {page.template for page in pages if page.template}
    reuse = _reuse(state, names, kept, previous, common) if blocks else {}
    reusable = {name for name, key in reuse.items() if name not in kept and previous.reuse.get(name) == key}
    inputs = PageInputs(state.catalog, state.hashes)
    # After a change to the settings, or to a template every page reaches, no page is unchanged:
    # nothing is compared, unless a layout changed around blocks that may be reused.
    changed = inputs.changed(previous.values) if kept or reusable else None

    def same_inputs(name: str, entry: Entry) -> bool:
        page = planned[name]
        if changed is None or not changed.isdisjoint(entry[3]):
            return False  # its reads include what it is given
        return page.given is not None or entry[0] == inputs.own(page.context)

    def unchanged(name: str, entry: Entry) -> bool:
        if name in static:
            return entry[0] == digest(static[name])
        return (planned[name].template or "") in kept and same_inputs(name, entry)

    intact = {name: entry for name, entry in previous.files.items()
              if (name in planned or name in static) and name not in altered}
    manifest = {name: entry for name, entry in intact.items() if unchanged(name, entry)}
    reused = _stored_blocks(blocks, previous, [
        name for name, entry in intact.items() if name not in manifest and name in planned
        and planned[name].template in reusable and same_inputs(name, entry)])
    compare = output if not previous.files and output.is_dir() else None
    written = {name: entry[1:3] for name, entry in intact.items()}
    todo = [page for page in pages if page.output not in manifest]
    # The pages that read most (tag and source pages) take longest: started first, they do not leave
    # one worker busy at the end while the other waits.
    todo.sort(key=lambda page: -len(previous.files.get(page.output, _NO_ENTRY)[3]))
    job = _Job(state, todo, inputs, staging, written, compare, output.is_dir(), frozenset(reuse), output,
               reused)
    staged: dict[str, str] = {}
    located: dict[str, tuple[str, Located]] = {}  # where the blocks are in the pages rendered, to store
    # Workers send each page's reads back as new objects: kept once each, the manifest holds about a
    # fifth of the tuples and strings (at 10,000 articles, 30,000 distinct reads among 163,000).
    same: dict[Read, Read] = {}
    whole: set[str] = set()  # the tables the pages rendered read whole (see PageInputs.values)

    def add(name: str, result: Written) -> None:
        (own, sha, stat, reads), location, found = result
        manifest[name] = (own, sha, stat, tuple([same.setdefault(read, read) for read in reads]))
        whole.update(table for table, key in reads if key == WHOLE)
        if location:
            staged[name] = location
        if found is not None:
            located[name] = (sha, found)

    for name, content in static.items():
        if name not in manifest:
            sha, stat, location = _write(job, name, content)
            add(name, ((digest(content), sha, stat, ()), location, None))
    _compile(state.env, {p.template for p in todo if p.template})
    reported: set[str] = set()
    with progress.stage("render", len(todo)):
        done = 0
        for count, results in fork_chunks(_render_chunk, range(len(todo)), job):
            for page, result in zip(todo[done : done + count], results, strict=True):
                if isinstance(result, UserError):
                    if str(result) not in reported:  # one broken template would otherwise fail every page
                        reported.add(str(result))
                        problems.add(result)
                    continue
                add(page.output, result)
            done += count
            progress.advance(count)
    if blocks is not None:  # a page rendered anew, whose blocks are not kept, loses its entry
        blocks.update(located, [p.output for p in todo if p.output not in located] + list(
            previous.files.keys() - manifest.keys()))
    values = inputs.values(whole)
    return Rendered(Manifest(manifest, bases, values=values, reuse=reuse), staged)


def _reuse(state: RenderState, names: set[str], kept: set[str], previous: Manifest,
           common: str) -> dict[str, str]:
    """The templates whose pages' blocks may be reused, with their reuse keys (see blocks.py). A template
    whose base key is the last build's reaches the same sources: its reuse key is the last build's too,
    with no template parsed again (in a rebuild after an edit at 10,000 articles, 0.1 s)."""
    found = {name: previous.reuse[name] for name in names & kept if name in previous.reuse}
    fresh = reuse_keys(state.env, names - kept, common)
    return {**found, **{name: key for name, key in fresh.items() if key is not None}}


def _stored_blocks(blocks: BlockStore | None, previous: Manifest,
                   names: list[str]) -> dict[str, tuple[Located, Reads]]:
    """Where the blocks of the pages `names` are in their files, with their last reads, for the pages
    whose file is the one the store saw (a build killed after storing leaves entries of pages it never
    published)."""
    if not names or blocks is None:
        return {}
    stored = blocks.load()
    return {name: (stored[name][1], previous.files[name][3]) for name in names
            if name in stored and stored[name][0] == previous.files[name][1]}


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


def _render_chunk(indexes: Sequence[int]) -> list[Written | UserError]:
    """Render and stage some of the job's pages, and note what each was given and read (runs in a worker
    with a _Job as shared state)."""
    job: _Job = shared()
    state = job.render
    out: list[Written | UserError] = []
    for page in map(job.pages.__getitem__, indexes):
        reads: set[Read] = set()
        catalog = TrackedCatalog(state.catalog, reads)
        outputs = None
        try:
            if page.template is None:
                text = render_json(page, catalog, state.settings, state.linker)  # type: ignore[arg-type]
            else:
                context = {**state.shared, **page.context, "page": page, "catalog": catalog}
                text, outputs = render_html(job, page, context)
        except UserError as error:
            out.append(error)
            continue
        if page.output in job.reused:  # what its blocks read when they rendered, they read now
            reads.update(job.reused[page.output][1])
        sha, stat, location = _write(job, page.output, text.encode())
        read = tuple(sorted(reads.union(page.given or ())))
        own = None if page.given is not None else job.inputs.own(page.context)
        out.append(((own, sha, stat, read), location, locate(text, outputs) if outputs is not None else None))
    return out


def render_html(job: _Job, page: Page, context: dict[str, Any]) -> tuple[str, Blocks | None]:
    """Render a page with its template: around its blocks as its file holds them when the job says they
    may be reused, else whole. Return the text, and its blocks' outputs when its template's may be
    reused (see blocks.py)."""
    env = job.render.env
    name = page.template or ""
    with template_errors(env, name):
        template = env.get_template(name)
        outputs = _reusable_blocks(job, page)
        if outputs is not None:
            text = render_reusing(template, context, outputs)
            if text is not None:
                return text, outputs
        if name not in job.capture:
            return template.render(context), None
        return render_capturing(template, context)


def _reusable_blocks(job: _Job, page: Page) -> Blocks | None:
    if page.output not in job.reused:
        return None
    try:
        return extract((job.output / page.output).read_bytes().decode(), job.reused[page.output][0])
    except (OSError, UnicodeDecodeError):  # the file went or changed since the survey: render it whole
        return None


_folders: set[Path] = set()  # staging folders this process has made


def _write(job: _Job, name: str, content: bytes) -> Staged:
    """Stage a file (flat, or at its own path) unless the output already holds these bytes."""
    sha = hashlib.sha256(content).hexdigest()
    if name in job.written and job.written[name][0] == sha:
        return sha, job.written[name][1], None
    same = _same_file(job.compare / name, content) if job.compare is not None else None
    if same:
        return sha, same, None
    location = hashlib.sha256(name.encode()).hexdigest()[:32] + ".page" if job.flat else name
    target = job.staging / location
    if target.parent not in _folders:  # one mkdir per folder, not per file
        target.parent.mkdir(parents=True, exist_ok=True)
        _folders.add(target.parent)
    with open(target, "wb") as handle:
        handle.write(content)
        handle.flush()  # the stat must be the finished file's
        stat = os.fstat(handle.fileno())
    return sha, (stat.st_size, stat.st_mtime_ns, stat.st_ino), location


def _same_file(path: Path, content: bytes) -> Stat | None:
    """The stat of a file that holds exactly `content`, else None."""
    stat = stat_key(path)
    try:
        if stat and stat[0] == len(content) and path.read_bytes() == content:
            return stat
    except OSError:
        pass
    return None


def _common_key(state: RenderState) -> str:
    """A hash of what every page depends on besides its template and reads: settings, options, assets."""
    options = {name: value for name, value in state.shared.items() if name != "catalog"}
    return digest(state.settings, options)


def base_keys(state: RenderState, templates: Path, names: Collection[str], common: str) -> dict[str, str]:
    """For each template name ("" for pages made without one), a hash of what its pages depend on
    besides their reads: `common` (see _common_key), and the templates it reaches. An edit to the
    feed template renders the feeds again, not every page; one to a template that names others by an
    expression renders every page made with it."""
    everything = None  # the whole templates folder, hashed when some template needs it
    keys = {}
    reached = template_sources(state.env, [name for name in names if name])
    for name in names:
        sources = reached[name] if name else ()
        if sources is None:
            everything = everything or _templates_digest(templates)
        keys[name] = digest(common, everything if sources is None else sources)
    return keys


def _templates_digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])
