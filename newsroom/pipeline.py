"""build_site(settings): ingest -> load -> aggregate -> plan -> render -> write, top to bottom."""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom.cache import PlainStore, ShardedStore, Store, code_version, digest, keep_newest, long_lived
from newsroom.config import Settings
from newsroom.errors import Problems, UserError
from newsroom.model import Record, Story
from newsroom.output import build_lock, fingerprint, pending, recover
from newsroom.progress import BuildProgress, Progress

if TYPE_CHECKING:
    from newsroom.pages import Manifest, Rendered
    from newsroom.publish import Indexer
    from newsroom.survey import Survey

# The stages' modules (Markdown, Jinja2, the aggregator, the ingester) are imported only once a build
# has work to do: a rebuild with nothing changed ends before it would need them.

CACHE = ".cache"  # beside the config file: parsed records and the manifest of written pages
# Manifests of the output folders built last (one each, 10 MB at 10,000 articles), and their search
# marks: older ones are deleted, so a cache does not grow with every folder ever built into. A folder
# that lost its manifest has every page rendered and compared on its next build.
MANIFESTS_KEPT = 4
PAGES, SEARCH_MARKS = "pages", "search-marks"  # the kinds of output_store


@dataclass(frozen=True)
class BuildOptions:
    """Choices of one build that are not site settings."""

    output: Path | None = None  # overrides settings.output_dir
    drafts: bool = False  # include records marked draft: true
    search: bool = True  # give the site a search page and index (Pagefind)
    index_later: bool = False  # with search: leave the index pending for the caller (serve runs it)
    ingest: bool = True  # ingest raw files that have no record yet
    progress: bool = False  # draw a progress bar on a terminal when the build takes a while
    timings: bool = False  # print how long each stage took


@dataclass
class BuildResult:
    """What a build did, for the summary line."""

    articles: int
    pages: int
    changed: int
    seconds: float
    output: Path
    warnings: list[UserError] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage


def build_site(settings: Settings, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the whole site; raise BuildFailed with every user error, leaving the previous site in place."""
    started = time.perf_counter()
    output = (options.output or settings.path("output_dir")).resolve()
    progress = BuildProgress(bar=options.progress)
    try:
        # One build at a time per output folder: records, caches and site stay whole.
        with build_lock(output), long_lived() as settle:
            outcome = _build(settings, options, output, progress, settle)
            # Published once _build has returned: its records, stories and pages are freed by then.
            result = outcome if isinstance(outcome, BuildResult) else _publish(outcome, progress)
    finally:
        progress.close()
    result.seconds = time.perf_counter() - started
    result.stages = progress.timings
    if options.timings and progress.timings:  # a build skipped as unchanged ran no stage
        print(progress.summary(), flush=True)
    return result


def _build(settings: Settings, options: BuildOptions, output: Path, progress: BuildProgress,
           settle: Callable[[], None]) -> BuildResult | StagedBuild:
    """Build the site into a staging folder (StagedBuild), or return the last build's result when nothing
    it reads has changed."""
    problems = Problems()
    articles_dir = settings.path("articles_dir")
    cache = settings.root / CACHE
    # New raw dumps become records first, so a single `build` takes a fresh clone to a site.
    if options.ingest and (articles_dir / "raw").is_dir():
        with progress.stage("ingest"):
            _ingest(articles_dir, problems)
    # Nothing read by the build changed since the last one, and its output is still there: done.
    articles = tree_stats(articles_dir)  # listed once, for this key and for the load stage
    inputs = inputs_key(settings, options, output, articles)
    last = PlainStore(cache, "last-build")
    remembered = last.load()
    if (remembered.get("key") == inputs and remembered.get("output") == _folder_key(output)
            and not (options.search and not options.index_later and pending(output))):
        return BuildResult(remembered["articles"], remembered["pages"], 0, 0.0, output,
                           problems.warnings + remembered["warnings"])
    from newsroom.load import load_records
    from newsroom.pages import Manifest
    from newsroom.parallel import in_background
    from newsroom.search import index_site
    from newsroom.site import make_catalog
    from newsroom.survey import survey

    recover(output)  # a build killed mid-swap left the last site aside: put back, it is what was written
    manifest = output_store(cache, output, PAGES)
    previous = Manifest(**manifest.load()) if output.is_dir() else Manifest()
    # The output folder is surveyed on another core while the records load and aggregate.
    with in_background(survey, output, previous.stats(), previous.folders, previous.noted,
                       previous.hashes()) as surveyed:
        with progress.stage("load"):
            engine = settings.markdown_engine
            loaded = load_records(articles_dir, articles, engine, problems, options.drafts, cache, progress)
        problems.raise_if_errors()
        records = loaded.records
        settle()  # the records live until the pages are staged
        with progress.stage("aggregate"):
            aggregation, story_hashes = aggregate_cached(records, settings, cache, progress)
        catalog = make_catalog(records, aggregation)
        settle()  # and so do the stories and the catalog
        hashes = {**{(Record, slug): sha for slug, sha in loaded.hashes.items()},
                  **{(Story, slug): sha for slug, sha in story_hashes.items()}}
        site = LastSite(manifest, previous, surveyed)
        staging, rendered, found = stage_pages(catalog, hashes, settings, options, output, site, problems,
                                               progress)
    pages = sum(1 for name in rendered.manifest.files if name.endswith(".html"))
    index = (partial(index_site, part_pages=settings.search_part_pages, progress=progress,
                     marks=output_store(cache, output, SEARCH_MARKS))
             if options.search and not options.index_later else None)
    return StagedBuild(staging, rendered, found, index, options.search, cache, inputs,
                       BuildResult(len(records), pages, len(rendered.staged), 0.0, output, problems.warnings))


def aggregate_cached(records: list, settings: Settings, cache: Path, progress: Progress):
    """Stories, claims, timelines, entities and tags, computed over all records at once, or the last
    build's when nothing the stage reads has changed (a template or config edit, a touched file); and
    each story's hash (digest), by slug.

    Otherwise each record's reading and each story whose articles are unchanged come from the last
    build: an edit reads one record again and rebuilds the stories it touches.
    """
    from newsroom.aggregate import Memos, aggregate, inputs_digest
    from newsroom.model import Aggregation

    key = inputs_digest(records, settings.aliases)
    # The aggregation is kept as its stories' memo keys in order and the tags; the stories (most of
    # its bytes) and the readings in sharded stores, so that an edit rewrites the few shards it changed.
    store = PlainStore(cache, "aggregate")
    stories, readings = ShardedStore(cache, "stories"), ShardedStore(cache, "readings")
    last, kept = store.load(), stories.load()
    if last.get("key") == key and all(name in kept for name in last["order"]):
        found = tuple(kept[name] for name in last["order"])
        return Aggregation(found, last["tags"]), _by_slug(found, last["hashes"])
    others = PlainStore(cache, "memos")
    memos = Memos.of_plain(cache / "sentences", readings.load(), kept, others.load())
    aggregation = aggregate(records, settings.aliases, memos, progress)
    readings.save(memos.readings)
    stories.save(memos.stories)
    others.save(memos.plain())
    name_of = {id(story): name for name, story in memos.stories.items()}
    order = [name_of[id(story)] for story in aggregation.stories]
    # A story's memo key names what it was built from, so a story kept under the same key is the same
    # and its hash is not computed again: an edit hashes the stories it rebuilt, not every story.
    known = dict(zip(last.get("order", ()), last.get("hashes", ()), strict=True))
    stories_now = aggregation.stories
    hashes = [known.get(name) or digest(story) for name, story in zip(order, stories_now, strict=True)]
    store.save({"key": key, "order": order, "tags": aggregation.tags, "hashes": hashes})
    return aggregation, _by_slug(stories_now, hashes)


def _by_slug(stories, hashes: list[str]) -> dict[str, str]:
    return {story.slug: sha for story, sha in zip(stories, hashes, strict=True)}


def _ingest(articles_dir: Path, problems: Problems) -> None:
    from newsroom.ingest import ingest_files

    report = ingest_files(articles_dir)
    problems.items.extend(report.problems)
    for raw in report.changed:
        problems.warn("raw file changed since its record was made; the record is kept", raw, None,
                      "run 'build.py ingest --force FILE' to redo it (edits to the record are lost)")


@dataclass(frozen=True)
class LastSite:
    """What the last build left in the output folder."""

    store: Store  # where its manifest is kept
    manifest: Manifest  # the files it wrote
    survey: Callable[[], Survey]  # the folder as this build found it (waits for the survey to end)


def stage_pages(catalog, hashes: dict[tuple[type, str], str], settings: Settings, options: BuildOptions,
                output: Path, last: LastSite, problems: Problems,
                progress: BuildProgress) -> tuple[Path, Rendered, Survey]:
    """Render the pages that changed into a staging folder beside the output; return the folder, what
    was rendered, and the output folder as the build found it. `hashes` give each record's and story's
    hash, by (type, slug), as the load and aggregate stages computed them.

    Template errors fail the build before anything in the output folder changes.
    """
    from newsroom.pages import BlockStore, RenderState, render_pages
    from newsroom.publish import staging_folder
    from newsroom.render import make_environment
    from newsroom.site import plan_site
    from newsroom.urls import Linker

    templates = settings.path("templates_dir")
    static, assets = static_files(templates / "static")
    linker = Linker(settings.base_url, settings.relative_urls)
    cache = settings.root / CACHE
    env = make_environment(templates, linker, settings.language, settings.timezone, compiled_folder(cache))
    shared = {"site": settings, "catalog": catalog, "assets": assets, "search_enabled": options.search}
    state = RenderState(env, catalog, settings, linker, shared, hashes)
    with progress.stage("plan"):
        plan = plan_site(catalog, settings, options.search)
    gc.freeze()  # the plan lives until the pages are staged, too (see cache.long_lived)
    staging = staging_folder(output)
    try:
        found = last.survey()
        last.manifest.restate(found.restated)
        rendered = render_pages(plan, static, state, templates, output, staging, last.manifest, found.altered,
                                problems, progress, BlockStore(cache, "blocks"))
        problems.raise_if_errors()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, rendered, found


@dataclass
class StagedBuild:
    """A build rendered into its staging folder, with all that putting it in place takes and nothing of
    its records, stories or pages: their memory is handed back before Pagefind's runs need theirs. At
    10,000 articles the build's process held 165-175 MB with its pages staged, and 106-110 MB as the
    search index began: two Pagefind runs at a time take about 190 MB each.
    """

    staging: Path
    rendered: Rendered
    survey: Survey  # the output folder as the build found it
    index: Indexer | None  # makes the search index (None: no index, or one left for the caller)
    search: bool  # the site has a search index
    cache: Path
    inputs: str  # the key of what the build read (inputs_key)
    result: BuildResult  # what the build did, for the summary line


def _publish(staged: StagedBuild, progress: BuildProgress) -> BuildResult:
    """Put a staged build in place in its output folder, with its search index, and remember it."""
    from newsroom.parallel import release_free_memory
    from newsroom.publish import replace_files, replace_whole
    from newsroom.survey import note_folders

    output, rendered, found = staged.result.output, staged.rendered, staged.survey
    if staged.index:  # Pagefind's runs need memory: what the records, stories and pages held goes back
        gc.collect()  # pages rendered in this process (a small site) may hold them in reference cycles
        release_free_memory()
    manifest = output_store(staged.cache, output, PAGES)
    try:
        with progress.stage("write"):
            if output.is_dir():
                manifest.clear()  # a build killed while moving files must not trust this manifest
                now = rendered.manifest
                stale = found.stale(now.files)
                replace_files(staged.staging, output, rendered.staged, stale, staged.index, staged.search,
                              progress)
                now.folders = note_folders(output, found.folders, [*rendered.staged, *stale])
                now.noted = found.noted
            else:  # a first build: the staging folder holds the whole site
                replace_whole(staged.staging, output, staged.index, staged.search)
    except BaseException:
        shutil.rmtree(staged.staging, ignore_errors=True)
        raise
    manifest.save(vars(rendered.manifest))
    for kind in (PAGES, SEARCH_MARKS):
        keep_newest(staged.cache, f"{kind}-*.pickle", MANIFESTS_KEPT)
    result = staged.result
    PlainStore(staged.cache, "last-build").save({
        "key": staged.inputs, "output": _folder_key(output), "articles": result.articles,
        "pages": result.pages, "warnings": result.warnings})
    return result


def output_store(cache: Path, output: Path, kind: str) -> PlainStore:
    """What the cache keeps of one output folder: the manifest of the files the last build wrote there
    (kind PAGES), or which of its pages the search index reads (SEARCH_MARKS, see search_parts.Marks)."""
    return PlainStore(cache, f"{kind}-{digest(str(output))[:16]}")


def compiled_folder(cache: Path) -> Path:
    """Where compiled templates are kept: one folder per newsroom code version (older ones are removed)."""
    folder = cache / "templates" / code_version()[:16]
    if folder.parent.is_dir():
        for other in folder.parent.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    return folder


def inputs_key(settings: Settings, options: BuildOptions, output: Path, articles: list) -> str:
    """A hash of everything a build reads: settings, options, code, and every file's stat (`articles`
    are tree_stats of the articles folder)."""
    files = articles + tree_stats(settings.path("templates_dir"))
    return digest(code_version(), settings, options.output, options.drafts, options.search, options.ingest,
                  str(output), files)


def tree_stats(folder: Path) -> list[tuple[str, int, int, int]]:
    """(path, size, mtime, inode) of every file below folder, sorted by path.

    os.scandir rather than Path.rglob: this runs on every build, even one with nothing to do, and
    at ten thousand records pathlib's objects cost most of a second.
    """
    found, todo = [], [str(folder)]
    while todo:
        try:
            entries = os.scandir(todo.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.is_dir():
                    todo.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return sorted(found)


def _folder_key(folder: Path) -> tuple[int, int] | None:
    """The output folder's identity and mtime: a new build or a deleted page changes it."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def static_files(folder: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """Static assets by output path; CSS and JS get content-hashed names (returned as name -> path)."""
    files: dict[str, bytes] = {}
    assets: dict[str, str] = {}
    if not folder.is_dir():
        return files, assets
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        content = path.read_bytes()
        name = relative
        if path.suffix in (".css", ".js"):
            name = f"{relative[: -len(path.suffix)]}.{fingerprint(content)}{path.suffix}"
        files[name] = content
        assets[relative] = name
    return files, assets
