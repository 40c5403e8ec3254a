"""Read and write YAML-fronted Markdown records (articles/<slug>.md), with line numbers in errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from slugify import slugify
from yaml.constructor import ConstructorError, SafeConstructor

from newsroom.errors import Problems, UserError
from newsroom.model import Record

try:  # libyaml is ten times faster; fall back to pure Python where it is not built
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper, SafeLoader  # type: ignore[assignment]

# Front matter fields in the order records are written; the value is the type a field takes.
FIELDS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "title_derived": (bool,),
    "dek": (str, type(None)),
    "summary": (str, type(None)),
    "source": (str, type(None)),
    "source_url": (str, type(None)),
    "author": (str, type(None)),
    "published": (date, type(None)),
    "updated": (date, type(None)),
    "language": (str,),
    "tags": (list, type(None)),
    "story": (str, type(None)),
    "draft": (bool,),
    "raw": (str, type(None)),
    "raw_sha256": (str, type(None)),
}
TYPE_NAMES = {str: "text", bool: "true or false", date: "a date (YYYY-MM-DD)", list: "a list"}
FENCE = "---"
KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
URL_FIELDS = ("source_url",)  # shown as links: only web addresses, never javascript: or data:


class FrontMatterLoader(SafeLoader):  # type: ignore[misc,valid-type]
    """Safe YAML that refuses duplicate keys and keeps impossible dates (2024-02-30) as text.

    A repeated key would silently drop the first value, and PyYAML raises a bare ValueError on
    an impossible date; both become errors that name the field and its line.
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key != "<<" and key in seen:
                raise ConstructorError(None, None, f"'{key}' is set twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _timestamp_or_text(loader: FrontMatterLoader, node: yaml.Node) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load_yaml(text: str) -> Any:
    """Parse untrusted YAML; every failure is a yaml.YAMLError (RecursionError: absurd nesting)."""
    try:
        return yaml.load(text, Loader=FrontMatterLoader)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


@dataclass(frozen=True)
class RecordText:
    """A record file split into its front matter mapping and its body."""

    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line where the body starts
    key_lines: dict[str, int]  # front matter key -> 1-based line in the file


def split_record(text: str, path: Path) -> RecordText:
    """Split a record into front matter and body; raise UserError on a malformed file."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise UserError("no front matter", path, 1,
                        "a record starts with a '---' line, then YAML fields, then '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "..."))
    except StopIteration:
        raise UserError("front matter is not closed", path, 1,
                        "add a '---' line after the YAML fields") from None
    yaml_text = "\n".join(lines[1:end])
    try:
        meta = load_yaml(yaml_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(f"invalid YAML: {problem}", path, line, "fix the front matter syntax") from None
    if not isinstance(meta, dict):
        raise UserError("front matter is not a mapping of fields", path, 2, "write 'field: value' lines")
    key_lines = {m.group(1): yaml_text.count("\n", 0, m.start()) + 2 for m in KEY_LINE.finditer(yaml_text)}
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return RecordText(meta, body, end + 2, key_lines)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _RecordDumper(SafeDumper):  # type: ignore[misc,valid-type]
    """Writes strings plainly where YAML allows it, and multi-line ones as blocks."""


_RecordDumper.add_representer(str, _represent_str)


def dump_record(meta: dict[str, Any], body: str) -> str:
    """Serialize front matter (in FIELDS order, then any others) and body as a record file."""
    ordered = {k: meta[k] for k in FIELDS if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    front = yaml.dump(ordered, Dumper=_RecordDumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"{FENCE}\n{front}{FENCE}\n{body.strip()}\n"


def coerce_date(value: Any) -> date | None:
    """Turn a YAML date or datetime into a date; anything else is left for validation."""
    if isinstance(value, datetime):
        return value.date()
    return value


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_record(path: Path) -> Record:
    """Parse and validate one record file; raise BuildFailed with every error in it."""
    record, problems = parse_record(path)
    problems.raise_if_errors()
    assert record is not None
    return record


def parse_record(path: Path, to_html: Callable[[str], str] | None = None,
                 data: bytes | None = None) -> tuple[Record | None, Problems]:
    """Parse one record file: the Record (None when it has errors) and every problem found.

    With `to_html`, the record's html is its body rendered by it (the load stage's Markdown engine).
    `data` is the file's content when the caller has read it already.
    """
    problems = Problems()
    try:
        data = path.read_bytes() if data is None else data
        text = data.decode("utf-8")  # split_record reads any line ends
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error("not UTF-8 text", path, line, "save the record as UTF-8")
        return None, problems
    except OSError as exc:
        problems.error(f"cannot read: {exc.strerror}", path)
        return None, problems
    try:
        parts = split_record(text, path)
    except UserError as exc:
        problems.add(exc)
        return None, problems
    if not SLUG.match(path.stem):
        problems.error(f"file name '{path.name}' is not a slug", path, None,
                       "rename it to lower-case letters, digits and hyphens, e.g. 'my-article.md'")
    _check_fields(parts, path, problems)
    if problems.errors:
        return None, problems
    try:
        return _to_record(path, parts, to_html), problems
    except RecursionError:  # Python-Markdown parses nested blocks by recursion
        problems.error("the body nests lists or quotes too deeply to render", path, parts.body_line,
                       "nest them less deeply: a hundred levels render")
        return None, problems


def _check_fields(parts: RecordText, path: Path, problems: Problems) -> None:
    """Report missing titles, wrong types, bad slugs and URLs, and unknown fields."""
    meta = parts.meta
    for key, value in meta.items():
        line = parts.key_lines.get(str(key))
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "it is ignored"
            problems.warn(f"unknown field '{key}'", path, line, hint)
            continue
        problem = _field_problem(key, coerce_date(value))
        if problem:
            problems.error(problem[0], path, line, problem[1])
    title = meta.get("title")
    if title is None or isinstance(title, str) and not title.strip():
        problems.error("missing title", path, parts.key_lines.get("title", 2),
                       "add 'title: ...' to the front matter")


def _field_problem(key: str, value: Any) -> tuple[str, str] | None:
    """(message, hint) when a known field's value is wrong; None when it is fine."""
    if value is None and key == "title":
        return None  # reported once, as a missing title
    if not isinstance(value, FIELDS[key]):
        expected = " or ".join(TYPE_NAMES.get(t, "empty") for t in FIELDS[key] if t is not type(None))
        hint = "write it as YYYY-MM-DD, e.g. 2024-06-19" if date in FIELDS[key] else "correct the value"
        return f"'{key}' is {shown_value(value)}, expected {expected}", hint
    if key == "tags" and value and not all(isinstance(t, str) and t.strip() for t in value):
        return "'tags' must be a list of words", "write tags: [one, two]"
    if key == "story" and value is not None and not SLUG.match(value):
        return f"'story' is {shown_value(value)}, not a slug", "use lower-case letters, digits and hyphens"
    if key in URL_FIELDS and value is not None and not _web_address(value):
        return (f"'{key}' is {shown_value(value)}, not a web address",
                "write the full address starting with https:// or http://, or remove the field")
    return None


def _web_address(value: str) -> bool:
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. a broken IPv6 host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def shown_value(value: Any, limit: int = 80) -> str:
    """A value as it appears in a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _to_record(path: Path, parts: RecordText, to_html: Callable[[str], str] | None) -> Record:
    """Build a Record from validated front matter."""
    meta = {k: coerce_date(v) for k, v in parts.meta.items() if k in FIELDS}
    tags = tuple(dict.fromkeys(slugify(str(t)) for t in meta.pop("tags", None) or () if slugify(str(t))))
    return Record(
        slug=path.stem,
        path=path,
        body=parts.body,
        html=to_html(parts.body) if to_html else "",
        body_line=parts.body_line,
        tags=tags,
        title=meta.pop("title").strip(),
        summary=meta.pop("summary", None) or "",
        **{k: v for k, v in meta.items() if v is not None or k not in ("language", "draft", "title_derived")},
    )
