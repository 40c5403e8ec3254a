"""The benchmark harness: what a run measures from the OS, and how results become goal checks."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402
from measure import Measurement, Trash, TreeSampler, count_pages, run_measured  # noqa: E402
from report import REBUILDS, SizeResult, ToolResult, goal_lines, render_results  # noqa: E402

# Two forked processes each hold 60 MB for a moment: the tree's peak counts both, one process only one.
TWO_WORKERS = """
import os, time
pid = os.fork()
block = bytearray(80 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
time.sleep(0.6)
if pid:
    os.waitpid(pid, 0)
else:
    os._exit(0)
"""
# One process holding 400 MB for two seconds: each read of its PSS walks its 100,000 pages.
LARGE = """
import time
block = bytearray(400 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
time.sleep(2)
"""
MANIFEST = {"events": 4, "tags": 5, "sources": 3, "words": 7000, "first_date": "2023-01-01",
            "last_date": "2024-12-30"}


def test_a_run_reports_cpu_memory_of_the_whole_tree_and_the_exit_code(tmp_path: Path) -> None:
    busy = run_measured([sys.executable, "-c", "sum(range(3 * 10**7))"], tmp_path / "busy.log")
    assert busy.ok and busy.cpu > 0.2 and busy.wall >= busy.cpu * 0.5
    workers = run_measured([sys.executable, "-c", TWO_WORKERS], tmp_path / "workers.log")
    assert workers.ok
    assert 80 <= workers.max_rss_mb < 150  # one process: its own copy and an interpreter
    assert workers.peak_mb > 160  # both copies at once
    failing = [sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"]
    failed = run_measured(failing, tmp_path / "f.log")
    assert failed.returncode == 3 and not failed.ok
    assert (tmp_path / "f.log").read_text().strip() == "boom"


def test_a_run_starts_once_earlier_writes_are_on_disk(tmp_path: Path, monkeypatch) -> None:
    synced = []
    monkeypatch.setattr(measure.os, "sync", lambda: synced.append(True))
    assert run_measured([sys.executable, "-c", "pass"], tmp_path / "log").ok
    assert synced == [True]


def test_sampling_a_large_process_takes_little_of_a_core() -> None:
    # Read every 50 ms, this process's PSS took about 15% of a core (0.36 s over 2.4 s).
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", LARGE])
    sampler = TreeSampler(process.pid)
    sampler.start()
    process.wait()
    sampler.stop()
    assert sampler.peak_kb > 400 * 1024
    assert sampler.cpu < 0.05 * (time.perf_counter() - started)


def test_pages_are_the_html_files_written(tmp_path: Path) -> None:
    for name in ("index.html", "a/index.html", "a/b/index.html", "feed.xml", "style.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert count_pages(tmp_path) == 3


def test_what_a_run_clears_waits_in_the_trash_until_the_benchmark_ends(tmp_path: Path) -> None:
    trash = Trash(tmp_path / "trash")
    (trash.folder / "0").mkdir(parents=True)  # left by a benchmark that was stopped
    output = tmp_path / "site"
    (output / "a").mkdir(parents=True)
    (output / "a" / "index.html").write_text("page")
    trash.discard(output)
    trash.discard(tmp_path / "never-built")
    assert not output.exists()
    assert sorted(entry.name for entry in trash.folder.iterdir()) == ["0", "1"]
    assert (trash.folder / "1" / "a" / "index.html").read_text() == "page"
    assert trash.empty() and not trash.folder.exists()
    assert not trash.empty()


def test_a_cold_run_moves_its_output_and_caches_aside(tmp_path: Path, monkeypatch) -> None:
    import run

    monkeypatch.setattr(run, "TRASH", Trash(tmp_path / "trash"))
    output, cache, config = tmp_path / "site", tmp_path / "cache", tmp_path / "tool" / "config.yaml"
    for folder in (output, cache):
        folder.mkdir()
        (folder / "file").write_text(folder.name)
    run.Tool("tool", ["true"], output, [output, cache], setup=[(config, "title: x\n")]).prepare()
    assert not output.exists() and not cache.exists()
    moved = sorted((entry / "file").read_text() for entry in (tmp_path / "trash").iterdir())
    assert moved == ["cache", "site"]
    assert config.read_text() == "title: x\n"


def timed(name: str, *walls: float, peak: float = 300.0) -> ToolResult:
    """A tool result with the given wall times."""
    return ToolResult(name, [Measurement(w, w, peak / 2, peak, 0) for w in walls], pages=15_000)


def size(n: int, newsroom: float, cmark: float, pelican: float, hugo: float, rebuilds=(0.5, 1.5, 4.0),
         peak: float = 300.0) -> SizeResult:
    """A measured corpus size with one wall time per tool."""
    result = SizeResult(n, MANIFEST)
    result.tools = {"newsroom": timed("newsroom", newsroom, peak=peak),
                    "newsroom-cmark": timed("newsroom-cmark", cmark, peak=peak),
                    "pelican": timed("pelican", pelican), "hugo": timed("hugo", hugo)}
    result.rebuilds = {name: timed(name, wall) for name, wall in zip(REBUILDS, rebuilds, strict=True)}
    result.search = timed("search", newsroom * 1.5, peak=peak)
    return result


def verdicts(sizes: dict[int, SizeResult]) -> list[bool | None]:
    return [held for _, held in goal_lines(sizes)]


def test_goals_pass_when_every_figure_is_within_its_limit() -> None:
    sizes = {1000: size(1000, 2.0, 1.0, 12.0, 2.0), 10_000: size(10_000, 20.0, 9.0, 128.0, 21.0)}
    assert verdicts(sizes) == [True] * 11


def test_each_goal_fails_on_its_own_figure() -> None:
    small = size(1000, 2.0, 1.0, 12.0, 2.0)
    slow = verdicts({1000: small, 10_000: size(10_000, 30.0, 12.0, 128.0, 21.0, (1.2, 2.5, 11.0), peak=600)})
    assert slow == [False] * 11
    assert verdicts({1000: small, 10_000: size(10_000, 22.0, 9.0, 128.0, 21.0)})[:3] == [False, True, True]


def test_goals_about_10k_are_not_measured_without_it_and_failures_show_in_the_table() -> None:
    small = size(1000, 2.0, 1.0, 12.0, 2.0)
    small.tools["pelican"] = ToolResult("pelican", error="exit code 1 (log: x)\nTraceback")
    assert verdicts({1000: small}) == [None] * 11
    text = render_results({1000: small}, ["2 cores"], 3)
    assert "| Pelican | failed: exit code 1 (log: x) |" in text
    assert "- NOT MEASURED: Cold build, 10k" in text and "PASS" not in text


def test_stage_timings_are_read_from_the_log_and_reported_without_aggregate(tmp_path: Path) -> None:
    from report import stage_line
    from run import stage_times

    log = tmp_path / "build.log"
    log.write_text("warning: x\nstages: load 1.50 s, aggregate 4.00 s, render 2.25 s\nbuilt 3 articles\n")
    assert stage_times(log) == {"load": 1.5, "aggregate": 4.0, "render": 2.25}
    assert stage_times(tmp_path / "missing.log") == {}
    result = timed("newsroom", 9.0, 10.0, 11.0)
    result.stages = [{"load": float(n), "aggregate": n + 3.0} for n in (1, 2, 3)]
    line = stage_line("newsroom", result)
    assert line is not None
    assert "load 2.00, aggregate 5.00" in line and line.endswith("without aggregate: 5.00 s")
    assert stage_line("newsroom", timed("newsroom", 9.0)) is None  # no stage line in its logs


def test_the_parts_of_a_stage_are_read_from_the_lines_under_it_and_shown_with_their_stage(tmp_path: Path):
    from report import stage_line
    from run import stage_times

    log = tmp_path / "build.log"
    log.write_text("stages: load 1.00 s, aggregate 4.00 s, write 3.00 s\n"
                   "  aggregate: reading 1.50 s, clustering 0.50 s, stories 1.75 s\n"
                   "  write: search index 2.50 s\n"
                   "built 3 articles, 5 pages in 8.00 s -> public\n")
    assert stage_times(log) == {"load": 1.0, "aggregate": 4.0, "write": 3.0, "aggregate: reading": 1.5,
                                "aggregate: clustering": 0.5, "aggregate: stories": 1.75,
                                "write: search index": 2.5}
    result = timed("newsroom", 9.0)
    result.stages = [stage_times(log), {"load": 3.0, "aggregate": 6.0, "aggregate: reading": 2.5}]
    line = stage_line("newsroom", result)
    assert line is not None
    # A part that one run lacks counts 0 in it, as a stage does.
    assert line.startswith("- newsroom: load 2.00, aggregate 5.00 (reading 2.00, clustering 0.25, "
                           "stories 0.88), write 1.50 (search index 1.25) (seconds, median)")


def test_the_markdown_floor_converts_every_body_once_per_run(tmp_path: Path, monkeypatch) -> None:
    import floors

    for k in range(3):
        (tmp_path / f"a-{k}.md").write_text(f"---\ntitle: A {k}\n---\nBody *{k}*.\n\n- one\n- two\n")
    assert floors.read_bodies(tmp_path) == [f"Body *{k}*.\n\n- one\n- two" for k in range(3)]
    # In this process, as a worker does it: every body converts to HTML.
    monkeypatch.setattr(floors, "_bodies", floors.read_bodies(tmp_path))
    html = "<p>Body <em>0</em>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    assert floors._convert(range(3)) == 3 * len(html)
    monkeypatch.setattr(floors, "CHUNK", 2)
    walls = floors.markdown_floor(tmp_path, 2)
    assert len(walls) == 2 and all(wall > 0 for wall in walls)
    assert floors._bodies == []  # not kept once measured


def test_the_markdown_floor_is_set_beside_the_default_engine_goals() -> None:
    big = size(10_000, 30.0, 12.0, 60.0, 8.0)
    big.markdown_floor = [11.0, 10.5, 12.0]
    goals = [text for text, _ in goal_lines({1000: size(1000, 2.0, 1.0, 12.0, 2.0), 10_000: big})]
    assert goals[0].endswith("limit 10.00 s (Python-Markdown alone: 10.50 s; the limit is below it)")
    assert goals[1].endswith("limit 10.00 s (Python-Markdown alone: 10.50 s; the limit is below it)")
    assert "Python-Markdown" not in goals[2]  # the cmark goal
    text = render_results({10_000: big}, ["2 cores"], 3)
    assert "converting the 10,000 bodies on every core: 11.00 s (median of 3; fastest 10.50 s)" in text
    big.markdown_floor = [7.0]
    assert goal_lines({10_000: big})[0][0].endswith("(Python-Markdown alone: 7.00 s)")
