"""Write one set of synthetic articles as three sites: newsroom records, a Pelican site and a Hugo site."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import yaml
from corpus_text import Article

SITE_TITLE = "Bench News"
SITE_DESCRIPTION = "Two years of synthetic news, for timing site generators."
BASE_URL = "https://example.org/"
PER_PAGE = 10  # stories per index page, articles per tag or source page: as the peers paginate
FEED_ITEMS = 20  # newsroom's default feed length
HUGO_LAYOUTS = Path(__file__).parent / "hugo_layouts"

PELICAN_CONF = f'''"""Pelican settings for the benchmark corpus: pages, tags, sources and feeds."""

SITENAME = {SITE_TITLE!r}
SITEURL = {BASE_URL.rstrip("/")!r}
AUTHOR = {SITE_TITLE!r}
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {PER_PAGE}
RELATIVE_URLS = False
# Pretty URLs as newsroom and Hugo write them; a source is a category.
ARTICLE_URL = "articles/{{slug}}/"
ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "sources/{{slug}}/"
CATEGORY_SAVE_AS = "sources/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "sources/index.html"
# Neither newsroom nor the Hugo site has author pages.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
# A news site's feeds: the whole site, and each source and tag (as Hugo writes by default).
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "atom.xml"
FEED_ALL_RSS = "rss.xml"
CATEGORY_FEED_ATOM = "sources/{{slug}}/atom.xml"
TAG_FEED_ATOM = "tags/{{slug}}/atom.xml"
FEED_MAX_ITEMS = {FEED_ITEMS}
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
# Every timed build is a cold one.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''

HUGO_CONF = f'''baseURL = "{BASE_URL}"
locale = "en"
title = "{SITE_TITLE}"
# The articles' section list would be a second paginated index the other sites do not have.
disableKinds = ["section"]

[params]
description = "{SITE_DESCRIPTION}"

[pagination]
pagerSize = {PER_PAGE}

[taxonomies]
tag = "tags"
source = "sources"

[services.rss]
limit = {FEED_ITEMS}
'''


def dump_front_matter(meta: dict) -> str:
    """Return YAML front matter between '---' lines, keys in the given order."""
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + "---\n"


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Write text files (relative path -> text) under folder, as UTF-8 with LF line ends."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")


def newsroom_record(article: Article) -> str:
    """Return the newsroom record file (articles/<slug>.md) of an article."""
    meta = {
        "title": article.title, "title_derived": False, "dek": article.dek, "summary": article.summary,
        "source": article.source, "source_url": None, "author": article.author,
        "published": article.published, "language": "en", "tags": list(article.tags),
        "raw": None, "raw_sha256": None,
    }
    return dump_front_matter(meta) + article.body + "\n"


def newsroom_config(templates: Path, engine: str = "python-markdown", articles_dir: str = "articles") -> str:
    """Return a newsroom config.yaml for the corpus, using the given templates folder and engine."""
    settings = {
        "title": SITE_TITLE, "description": SITE_DESCRIPTION, "base_url": BASE_URL, "language": "en",
        "per_page": PER_PAGE, "articles_per_page": PER_PAGE, "feed_items": FEED_ITEMS,
        "markdown_engine": engine, "templates_dir": str(templates), "articles_dir": articles_dir,
    }
    return yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)


def write_newsroom(articles: Sequence[Article], folder: Path, templates: Path) -> None:
    """Write a newsroom site folder: config.yaml and articles/<slug>.md."""
    files = {"config.yaml": newsroom_config(templates)}
    files.update({f"articles/{a.slug}.md": newsroom_record(a) for a in articles})
    write_files(folder, files)


def pelican_article(article: Article) -> str:
    """Return the Pelican Markdown file of an article (metadata lines, a blank line, the body)."""
    lines = [
        f"Title: {article.title}",
        f"Date: {article.published.isoformat()}",
        f"Slug: {article.slug}",
        f"Tags: {', '.join(article.tags)}",
        f"Category: {article.source}",
    ]
    if article.author:
        lines.append(f"Author: {article.author}")
    lines.append(f"Summary: {article.summary}")
    return "\n".join(lines) + "\n\n" + article.body + "\n"


def write_pelican(articles: Sequence[Article], folder: Path) -> None:
    """Write a Pelican site folder: pelicanconf.py and content/<slug>.md (default theme)."""
    files = {"pelicanconf.py": PELICAN_CONF}
    files.update({f"content/{a.slug}.md": pelican_article(a) for a in articles})
    write_files(folder, files)


def hugo_article(article: Article) -> str:
    """Return the Hugo content file of an article (YAML front matter, then the body)."""
    meta = {
        "title": article.title, "date": article.published, "slug": article.slug, "tags": list(article.tags),
        "sources": [article.source], "summary": article.summary,
    }
    if article.author:
        meta["author"] = article.author
    if article.dek:
        meta["dek"] = article.dek
    return dump_front_matter(meta) + article.body + "\n"


def write_hugo(articles: Sequence[Article], folder: Path) -> None:
    """Write a Hugo site folder: hugo.toml, the layouts of bench/hugo_layouts and content/articles/."""
    files = {"hugo.toml": HUGO_CONF}
    files.update({f"content/articles/{a.slug}.md": hugo_article(a) for a in articles})
    write_files(folder, files)
    shutil.copytree(HUGO_LAYOUTS, folder / "layouts")
