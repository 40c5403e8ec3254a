"""A real browser (Debian's chromium) on the site as `build.py serve` serves it on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Playwright already runs headless, without a sandbox (root) and with a fresh profile;
# these keep chromium from reaching for a GPU or the network on its own.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
RELOAD_PATH = "/__livereload"
SERVE_TIMEOUT = 120  # seconds for the first build of a served copy
INDEXED = "search index updated"  # what `serve` prints once an index made after a build is in place


@dataclass
class Server:
    """`build.py serve` running on a copy of the demo project."""

    project: Path
    url: str  # http://127.0.0.1:PORT/ and the base path
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)  # everything it printed so far
    printed: threading.Condition = field(default_factory=threading.Condition)

    def wait_for_line(self, text: str, timeout: float = SERVE_TIMEOUT, after: int = 0) -> str:
        """Wait until the server prints a line containing text (from line number `after` on); return it."""
        def found() -> int | None:
            return next((i for i, line in enumerate(self.lines) if i >= after and text in line), None)

        with self.printed:
            done = self.printed.wait_for(lambda: found() is not None or self.process.poll() is not None,
                                         timeout)
            index = found()
        output = "\n".join(self.lines)
        assert done and index is not None, f"`build.py serve` did not print {text!r}; it printed:\n{output}"
        return self.lines[index]

    def wait_for_index(self, after: int = 0) -> int:
        """Wait until the server says a search index (made after line number `after`) is in place;
        return the number of that line."""
        line = self.wait_for_line(INDEXED, after=after)
        return self.lines.index(line, after)

    def read_output(self) -> None:
        """Collect the server's output lines as they come (runs in a thread until the server exits)."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.printed:
                self.lines.append(line.rstrip("\n"))
                self.printed.notify_all()
        with self.printed:
            self.printed.notify_all()


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_project(target: Path) -> Path:
    """Copy the demo project (config, records, raw files, templates) to target."""
    for name in ("articles", "templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    return target


@pytest.fixture(scope="session")
def start_server() -> Iterator:
    """A function that starts `build.py serve` in a project; every server is stopped at the end."""
    servers: list[Server] = []

    def start(project: Path, *options: str) -> Server:
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "build.py"), "serve", "--host", "127.0.0.1",
             "--port", str(port), *options],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        server = Server(project, "", process)
        servers.append(server)
        threading.Thread(target=server.read_output, daemon=True).start()
        line = server.wait_for_line(f"serving http://127.0.0.1:{port}/")
        server.url = line.split()[1]  # "serving URL (Ctrl+C to stop)": the URL carries the base path
        if "--no-search" not in options:
            server.wait_for_index()  # the index follows the pages, in the background
        return server

    yield start
    for server in servers:
        server.process.send_signal(signal.SIGINT)  # what Ctrl+C does
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
        if server.process.stdout is not None:
            server.process.stdout.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, start_server) -> Server:
    """The demo site, served by `build.py serve` for the whole session (tests must not change it)."""
    return start_server(copy_project(tmp_path_factory.mktemp("served")))


@pytest.fixture(scope="session")
def served_under_news(tmp_path_factory: pytest.TempPathFactory, start_server) -> Server:
    """The demo site with base_url https://example.org/news/, served by `build.py serve` under /news/."""
    project = copy_project(tmp_path_factory.mktemp("served-news"))
    return start_server(project, "--base-url", "https://example.org/news/")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, once per session."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, launched once per session (Playwright downloads no browser here)."""
    assert CHROMIUM.is_file(), f"no chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM=path)"
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Tab:
    """A browser page and every problem seen while it was open."""

    page: Page
    problems: list[str]


def watch(page: Page, problems: list[str]) -> None:
    """Record console errors and warnings, script errors, failed requests, requests that leave 127.0.0.1."""
    def console(message) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type} on {page.url}: {message.text}")

    def failed(request) -> None:
        # Leaving a page cuts its live-reload event stream: that is the stream ending, not a failure.
        if urlsplit(request.url).path == RELOAD_PATH and request.failure == "net::ERR_ABORTED":
            return
        problems.append(f"request failed: {request.url} ({request.failure})")

    def request(request) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1":
            problems.append(f"request leaves the machine: {request.url}")

    def response(response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: {error}"))
    page.on("requestfailed", failed)
    page.on("request", request)
    page.on("response", response)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    """A fresh browser context and page, 1280 px wide, watched for problems."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    watch(page, problems)
    yield Tab(page, problems)
    context.close()


@dataclass(frozen=True)
class KeyPages:
    """Site-relative URLs of one page of each kind in the served build."""

    story: str
    article: str
    tag: str
    source: str

    def all(self) -> dict[str, str]:
        """Every kind of page a reader meets, by name."""
        return {"index": "", "story": self.story, "article": self.article, "tag": self.tag,
                "source": self.source, "search": "search/", "404": "404.html"}


@pytest.fixture(scope="session")
def key_pages(served: Server) -> KeyPages:
    """The first story, its first article, that article's first tag and its source."""
    public = served.project / "public"

    def first(kind: str) -> str:
        folders = sorted(p.parent.name for p in (public / kind).glob("*/index.html"))
        assert folders, f"the served build has no {kind} pages"
        return f"{kind}/{folders[0]}/"

    return KeyPages(first("stories"), first("articles"), first("tags"), first("sources"))


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots go for people to look at (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def own_server(tmp_path: Path, start_server) -> Server:
    """`build.py serve` on a fresh copy of the demo project, for a test that changes the site."""
    return start_server(copy_project(tmp_path / "project"))
