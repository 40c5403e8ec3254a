"""Incremental builds: after any change to records, templates, assets or config, a build that reuses
.cache/ and the previous output gives exactly the files a clean build gives, and rewrites only what
changed."""

from __future__ import annotations

import gc
import marshal
import os
import shutil
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from support import tree, write_record

from newsroom import cache, load, pages, parallel, pipeline, reads, survey
from newsroom.cache import PlainStore, ShardedStore
from newsroom.config import load_settings
from newsroom.errors import BuildFailed
from newsroom.model import Page, Story
from newsroom.pipeline import BuildOptions, build_site
from newsroom.reads import PageInputs
from newsroom.site import Catalog


def build(folder: Path) -> None:
    build_site(load_settings(folder / "config.yaml"), BuildOptions(search=False))


def clean_tree(site: Path, scratch: Path) -> dict[str, bytes]:
    """The output of a clean build of the site as it is now (a copy without .cache or public)."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns(".cache", "public"))
    build(scratch)
    return tree(scratch / "public")


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's inode and modification time: what tells a file was rewritten."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def records(site: Path) -> list[Path]:
    return sorted((site / "articles").glob("*.md"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = [
    ("a body edited", lambda s: append(records(s)[0], "\nA paragraph added by an editor.\n")),
    # One article per tag or source page from here on: each change below moves listings' page breaks.
    ("listings split over pages",
     lambda s: replace(s / "config.yaml", "articles_per_page: 20", "articles_per_page: 1")),
    ("a title edited", lambda s: replace(records(s)[1], "title: ", "title: Edited ")),
    ("a source named", lambda s: replace(records(s)[0], "source: null", "source: Named Wire")),
    ("a tag removed", lambda s: replace(records(s)[0], "- ukraine\n", "")),
    ("a record added", lambda s: write_record(
        s, "a-later-event", "Farmers gathered in Lyon for the harvest festival.\n\n## Prizes\n\n- Best pear",
        source="Farm Weekly", summary="A festival.", published=date(2025, 1, 2), tags=["farming"])),
    ("a record deleted", lambda s: records(s)[2].unlink()),
    ("the added record deleted", lambda s: (s / "articles" / "a-later-event.md").unlink()),
    ("the base template changed", lambda s: append(s / "templates" / "base.html", "<!-- edited -->\n")),
    ("a title edited after the layout changed",
     lambda s: replace(records(s)[0], "title: ", "title: Again ")),
    # The 404 page reads search_enabled: its blocks must not be reused once the layout sets it.
    ("the layout sets a name the pages read", lambda s: replace(
        s / "templates" / "base.html", "<!doctype html>", "{% set search_enabled = true %}<!doctype html>")),
    ("a page template changed", lambda s: replace(s / "templates" / "article.html", "<h1>", '<h1 id="t">')),
    ("the feed template changed", lambda s: append(s / "templates" / "atom.xml", "<!-- edited -->\n")),
    ("a macro changed", lambda s: replace(s / "templates" / "_macros.html", "<time", '<time class="t"')),
    ("a stylesheet changed", lambda s: append(s / "templates" / "static" / "style.css", "\nb { top: 0 }\n")),
    ("an icon changed", lambda s: append(s / "templates" / "static" / "favicon.svg", "<!-- edited -->\n")),
    ("the config changed", lambda s: replace(s / "config.yaml", "per_page: 10", "per_page: 1")),
    ("the site title changed", lambda s: replace(s / "config.yaml", "title: Newsroom", "title: The Daily")),
]


@pytest.mark.parametrize("mode", ["one process", "worker pool", "stores remembered"])
def test_every_incremental_build_equals_a_clean_build(site, tmp_path, monkeypatch, mode):
    if mode == "worker pool":  # the seeds are few: make the pool render them too
        monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    if mode == "stores remembered":  # as `serve` builds: the cache kept in memory between builds
        monkeypatch.setattr(cache, "_remembered", {})
    build(site)
    for what, change in CHANGES:
        change(site)
        build(site)
        assert tree(site / "public") == clean_tree(site, tmp_path / "clean"), what


def test_render_workers_inherit_the_pages_they_render(site, monkeypatch):
    """Pages hold records and stories: sent to the workers by pickle, each worker held copies of them."""
    def refuse(page, protocol):
        raise AssertionError(f"{page.output} was pickled")

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(Page, "__reduce_ex__", refuse)
    build(site)
    assert (site / "public" / "index.html").is_file()


def test_the_manifest_holds_each_read_once(site, monkeypatch):
    """Pages read the same entries (each record from its tag, source and story pages): the manifest,
    built from what workers send back, keeps one tuple per distinct read, not one per page."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build(site)
    (saved,) = (site / ".cache").glob("pages-*.pickle")
    manifest = PlainStore(saved.parent, saved.stem).load()  # marshal keeps shared objects shared
    reads = [read for entry in manifest["files"].values() for read in entry[3]]
    assert len(reads) > 2 * len(set(reads))
    assert len({id(read) for read in reads}) == len(set(reads))


def test_a_body_edit_rewrites_only_the_pages_that_show_it(site):
    build(site)
    before = stamps(site / "public")
    edited = records(site)[0]
    append(edited, "\nA paragraph added by an editor.\n")
    build(site)
    after = stamps(site / "public")
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert f"articles/{edited.stem}/index.html" in rewritten
    assert "atom.xml" in rewritten  # the site feed carries article bodies
    others = [f"articles/{r.stem}/index.html" for r in records(site) if r != edited]
    assert not rewritten & {*others, "index.html", "robots.txt", "sources/index.html", "tags/index.html"}
    assert len(rewritten) < len(after) / 2


def test_a_title_edit_renders_only_the_pages_that_read_the_record(site, monkeypatch):
    write_record(site, "harbour-flood", "Heavy rain flooded the harbour of Lisbon and closed its ferries.",
                 source="Coast News", summary="Rain.", published=date(2025, 1, 2), tags=["weather"])
    write_record(site, "harvest-fair", "Farmers showed pears, cider and cheese at the autumn fair in Lyon.",
                 source="Farm Weekly", summary="A fair.", published=date(2025, 3, 9), tags=["farming"])
    build(site)
    rendered: list[str] = []
    real = pages.render_html

    def counted(job, page, context):
        rendered.append(page.output)
        return real(job, page, context)

    monkeypatch.setattr(pages, "render_html", counted)
    replace(site / "articles" / "harvest-fair.md", "title: ", "title: Edited ")
    build(site)
    assert "articles/harvest-fair/index.html" in rendered
    assert {"tags/farming/index.html", "sources/farm-weekly/index.html", "index.html"} <= set(rendered)
    # Pages that never read the edited record are not rendered at all.
    untouched = [f"articles/{r.stem}/index.html" for r in records(site) if r.stem != "harvest-fair"]
    untouched += ["tags/weather/index.html", "sources/coast-news/index.html", "tags/index.html",
                  "sources/index.html", "404.html", "robots.txt"]
    assert not set(rendered) & set(untouched)
    assert not [name for name in rendered if name.startswith("stories/russia")]


# Templates that read nothing from the catalog: what a page shows comes from its context alone.
CONTEXT_ONLY = {
    "story.html": "{{ story.headline }}|{{ story.articles|join(',') }}|{{ story.claims|length }}",
    "article.html": "{{ record.title }}|{{ record.html }}",
    "tag.html": "{{ tag }}|{{ entries|join(',') }}",
    "source.html": "{{ source }}|{{ entries|join(',') }}",
    "atom.xml": "{{ feed_title }}|{{ entries|join(',') }}",
}


@pytest.mark.parametrize("change", [
    lambda s: [replace(path, "\ntitle: ", "\ntitle: Edited ") for path in records(s) if "title: '" not in
               path.read_text(encoding="utf-8")],
    lambda s: replace(records(s)[0], "- ukraine\n", "- harbours\n"),
    lambda s: replace(records(s)[0], "source: null", "source: Named Wire"),
    lambda s: records(s)[2].unlink(),
    lambda s: write_record(s, "a-late-report", "Officials in Pyongyang confirmed the treaty.",
                           story=next((s / "public" / "stories").iterdir()).name),  # its slug is kept
], ids=["titles", "tag", "source", "deleted", "joined"])
def test_a_page_whose_template_reads_no_catalog_follows_its_context(site, tmp_path, change):
    for name, text in CONTEXT_ONLY.items():
        (site / "templates" / name).write_text(text, encoding="utf-8")
    build(site)
    change(site)
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_reads_of_a_table_the_manifest_lacks_count_as_changed(site, tmp_path):
    build(site)
    (saved,) = (site / ".cache").glob("pages-*.pickle")
    store = PlainStore(saved.parent, saved.stem)
    manifest = store.load()
    store.save({**manifest, "values": {table: found for table, found in manifest["values"].items()
                                       if table != "records"}})
    replace(records(site)[1], "title: ", "title: Edited ")
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_template_may_look_up_anything_in_the_catalog(site, tmp_path):
    # Keys of other types and missing keys: each is a read like any other.
    lookups = "{{ catalog.records.get(none) }}{{ catalog.tags.get(3) }}{{ catalog.sources.get('none') }}"
    replace(site / "templates" / "article.html", "<h1>", lookups + "<h1>")
    build(site)
    append(records(site)[0], "\nAn edit.\n")
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_table_read_whole_is_compared_after_builds_that_left_its_page_alone(site, tmp_path):
    # Only the 404 page reads the table whole. The edit does not render it again; a new record must.
    replace(site / "templates" / "404.html", "{% block content %}",
            "{% block content %}<p>{{ catalog.record_tags|length }} articles</p>")
    build(site)
    append(records(site)[0], "\nAn edit.\n")
    build(site)
    write_record(site, "a-later-event", "Farmers gathered in Lyon.", source="Farm Weekly",
                 published=date(2025, 1, 2))
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_the_values_keep_every_whole_value_that_was_compared():
    # The pages a build leaves alone may read tables whole that none of the pages it renders reads.
    catalog = Catalog(records={}, stories=(), story_of={}, record_tags={}, tags={"farming": ("a",)},
                      sources={}, source_names={})
    last = PageInputs(catalog, {}).values(["stories", "tags"])
    inputs = PageInputs(catalog, {})
    assert inputs.changed(last) == set()
    assert inputs.values([]) == last


def test_a_lost_cache_or_an_altered_page_still_gives_a_clean_build(site, tmp_path):
    build(site)
    page = site / "public" / "articles" / records(site)[0].stem / "index.html"
    page.write_text("edited by hand")
    (site / "public" / "stray.html").write_text("not part of the site")
    append(records(site)[1], "\nOne more line.\n")
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
    before = stamps(site / "public")
    shutil.rmtree(site / ".cache")
    append(records(site)[1], "\nAnd another.\n")
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
    after = stamps(site / "public")
    # Without the cache every page is rendered again, but only changed bytes are written.
    assert after["robots.txt"] == before["robots.txt"]
    assert after["sources/index.html"] == before["sources/index.html"]


@contextmanager
def in_this_process(func, *args):
    """parallel.in_background, without the process: what the work does is seen here."""
    done = func(*args)
    yield lambda: done


def test_a_stray_file_is_found_in_a_folder_whose_listing_was_kept(site, tmp_path, monkeypatch):
    monkeypatch.setattr(survey, "RACY_NS", -10**12)  # trust every folder's mtime, however fresh
    monkeypatch.setattr(parallel, "in_background", in_this_process)
    listed = []
    real = survey._listed
    monkeypatch.setattr(survey, "_listed", lambda *args: listed.append(args[1]) or real(*args))
    build(site)
    append(records(site)[1], "\nOne more line.\n")
    build(site)  # lists every folder: a first build notes none
    listed.clear()
    append(records(site)[1], "\nA second line.\n")
    build(site)
    assert listed == []  # no folder had changed but by the builds, which noted their changes
    time.sleep(0.05)  # what the hand does next lands in a later tick of the file system's clock
    (site / "public" / "articles" / records(site)[0].stem / "stray.html").write_text("not part of the site")
    append(records(site)[1], "\nAnd another.\n")
    build(site)
    assert listed == [f"articles/{records(site)[0].stem}"]
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def copied_in_place(folder: Path, aside: Path) -> None:
    """Replace a folder by a copy of itself: every file with a new inode and mtime, the same bytes (a
    fresh clone, or a CI job that restores its cache)."""
    shutil.move(folder, aside)
    shutil.copytree(aside, folder, copy_function=shutil.copyfile)
    shutil.rmtree(aside)


def test_files_copied_with_the_same_bytes_are_neither_parsed_nor_rendered_again(site, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "in_background", in_this_process)
    build(site)
    for name in ("articles", "templates", "public"):
        copied_in_place(site / name, tmp_path / "aside")
    page = site / "public" / "articles" / records(site)[0].stem / "index.html"
    content = page.read_bytes()
    page.write_bytes(content.replace(b"<h1", b"<h2", 1))  # altered by hand, the same size
    parsed, hashed = [], []
    real_parse, real_hash = load.parse_record, survey.file_sha256
    monkeypatch.setattr(load, "parse_record", lambda *args: parsed.append(args[0]) or real_parse(*args))
    monkeypatch.setattr(survey, "file_sha256", lambda path: hashed.append(path) or real_hash(path))
    before = stamps(site / "public")
    build(site)
    assert parsed == []
    assert len(hashed) > 20  # every page the last build wrote
    after = stamps(site / "public")
    rewritten = {name for name in after if after[name] != before[name]}
    assert rewritten == {page.relative_to(site / "public").as_posix()}
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
    hashed.clear()
    append(records(site)[1], "\nOne more line.\n")
    build(site)
    assert hashed == []  # the manifest holds the copies' stats now
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_template_error_in_a_rebuild_leaves_the_site_as_it_was(site, tmp_path):
    build(site)
    before = tree(site / "public")
    template = site / "templates" / "article.html"
    good = template.read_text(encoding="utf-8")
    replace(template, "{{ record.title }}", "{{ record.no_such_field.x }}")
    append(records(site)[0], "\nAn edit that needs the article page again.\n")
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert any("article.html" in str(error) for error in failed.value.errors)
    assert tree(site / "public") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".public.tmp-")]
    template.write_text(good, encoding="utf-8")
    build(site)
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_nothing_is_rewritten_when_nothing_changed(site):
    build(site)
    before = stamps(site / "public")
    os.utime(records(site)[0])  # a touched record: read again, but it renders the same
    build(site)
    assert stamps(site / "public") == before


def test_a_body_edit_rewrites_few_cache_files(site):
    build(site)
    stores = [site / ".cache" / name for name in ("records-python-markdown", "readings", "stories")]
    before = {store: stamps(store) for store in stores}
    append(records(site)[0], "\nA paragraph added by an editor.\n")
    build(site)
    for store in stores:
        after = stamps(store)
        assert len(after) == ShardedStore.SHARDS
        rewritten = [name for name in after if after[name] != before[store][name]]
        # The edited record's entry (records); its old and new reading; its story's old and new entry.
        assert 1 <= len(rewritten) <= 2, (store.name, rewritten)


def test_after_a_settings_change_no_value_is_compared(site, monkeypatch):
    build(site)
    compared: list[int] = []
    given: list[int] = []
    real_changed, real_own = PageInputs.changed, PageInputs.own

    def changed(self, last):
        compared.append(len(last))
        return real_changed(self, last)

    def own(self, context):
        given.append(id(context))
        return real_own(self, context)

    monkeypatch.setattr(PageInputs, "changed", changed)
    monkeypatch.setattr(PageInputs, "own", own)
    replace(site / "config.yaml", "title: Newsroom", "title: The Daily")
    build(site)
    # No page can be unchanged after a settings change: nothing is compared to find out, and each page
    # rendered again notes what it was given once, for the manifest.
    assert compared == []
    assert given and len(given) == len(set(given))
    append(records(site)[0], "\nAn edit.\n")
    build(site)
    assert len(compared) == 1 and compared[0] > 0  # an edit compares the values once


def rendered_templates(monkeypatch) -> list[str]:
    """The template of each page rendered from now on ("" for a page made without one)."""
    rendered: list[str] = []
    real_template, real_json = pages.render_html, pages.render_json

    def template(job, page, context):
        rendered.append(page.template)
        return real_template(job, page, context)

    def json(page, *args):
        rendered.append("")
        return real_json(page, *args)

    monkeypatch.setattr(pages, "render_html", template)
    monkeypatch.setattr(pages, "render_json", json)
    return rendered


@pytest.mark.parametrize(("edited", "reaching"), [
    ("atom.xml", {"atom.xml"}),
    ("story.html", {"story.html"}),
    ("_macros.html", {"story.html", "article.html", "tag.html", "source.html", "index.html"}),
])
def test_a_template_edit_renders_only_the_pages_made_with_templates_that_reach_it(site, monkeypatch,
                                                                                 edited, reaching):
    build(site)
    rendered = rendered_templates(monkeypatch)
    append(site / "templates" / edited, "{# edited #}\n")
    build(site)
    assert set(rendered) == reaching


def test_a_template_named_by_an_expression_makes_its_pages_follow_every_template(site, monkeypatch):
    (site / "templates" / "_aside.html").write_text("<aside>first</aside>\n", encoding="utf-8")
    replace(site / "templates" / "article.html", "{% block content %}",
            '{% block content %}{% set aside = "_aside" ~ ".html" %}{% include aside %}')
    build(site)
    rendered = rendered_templates(monkeypatch)
    (site / "templates" / "_aside.html").write_text("<aside>second</aside>\n", encoding="utf-8")
    build(site)
    assert set(rendered) == {"article.html"}
    page = next((site / "public" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert "<aside>second</aside>" in page


def test_a_body_edit_hashes_only_the_stories_it_rebuilt(site, monkeypatch):
    write_record(site, "a-later-event", "Farmers gathered in Lyon for the harvest festival.",
                 source="Farm Weekly", summary="A festival.", published=date(2025, 1, 2), tags=["farming"])
    build(site)
    assert len(list((site / "public" / "stories").iterdir())) > 1
    hashed: list[str] = []
    for module in (pipeline, reads):
        real = module.digest

        def counted(*parts, real=real):
            hashed.extend(part.slug for part in parts if isinstance(part, Story))
            return real(*parts)

        monkeypatch.setattr(module, "digest", counted)
    append(records(site)[0], "\nA paragraph added by an editor.\n")
    build(site)
    # The edited record's story, once: every other story keeps the hash the last build stored for it.
    assert len(hashed) == 1


def test_a_build_leaves_nothing_out_of_the_collectors_reach(site):
    # Builds freeze what they load, for speed; `serve` builds again and again in one process, and the
    # garbage cycles of each build must be collectable once it ends: a first build, an edit, no change.
    build(site)
    assert gc.get_freeze_count() == 0
    append(records(site)[0], "\nA paragraph added by an editor.\n")
    build(site)
    assert gc.get_freeze_count() == 0
    build(site)
    assert gc.get_freeze_count() == 0


def test_the_page_plan_is_out_of_the_collectors_reach_while_pages_render(site, monkeypatch):
    """The plan lives until the build ends: full collections while pages were checked walked its
    tens of thousands of objects again (at 10,000 articles, 0.06 s of a rebuild after one edit)."""
    seen: list[bool] = []
    real = pages.render_pages

    def render(plan, *rest):
        tracked = {id(o) for o in gc.get_objects()}  # objects the collector still walks
        seen.append(any(id(page) in tracked or id(page.context) in tracked for page in plan))
        return real(plan, *rest)

    monkeypatch.setattr(pages, "render_pages", render)
    build(site)
    assert seen == [False]


def test_the_cache_keeps_the_manifests_of_the_last_few_output_folders_only(site, tmp_path):
    outputs = [tmp_path / f"out{i}" for i in range(pipeline.MANIFESTS_KEPT + 1)]
    settings = load_settings(site / "config.yaml")
    for output in outputs:
        build_site(settings, BuildOptions(output=output, search=False))
    kept = {path.name for path in (site / ".cache").glob("pages-*.pickle")}
    assert kept == {f"pages-{cache.digest(str(output.resolve()))[:16]}.pickle" for output in outputs[1:]}
    # The first folder lost its manifest: its next build checks every page and still gives a clean site.
    replace(records(site)[0], "title: ", "title: Edited ")
    build_site(settings, BuildOptions(output=outputs[0], search=False))
    assert tree(outputs[0]) == clean_tree(site, tmp_path / "clean")


def reused_pages(monkeypatch) -> list[str]:
    """The pages rendered around their stored blocks from now on (see blocks.py)."""
    reused: list[str] = []
    real = pages.render_reusing

    def counted(template, context, outputs):
        text = real(template, context, outputs)
        if text is not None:
            reused.append(context["page"].output)
        return text

    monkeypatch.setattr(pages, "render_reusing", counted)
    return reused


def test_a_layout_edit_renders_the_pages_around_their_stored_blocks(site, tmp_path, monkeypatch):
    build(site)
    reused = reused_pages(monkeypatch)
    append(site / "templates" / "base.html", "<!-- a layout edit -->\n")
    build(site)
    articles = {f"articles/{r.stem}/index.html" for r in records(site)}
    assert articles <= set(reused) and "index.html" in reused
    first = site / "public" / "articles" / records(site)[0].stem / "index.html"
    assert b"<!-- a layout edit -->" in first.read_bytes()
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_blocks_the_manifest_does_not_name_are_not_reused(site, tmp_path, monkeypatch):
    """A build killed after storing its blocks leaves them beside the last build's manifest."""
    build(site)
    page = f"articles/{records(site)[0].stem}/index.html"
    store = pages.BlockStore(site / pipeline.CACHE, "blocks")
    sha, located = store.load()[page]
    stale = marshal.dumps({**marshal.loads(located), "content": "<p>stale</p>"})
    store.update({page: ("0" * len(sha), stale)}, ())
    reused = reused_pages(monkeypatch)
    append(site / "templates" / "base.html", "<!-- a layout edit -->\n")
    build(site)
    assert page not in reused and len(reused) > 1
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
