"""The sitemap lists every page, only existing ones; robots.txt points at it; the 404 page works anywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_every_page_of_the_build_and_nothing_else(any_site):
    root = ET.parse(any_site.folder / "sitemap.xml").getroot()
    assert root.tag == SITEMAP + "urlset"
    locs = [url.findtext(SITEMAP + "loc") for url in root.findall(SITEMAP + "url")]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    missing = [loc for loc in locs if not (any_site.file_for(loc) and any_site.file_for(loc).is_file())]
    assert not missing, f"sitemap URLs with no file under {any_site.base_url}:\n" + "\n".join(missing)
    pages = {any_site.page_url(p) for p in any_site.pages if p.name != "404.html"}
    assert set(locs) == pages


def test_robots_txt_points_at_the_sitemap(any_site):
    lines = (any_site.folder / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {any_site.base_url}sitemap.xml" in lines


@pytest.mark.parametrize("name", ["site_at_root", "site_under_news"])
def test_the_404_page_links_work_at_any_depth(name, request):
    """Servers show 404.html at whatever URL was missing, so its links must not be relative to it."""
    site = request.getfixturevalue(name)
    page = site.folder / "404.html"
    document = site.document(page)
    assert document.findtext(".//h1").strip()
    targets = document.xpath("//a/@href | //link/@href | //script/@src | //img/@src")
    relative = [t for t in targets if not t.startswith((site.base_path, "#", "https://", "http://"))]
    assert not relative, "links in 404.html that break when shown at another URL:\n" + "\n".join(relative)
    assert site.base_path in document.xpath("//main//a/@href"), "no link to the home page"
