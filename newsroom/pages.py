"""Render the planned pages in parallel, reusing each page whose inputs are unchanged since the last build."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import jinja2

from newsroom.cache import Store, digest
from newsroom.config import Settings
from newsroom.errors import Problems, UserError
from newsroom.jsondocs import render_json
from newsroom.model import Page, Record, Story
from newsroom.parallel import fork_map, shared
from newsroom.render import render_template
from newsroom.site import Catalog
from newsroom.urls import Linker


@dataclass(frozen=True)
class RenderState:
    """What every page render needs; inherited by forked workers."""

    env: jinja2.Environment
    catalog: Catalog
    settings: Settings
    linker: Linker
    shared: dict[str, Any]


def render_pages(pages: Sequence[Page], state: RenderState, templates: Path, cache: Path | None,
                 problems: Problems) -> dict[str, bytes]:
    """Every page's output bytes by output path; template errors go to problems (each reported once)."""
    keys = page_keys(pages, state.catalog, state.settings, templates)
    store = Store(cache, "pages")
    previous = store.load()
    todo = [page for page in pages if previous.get(page.output, (None,))[0] != keys[page.output]]
    for name in {p.template for p in todo if p.template}:  # compile once, before workers fork
        try:
            state.env.get_template(name)
        except jinja2.TemplateError:
            pass  # reported with its file and line when the page renders
    rendered = dict(zip((p.output for p in todo), fork_map(_render_chunk, todo, state), strict=True))
    files: dict[str, bytes] = {}
    current = {}
    reported: set[str] = set()
    for page in pages:
        result = rendered[page.output] if page.output in rendered else previous[page.output][1]
        if isinstance(result, UserError):
            if str(result) not in reported:  # one broken template would otherwise fail every page
                reported.add(str(result))
                problems.add(result)
            continue
        files[page.output] = result
        current[page.output] = (keys[page.output], result)
    if todo or len(current) != len(previous):
        store.save(current)
    return files


def _render_chunk(pages: Sequence[Page]) -> list[bytes | UserError]:
    """Render some pages (runs in a worker with the RenderState as shared state)."""
    state: RenderState = shared()
    out: list[bytes | UserError] = []
    for page in pages:
        try:
            if page.template is None:
                out.append(render_json(page, state.catalog, state.settings, state.linker).encode())
            else:
                context = {**state.shared, **page.context, "page": page}
                out.append(render_template(state.env, page.template, context).encode())
        except UserError as error:
            out.append(error)
    return out


def page_keys(pages: Sequence[Page], catalog: Catalog, settings: Settings, templates: Path) -> dict[str, str]:
    """A hash of everything each page can show.

    Any page may show any record's or story's metadata (titles, sources, dates, summaries, tags),
    so all of that is in every key; bodies and a story's claims, timeline and entities count only
    for the pages whose context holds that record or story (its article page, feeds, story page).
    """
    records = catalog.records
    meta = [(slug, _meta(records[slug])) for slug in sorted(records)]
    stories = [(s.slug, s.headline, s.summary, s.date, s.articles) for s in catalog.stories]
    common = digest(meta, stories, catalog.record_tags, settings, _templates_digest(templates))
    bodies: dict[str, str] = {}

    def body(slug: str) -> str:
        if slug not in bodies:
            bodies[slug] = digest(records[slug].html)
        return bodies[slug]

    def deep(value: Any) -> Any:
        if isinstance(value, Record):
            return body(value.slug)
        if isinstance(value, Story):
            return digest(value)
        if isinstance(value, tuple) and value and all(isinstance(v, str) and v in records for v in value):
            return [body(v) for v in value]
        if isinstance(value, (tuple, list)):
            return [deep(v) for v in value]
        if isinstance(value, dict):
            return sorted((k, deep(v)) for k, v in value.items())
        return value

    return {p.output: digest(common, p.url, p.template, deep(p.context)) for p in pages}


_META_FIELDS = [f.name for f in fields(Record) if f.name not in ("path", "body", "html", "body_line")]


def _meta(record: Record) -> tuple:
    """A record's front matter, without its body and HTML."""
    return tuple(getattr(record, name) for name in _META_FIELDS)


def _templates_digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return digest([(p.relative_to(folder).as_posix(), p.read_bytes()) for p in files])
