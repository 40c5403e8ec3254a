"""Raw .html pages go through trafilatura into the same record format."""

from datetime import date

import pytest

from newsroom.errors import UserError
from newsroom.ingest import explain, normalize

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Council approves parks budget | Springfield Daily</title>
<meta property="og:site_name" content="Springfield Daily">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-06-19T10:00:00Z">
<link rel="canonical" href="https://daily.example/parks-budget">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Council approves parks budget</h1>
<p>The city council voted on Tuesday to approve a new budget that doubles spending on public parks,
the largest increase in twenty years.</p>
<h2>Where the money goes</h2>
<p>Council members said the money would go to new playgrounds, repaired paths and more trees in the
poorest districts of the city, with work starting in spring.</p>
<ul><li>New playgrounds in six districts</li><li>Repaired paths along the river</li></ul>
<p>The mayor welcomed the decision and said the first projects would use 5*3 &lt;local&gt; firms.</p>
</article>
<footer><p>Subscribe to our newsletter</p><p>© 2024 Springfield Daily</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def result():
    return normalize(PAGE.encode("utf-8"), "raw/parks.html")


def test_metadata_comes_from_the_page(result):
    meta = result.meta
    assert meta["title"] == "Council approves parks budget" and meta["title_derived"] is False
    assert meta["source"] == "Springfield Daily"
    assert meta["author"] == "Jane Doe"
    assert meta["published"] == date(2024, 6, 19)
    assert meta["source_url"] == "https://daily.example/parks-budget"
    assert meta["language"] == "en"
    assert meta["raw"] == "raw/parks.html"


def test_the_body_is_the_main_text_as_markdown(result):
    body = result.body
    assert body.startswith("The city council voted on Tuesday")
    assert "## Where the money goes" in body
    assert "- New playgrounds in six districts\n- Repaired paths along the river" in body
    assert "5\\*3 &lt;local> firms" in body
    assert "Sport" not in body and "newsletter" not in body and "©" not in body
    assert "# Council approves parks budget" not in body


def test_explain_lists_the_extracted_blocks():
    rows = explain(PAGE.encode(), "raw/parks.html")
    assert any("heading" in row and "Where the money goes" in row for row in rows)


@pytest.mark.parametrize("data", [b"", b"<html><body></body></html>", b"\x00\x01\x02\xff" * 100,
                                  b"<html><body><nav>Home</nav></body></html>"])
def test_a_page_without_article_text_is_a_user_error(data):
    with pytest.raises(UserError) as caught:
        normalize(data, "raw/empty.html")
    assert str(caught.value).startswith("raw/empty.html: ")
