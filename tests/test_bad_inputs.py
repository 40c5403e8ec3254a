"""Broken and hostile input through the real command line.

Each case puts one bad input into a small site that built fine before, runs `build.py`, and checks
that the outcome is either a clean record (exit 0) or exit 1 with every problem printed as
`path:line: what is wrong; what to do`, never a traceback; and that nothing on disk changed that
should not have: raw files and existing records stay byte-identical, and a failed build leaves the
previous site (and everything else but the cache) exactly as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ROOT, SEEDS, run_build, tree, write_config, write_record

from newsroom.records import read_record

INPUTS = Path(__file__).parent / "bad_inputs"
CACHE = ".cache/"
LOCK = ".public.lock"
# An error or warning line: a place (a path, maybe with a line, or an option), the problem, a hint.
PROBLEM_LINE = re.compile(r"^(?P<where>[^:]+?)(?::(?P<line>\d+))?: (?P<warning>warning: )?"
                          r"(?P<what>.+?); (?P<hint>.+)$")


@dataclass(frozen=True)
class Error:
    """An error the build must print: where (path as shown, line or None) and words of its message."""

    path: str
    line: int | None
    words: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """One bad input: how to put it into the site, and what the build must say about it."""

    name: str
    setup: Callable[[Path], None]
    errors: tuple[Error, ...] = ()  # none: the build succeeds
    warnings: tuple[Error, ...] = ()
    args: tuple[str, ...] = ()
    records: int = 0  # new records a successful build must write
    check: Callable[[Path, list[Path]], None] | None = None  # more checks on the site and new records


# --- the site every case starts from --------------------------------------------------------------
@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site (its own templates, one record, one raw dump) built once: the last good site."""
    folder = tmp_path_factory.mktemp("previous")
    shutil.copytree(ROOT / "templates", folder / "templates")
    write_config(folder, title="Bad inputs", templates_dir="templates")
    write_record(folder, "a-good-record", "A record that is fine.", summary="Fine.", source="The Paper")
    (folder / "articles" / "raw").mkdir()
    shutil.copy(SEEDS[0], folder / "articles" / "raw" / SEEDS[0].name)
    result = run_build(folder, "--no-search")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def site(previous_site: Path, tmp_path: Path) -> Path:
    """A copy of the built small site for one case."""
    copy = tmp_path / "site"
    shutil.copytree(previous_site, copy, symlinks=True)
    return copy


# --- inputs ----------------------------------------------------------------------------------------
def raw(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda site: (site / "articles" / "raw" / name).write_bytes(data)


def raw_file(name: str) -> Callable[[Path], None]:
    return lambda site: shutil.copy(INPUTS / name, site / "articles" / "raw" / name)


def record_file(name: str, slug: str | None = None) -> Callable[[Path], None]:
    target = f"{slug or Path(name).stem.replace('_', '-')}.md"
    return lambda site: shutil.copy(INPUTS / name, site / "articles" / target)


def record_bytes(slug: str, data: bytes) -> Callable[[Path], None]:
    return lambda site: (site / "articles" / f"{slug}.md").write_bytes(data)


def config(text: str) -> Callable[[Path], None]:
    return lambda site: (site / "config.yaml").write_text(text, encoding="utf-8")


def together(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(site: Path) -> None:
        for step in steps:
            step(site)

    return run


def insert_line(template: str, after: str, text: str) -> Callable[[Path], None]:
    """Insert a line into a template right after the first line containing `after`."""
    def run(site: Path) -> None:
        path = site / "templates" / template
        lines = path.read_text(encoding="utf-8").split("\n")
        index = next(i for i, line in enumerate(lines) if after in line)
        lines.insert(index + 1, text)
        path.write_text("\n".join(lines), encoding="utf-8")

    return run


def line_after(template: str, after: str) -> int:
    """The 1-based line number a line inserted by insert_line gets."""
    lines = (ROOT / "templates" / template).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines) if after in line) + 2


def storm(encoding: str = "utf-8", newline: str = "\n") -> bytes:
    """A short, clean dump in some encoding and line ending."""
    text = ("Zürich café owners protest “unfair” rent rises\n\n"
            "Owners of cafés in Zürich’s old town protested on Friday against rent rises of up to "
            "30 € a month — the third rise in two years — the owners’ association said.\n\n"
            "The city said it would review the rents before the end of the year.\n")
    return text.replace("\n", newline).encode(encoding)


def body_of(records: list[Path]) -> str:
    return read_record(records[0]).body


# --- what clean records must hold -----------------------------------------------------------------
def check_storm(site: Path, records: list[Path]) -> None:
    record = read_record(records[0])
    assert record.title == "Zürich café owners protest “unfair” rent rises"
    assert "rent rises of up to 30 € a month — the third rise in two years —" in record.body
    assert record.body.count("\n\n") == 1, "two paragraphs, whatever the line endings"
    assert b"\r" not in records[0].read_bytes()
    assert (site / "public" / "articles" / record.slug / "index.html").is_file()


def check_recovered_text(site: Path, records: list[Path]) -> None:
    body = body_of(records)
    assert "A storm cut power to 40,000 homes across the county on Monday night" in body
    assert "most homes had power by Tuesday morning" in body


def check_invisible_removed(site: Path, records: list[Path]) -> None:
    text = records[0].read_text(encoding="utf-8")
    assert not set(text) & {"\u00a0", "\u200b", "\u2060", "\ufeff", "\u00ad"}
    record = read_record(records[0])
    assert record.title == "Stockholm ferry strike ends"
    assert "Ferry workers in Stockholm ended a three-day strike on Thursday after a pay deal" in record.body


def check_html_kept_as_text(site: Path, records: list[Path]) -> None:
    record = read_record(records[0])
    assert "<script>" in record.title, "the headline is kept as written: it is text, not markup"
    page = (site / "public" / "articles" / record.slug / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "window.__pwned = 3" in page  # shown as text ...
    live = re.search(r"<(script|img|svg|a)\b[^>]*(__pwned|javascript:|onerror|onload)", page)
    assert not live  # ... not run


def check_two_slugs(site: Path, records: list[Path]) -> None:
    assert sorted(p.name for p in records) == ["city-opens-a-new-library-2.md", "city-opens-a-new-library.md"]
    for record in records:
        assert (site / "public" / "articles" / record.stem / "index.html").is_file()


def check_slug_stays_inside(site: Path, records: list[Path]) -> None:
    assert [p.parent for p in records] == [site / "articles"]
    assert records[0].name == "etc-x.md"


def check_taken_slug(site: Path, records: list[Path]) -> None:
    assert [p.name for p in records] == ["a-good-record-2.md"]
    assert read_record(site / "articles" / "a-good-record.md").body == "A record that is fine."


def check_deep_list_kept(site: Path, records: list[Path]) -> None:
    # Python-Markdown stops nesting short of the recursion limit and keeps the deeper items as text.
    page = (site / "public" / "articles" / "deep" / "index.html").read_text(encoding="utf-8")
    assert page.count("<ul>") > 100
    assert sorted(map(int, re.findall(r"\bitem (\d+)\b", page))) == list(range(600))


def check_unknown_field(site: Path, records: list[Path]) -> None:
    assert (site / "public" / "articles" / "unknown-field" / "index.html").is_file()


LIBRARY = "City opens a new library\n\nThe city opened a new library on Saturday, holding {} books.\n"
HUGE_LINE = b"The council met again on Monday to discuss the budget for the coming year and its effects.\n\n"
CONFIG_OK = "title: Bad inputs\ntemplates_dir: templates\n"

CASES = [
    # raw dumps
    Case("empty file", raw("empty.txt", b""), (Error("articles/raw/empty.txt", None, ("empty",)),)),
    Case("whitespace only", raw("blank.txt", b"  \n\t\r\n \n"),
         (Error("articles/raw/blank.txt", None, ("only whitespace",)),)),
    Case("PNG renamed .txt", raw("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
         (Error("articles/raw/photo.txt", None, ("binary data", "not text")),)),
    Case("20 MB dump", lambda site: (site / "articles" / "raw" / "dump.txt").write_bytes(
        b"Budget talks\n\n" + HUGE_LINE * (20_000_000 // len(HUGE_LINE))),
        (Error("articles/raw/dump.txt", None, ("20.0 MB", "more than one article")),)),
    Case("invalid UTF-8", raw("bytes.txt", b"Storm cuts power across the county\n\n"
                              b"A storm cut power to 40,000 homes across the county on Monday night.\n\n"
                              b"Crews worked \xff\xfe\xc3\x28 through the night, and most homes had power by "
                              b"Tuesday morning.\n"), records=1, check=check_recovered_text),
    Case("UTF-16 with BOM", raw("utf16.txt", storm("utf-16")), records=1, check=check_storm),
    Case("cp1252", raw("cp1252.txt", storm("cp1252")), records=1, check=check_storm),
    Case("CRLF line endings", raw("crlf.txt", storm(newline="\r\n")), records=1, check=check_storm),
    Case("lone CR line endings", raw("cr.txt", storm(newline="\r")), records=1, check=check_storm),
    Case("NBSP and zero-width characters", raw("invisible.txt", (
        "Stock\u200bholm ferry\u00a0strike ends\n\nFerry\u00a0workers in Stock\u200bholm ended a three-day "
        "strike on Thursday\u2060 after a pay deal, the union\ufeff said.\n\nServices run nor\u00admally "
        "from Friday.\n").encode()), records=1, check=check_invisible_removed),
    Case("only boilerplate", raw_file("boilerplate_only.txt"),
         (Error("articles/raw/boilerplate_only.txt", None, ("no article text", "--explain")),)),
    Case("HTML and script tags in a .txt dump", raw_file("html_in_text.txt"), records=1,
         check=check_html_kept_as_text),
    # records
    Case("invalid YAML", record_file("invalid_yaml.md"),
         (Error("articles/invalid-yaml.md", 4, ("invalid YAML", "fix the front matter")),)),
    Case("missing title", record_file("missing_title.md"),
         (Error("articles/missing-title.md", 2, ("missing title", "add 'title:")),)),
    Case("wrong field types", record_file("wrong_types.md"), (
        Error("articles/wrong-types.md", 3, ("'tags' is 'budget, parks'", "expected a list")),
        Error("articles/wrong-types.md", 4, ("'draft' is 'maybe'", "true or false")),
        Error("articles/wrong-types.md", 5, ("'published' is 5", "expected a date")))),
    Case("unknown field (a warning)", record_file("unknown_field.md"),
         warnings=(Error("articles/unknown-field.md", 3,
                         ("unknown field 'authr'", "did you mean 'author'")),),
         check=check_unknown_field),
    Case("date in a wrong format", record_file("wrong_date.md"), (
        Error("articles/wrong-date.md", 3, ("'published' is '19/06/2024'", "YYYY-MM-DD")),
        Error("articles/wrong-date.md", 4, ("'updated' is '2024-02-30'", "YYYY-MM-DD")))),
    Case("a field set twice", record_file("duplicate_field.md"),
         (Error("articles/duplicate-field.md", 4, ("'title' is set twice",)),)),
    Case("story pin ../../etc/x", record_file("story_traversal.md"),
         (Error("articles/story-traversal.md", 3, ("'story' is '../../etc/x'", "not a slug")),)),
    Case("javascript: source_url", record_file("javascript_source_url.md"),
         (Error("articles/javascript-source-url.md", 3, ("'source_url'", "not a web address", "https://")),)),
    Case("no front matter", record_file("no_front_matter.md"),
         (Error("articles/no-front-matter.md", 1, ("no front matter",)),)),
    Case("record not UTF-8", record_bytes("latin", b"---\ntitle: Caf\xe9 opens\n---\nBody.\n"),
         (Error("articles/latin.md", 2, ("not UTF-8", "save the record as UTF-8")),)),
    Case("lists nested 600 deep", record_bytes("deep", b"---\ntitle: Deep\n---\n" + b"".join(
        b"    " * i + b"- item %d\n" % i for i in range(600))), check=check_deep_list_kept),
    Case("record file name not a slug", record_file("missing_title.md", "Bad Name"),
         (Error("articles/Bad Name.md", None, ("is not a slug", "rename it")),
          Error("articles/Bad Name.md", 2, ("missing title",)))),
    # slugs
    Case("two dumps with the same headline",
         together(raw("lib-1.txt", LIBRARY.format(5000).encode()),
                  raw("lib-2.txt", LIBRARY.format(7000).encode())),
         records=2, check=check_two_slugs),
    Case("headline ../../etc/x", raw("traversal.txt", b"../../etc/x\n\nA headline that is a path must not "
                                     b"lead the record out of the articles folder, the test says.\n"),
         records=1, check=check_slug_stays_inside),
    Case("headline of an existing record", raw("taken.txt", b"A good record\n\nA dump whose headline "
                                              b"gives the slug of a record that exists already.\n"),
         records=1, check=check_taken_slug),
    # templates
    Case("template syntax error", insert_line("article.html", "{% extends", "{% if %}"),
         (Error("templates/article.html", 2, ("template syntax error", "fix the template")),)),
    Case("template not UTF-8", lambda site: (site / "templates" / "base.html").write_bytes(
             b"<!doctype html>\n<title>Caf\xe9</title>\n"),
         (Error("templates/base.html", 2, ("template syntax error", "not UTF-8 text (byte 0xe9)")),)),
    Case("missing template", lambda site: (site / "templates" / "article.html").unlink(),
         (Error("templates/article.html", None, ("template 'article.html' not found", "create it")),)),
    Case("missing included template", insert_line("base.html", "<body>", '{% include "part.html" %}'),
         (Error("templates/base.html", line_after("base.html", "<body>"),
                ("template 'part.html' not found",)),)),
    Case("no templates folder", lambda site: shutil.rmtree(site / "templates"),
         (Error("config.yaml", 2, ("templates folder 'templates' does not exist",)),)),
    # config
    Case("config: unknown key", config(CONFIG_OK + "per_pgae: 3\n"),
         (Error("config.yaml", 3, ("unknown key 'per_pgae'", "did you mean 'per_page'")),)),
    Case("config: wrong values",
         config(CONFIG_OK + "per_page: 0\nbase_url: ftp://x\ntimezone: Mars/Base\n"), (
        Error("config.yaml", 3, ("'per_page' is 0",)), Error("config.yaml", 4, ("'base_url' is 'ftp://x'",)),
        Error("config.yaml", 5, ("'timezone' is 'Mars/Base'",)))),
    Case("config: values that trip parsers", config(CONFIG_OK + "base_url: http://[bad\ntimezone: America\n"),
         (Error("config.yaml", 3, ("'base_url' is 'http://[bad'",)),
          Error("config.yaml", 4, ("'timezone' is 'America'", "IANA time zone")))),
    Case("config: invalid YAML", config(CONFIG_OK + "title: [unclosed\n"),
         (Error("config.yaml", 4, ("invalid YAML",)),)),
    Case("config: not a mapping", config("- title\n- templates\n"),
         (Error("config.yaml", 1, ("must be a mapping",)),)),
    Case("config: a key set twice", config(CONFIG_OK + "title: Again\n"),
         (Error("config.yaml", 3, ("'title' is set twice",)),)),
    Case("config: not UTF-8", lambda site: (site / "config.yaml").write_bytes(b"title: Caf\xe9\n"),
         (Error("config.yaml", 1, ("not UTF-8",)),)),
    Case("config: missing", lambda site: (site / "config.yaml").unlink(),
         (Error("config.yaml", None, ("cannot read config",)),)),
    Case("config: output_dir is the project", config(CONFIG_OK + "output_dir: .\n"),
         (Error("config.yaml", 3, ("output_dir '.'", "project folder")),)),
    Case("config: output_dir inside articles", config(CONFIG_OK + "output_dir: articles/site\n"),
         (Error("config.yaml", 3, ("overlaps articles_dir",)),)),
    Case("option: --output is the project", lambda site: None,
         (Error("--output .", None, ("project folder",)),), args=("--output", ".")),
    Case("option: --output holds other files", lambda site: (site / "notes").mkdir() or (
        site / "notes" / "todo.txt").write_text("keep me"),
         (Error("--output notes", None, ("not a site built before",)),), args=("--output", "notes")),
    Case("option: --base-url javascript:", lambda site: None,
         (Error("--base-url", None, ("'javascript:alert(1)'", "http(s) URL")),),
         args=("--base-url", "javascript:alert(1)")),
    # every error of one build at once
    Case("several bad records and dumps at once", together(
        record_file("invalid_yaml.md"), record_file("missing_title.md"), record_file("wrong_types.md"),
        record_file("wrong_date.md"), raw("empty.txt", b""), raw_file("boilerplate_only.txt")), (
        Error("articles/raw/empty.txt", None, ("empty",)),
        Error("articles/raw/boilerplate_only.txt", None, ("no article text",)),
        Error("articles/invalid-yaml.md", 4, ("invalid YAML",)),
        Error("articles/missing-title.md", 2, ("missing title",)),
        Error("articles/wrong-types.md", 3, ("'tags'",)), Error("articles/wrong-types.md", 4, ("'draft'",)),
        Error("articles/wrong-types.md", 5, ("'published'",)),
        Error("articles/wrong-date.md", 3, ("'published'",)),
        Error("articles/wrong-date.md", 4, ("'updated'",)))),
]


def problem_lines(stderr: str, warning: bool) -> list[str]:
    """The error (or warning) lines printed, without the closing summary line."""
    lines = [line for line in stderr.splitlines() if not line.startswith("build failed:")]
    return [line for line in lines if (": warning: " in line) == warning]


def assert_reported(lines: list[str], expected: Error) -> None:
    """Exactly one printed line is at this path and line, and it holds the words."""
    place = f"{expected.path}:{expected.line}: " if expected.line else f"{expected.path}: "
    found = [line for line in lines if line.startswith(place) and all(w in line for w in expected.words)]
    shown = "\n".join(lines)
    assert len(found) == 1, f"expected one line starting {place!r} with {expected.words}; got:\n{shown}"


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@dataclass(frozen=True)
class Outcome:
    """One case run: its site, every file before and after the build, and what the build printed."""

    site: Path
    before: dict[str, bytes]
    after: dict[str, bytes]
    result: subprocess.CompletedProcess


def run_case(case: Case, site: Path) -> Outcome:
    case.setup(site)
    before = tree(site)
    result = run_build(site, "--no-search", *case.args)
    return Outcome(site, before, tree(site), result)


@pytest.fixture(scope="module")
def outcomes(previous_site: Path, tmp_path_factory: pytest.TempPathFactory,
             request: pytest.FixtureRequest) -> dict[str, Outcome]:
    """Every selected case, each in its own copy of the site, run a few at a time (each is a process)."""
    selected = {item.callspec.params["case"].name for item in request.session.items
                if getattr(item, "originalname", "") == "test_bad_input"}
    runs = {}
    for case in CASES:
        if case.name in selected:
            copy = tmp_path_factory.mktemp("case") / "site"
            shutil.copytree(previous_site, copy, symlinks=True)
            runs[case.name] = (case, copy)
    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 1) as pool:
        futures = {name: pool.submit(run_case, case, copy) for name, (case, copy) in runs.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    site, before, after, result = outcome.site, outcome.before, outcome.after, outcome.result
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed and not re.search(r"\w(Error|Exception): ", printed), printed
    for line in problem_lines(result.stderr, warning=False) + problem_lines(result.stderr, warning=True):
        assert PROBLEM_LINE.match(line), f"not `path:line: what is wrong; what to do`: {line!r}"
    warnings = problem_lines(result.stderr, warning=True)
    for expected in case.warnings:
        assert_reported(warnings, expected)
    changed = changed_files(before, after)
    raws = {name for name in before if name.startswith("articles/raw/")}
    assert not changed & raws, "raw files must stay byte-identical"
    old_records = {name for name in before if re.fullmatch(r"articles/[^/]+\.md", name)}
    assert not changed & old_records, "existing records must not be rewritten"
    if case.errors:
        errors = problem_lines(result.stderr, warning=False)
        assert result.returncode == 1, printed
        for expected in case.errors:
            assert_reported(errors, expected)
        assert len(errors) == len(case.errors), "\n".join(errors)
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        last = result.stderr.strip().splitlines()[-1]
        assert last == f"build failed: {count}; the previous site is unchanged"
        unexpected = {name for name in changed if not name.startswith(CACHE) and name != LOCK}
        assert not unexpected, f"a failed build changed {sorted(unexpected)}"
        return
    assert result.returncode == 0, printed
    new_records = sorted(site / name for name in after.keys() - before.keys()
                         if re.fullmatch(r"articles/[^/]+\.md", name))
    assert len(new_records) == case.records
    for record in new_records:
        read_record(record)  # every record written is valid
    outside = {name for name in changed if not name.startswith(("public/", CACHE)) and name != LOCK}
    assert outside == {str(p.relative_to(site)) for p in new_records}
    if case.check:
        case.check(site, new_records)


def test_ingest_reports_bad_dumps_the_same_way(site: Path) -> None:
    raw("empty.txt", b"")(site)
    raw("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))(site)
    before = tree(site)
    result = run_build(site, "ingest")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("articles/raw/empty.txt: the file is empty; ")
    assert lines[1].startswith("articles/raw/photo.txt: the file is binary data, not text; ")
    assert lines[-1] == "ingest failed: 2 errors"
    assert tree(site) == before


def test_explain_of_a_binary_file_is_an_error_not_a_traceback(site: Path) -> None:
    raw("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))(site)
    result = run_build(site, "ingest", "--explain", "articles/raw/photo.txt")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("articles/raw/photo.txt: the file is binary data, not text; ")


def test_the_count_of_cases_covers_the_issue() -> None:
    """Every kind of bad input the issue names has a case (a guard against losing one in an edit)."""
    names = " | ".join(case.name for case in CASES)
    for kind in ("empty file", "whitespace only", "PNG", "20 MB", "invalid UTF-8", "UTF-16", "cp1252", "CRLF",
                 "lone CR", "NBSP", "boilerplate", "script tags", "invalid YAML", "missing title",
                 "wrong field types", "unknown field", "date in a wrong format", "same headline",
                 "../../etc/x",
                 "template syntax error", "template not UTF-8", "missing template", "config:"):
        assert kind in names, kind


def test_explain_into_a_closed_pipe_ends_quietly(site: Path) -> None:
    """`build.py ingest --explain FILE | head -1`: no BrokenPipeError when head stops reading."""
    lines = "\n\n".join(f"Paragraph {n} of a long dump, long enough to fill the pipe between the two."
                        for n in range(1200))
    raw("long.txt", f"A long dump\n\n{lines}\n".encode())(site)
    command = [sys.executable, str(ROOT / "build.py"), "ingest", "--explain", "articles/raw/long.txt"]
    with subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as explain:
        assert explain.stdout is not None and explain.stderr is not None
        first = explain.stdout.readline()
        explain.stdout.close()  # what `head -1` does after one line
        errors = explain.stderr.read().decode()
        explain.wait(timeout=60)
    assert first.split()[:3] == [b"1", b"title", b"first_headline"], first
    assert errors == "", errors
    assert explain.returncode == -signal.SIGPIPE
