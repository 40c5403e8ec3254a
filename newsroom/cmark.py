"""GitHub-flavored Markdown -> HTML with cmark-gfm, through cmarkgfm, freeing what each call allocates.

cmarkgfm's github_flavored_markdown_to_html frees neither the document tree it parses nor the HTML it
renders (cmarkgfm issue #53), for as long as the process lives: a worker converting 5,000 articles of
the benchmark's corpus grew from 32 MB to 188 MB, and at 10,000 articles the end of the load stage was
a cold build's peak (456 MB, against 149 MB there now); a `serve` process grew with every edit.
cmark-gfm exports the functions that free both (cmark_node_free, and the allocator the renderer used);
cmarkgfm's bindings do not declare them, so they are called through ctypes on the same extension
module. Where that module cannot be opened so, cmarkgfm's own function is used: same HTML, and the leak.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

import cmarkgfm
from cmarkgfm.cmark import Options

GITHUB_EXTENSIONS = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")  # as cmarkgfm's


class _Allocator(ctypes.Structure):
    """cmark's cmark_mem: the functions that allocate and free a tree's memory and the rendered HTML."""

    _fields_ = [("calloc", ctypes.c_void_p), ("realloc", ctypes.c_void_p),
                ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p))]


def converter(options: int) -> Callable[[str], str]:
    """Return a function from GitHub-flavored Markdown to HTML, as cmarkgfm's
    github_flavored_markdown_to_html(text, options) renders it."""
    try:
        return _freeing_converter(options | Options.CMARK_OPT_GITHUB_PRE_LANG)
    except (ImportError, AttributeError, OSError):  # bindings laid out otherwise
        return lambda text: cmarkgfm.github_flavored_markdown_to_html(text, options)


def _freeing_converter(options: int) -> Callable[[str], str]:
    from cmarkgfm import _cmark  # the cffi module: its functions, and the library file they live in

    lib, ffi = _cmark.lib, _cmark.ffi
    native = ctypes.CDLL(_cmark.__file__)
    native.cmark_node_free.argtypes, native.cmark_node_free.restype = [ctypes.c_void_p], None
    native.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_Allocator)
    free_tree = native.cmark_node_free
    free = native.cmark_get_default_mem_allocator().contents.free  # the parser's, so the renderer's
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [lib.cmark_find_syntax_extension(name) for name in GITHUB_EXTENSIONS]
    if ffi.NULL in extensions:
        raise AttributeError("a GitHub extension is missing")

    def address(pointer: object) -> int:
        return int(ffi.cast("uintptr_t", pointer))

    def convert(text: str) -> str:
        data = text.encode()
        parser = lib.cmark_parser_new(options)
        try:
            for extension in extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)  # the caller's to free
            try:
                html = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    return ffi.string(html).decode()
                finally:
                    free(address(html))
            finally:
                free_tree(address(root))
        finally:
            lib.cmark_parser_free(parser)

    return convert
