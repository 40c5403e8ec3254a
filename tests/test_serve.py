"""The dev server: only the output folder, the site's 404 page, base paths, live-reload events."""

import http.client
import threading

import pytest

from newsroom.serve import RELOAD_PATH, Reloader, make_server


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
    reloader = Reloader()
    server = make_server(root, "127.0.0.1", 0, "/news/", reloader)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], reloader
    server.shutdown()
    server.server_close()


def _get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read().decode()


def test_pages_are_served_under_the_base_path_with_the_reload_script(served):
    port, _ = served
    status, body = _get(port, "/news/articles/a/")
    assert status == 200 and "article a" in body and RELOAD_PATH in body
    assert _get(port, "/news/style.css") == (200, "body{}")


@pytest.mark.parametrize("path", [
    "/news/../secret.txt", "/news/%2e%2e/secret.txt", "/news/%2E%2E%2Fsecret.txt", "/news/link",
    "/news/articles/../../secret.txt", "/secret.txt", "/news/missing/",
])
def test_nothing_outside_the_folder_and_missing_pages_get_the_404_page(served, path):
    port, _ = served
    status, body = _get(port, path)
    assert status == 404
    assert "custom not found" in body and "private" not in body


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
