"""Slugs, base_url joins and relative links between pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from slugify import slugify


@lru_cache(maxsize=4096)  # pages ask for the same few source names' slugs thousands of times
def make_slug(text: str, max_length: int = 80) -> str:
    """Slug for a title, tag or source name: lower-case ASCII words joined by hyphens."""
    return slugify(text, max_length=max_length, word_boundary=True) or "untitled"


@dataclass(frozen=True)
class Linker:
    """Turns a site-relative URL ("articles/x/", "atom.xml", "" for home) into an href."""

    base_url: str  # absolute, ends with "/"
    relative: bool = False  # links relative to the current page, ending in index.html

    @cached_property  # read for every link of every page
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/news/"."""
        return urlsplit(self.base_url).path or "/"

    def absolute(self, url: str) -> str:
        """Full URL, for feeds, sitemaps, canonical links and social cards."""
        return self.base_url + url.lstrip("/")

    def href(self, url: str, current: str) -> str:
        """Link from the page at `current` to `url`, both site-relative."""
        url = url.lstrip("/")
        if not self.relative:
            return self.base_path + url
        target = _as_file(url)
        here = posixpath.dirname(_as_file(current))
        path, _, fragment = target.partition("#")
        link = posixpath.relpath(path, here or ".")
        return f"{link}#{fragment}" if fragment else link


def _as_file(url: str) -> str:
    """The file a site-relative URL is served from: folders end in index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url
