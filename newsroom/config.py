"""config.yaml -> typed, validated Settings; unknown keys and wrong types are user errors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from newsroom.errors import Problems, UserError
from newsroom.records import load_yaml, shown_value

MARKDOWN_ENGINES = ("python-markdown", "cmark")


@dataclass(frozen=True)
class Settings:
    """The site's settings; each field is documented where it is declared."""

    title: str = "newsroom"  # site name, shown in the header, titles and feeds
    description: str = ""  # one sentence for meta descriptions and feeds
    base_url: str = "http://127.0.0.1:8000/"  # absolute URL the site is served from; may carry a path
    language: str = "en"  # BCP 47 language of the site (html lang, feeds)
    timezone: str = "UTC"  # IANA zone used to show dates and to date feeds
    output_dir: str = "public"  # where the site is written, relative to the config file
    articles_dir: str = "articles"  # records (*.md) and raw dumps (raw/), relative to the config file
    templates_dir: str = "templates"  # Jinja2 templates and static assets, relative to the config file
    per_page: int = 10  # stories per index page
    articles_per_page: int = 20  # articles per tag or source page
    feed_items: int = 20  # articles in each feed
    markdown_engine: str = "python-markdown"  # or "cmark" (needs newsroom[fast])
    relative_urls: bool = False  # true: links are relative and end in index.html (opens from disk)
    search_part_pages: int = 1000  # a site with more indexed pages gets its search index in parts
    aliases: dict[str, list[str]] = field(default_factory=dict)  # entity name -> extra variants
    root: Path = field(default=Path("."), compare=False)  # folder of the config file (not a key)

    def path(self, name: str) -> Path:
        """Resolve a folder setting against the config file's folder."""
        return (self.root / getattr(self, name)).resolve()


KEYS = {f.name: f for f in fields(Settings) if f.name != "root"}
EXPECTED = {
    "title": (str, "text"),
    "description": (str, "text"),
    "base_url": (str, "an absolute http(s) URL"),
    "language": (str, "a language code such as 'en'"),
    "timezone": (str, "an IANA time zone such as 'Europe/Berlin'"),
    "output_dir": (str, "a folder path"),
    "articles_dir": (str, "a folder path"),
    "templates_dir": (str, "a folder path"),
    "per_page": (int, "a whole number of at least 1"),
    "articles_per_page": (int, "a whole number of at least 1"),
    "feed_items": (int, "a whole number of at least 1"),
    "markdown_engine": (str, " or ".join(MARKDOWN_ENGINES)),
    "relative_urls": (bool, "true or false"),
    "search_part_pages": (int, "a whole number of at least 1"),
    "aliases": (dict, "a mapping of a name to a list of variants"),
}


def load_settings(path: Path) -> Settings:
    """Read and validate a config file; raise BuildFailed listing every problem."""
    problems = Problems()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"cannot read config: {exc.strerror}", path, hint="pass --config FILE") from None
    except UnicodeDecodeError:
        raise UserError("config is not UTF-8 text", path, 1, "save it as UTF-8") from None
    try:
        data = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise UserError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None,
                        "fix the syntax") from None
    if not isinstance(data, dict):
        raise UserError("config must be a mapping of 'key: value' lines", path, 1,
                        "write one setting per line, such as 'title: My news'")
    lines = _key_lines(text)
    values = {}
    for key, value in data.items():
        error = check_value(str(key), value)
        if error:
            problems.error(error[0], path, lines.get(str(key)), error[1])
        else:
            values[key] = value
    problems.raise_if_errors()
    settings = replace(Settings(**values), root=path.parent.resolve())
    if not settings.base_url.endswith("/"):
        settings = replace(settings, base_url=settings.base_url + "/")
    return settings


def check_site_folders(settings: Settings, path: Path, output: Path | None = None) -> None:
    """Before a build: the templates folder exists and the output folder is safe to replace whole.

    `path` is the config file (for line numbers); `output` is an --output folder, if given.
    """
    problems = Problems()
    try:
        lines = _key_lines(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        lines = {}
    if not settings.path("templates_dir").is_dir():
        problems.error(f"templates folder '{settings.templates_dir}' does not exist", path,
                       lines.get("templates_dir"), "create it or correct 'templates_dir'")
    problem = output_problem(settings, output or settings.path("output_dir"))
    if problem and output is not None:
        problems.error(f"--output {output}: the folder {problem}", None, None,
                       "build into a folder of its own, such as 'public'")
    elif problem:
        problems.error(f"output_dir '{settings.output_dir}' {problem}", path, lines.get("output_dir"),
                       "use a folder of its own, such as 'public'")
    problems.raise_if_errors()


def output_problem(settings: Settings, output: Path) -> str | None:
    """Why a build must not replace `output` (each build swaps the whole folder), or None.

    The output folder is deleted and written anew, so it must not be, hold or sit inside the
    project's own folders, and an existing folder must look like a site built before.
    """
    output = output.resolve()
    project = settings.root.resolve()
    inputs = {"articles_dir": settings.path("articles_dir"), "templates_dir": settings.path("templates_dir")}
    if project.is_relative_to(output):
        return "is the project folder or holds it"
    for name, folder in inputs.items():
        if folder.is_relative_to(output) or output.is_relative_to(folder):
            return f"overlaps {name} ({folder.name}/)"
    if output.exists() and not output.is_dir():
        return "is a file, not a folder"
    if output.is_dir() and not (output / "index.html").is_file() and _visible_entries(output):
        return "holds files that are not a site built before"
    return None


def _visible_entries(folder: Path) -> bool:
    try:
        return any(not entry.name.startswith(".") for entry in folder.iterdir())
    except OSError:
        return False


def check_value(key: str, value: Any) -> tuple[str, str] | None:
    """Return (message, hint) when a key is unknown or its value has the wrong type."""
    if key not in KEYS:
        close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(KEYS))}"
        return f"unknown key '{key}'", hint
    kind, expected = EXPECTED[key]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if ok and kind is int:
        ok = value >= 1
    if ok and key == "base_url":
        ok = _web_url(value)
    if ok and key == "markdown_engine":
        ok = value in MARKDOWN_ENGINES
    if ok and key == "timezone":
        ok = _valid_zone(value)
    if ok and key == "aliases":
        ok = all(isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
                 for k, v in value.items())
    if ok:
        return None
    return f"'{key}' is {shown_value(value)}, expected {expected}", "correct the value"


def _web_url(value: str) -> bool:
    """An absolute http(s) URL with a host and no blanks (it starts every link of the site)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "http://[bad"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)


def _valid_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder ("America") or a long name
        return False
    return True


def _key_lines(text: str) -> dict[str, int]:
    """Map each top-level key to its 1-based line, for error messages."""
    found = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line and not line[0].isspace() and not line.startswith("#") and ":" in line:
            found.setdefault(line.split(":", 1)[0].strip().strip("'\""), number)
    return found
