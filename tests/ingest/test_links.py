"""A page's source URL becomes a safe href at ingest: http(s) only, unsafe characters percent-encoded."""

import re

import pytest

from newsroom.ingest import normalize
from newsroom.ingest.links import safe_source_url

from .test_html import PAGE

# What an href may hold once encoded: no spaces, quotes or angle brackets, only valid % escapes.
VALID_HREF = re.compile(r"^https?://[a-z0-9.-]+(?::\d+)?/(?:[A-Za-z0-9/:@!$&()*+,;=._~?#-]|%[0-9A-F]{2})*$")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://daily.example/parks budget", "https://daily.example/parks%20budget"),
    ('https://daily.example/a"b<c>d', "https://daily.example/a%22b%3Cc%3Ed"),
    ("https://daily.example/it's?q=a b#x y", "https://daily.example/it%27s?q=a%20b#x%20y"),
    ("https://daily.example/100%", "https://daily.example/100%25"),
    ("https://daily.example/caf%C3%A9", "https://daily.example/caf%C3%A9"),
    ("https://daily.example/café", "https://daily.example/caf%C3%A9"),
    ("HTTPS://Daily.Example", "https://daily.example/"),
    ("https://user:secret@daily.example:8443/x", "https://daily.example:8443/x"),
    ("https://zürich.example/", "https://xn--zrich-kva.example/"),
    ("  https://daily.example/x  ", "https://daily.example/x"),
])
def test_unsafe_characters_are_percent_encoded(url, expected):
    assert safe_source_url(url) == expected
    assert VALID_HREF.match(expected)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,<b>x</b>", "/parks-budget", "daily.example/parks", "",
    "https://bad host.example/", "https://<script>/", "https://daily.example:99999/", "https://[::1/",
    None, 42,
])
def test_what_is_not_an_absolute_http_url_is_dropped(url):
    assert safe_source_url(url) is None


@pytest.mark.parametrize(("canonical", "expected"), [
    ("https://daily.example/parks budget &quot;2024&quot; &lt;new&gt;",
     "https://daily.example/parks%20budget%20%222024%22%20%3Cnew%3E"),
    ("javascript:alert(1)", None),
])
def test_an_html_page_with_an_unsafe_canonical_url_gives_a_safe_source_url(canonical, expected):
    page = PAGE.replace('href="https://daily.example/parks-budget"', f'href="{canonical}"')
    assert page != PAGE
    assert normalize(page.encode(), "raw/parks.html").meta["source_url"] == expected
