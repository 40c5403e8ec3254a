"""The whole pipeline from the command line: raw seeds in, a site out; errors, determinism, atomicity."""

import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from support import SEEDS, run_build, tree, write_record

SUMMARY = re.compile(r"^built (\d+) articles, (\d+) pages in \d+\.\d\d s -> (.+)$")


class Links(HTMLParser):
    """Collects href values of <a> elements."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def _links(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.hrefs


def _reachable(public: Path, base_path: str = "/") -> set[str]:
    """Every page reachable by following links from the home page."""
    seen, todo = set(), [base_path]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        file = public / url[len(base_path):] / "index.html" if url.endswith("/") else None
        if file is None or not file.is_file():
            continue
        todo.extend(h.split("#")[0] for h in _links(file) if h.startswith(base_path) and h.endswith("/"))
    return seen


def test_a_fresh_site_gets_a_record_and_a_page_for_every_seed(site):
    for record in (site / "articles").glob("*.md"):
        record.unlink()
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match and match.group(1) == "5" and match.group(3) == "public", lines
    records = sorted((site / "articles").glob("*.md"))
    assert len(records) == len(SEEDS) == 5
    lines = [line for r in records for line in r.read_text().splitlines()]
    raws = {line.split(": ", 1)[1] for line in lines if line.startswith("raw:")}
    assert raws == {f"raw/{seed.name}" for seed in SEEDS}
    public = site / "public"
    reachable = _reachable(public)
    for record in records:
        assert (public / "articles" / record.stem / "index.html").is_file()
        assert f"/articles/{record.stem}/" in reachable
    pages = int(match.group(2))
    assert pages == len(list(public.rglob("*.html"))) - len(list((public / "pagefind").rglob("*.html")))
    folders = [p.parent.relative_to(public) for p in public.rglob("index.html") if "pagefind" not in p.parts]
    every_page = {"/" if f == Path(".") else f"/{f.as_posix()}/" for f in folders}
    assert every_page - reachable == set()


def test_an_article_page_has_one_h1_and_its_body_inside_article_inside_main(site):
    assert run_build(site, "--no-search").returncode == 0
    record = sorted((site / "articles").glob("*.md"))[0]
    html = (site / "public" / "articles" / record.stem / "index.html").read_text()
    assert html.count("<h1") == 1
    main = html[html.index("<main"): html.index("</main>")]
    article = main[main.index("<article"): main.index("</article>")]
    assert 'class="body"' in article and "date not stated" in article


def test_building_twice_changes_nothing(site):
    assert run_build(site, "--no-search").returncode == 0
    records, public = tree(site / "articles"), tree(site / "public")
    assert run_build(site, "--no-search").returncode == 0
    assert tree(site / "articles") == records
    assert tree(site / "public") == public


def test_a_failed_build_reports_every_error_and_keeps_the_previous_site(site):
    assert run_build(site, "--no-search").returncode == 0
    before = tree(site / "public")
    write_record(site, "broken", title="x")
    (site / "articles" / "broken.md").write_text("---\ntitle: x\ntags: [a\n---\nbody\n")
    (site / "articles" / "untitled.md").write_text("---\nsummary: no title here\n---\nbody\n")
    result = run_build(site, "--no-search")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"articles/broken\.md:\d+: invalid YAML", result.stderr)
    assert "articles/untitled.md:2: missing title" in result.stderr
    assert result.stderr.strip().endswith("build failed: 2 errors; the previous site is unchanged")
    assert tree(site / "public") == before


def test_config_errors_exit_1_without_a_traceback(site):
    (site / "config.yaml").write_text("title: x\nper_pgae: 3\n")
    result = run_build(site)
    assert result.returncode == 1
    assert "config.yaml:2: unknown key 'per_pgae'; did you mean 'per_page'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "public").exists()


def test_drafts_are_left_out_unless_asked(site):
    write_record(site, "secret-plan", "Draft text.", draft=True, summary="s")
    assert run_build(site, "--no-search").returncode == 0
    assert not (site / "public" / "articles" / "secret-plan").exists()
    assert run_build(site, "--no-search", "--drafts").returncode == 0
    assert (site / "public" / "articles" / "secret-plan" / "index.html").is_file()


def test_base_url_override_and_output_folder(site):
    result = run_build(site, "--no-search", "--base-url", "https://example.org/news", "--output", "out")
    assert result.returncode == 0, result.stderr
    index = (site / "out" / "index.html").read_text()
    assert 'href="/news/articles/' in index
    assert '<link rel="canonical" href="https://example.org/news/">' in index
    articles = {f"/news/articles/{p.stem}/" for p in (site / "articles").glob("*.md")}
    assert _reachable(site / "out", "/news/") >= articles


def test_an_incremental_build_equals_a_clean_build(site, tmp_path):
    """Edit, add and delete records; after each change the cached build must equal a clean one."""
    def clean_build() -> dict:
        copy = tmp_path / "clean"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "public"))
        assert run_build(copy, "--no-search").returncode == 0
        return tree(copy / "public")

    assert run_build(site, "--no-search").returncode == 0
    first = sorted((site / "articles").glob("*.md"))[0]
    changes = [
        lambda: first.write_text(first.read_text().replace("\n---\n", "\n---\nA new first line.\n\n", 1)),
        lambda: write_record(site, "a-later-event", "Unrelated text about a harvest festival.",
                             source="Farm Weekly", summary="A festival.", published=date(2025, 1, 2)),
        lambda: first.write_text(first.read_text().replace("title: ", "title: Edited ", 1)),
        lambda: (site / "articles" / "a-later-event.md").unlink(),
    ]
    for change in changes:
        change()
        assert run_build(site, "--no-search").returncode == 0
        assert tree(site / "public") == clean_build()
