"""Normalize one raw file (text dump or HTML page) into record fields and a Markdown body; explain it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from newsroom.aggregate.tags import suggest_tags
from newsroom.errors import UserError
from newsroom.ingest.classify import classify_lines
from newsroom.ingest.decode import decode_bytes
from newsroom.ingest.html import article_from_html
from newsroom.ingest.links import safe_source_url
from newsroom.ingest.markdown_body import render_body
from newsroom.ingest.metadata import Article, article_from_lines, derive_title, lead_text, summarize

HTML_SUFFIXES = (".html", ".htm")
EXPLAIN_WIDTH = 72
HINT_EXPLAIN = "run `build.py ingest --explain FILE` to see the class and rule of every line"


@dataclass(frozen=True)
class Normalized:
    """A normalized article: front matter fields in record order, and the Markdown body."""

    meta: dict[str, Any]
    body: str


def normalize(data: bytes, raw_name: str) -> Normalized:
    """Turn the bytes of one raw dump into record fields and a Markdown body.

    `raw_name` is the raw file's path relative to the articles folder ("raw/x.txt"); a bare file
    name is taken to be in raw/. Raises UserError for anything that cannot become an article.
    """
    raw = raw_name.replace("\\", "/")
    raw = raw if "/" in raw else f"raw/{raw}"
    article = _article(data, raw_name)
    body = render_body(article.blocks)
    title, derived = article.title, False
    if not title:
        title, derived = derive_title(lead_text(article.blocks)), True
    if not title or not body.strip():
        raise UserError("no article text found: every line is boilerplate, a title or metadata",
                        raw_name, None, HINT_EXPLAIN)
    meta: dict[str, Any] = {
        "title": title,
        "title_derived": derived,
        "dek": article.dek,
        "summary": summarize(article.dek, article.blocks),
        "source": article.source,
        "source_url": safe_source_url(article.source_url),
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "tags": list(suggest_tags(title, body)),
        "raw": raw,
        "raw_sha256": hashlib.sha256(data).hexdigest(),
    }
    return Normalized(meta, body)


def _article(data: bytes, raw_name: str) -> Article:
    """Read the raw bytes as an HTML page or as a text dump, by the file's suffix."""
    if PurePosixPath(raw_name.replace("\\", "/")).suffix.lower() in HTML_SUFFIXES:
        return article_from_html(data, raw_name)
    return article_from_lines(classify_lines(decode_bytes(data, raw_name)))


def explain(data: bytes, raw_name: str) -> list[str]:
    """One line per raw line: its number, class, the rule that decided it, and its text (shortened)."""
    if PurePosixPath(raw_name.replace("\\", "/")).suffix.lower() in HTML_SUFFIXES:
        article = article_from_html(data, raw_name)
        return [_explain_row(n, b.kind, "trafilatura_main_text", b.text)
                for n, b in enumerate(article.blocks, start=1)]
    lines = classify_lines(decode_bytes(data, raw_name))
    return [_explain_row(line.number, line.kind, line.reason, line.raw.strip()) for line in lines]


def _explain_row(number: int, kind: str, reason: str, text: str) -> str:
    """Format one row of the explanation."""
    short = text if len(text) <= EXPLAIN_WIDTH else text[:EXPLAIN_WIDTH - 1] + "…"
    return f"{number:>5}  {kind:<11} {reason:<28} {short}".rstrip()
