"""Raw .html pages -> Article, with trafilatura: main text plus title, author, date and site name."""

from __future__ import annotations

import logging
import re
from datetime import date

import trafilatura
from lxml import etree

from newsroom.errors import UserError
from newsroom.ingest.decode import clean_text
from newsroom.ingest.markdown_body import HEADING, ITEM, PARAGRAPH, QUOTE, Block
from newsroom.ingest.metadata import Article

HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
SPACES = re.compile(r"\s+")
# Only a date the page itself states (meta tags, time elements), not one guessed from its text.
DATE_PARAMS = {"extensive_search": False, "original_date": True}

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def article_from_html(data: bytes, raw_name: str) -> Article:
    """Extract the main text and metadata of an HTML page; raise UserError when it has none."""
    if not data.strip():
        raise UserError("the file is empty", raw_name, None, "save the whole web page into it")
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True,
            include_formatting=False, date_extraction_params=DATE_PARAMS,
        )
    except Exception as exc:  # a third-party parser on untrusted bytes: any failure is the input's
        raise UserError(f"cannot read the HTML page ({type(exc).__name__})", raw_name, None,
                        "check that the file is a complete web page") from None
    body = getattr(doc, "body", None) if doc is not None else None
    title = _clean(getattr(doc, "title", None))
    blocks = tuple(b for b in _blocks(body) if b.text and b.text != title) if body is not None else ()
    if not blocks:
        raise UserError("no article text found in the HTML page", raw_name, None,
                        "save the article's own page, not a home or index page")
    description = _clean(doc.description)
    body_text = " ".join(b.text for b in blocks)
    return Article(
        title=title,
        dek=description if description and description[:60] not in body_text else None,
        source=_clean(doc.sitename),
        author=_clean(doc.author),
        published=_date(doc.date),
        blocks=blocks,
        source_url=_clean(doc.url),
        language=_language(data),
    )


def _blocks(body: etree._Element) -> list[Block]:
    """Walk trafilatura's XML body: p, head, list/item, quote, table, code."""
    blocks: list[Block] = []
    for element in body:
        tag = element.tag
        if tag == "head":
            blocks.append(Block(HEADING, _text(element)))
        elif tag == "list":
            blocks.extend(Block(ITEM, _text(item)) for item in element.iter("item"))
        elif tag == "quote":
            blocks.append(Block(QUOTE, _text(element)))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                blocks.append(Block(PARAGRAPH, " | ".join(cell for cell in cells if cell)))
        elif tag in ("p", "code"):
            blocks.append(Block(PARAGRAPH, _text(element)))
    return blocks


def _text(element: etree._Element) -> str:
    """All the text inside an element, spaces collapsed."""
    return _clean("".join(element.itertext())) or ""


def _clean(value: object) -> str | None:
    """Clean a metadata or text value; None for empty."""
    if not isinstance(value, str):
        return None
    text = SPACES.sub(" ", clean_text(value)).strip()
    return text or None


def _date(value: object) -> date | None:
    """Parse trafilatura's YYYY-MM-DD date."""
    found = ISO_DATE.match(value) if isinstance(value, str) else None
    if not found:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _language(data: bytes) -> str:
    """The page's declared language (<html lang>), "en" when it declares none."""
    found = HTML_LANG.search(data[:20_000])
    return found[1].decode("ascii").lower() if found else "en"
