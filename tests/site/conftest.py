"""Sites built once per session for the checks in this folder: at /, under /news/, and with relative URLs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import lxml.html
import pytest
import yaml

from newsroom.model import Record
from newsroom.records import dump_record, read_record

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://example.org/"
NEWS = "https://example.org/news/"
ARTICLES_PER_PAGE = 2  # for the builds whose tag and source pages are split over pages

# A record whose every field carries markup and entities, as web text can: pages, feeds and
# JSON-LD must show it as text, never as markup.
HOSTILE_SLUG = "fish-and-chips-escaping"
HOSTILE = {
    "title": 'Fish & chips: "<b>not bold</b>" costs < 5 & > 2 </title><script>alert(1)</script>',
    "summary": "Prices & <i>portions</i> at the seaside </script> stall.",
    "source": "Harbour & <Bay> Gazette",
    "source_url": "https://example.com/fish?a=1&b=2",
    "author": "Ann O'Neil & \"Co\"",
    "published": date(2024, 6, 21),
    "language": "en",
    "tags": ["fish & chips", "seaside"],
}
HOSTILE_BODY = """The harbour stall sells fish & chips for less than <5 pounds.

<script>alert("body")</script><span onclick="alert(2)">tap</span>

A second paragraph about the seaside & its gulls, with a [link](javascript:alert(3))."""


@dataclass
class BuiltSite:
    """One built variant of the demo site, with the ways tests look into it."""

    name: str
    project: Path  # the copied project (config.yaml, articles/, templates/)
    folder: Path  # the output folder
    base_url: str  # absolute URL the site was built for, ending in "/"
    docroot: Path  # the folder a web server would serve as "/" (the output's parent for /news/)
    relative: bool = False
    _documents: dict[Path, lxml.html.HtmlElement] = field(default_factory=dict, repr=False)

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/news/"."""
        return "/" + self.base_url.split("/", 3)[3]

    @cached_property
    def pages(self) -> list[Path]:
        """Every HTML page of the build (the search bundle's own files excluded)."""
        pages = self.folder.rglob("*.html")
        return sorted(p for p in pages if "pagefind" not in p.relative_to(self.folder).parts)

    @cached_property
    def records(self) -> dict[str, Record]:
        """The records the site was built from, by slug."""
        return {p.stem: read_record(p) for p in sorted((self.project / "articles").glob("*.md"))}

    def page_url(self, page: Path) -> str:
        """The absolute URL a page of the build is published at (folders for index.html)."""
        relative = page.relative_to(self.folder).as_posix()
        return self.base_url + relative.removesuffix("index.html")

    def file_for(self, url: str) -> Path | None:
        """The file of the build an absolute URL names; None when the URL is not under base_url."""
        if not url.startswith(self.base_url):
            return None
        relative = url[len(self.base_url):].split("#")[0].split("?")[0]
        target = self.folder / relative
        return target / "index.html" if relative == "" or relative.endswith("/") else target

    def document(self, page: Path) -> lxml.html.HtmlElement:
        """The parsed HTML of a page (parsed once)."""
        if page not in self._documents:
            self._documents[page] = lxml.html.fromstring(page.read_bytes())
        return self._documents[page]

    def page(self, relative: str) -> Path:
        """The file of a site-relative page URL such as "tags/" or "404.html"."""
        folder = relative == "" or relative.endswith("/")
        return self.folder / (relative + "index.html" if folder else relative)


def copy_project(target: Path, hostile: bool = False, **settings) -> Path:
    """Copy the demo project (config, records, raw files, templates) to target, changing settings."""
    for name in ("articles", "templates"):
        shutil.copytree(ROOT / name, target / name)
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")) or {}
    config.update(settings)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (target / "config.yaml").write_text(text, encoding="utf-8")
    if hostile:
        record = target / "articles" / f"{HOSTILE_SLUG}.md"
        record.write_text(dump_record(HOSTILE, HOSTILE_BODY), encoding="utf-8")
    return target


def build(project: Path, *args: str) -> None:
    """Run `build.py build` in a project as a user would; fail the test with its output when it fails."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", *args], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def site_at_root(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo site (plus one record full of markup) built for https://example.org/."""
    project = copy_project(tmp_path_factory.mktemp("root"), hostile=True)
    build(project, "--base-url", BASE, "--output", "public")
    folder = project / "public"
    return BuiltSite("root", project, folder, BASE, folder)


@pytest.fixture(scope="session")
def site_under_news(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo site built for https://example.org/news/, written where a server would serve /news/,
    with ARTICLES_PER_PAGE articles per tag or source page, so that its longer listings take pages."""
    project = copy_project(tmp_path_factory.mktemp("news"), articles_per_page=ARTICLES_PER_PAGE)
    build(project, "--base-url", NEWS, "--output", "docroot/news")
    return BuiltSite("news", project, project / "docroot" / "news", NEWS, project / "docroot")


@pytest.fixture(scope="session")
def site_relative(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo site built with relative_urls: true, to be opened from disk (its listings take pages, too)."""
    project = copy_project(tmp_path_factory.mktemp("relative"), relative_urls=True,
                           articles_per_page=ARTICLES_PER_PAGE)
    build(project, "--base-url", BASE, "--output", "public")
    folder = project / "public"
    return BuiltSite("relative", project, folder, BASE, folder, relative=True)


@pytest.fixture(scope="session", params=["root", "news", "relative"])
def any_site(request: pytest.FixtureRequest) -> BuiltSite:
    """Each built variant in turn."""
    return request.getfixturevalue({"root": "site_at_root", "news": "site_under_news",
                                    "relative": "site_relative"}[request.param])


@dataclass(frozen=True)
class Hostile:
    """The record full of markup that the site at / is built with."""

    slug: str
    meta: dict
    body: str


@pytest.fixture(scope="session")
def hostile() -> Hostile:
    """What the markup-laden record of site_at_root says."""
    return Hostile(HOSTILE_SLUG, HOSTILE, HOSTILE_BODY)
