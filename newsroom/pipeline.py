"""build_site(settings): ingest -> load -> aggregate -> plan -> render -> write, top to bottom."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.aggregate import aggregate
from newsroom.cache import Store, code_version, digest, file_key
from newsroom.config import Settings
from newsroom.errors import Problems, UserError
from newsroom.ingest import ingest_files
from newsroom.load import load_records
from newsroom.output import build_lock, fingerprint, write_site
from newsroom.pages import RenderState, render_pages
from newsroom.render import make_environment
from newsroom.search import index_site
from newsroom.site import Catalog, make_catalog, plan_site
from newsroom.urls import Linker

CACHE = ".cache"  # beside the config file: parsed records and rendered pages from earlier builds


@dataclass(frozen=True)
class BuildOptions:
    """Choices of one build that are not site settings."""

    output: Path | None = None  # overrides settings.output_dir
    drafts: bool = False  # include records marked draft: true
    search: bool = True  # run the Pagefind indexer
    ingest: bool = True  # ingest raw files that have no record yet


@dataclass
class BuildResult:
    """What a build did, for the summary line."""

    articles: int
    pages: int
    changed: int
    seconds: float
    output: Path
    warnings: list[UserError] = field(default_factory=list)


def build_site(settings: Settings, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the whole site; raise BuildFailed with every user error, leaving the previous site in place."""
    started = time.perf_counter()
    output = (options.output or settings.path("output_dir")).resolve()
    with build_lock(output):  # one build at a time per output folder: records, caches and site stay whole
        result = _build(settings, options, output)
    result.seconds = time.perf_counter() - started
    return result


def _build(settings: Settings, options: BuildOptions, output: Path) -> BuildResult:
    problems = Problems()
    articles_dir = settings.path("articles_dir")
    cache = settings.root / CACHE
    # New raw dumps become records first, so a single `build` takes a fresh clone to a site.
    if options.ingest and (articles_dir / "raw").is_dir():
        report = ingest_files(articles_dir)
        problems.items.extend(report.problems)
        for raw in report.changed:
            problems.warn("raw file changed since its record was made; the record is kept", raw, None,
                          "run 'build.py ingest --force FILE' to redo it (edits to the record are lost)")
    # Nothing read by the build changed since the last one, and its output is still there: done.
    inputs = inputs_key(settings, options, output)
    last = Store(cache, "last-build")
    remembered = last.load()
    if remembered.get("key") == inputs and remembered.get("output") == _folder_key(output):
        return BuildResult(remembered["articles"], remembered["pages"], 0, 0.0, output,
                           problems.warnings + remembered["warnings"])
    records = load_records(articles_dir, settings.markdown_engine, problems, options.drafts, cache)
    problems.raise_if_errors()
    # Stories, claims, timelines, entities and tags are computed over all records at once.
    catalog = make_catalog(records, aggregate(records, settings.aliases))
    linker = Linker(settings.base_url, settings.relative_urls)
    files = render_site(catalog, settings, linker, options.search, problems, cache)
    problems.raise_if_errors()
    changed = write_site(files, output, finish=index_site if options.search else None)
    pages = sum(1 for name in files if name.endswith(".html"))
    last.save({"key": inputs, "output": _folder_key(output), "articles": len(records), "pages": pages,
               "warnings": problems.warnings})
    return BuildResult(len(records), pages, changed, 0.0, output, problems.warnings)


def inputs_key(settings: Settings, options: BuildOptions, output: Path) -> str:
    """A hash of everything a build reads: settings, options, code, and every file's stat."""
    folders = [settings.path("articles_dir"), settings.path("templates_dir")]
    files = [(str(p), file_key(p)) for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    return digest(code_version(), settings, options, str(output), files)


def _folder_key(folder: Path) -> tuple[int, int] | None:
    """The output folder's identity and mtime: a new build or a deleted page changes it."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def render_site(
    catalog: Catalog, settings: Settings, linker: Linker, search: bool, problems: Problems, cache: Path
) -> dict[str, bytes]:
    """Render every planned page and copy the static assets; template errors go to problems."""
    templates = settings.path("templates_dir")
    files, assets = static_files(templates / "static")
    env = make_environment(templates, linker, settings.language, settings.timezone)
    shared = {"site": settings, "catalog": catalog, "assets": assets, "search_enabled": search}
    state = RenderState(env, catalog, settings, linker, shared)
    files.update(render_pages(plan_site(catalog, settings, search), state, templates, cache, problems))
    return files


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
