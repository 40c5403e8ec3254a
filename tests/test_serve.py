"""The dev server: only the output folder, the site's 404 page, base paths, live-reload events."""

import argparse
import http.client
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from support import ROOT

from newsroom import parallel, search
from newsroom.cli import _parser
from newsroom.config import load_settings
from newsroom.output import mark_pending, pending
from newsroom.pipeline import BuildOptions
from newsroom.serve import RELOAD_PATH, BackgroundIndex, Reloader, _rebuild, make_server


@pytest.fixture
def served(tmp_path):
    """A server over a small site folder (with a secret file beside it) under /news/."""
    root = tmp_path / "public"
    (root / "articles" / "a").mkdir(parents=True)
    (root / "index.html").write_text("<html><body>home</body></html>")
    (root / "articles" / "a" / "index.html").write_text("<html><body>article a</body></html>")
    (root / "404.html").write_text("<html><body>custom not found</body></html>")
    (root / "style.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("private")
    (root / "link").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "index.html").write_text("<html><body>private folder</body></html>")
    (root / "folder-link").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "inside-link.css").symlink_to(root / "style.css")  # a link that stays inside is fine
    reloader = Reloader()
    server = make_server(root, "127.0.0.1", 0, "/news/", reloader)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], reloader
    server.shutdown()
    server.server_close()


def _get(port, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)  # the path exactly as given
    conn.endheaders()
    response = conn.getresponse()
    result = response.status, response.read().decode()
    conn.close()
    return result


def test_pages_are_served_under_the_base_path_with_the_reload_script(served):
    port, _ = served
    status, body = _get(port, "/news/articles/a/")
    assert status == 200 and "article a" in body and RELOAD_PATH in body
    assert _get(port, "/news/style.css") == (200, "body{}")


@pytest.mark.parametrize("path", [
    "/news/../secret.txt", "/news/%2e%2e/secret.txt", "/news/%2E%2E%2Fsecret.txt", "/news/link",
    "/news/articles/../../secret.txt", "/secret.txt", "/news/missing/",
    "/news/..%2fsecret.txt", "/news/%2e%2e%5csecret.txt", "/news/..\\secret.txt",
    "/news/articles/%2e%2e/%2e%2e/secret.txt", "/news/%252e%252e/secret.txt", "/news/secret.txt%00.html",
    "/news/folder-link/", "/news/folder-link/index.html",
    "//secret.txt", "/news//../secret.txt", "/news/./../secret.txt",
])
def test_nothing_outside_the_folder_and_missing_pages_get_the_404_page(served, path):
    port, _ = served
    status, body = _get(port, path)
    assert status == 404
    assert "custom not found" in body and "private" not in body
    assert _get(port, path, "HEAD") == (404, "")


def test_a_symlink_that_stays_inside_the_folder_is_served(served):
    port, _ = served
    assert _get(port, "/news/inside-link.css") == (200, "body{}")


def test_the_server_listens_on_loopback_unless_told_otherwise(tmp_path):
    args = _parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    server = make_server(tmp_path, args.host, 0, "/", Reloader())
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_a_rebuild_sends_a_reload_event(served):
    port, reloader = served
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", RELOAD_PATH)
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    threading.Timer(0.2, reloader.bump).start()
    assert response.fp.readline() == b"data: reload\n"


def test_many_concurrent_requests_all_succeed(served):
    port, _ = served
    results = []

    def fetch():
        results.append(_get(port, "/news/")[0])

    threads = [threading.Thread(target=fetch) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count(200) == 200


def _fake_pagefind(monkeypatch, script: str) -> None:
    """Make background index runs run `script` (given the bundle folder as argv[1]) instead of Pagefind."""
    def command(site, bundle):
        return [sys.executable, "-c", script, str(bundle)]

    monkeypatch.setattr(search, "_command", command)


def test_a_finished_background_index_is_put_in_place_and_said(tmp_path, monkeypatch, capsys):
    output = tmp_path / "public"
    output.mkdir()
    mark_pending(output)
    _fake_pagefind(monkeypatch, "import pathlib, sys; b = pathlib.Path(sys.argv[1]); b.mkdir(); "
                                "(b / 'pagefind-entry.json').write_text('{}')")
    index = BackgroundIndex(output, quiet=False)
    index.start(1000)
    deadline = time.monotonic() + 30
    while not index.running.done():
        assert time.monotonic() < deadline, "the index run did not end"
        time.sleep(0.05)
    index.poll()
    assert (output / "pagefind" / "pagefind-entry.json").read_text() == "{}" and pending(output) is None
    assert "search index updated in" in capsys.readouterr().out
    index.start(1000)  # nothing pending: no run
    assert index.running is None


def test_stopping_the_server_stops_the_index_run_and_leaves_it_pending(tmp_path, monkeypatch):
    output = tmp_path / "public"
    output.mkdir()
    mark_pending(output)
    _fake_pagefind(monkeypatch, "import time; time.sleep(60)")
    index = BackgroundIndex(output, quiet=True)
    index.start(1000)
    run = index.running
    (process, _), = run.runs.running.values()
    index.stop()
    assert process.returncode is not None and not run.folder.exists()
    assert pending(output) and not (output / "pagefind").exists()


def test_sigterm_stops_the_server_as_ctrl_c_does(site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--no-search", "--quiet"], cwd=site)
    try:
        deadline = time.monotonic() + 60
        while True:  # until it answers, so the signal comes while it serves
            try:
                assert _get(port, "/")[0] == 200
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0  # killed by the signal, it would be -15


def test_each_rebuild_hands_the_memory_it_freed_back_to_the_system(site, monkeypatch):
    """serve builds again and again in one process: without this its memory grew by about half a
    megabyte a rebuild at 1,000 articles (glibc keeps freed heap pages mapped)."""
    trims = []
    monkeypatch.setattr(parallel, "release_free_memory", lambda: trims.append(True))
    settings = load_settings(site / "config.yaml")
    options = BuildOptions(output=site / "public", search=False, progress=False)
    args = argparse.Namespace(quiet=True)
    assert _rebuild(args, settings, options)
    assert trims == [True]
    (site / "templates" / "base.html").write_text("{% if %}")  # a failed build trims too
    assert not _rebuild(args, settings, options)
    assert trims == [True, True]
