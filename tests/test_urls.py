"""Links under a base path, absolute URLs and relative links that work from disk."""

from newsroom.urls import Linker, make_slug


def test_links_carry_the_base_path():
    linker = Linker("https://example.org/news/")
    assert linker.href("articles/a/", "tags/") == "/news/articles/a/"
    assert linker.href("", "articles/a/") == "/news/"
    assert linker.absolute("atom.xml") == "https://example.org/news/atom.xml"


def test_relative_links_end_in_index_html():
    linker = Linker("https://example.org/", relative=True)
    assert linker.href("articles/a/", "articles/b/") == "../a/index.html"
    assert linker.href("", "articles/b/") == "../../index.html"
    assert linker.href("style.css", "") == "style.css"
    assert linker.href("tags/x/", "404.html") == "tags/x/index.html"


def test_slugs_are_ascii_and_bounded():
    assert make_slug("Kim Jong-un’s visit: Россия") == "kim-jong-uns-visit-rossiia"
    assert len(make_slug("word " * 50)) <= 80
    assert make_slug("!!!") == "untitled"
