"""The Jinja2 environment (StrictUndefined, autoescape), its filters, and template errors as user errors."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from babel.dates import format_date

from newsroom.dates import rfc822, rfc3339
from newsroom.errors import UserError
from newsroom.urls import Linker

Sources = list[tuple[str, str]]  # templates by name, with their source text
UNDATED = date(1970, 1, 1)  # feeds need a date; an article with none, in a story with none, gets this


def make_environment(templates_dir: Path, linker: Linker, language: str, zone: str,
                     compiled: Path | None = None) -> jinja2.Environment:
    """A strict, autoescaping environment over the site's templates.

    `compiled` is a folder that keeps compiled templates between builds (Jinja2 checks each against
    its source). One environment serves one build, so templates are not re-checked on every use.
    """
    env = jinja2.Environment(
        loader=_TemplateLoader(templates_dir),
        bytecode_cache=_bytecode_cache(compiled),
        auto_reload=False,
        autoescape=jinja2.select_autoescape(["html", "xml", "htm"], default_for_string=True),
        undefined=jinja2.StrictUndefined,  # a misspelled variable fails the build instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],  # {% do %}: fill a dict once per page (story.html's links)
    )
    env.globals.update(url=_url_function(linker), absolute_url=linker.absolute,
                       story_items=_items("stories/", linker), article_items=_items("articles/", linker),
                       article_jsonld=_article_jsonld(linker))
    env.filters.update(
        long_date=lambda d: _long_date(d, language),
        iso_date=lambda d: d.isoformat() if d else "",
        partial_date=lambda text, precision: _partial_date(text, precision, language),
        feed_date=_feed_date,
        rfc3339=lambda d: rfc3339(d or UNDATED, zone),
        rfc822=lambda d: rfc822(d or UNDATED, zone),
    )
    return env


class _TemplateLoader(jinja2.FileSystemLoader):
    """Templates read as UTF-8 text; a file that is not fails as a syntax error at its first bad byte."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            message = f"the file is not UTF-8 text (byte {exc.object[exc.start]:#04x})"
            raise jinja2.TemplateSyntaxError(message, line, template) from None


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _url_function(linker: Linker):
    if not linker.relative:  # the same link from every page: no need for the page (a cheaper call)
        base_path = linker.base_path
        return lambda target: base_path + target.lstrip("/")

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, target: str) -> str:
        """Link from the page being rendered to a site-relative URL."""
        return linker.href(target, context["page"].url)

    return url


def _items(prefix: str, linker: Linker):
    @jinja2.pass_context
    def items(context: jinja2.runtime.Context, entries, start: int = 1) -> list[dict[str, Any]]:
        """schema.org ListItems for stories (objects) or articles (record slugs), for JSON-LD; the first
        is at position `start` (a listing's second page goes on from its first)."""
        out = []
        for position, entry in enumerate(entries, start):
            slug = entry if isinstance(entry, str) else entry.slug
            name = context["catalog"].records[slug].title if isinstance(entry, str) else entry.headline
            out.append({"@type": "ListItem", "position": position, "name": name,
                        "url": linker.absolute(f"{prefix}{slug}/")})
        return out

    return items


def _article_jsonld(linker: Linker):
    @jinja2.pass_context
    def article_jsonld(context: jinja2.runtime.Context, record) -> dict[str, Any]:
        """schema.org NewsArticle for an article page; dates only when the record states them."""
        url = linker.absolute(f"articles/{record.slug}/")
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": record.title[:110],
            "description": record.summary or record.dek or record.title,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": record.language,
            "keywords": list(context["catalog"].record_tags.get(record.slug, ())),
        }
        if record.published:
            data["datePublished"] = record.published.isoformat()
        if record.updated:
            data["dateModified"] = record.updated.isoformat()
        if record.author:
            data["author"] = {"@type": "Person", "name": record.author}
        if record.source:
            data["publisher"] = {"@type": "Organization", "name": record.source}
        if record.source_url:
            data["isBasedOn"] = record.source_url
        return data

    return article_jsonld


@lru_cache(maxsize=4096)  # pages show the same few hundred dates thousands of times; Babel is slow
def _long_date(value: date | None, language: str) -> str:
    """A date as readers of the site's language write it: "June 19, 2024"."""
    if value is None:
        return ""
    return format_date(value, format="long", locale=_locale(language))


@jinja2.pass_context
def _feed_date(context: jinja2.runtime.Context, slug: str) -> date:
    """The date a feed gives an article: its own, else its story's, else UNDATED."""
    return context["catalog"].record_date(slug) or UNDATED


@lru_cache(maxsize=4096)
def _partial_date(text: str, precision: str, language: str) -> str:
    """A timeline date at its precision: "1961", "September 2023", "June 19, 2024"."""
    if precision == "year":
        return text[:4]
    parts = [int(p) for p in text.split("-")]
    value = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    if precision == "day":
        return _long_date(value, language)
    return format_date(value, format="LLLL y", locale=_locale(language))


def _locale(language: str) -> str:
    return language.replace("-", "_")


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; a mistake in it becomes a UserError naming the template file and line."""
    with template_errors(env, name):
        return env.get_template(name).render(context)


@contextmanager
def template_errors(env: jinja2.Environment, name: str) -> Iterator[None]:
    """Turn a mistake in template `name` (or one it uses), met in the block, into a UserError naming the
    template file and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(f"template syntax error: {exc.message}", _template_path(env, exc.name or name),
                        exc.lineno, "fix the template") from None
    except jinja2.TemplateNotFound as exc:
        path, line = _template_frame(env)  # the include or extends that names it, if any
        raise UserError(f"template '{exc.name}' not found", path or _template_path(env, name), line,
                        f"create it in {_templates_dir(env)} or fix the name") from None
    except Exception as exc:  # noqa: BLE001 - any runtime error inside a template is the template's
        path, line = _template_frame(env)
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        raise UserError(f"template error: {message}", path or _template_path(env, name), line,
                        "fix the template") from None


def template_sources(env: jinja2.Environment, names: Iterable[str]) -> dict[str, Sources | None]:
    """For each template of `names`, itself and every template it extends, includes or imports,
    directly or not, as sorted (name, source) pairs: all that its pages' markup depends on. None when
    one of them names another by an expression (it may reach any), or fails to load or parse.
    """
    parsed: dict[str, tuple[str, list[str | None]] | None] = {}  # each template read and parsed once

    def read(name: str) -> tuple[str, list[str | None]] | None:
        if name not in parsed:
            try:
                source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
                parsed[name] = source, list(jinja2.meta.find_referenced_templates(env.parse(source)))
            except jinja2.TemplateError:  # reported with its file and line when a page renders
                parsed[name] = None
        return parsed[name]

    def reached(name: str) -> list[tuple[str, str]] | None:
        found: dict[str, str] = {}
        todo: list[str | None] = [name]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            entry = read(current) if current is not None else None  # None: a name made by an expression
            if entry is None:
                return None
            found[current], named = entry
            todo += named
        return sorted(found.items())

    return {name: reached(name) for name in names}


def _templates_dir(env: jinja2.Environment) -> Path:
    loader = env.loader
    assert isinstance(loader, jinja2.FileSystemLoader)
    return Path(loader.searchpath[0])


def _template_path(env: jinja2.Environment, name: str) -> Path:
    return _templates_dir(env) / name


def _template_frame(env: jinja2.Environment) -> tuple[Path | None, int | None]:
    """The innermost template file and line of the exception being handled (Jinja maps frames to it)."""
    root = str(_templates_dir(env).resolve())
    found: tuple[Path | None, int | None] = (None, None)
    for frame in traceback.extract_tb(sys.exc_info()[2]):
        if frame.filename.startswith(root):
            found = (Path(frame.filename), frame.lineno)
    return found
