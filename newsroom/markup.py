"""Body Markdown -> sanitized HTML, with Python-Markdown (default) or cmark-gfm (optional, fast)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

from newsroom.brackets import LinearBrackets
from newsroom.errors import UserError

# What an article body may contain once rendered: text structure, links, images, tables, code.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
# The classes themselves, not their names: names are looked up among every installed package's entry
# points, which took 0.05 s of each process that renders Markdown (a rebuild after one edit is 2 s).
PYTHON_MARKDOWN_EXTENSIONS = (TableExtension, FencedCodeExtension, SaneListExtension, DefListExtension,
                              AbbrExtension, LinearBrackets)


def sanitize(html: str) -> str:
    """Keep only safe tags, attributes and URL schemes; links to other sites get rel=noopener."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # nh3 adds rel even to a link whose unsafe href it removed; rel without href is invalid HTML.
    return clean.replace(f'<a rel="{LINK_REL}">', "<a>")


def _python_markdown() -> Callable[[str], str]:
    def new_engine() -> markdown.Markdown:
        extensions = [make() for make in PYTHON_MARKDOWN_EXTENSIONS]
        return markdown.Markdown(extensions=extensions, output_format="html")

    engine = new_engine()

    def convert(text: str) -> str:
        nonlocal engine
        try:
            return engine.reset().convert(text)
        except BaseException:
            # A failed conversion (RecursionError on deep nesting) leaves the block parser's state
            # behind, and reset() keeps it: the next body would lose its last paragraph's <p>.
            engine = new_engine()
            raise

    return convert


def _cmark() -> Callable[[str], str]:
    try:
        from cmarkgfm.cmark import Options

        from newsroom.cmark import converter
    except ImportError:
        raise UserError("markdown_engine 'cmark' needs the cmarkgfm package",
                        hint="install it with: pip install 'newsroom[fast]'") from None
    return converter(Options.CMARK_OPT_UNSAFE)  # raw HTML passes on to the sanitizer, as with Python-Markdown


@cache
def converter(engine: str) -> Callable[[str], str]:
    """Return a function that renders Markdown to sanitized HTML with the named engine."""
    render = _cmark() if engine == "cmark" else _python_markdown()

    def to_html(text: str) -> str:
        return sanitize(render(text))

    return to_html


def render_markdown(text: str, engine: str = "python-markdown") -> str:
    """Render one Markdown body to sanitized HTML."""
    return converter(engine)(text)
