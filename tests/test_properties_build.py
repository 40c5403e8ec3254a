"""Property: whatever the records and raw dumps hold, a build writes only inside its output folder.

Allowed besides the output folder (public/): the build cache (.cache/), the lock file beside the
output (.public.lock), and new records (articles/<slug>.md) made from raw dumps. Everything else in
the whole temporary folder, including the folder above the site, must stay byte-identical.
"""

from __future__ import annotations

import re
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import tree, write_config

from newsroom.config import load_settings
from newsroom.errors import BuildFailed, UserError
from newsroom.pipeline import BuildOptions, build_site

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# Text that looks like a path or a slug: what could lead a file out of its folder.
SLUGGISH = st.one_of(
    TEXT,
    st.sampled_from(["../../etc/x", "..", ".", "/etc/passwd", "a/../../b", "%2e%2e/x", "con", "-", "a--b"]),
    st.text(string.ascii_lowercase + string.digits + "-./_ ", min_size=1, max_size=20),
)
FILE_STEM = st.text(string.ascii_lowercase + string.digits + "-._ ", min_size=1, max_size=20).filter(
    lambda s: s not in (".", "..") and not s.startswith("."))
RECORD = st.fixed_dictionaries(
    {"title": SLUGGISH, "story": SLUGGISH, "source": SLUGGISH, "tags": st.lists(SLUGGISH, max_size=3)},
    optional={"summary": TEXT, "source_url": SLUGGISH, "author": TEXT},
)
ALLOWED = re.compile(r"^site/(public/.*|\.cache/.*|\.public\.lock|articles/[a-z0-9]+(-[a-z0-9]+)*\.md)$")


def write_site(folder: Path, records: list[tuple[str, dict, str]], dumps: list[str]) -> None:
    folder.mkdir()
    write_config(folder, title="Property")
    articles = folder / "articles"
    (articles / "raw").mkdir(parents=True)
    for stem, meta, body in records:
        front = yaml.safe_dump(meta, allow_unicode=True)
        (articles / f"{stem}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    for number, text in enumerate(dumps):
        (articles / "raw" / f"{number}.txt").write_text(text, encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(st.tuples(FILE_STEM, RECORD, TEXT), max_size=3, unique_by=lambda r: r[0]),
       dumps=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300), max_size=2))
def test_a_build_writes_only_inside_its_output_folder(records, dumps):
    with tempfile.TemporaryDirectory() as temporary:
        top = Path(temporary)
        (top / "beside.txt").write_text("a file next to the site")
        site = top / "site"
        write_site(site, records, dumps)
        before = tree(top)
        try:
            build_site(load_settings(site / "config.yaml"), BuildOptions(search=False))
        except (BuildFailed, UserError):
            pass  # a user error is a fine outcome; writing elsewhere is not
        after = tree(top)
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        assert not {name for name in changed if not ALLOWED.match(name)}
        assert not {name for name in changed & before.keys() if name.startswith("site/articles/")}
        assert not list(site.glob(".public.*tmp*")) and not (site / "public.previous").exists()
        links = [p for p in site.rglob("*") if p.is_symlink()]
        assert not links, f"a build made symlinks: {links}"
