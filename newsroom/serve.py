"""Local server: serves only the output folder, rebuilds on changes and reloads open pages (live reload)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from dataclasses import replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsroom.cache import Store
from newsroom.config import Settings
from newsroom.errors import BuildFailed, UserError

RELOAD_PATH = "/__livereload"
POLL_MS = 250  # how often the watcher looks for a finished search index when no file changes
# Reload when the server says the site changed; EventSource reconnects by itself after a restart.
RELOAD_SCRIPT = (
    f'<script>new EventSource("{RELOAD_PATH}").onmessage = function () {{ location.reload(); }};</script>'
).encode()


class Reloader:
    """Counts successful builds and wakes every waiting browser when the count changes."""

    def __init__(self) -> None:
        self.version = 0
        self.changed = threading.Condition()

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files of one folder under the site's base path; never anything outside it."""

    def __init__(self, *args, root: Path, base_path: str, reloader: Reloader, **kwargs):
        self.root = root
        self.base_path = base_path
        self.reloader = reloader
        super().__init__(*args, directory=str(root), **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
        pass  # a request log would bury build messages

    def do_GET(self) -> None:  # noqa: N802 - the base class names it so
        if urlsplit(self.path).path == RELOAD_PATH:
            return self._events()
        target = self._resolve()
        if target is None:
            return self._not_found()
        if target.suffix == ".html":
            return self._send_html(target)
        self.path = "/" + target.relative_to(self.root).as_posix()
        return super().do_GET()

    do_HEAD = do_GET  # noqa: N815

    def _resolve(self) -> Path | None:
        """The file a request names, or None when it is missing or outside the output folder."""
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.base_path):
            return None
        relative = path[len(self.base_path):]
        if "\\" in relative or "\0" in relative or ".." in relative.split("/"):
            return None
        target = (self.root / relative).resolve()
        root = self.root.resolve()
        if not target.is_relative_to(root):
            return None  # a symlink or path that leads out of the site
        if target.is_dir():
            if not path.endswith("/"):
                return None
            target = target / "index.html"
        return target if target.is_file() else None

    def _send_html(self, target: Path, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self) -> None:
        page = self.root / "404.html"
        if page.is_file():
            return self._send_html(page, HTTPStatus.NOT_FOUND)
        self.send_error(HTTPStatus.NOT_FOUND)

    def _events(self) -> None:
        """Server-sent events: one message after each successful rebuild."""
        # Read the build count before answering: a rebuild that ends once the browser knows it is
        # connected must reach it.
        seen = self.reloader.version
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        try:
            while True:
                version = self.reloader.wait(seen, timeout=15)
                message = b"data: reload\n\n" if version != seen else b": keep-alive\n\n"
                seen = version
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class BackgroundIndex:
    """The served site's search index, brought up to date in the background after each build that left
    it pending: an edited page reloads once it is built, not once its part of the index is made again
    (at 10,000 articles, 2 to 3 seconds)."""

    def __init__(self, output: Path, quiet: bool, marks: Store | None = None):
        self.output, self.quiet = output, quiet
        self.marks = marks  # which pages the index reads, kept from one run to the next (search_parts.Marks)
        self.running = None  # the Indexing under way
        self._lock = threading.Lock()  # the watcher starts and finishes runs; Ctrl+C stops them

    def start(self, part_pages: int) -> None:
        """Index again if the index is pending, in parts of `part_pages` pages (the site's setting)."""
        from newsroom.output import pending
        from newsroom.search import Indexing

        with self._lock:
            self._stop()
            if pending(self.output) is not None:
                try:
                    self.running = Indexing(self.output, part_pages, self.marks)
                except UserError as error:
                    print(error, file=sys.stderr, flush=True)

    def poll(self) -> None:
        """Put the new index in place once Pagefind is done."""
        with self._lock:
            if self.running is None or not self.running.done():
                return
            running, self.running = self.running, None
            try:
                if running.finish() and not self.quiet:
                    print(f"search index updated in {time.monotonic() - running.started:.2f} s", flush=True)
            except UserError as error:
                print(error, file=sys.stderr, flush=True)

    def stop(self) -> None:
        """Stop the run under way: the pages it reads are about to change, or the server is closing."""
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.running = None


class SiteServer(ThreadingHTTPServer):
    """One thread per request; a deep listen queue so bursts of requests are not refused."""

    daemon_threads = True
    request_queue_size = 256


def make_server(root: Path, host: str, port: int, base_path: str, reloader: Reloader) -> SiteServer:
    """A threaded HTTP server over the output folder."""
    handler = partial(SiteHandler, root=root, base_path=base_path, reloader=reloader)
    return SiteServer((host, port), handler)


def serve(args: argparse.Namespace) -> int:
    """Build, serve, and rebuild on every change of records, templates or config."""
    from newsroom.cache import remember_stores
    from newsroom.cli import load_site_settings
    from newsroom.pipeline import CACHE, SEARCH_MARKS, BuildOptions, output_store

    signal.signal(signal.SIGTERM, _interrupt)  # a process manager's stop ends the server as Ctrl+C does
    remember_stores()  # rebuilds take the cache from memory, not from its files
    settings = load_site_settings(args)
    base_path = urlsplit(settings.base_url).path or "/"
    local = replace(settings, base_url=f"http://{_host_for_url(args.host)}:{args.port}{base_path}")
    options = BuildOptions(output=args.output, drafts=args.drafts, search=args.search, index_later=True,
                           progress=not args.quiet)
    output = (options.output or local.path("output_dir")).resolve()
    index = BackgroundIndex(output, args.quiet, output_store(local.root / CACHE, output, SEARCH_MARKS))
    try:
        if not _rebuild(args, local, options):
            output.mkdir(parents=True, exist_ok=True)
        index.start(local.search_part_pages)
        _serve_until_stopped(args, local, options, output, index)
    finally:
        index.stop()  # Pagefind must not outlive the server
    return 0


def _serve_until_stopped(args: argparse.Namespace, settings: Settings, options, output: Path,
                         index: BackgroundIndex) -> None:
    """Serve the output folder, and rebuild in a thread of its own, until Ctrl+C."""
    reloader = Reloader()
    base_path = urlsplit(settings.base_url).path
    server = make_server(output, args.host, args.port, base_path, reloader)
    print(f"serving {settings.base_url} (Ctrl+C to stop)", flush=True)
    watcher = threading.Thread(target=_watch, args=(args, settings, options, reloader, index), daemon=True)
    watcher.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _host_for_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _watch(args: argparse.Namespace, settings: Settings, options, reloader: Reloader,
           index: BackgroundIndex) -> None:
    """Rebuild after each batch of changes, then index again; a failed build keeps the last good site."""
    from watchfiles import watch

    config = args.config.resolve()
    paths = [p for p in (settings.path("articles_dir"), settings.path("templates_dir"), config) if p.exists()]
    for changes in watch(*paths, debounce=200, step=50, rust_timeout=POLL_MS, yield_on_timeout=True):
        if not changes:
            index.poll()
            continue
        current = settings
        try:
            from newsroom.cli import load_site_settings

            fresh = load_site_settings(args)
            current = replace(fresh, base_url=settings.base_url)
        except (BuildFailed, UserError) as error:
            _print_errors(error)
            continue
        index.stop()
        if _rebuild(args, current, options):
            reloader.bump()
        index.start(current.search_part_pages)


def _rebuild(args: argparse.Namespace, settings: Settings, options) -> bool:
    """Build once; print the summary or the errors; True when the site was written."""
    from newsroom.parallel import release_free_memory
    from newsroom.pipeline import build_site

    try:
        result = build_site(settings, options)
    except (BuildFailed, UserError) as error:
        _print_errors(error)
        return False
    finally:
        release_free_memory()  # the server lives on: what the build freed goes back to the system
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        print(f"built {result.articles} articles, {result.pages} pages in {result.seconds:.2f} s", flush=True)
    return True


def _print_errors(error: BuildFailed | UserError) -> None:
    errors = error.errors if isinstance(error, BuildFailed) else [error]
    for item in errors:
        print(item, file=sys.stderr)
    print("build failed; still serving the last good site", file=sys.stderr, flush=True)
