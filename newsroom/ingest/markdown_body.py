"""Body blocks (headings, paragraphs, list items, quotes) -> the record's Markdown body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsroom.ingest.escape import escape_heading, escape_line

HEADING, ITEM, PARAGRAPH, QUOTE = "heading", "item", "paragraph", "quote"


@dataclass(frozen=True)
class Block:
    """One piece of the body, as plain source text (not yet escaped)."""

    kind: str  # heading | item | paragraph | quote
    text: str
    number: int | None = None  # the source's number of a numbered list item


def render_body(blocks: Sequence[Block]) -> str:
    """Write blocks as Markdown: one blank line between blocks, list items of one list together."""
    parts: list[str] = []
    open_list: Block | None = None  # the last item of the list being written
    for block in blocks:
        text = " ".join(block.text.split())
        if not text:
            continue
        if block.kind != ITEM:
            parts.append(_render(block.kind, text))
            open_list = None
        elif open_list is not None and _continues(open_list, block):
            parts[-1] += "\n" + _item(block, text)
            open_list = block
        elif open_list is not None and open_list.number is not None and block.number is not None:
            # Markdown would renumber this item as the next of the open list: keep its number as text.
            parts.append(escape_line(f"{block.number}. {text}"))
            open_list = None
        else:
            parts.append(_item(block, text))
            open_list = block
    return "\n\n".join(parts) + ("\n" if parts else "")


def _continues(last: Block, block: Block) -> bool:
    """True when block belongs to the list whose last item is last: bullets after bullets, n+1 after n."""
    if last.number is None or block.number is None:
        return last.number is None and block.number is None
    return block.number == last.number + 1


def _item(block: Block, text: str) -> str:
    """A list item; numbered items keep the source's number."""
    marker = f"{block.number}. " if block.number is not None else "- "
    return marker + escape_line(text)


def _render(kind: str, text: str) -> str:
    """A heading, quote or paragraph."""
    if kind == HEADING:
        return "## " + escape_heading(text)
    if kind == QUOTE:
        return "> " + escape_line(text)
    return escape_line(text)
