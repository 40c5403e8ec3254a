"""Live reload: a page open on `build.py serve` shows an edited record's new title by itself."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from newsroom.records import dump_record, split_record

pytestmark = pytest.mark.browser


def test_editing_a_record_title_updates_the_open_page_within_5_seconds(browser, own_server):
    record = sorted((own_server.project / "articles").glob("*.md"))[0]
    context = browser.new_context()
    page = context.new_page()
    try:
        # Wait for the page's live-reload stream to be open, so the edit cannot come before it.
        with page.expect_response(lambda r: r.url.endswith("/__livereload") and r.ok):
            page.goto(own_server.url + f"articles/{record.stem}/")
        old = page.locator("h1").inner_text()
        page.evaluate("() => { window.notReloaded = true; }")
        parts = split_record(record.read_text(encoding="utf-8"), record)
        new = f"{old} (corrected)"
        record.write_text(dump_record({**parts.meta, "title": new}, parts.body), encoding="utf-8")
        edited = time.monotonic()
        expect(page.locator("h1")).to_have_text(new, timeout=5_000)
        print(f"new title shown {time.monotonic() - edited:.2f} s after the edit")
        assert page.evaluate("() => window.notReloaded") is None, "the page changed without reloading"
    finally:
        context.close()
