"""What a long build shows on a terminal: each stage and part of a stage on the bar, with its count."""

from __future__ import annotations

import io
import re
import time

from support import RecordedProgress, write_record

from newsroom import parallel, pipeline, progress
from newsroom.config import load_settings
from newsroom.errors import Problems
from newsroom.load import load_records
from newsroom.pipeline import BuildOptions, build_site, tree_stats

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal(io.StringIO):
    """What a terminal would be shown."""

    def isatty(self) -> bool:
        return True

    def text(self) -> str:
        return ANSI.sub("", self.getvalue())


def shown_bar(monkeypatch) -> tuple[progress.BuildProgress, Terminal]:
    """A BuildProgress drawing its bar on a terminal at once, once the bar is up."""
    # The environment of an ordinary terminal: rich draws no bar on a dumb one, or when told not to.
    for name in ("TTY_INTERACTIVE", "TTY_COMPATIBLE", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    terminal = Terminal()
    shown = progress.BuildProgress(bar=True, stream=terminal)
    deadline = time.monotonic() + 10
    while not terminal.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    return shown, terminal


def test_a_part_of_a_stage_shows_its_own_count_and_the_stage_keeps_its_time(monkeypatch):
    shown, terminal = shown_bar(monkeypatch)
    with shown.stage("aggregate"):
        shown.step("stories", 5)
        shown.advance(2)
        shown.advance(3)
    shown.close()  # the bar's last frame is drawn before it goes
    assert "stories" in terminal.text() and "5/5" in terminal.text()
    assert list(shown.timings) == ["aggregate"]


def test_each_part_of_a_stage_is_timed_until_the_next_one_or_the_stage_end(monkeypatch):
    clock = iter([0.0, 1.0, 3.0, 3.5, 10.0, 20.0, 20.5, 21.0])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    timed = progress.BuildProgress()
    with timed.stage("aggregate"):  # begins at 0
        timed.step("reading")  # 1
        timed.step("clustering")  # 3: reading took 2
        timed.step("reading")  # 3.5: clustering took 0.5
    # The stage ends at 10: reading took 6.5 more.
    with timed.stage("load"):  # 20
        timed.step("load")  # 20.5, until the stage ends at 21
    assert timed.parts == {"aggregate": {"reading": 8.5, "clustering": 0.5}, "load": {"load": 0.5}}
    assert timed.timings == {"aggregate": 10.0, "load": 1.0}
    # The load stage's one part is the stage under its own name: no line of parts for it.
    assert timed.summary() == ("stages: aggregate 10.00 s, load 1.00 s\n"
                               "  aggregate: reading 8.50 s, clustering 0.50 s")


def test_a_part_named_outside_a_stage_is_not_timed():
    timed = progress.BuildProgress()
    timed.step("search index", 3)
    with timed.stage("write"):
        pass
    assert timed.parts == {} and timed.summary() == f"stages: write {timed.timings['write']:.2f} s"


def test_a_part_without_a_count_shows_no_count(monkeypatch):
    shown, terminal = shown_bar(monkeypatch)
    with shown.stage("aggregate"):
        shown.step("clustering")
    shown.close()
    assert "clustering" in terminal.text()
    assert "/?" not in terminal.text() and "0/" not in terminal.text()


def test_no_bar_off_a_terminal_or_for_a_short_build():
    for terminal, bar in ((io.StringIO(), True), (Terminal(), True), (Terminal(), False)):
        shown = progress.BuildProgress(bar=bar, stream=terminal)
        with shown.stage("load", 3):
            shown.advance(3)
        shown.close()  # before SHOW_AFTER: a terminal is shown nothing either
        assert terminal.getvalue() == ""
        assert list(shown.timings) == ["load"]


def test_fork_map_counts_each_chunk_as_it_comes_back(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    counted: list[int] = []
    items = list(range(2 * parallel.CHUNKS_PER_WORKER * 32))
    assert parallel.fork_map(double, items, None, counted.append) == [2 * n for n in items]
    assert counted == [32] * 2 * parallel.CHUNKS_PER_WORKER  # chunks of 32 on two workers
    counted.clear()
    assert parallel.fork_map(double, items[:10], None, counted.append) == [2 * n for n in range(10)]
    assert counted == [10]  # a small input is done in one go


def double(items: list[int]) -> list[int]:
    return [2 * n for n in items]


def test_the_load_stage_counts_the_records_it_parses(tmp_path):
    for n in range(3):
        write_record(tmp_path, f"story-{n}", "A line of text.")
    articles = tmp_path / "articles"
    recorded = RecordedProgress()
    load_records(articles, tree_stats(articles), "python-markdown", Problems(), cache=tmp_path / ".cache",
                 progress=recorded)
    write_record(tmp_path, "story-1", "A new line of text.")
    load_records(articles, tree_stats(articles), "python-markdown", Problems(), cache=tmp_path / ".cache",
                 progress=recorded)
    assert recorded.steps == [["load", 3, 3], ["load", 1, 1]]  # the second time, only the edited one


def test_a_build_names_each_stage_and_part_on_the_bar(site, monkeypatch):
    named: list[str] = []

    class Recorder(progress.BuildProgress):
        def stage(self, name, total=None):
            named.append(name)
            return super().stage(name, total)

        def step(self, name, total=None):
            named.append(name)
            super().step(name, total)

    monkeypatch.setattr(pipeline, "BuildProgress", Recorder)
    settings = load_settings(site / "config.yaml")
    build_site(settings, BuildOptions(output=site / "public", search=False))
    assert named == ["ingest", "load", "load", "aggregate", "reading", "clustering", "stories", "plan",
                     "render", "write"]


def test_a_verbose_build_prints_its_stages_then_the_parts_of_each_stage_that_has_several(site, capsys):
    settings = load_settings(site / "config.yaml")
    build_site(settings, BuildOptions(output=site / "public", search=False, timings=True))
    lines = capsys.readouterr().out.splitlines()
    stages = next(i for i, line in enumerate(lines) if line.startswith("stages: "))
    assert re.fullmatch(r"stages: ingest [\d.]+ s, load [\d.]+ s, aggregate [\d.]+ s, plan [\d.]+ s, "
                        r"render [\d.]+ s, write [\d.]+ s", lines[stages])
    assert re.fullmatch(r"  aggregate: reading [\d.]+ s, clustering [\d.]+ s, stories [\d.]+ s",
                        lines[stages + 1])
    assert lines[stages + 2:] == []  # load's one part is the stage itself; a first build moves no page
