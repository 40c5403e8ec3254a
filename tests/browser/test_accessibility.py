"""axe-core in chromium on every kind of page, light and dark, with every axe rule on: zero violations."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KINDS = ["index", "story", "article", "tag", "source", "search", "404"]
# Every rule axe has, not only its defaults: WCAG A to AAA, best practices and the experimental ones.
RUN_EVERY_RULE = """() => axe.run(document, {
  resultTypes: ["violations"],
  rules: Object.fromEntries(axe.getRules().map(rule => [rule.ruleId, {enabled: true}])),
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(browser, served, key_pages, kind, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        if kind == "404":
            response = page.goto(served.url + "no-such-page/")
            assert response is not None and response.status == 404
        else:
            page.goto(served.url + key_pages.all()[kind])
        if kind == "search":  # check the results and filters as a reader sees them, not an empty box
            page.locator("pagefind-input input").fill("Korea")
            summary = page.locator(".pf-summary")
            expect(summary).to_have_text(re.compile(r"\d+ results? for Korea"), timeout=10_000)
        page.evaluate(Axe().axe_script)
        results = AxeResults(page.evaluate(RUN_EVERY_RULE))
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
