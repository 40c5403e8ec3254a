#!/usr/bin/env python3
"""The benchmark: newsroom (both Markdown engines), Pelican and Hugo on the same synthetic corpora,
cold builds alternating tool by tool, then newsroom's rebuilds; prints and writes bench/results.md.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import peers
from corpus import ensure_corpus
from corpus_sites import newsroom_config
from floors import markdown_floor
from measure import FREED_RECENTLY, Measurement, Trash, count_pages, last_lines, run_measured
from report import REBUILDS, RESTORED, SEARCHED, SizeResult, ToolResult, render_results

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "results.md"
TRASH = Trash(OUT / "trash")  # what runs clear, removed when the benchmark ends (see measure.Trash)
TOOLS = ("newsroom", "newsroom-cmark", "pelican", "hugo")
ENGINES = {"newsroom": "python-markdown", "newsroom-cmark": "cmark"}


@dataclass
class Tool:
    """How to run one generator's cold build: its command, output folder and what to clear first."""

    name: str
    command: list[str]
    output: Path
    clear: list[Path]  # cleared before each cold build: the output and every cache
    env: dict[str, str] | None = None
    setup: list[tuple[Path, str]] = field(default_factory=list)  # files (re)written after clearing

    def prepare(self) -> None:
        """Clear the output and caches, so the next run is a cold build."""
        for path in self.clear:
            TRASH.discard(path)
        for path, text in self.setup:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def newsroom_command(config: Path, output: Path, search: bool = False) -> list[str]:
    """The newsroom build command for a config file and output folder."""
    # --verbose prints the build's stage timings (and any warnings) into the run's log.
    command = [sys.executable, str(REPO / "build.py"), "build", "--config", str(config),
               "--output", str(output), "--verbose"]
    return command if search else [*command, "--no-search"]


def newsroom_tool(name: str, corpus: Path, work: Path, search: bool = False) -> Tool:
    """newsroom on the corpus's records; its config sits in a folder of its own, where its cache goes."""
    site, output = work / name, work / f"{name}-site"
    config = newsroom_config(REPO / "templates", ENGINES[name.removesuffix("-search")],
                             str(corpus / "newsroom" / "articles"))
    return Tool(name, newsroom_command(site / "config.yaml", output, search), output, [site, output],
                setup=[(site / "config.yaml", config)])


def peer_tool(name: str, corpus: Path, work: Path) -> Tool:
    """Pelican or Hugo on the corpus's site for it."""
    output = work / f"{name}-site"
    if name == "pelican":
        site = corpus / "pelican"
        command = [*peers.pelican_command(), str(site / "content"), "-s", str(site / "pelicanconf.py"),
                   "-o", str(output), "-q"]
        # Keep the corpus folder unchanged: no __pycache__ for pelicanconf.py.
        return Tool(name, command, output, [output], env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    cache = work / "hugo-cache"
    command = [str(peers.hugo_binary()), "build", "--source", str(corpus / "hugo"),
               "--destination", str(output), "--cacheDir", str(cache), "--quiet", "--noBuildLock"]
    return Tool(name, command, output, [output, cache])


def run_once(tool: Tool, log: Path, cold: bool = True) -> Measurement:
    """Run a tool once (after clearing its output and caches when cold)."""
    if cold:
        tool.prepare()
    return run_measured(tool.command, log, env=tool.env)


def progress(n: int, text: str) -> None:
    """Print a progress line to stderr."""
    print(f"[{n:,}] {text}", file=sys.stderr, flush=True)


def time_cold(tools: list[Tool], runs: int, n: int, work: Path) -> dict[str, ToolResult]:
    """One warm-up round, then `runs` timed rounds of cold builds; each round runs every tool once,
    starting with a different tool each round, so no tool always runs first."""
    results = {tool.name: ToolResult(tool.name) for tool in tools}
    for round_number in range(runs + 1):
        shift = round_number % len(tools)
        for tool in tools[shift:] + tools[:shift]:
            result = results[tool.name]
            if result.error:
                continue
            log = work / "logs" / f"{tool.name}-{round_number}.log"
            measurement = run_once(tool, log)
            name = "warm-up" if round_number == 0 else f"round {round_number}/{runs}"
            progress(n, f"{name} {tool.name}: {measurement.wall:.2f} s")
            if not measurement.ok:
                result.error = f"exit code {measurement.returncode} (log: {log})\n{last_lines(log)}"
                progress(n, f"{tool.name} failed:\n{result.error}")
                continue
            result.pages = count_pages(tool.output)
            if round_number > 0:
                result.runs.append(measurement)
                result.stages.append(stage_times(log))
    return results


def rebuild_site(corpus: Path, work: Path) -> Tool:
    """Copy the corpus's records and the repository's templates into a site of their own, so edits
    for the rebuild timings never touch the originals; return its build (into one output folder)."""
    site, output = work / "rebuilds", work / "rebuilds-site"
    TRASH.discard(site)
    TRASH.discard(output)
    shutil.copytree(corpus / "newsroom" / "articles", site / "articles")
    shutil.copytree(REPO / "templates", site / "templates")
    (site / "config.yaml").write_text(newsroom_config(Path("templates")), encoding="utf-8")
    return Tool("rebuilds", newsroom_command(site / "config.yaml", output), output, [])


def edit_site(site: Path, step: int, k: int) -> tuple[Path, str] | None:
    """Make edit k of a rebuild step; return the page that must show it, and the text it must hold."""
    if step == 1:  # a sentence appended to a different record each time
        records = sorted((site / "articles").glob("*.md"))
        record = records[(k + 1) * len(records) // (k + 2)]
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"\nThis article was updated (bench revision {k + 1}).\n")
        return Path("articles") / record.stem / "index.html", f"bench revision {k + 1}"
    if step == 2:  # an HTML comment at the end of the layout every page extends
        with open(site / "templates" / "base.html", "a", encoding="utf-8") as handle:
            handle.write(f"<!-- bench template edit {k + 1} -->\n")
        return Path("index.html"), f"bench template edit {k + 1}"
    return None


def time_rebuilds(corpus: Path, work: Path, runs: int, n: int) -> tuple[dict[str, ToolResult], list]:
    """Time newsroom's rebuilds into the same output after one cold build: with nothing changed, after
    one record is edited, and after the base template is edited; check each edit reaches the pages."""
    tool = rebuild_site(corpus, work)
    first_log = work / "logs" / "rebuilds-cold.log"
    if not run_once(tool, first_log, cold=False).ok:
        error = f"the first build failed (log: {first_log})\n{last_lines(first_log)}"
        return {name: ToolResult(name, error=error) for name in REBUILDS}, []
    results = {name: ToolResult(name) for name in REBUILDS}
    shown = dict.fromkeys(range(len(REBUILDS)), True)
    for step, name in enumerate(REBUILDS):
        for k in range(runs):
            expected = edit_site(work / "rebuilds", step, k)
            log = work / "logs" / f"rebuild-{step}-{k}.log"
            measurement = run_once(tool, log, cold=False)
            progress(n, f"rebuild, {name}: {measurement.wall:.2f} s")
            if not measurement.ok:
                results[name].error = f"exit code {measurement.returncode} (log: {log})\n{last_lines(log)}"
                shown[step] = False
                break
            results[name].runs.append(measurement)
            results[name].stages.append(stage_times(log))
            results[name].pages = count_pages(tool.output)
            if expected:
                shown[step] &= page_contains(tool.output / expected[0], expected[1])
    results[RESTORED] = time_restored_edits(tool, work, runs, n)
    results[SEARCHED] = time_searched_edits(tool, work, runs, n)  # last: its first build adds the index
    checks = [("each edited article's page shows the edit after its rebuild", shown[1]),
              ("the home page shows each template edit after its rebuild", shown[2])]
    return results, checks


def time_searched_edits(tool: Tool, work: Path, runs: int, n: int) -> ToolResult:
    """Time the rebuild after one edit as a plain `build` makes it, search index included, after an
    untimed build that makes the index."""
    searched = replace(tool, command=[part for part in tool.command if part != "--no-search"])
    result = ToolResult(SEARCHED)
    logs = [work / "logs" / f"rebuild-search-{k}.log" for k in range(runs + 1)]
    for k, log in enumerate(logs):
        if k:
            edit_site(work / "rebuilds", 1, runs + k)  # records no other rebuild edited
        measurement = run_once(searched, log, cold=False)
        if not measurement.ok:
            result.error = f"exit code {measurement.returncode} (log: {log})\n{last_lines(log)}"
            break
        if k:
            progress(n, f"rebuild, {SEARCHED}: {measurement.wall:.2f} s")
            result.runs.append(measurement)
            result.stages.append(stage_times(log))
            result.pages = count_pages(tool.output)
    return result


def time_restored_edits(tool: Tool, work: Path, runs: int, n: int) -> ToolResult:
    """Time the rebuild after one edit in a fresh clone given the last build's .cache/ and output, as a
    CI job that keeps both (actions/cache) makes it: every file has a new inode, and the records and
    templates new mtimes too, as a checkout gives them; the output's files keep theirs, as tar does."""
    site, aside = work / "rebuilds", work / "aside"
    result = ToolResult(RESTORED)
    for k in range(runs):
        expected = edit_site(site, 1, 2 * runs + 1 + k)  # records no other rebuild edits
        for folder, copy in ((site / "articles", shutil.copyfile), (site / "templates", shutil.copyfile),
                             (tool.output, shutil.copy2)):
            TRASH.discard(aside)
            folder.rename(aside)
            shutil.copytree(aside, folder, copy_function=copy)
        TRASH.discard(aside)
        log = work / "logs" / f"rebuild-restored-{k}.log"
        measurement = run_once(tool, log, cold=False)
        if not measurement.ok:
            result.error = f"exit code {measurement.returncode} (log: {log})\n{last_lines(log)}"
            break
        if expected and not page_contains(tool.output / expected[0], expected[1]):
            result.error = f"the edit is not on {expected[0]} (log: {log})"
            break
        progress(n, f"rebuild, {RESTORED}: {measurement.wall:.2f} s")
        result.runs.append(measurement)
        result.stages.append(stage_times(log))
        result.pages = count_pages(tool.output)
    return result


def stage_times(log: Path) -> dict[str, float]:
    """The seconds per stage from a newsroom log's `stages: load 1.20 s, aggregate 3.10 s, ...` line, and
    per part of a stage from the lines under it (`  aggregate: reading 1.00 s, ...`), keyed
    "aggregate: reading"."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    start = next((i for i in reversed(range(len(lines))) if lines[i].startswith("stages: ")), None)
    if start is None:
        return {}
    found = _timings(lines[start].removeprefix("stages: "), "")
    for line in lines[start + 1 :]:
        stage, colon, parts = line.strip().partition(": ")
        if not line.startswith("  ") or not colon:
            break
        found.update(_timings(parts, f"{stage}: "))
    return found


def _timings(text: str, prefix: str) -> dict[str, float]:
    """`load 1.20 s, render 2.00 s` as {prefix + "load": 1.2, prefix + "render": 2.0}."""
    parts = [part.rsplit(" ", 2) for part in text.split(", ") if part.strip()]
    return {prefix + name: float(value) for name, value, _ in parts}


def page_contains(page: Path, text: str) -> bool:
    """Tell whether a written page holds a piece of text."""
    try:
        return text in page.read_text(encoding="utf-8")
    except OSError:
        return False


def measure_size(n: int, names: list[str], runs: int) -> SizeResult:
    """Build (or reuse) the corpus of n articles and measure every tool on it."""
    corpus, work = OUT / f"corpus-{n}", OUT / f"runs-{n}"
    progress(n, f"corpus in {corpus.relative_to(REPO)}")
    manifest = ensure_corpus(n, corpus)
    tools = [newsroom_tool(name, corpus, work) if name in ENGINES else peer_tool(name, corpus, work)
             for name in names]
    size = SizeResult(n, manifest)
    size.tools = time_cold(tools, runs, n, work)
    if "newsroom" in names:  # beside the goals that name the default engine: its own share of them
        size.markdown_floor = markdown_floor(corpus / "newsroom" / "articles", runs)
        progress(n, f"Python-Markdown alone: {min(size.markdown_floor):.2f} s at best")
    if "newsroom" in names and size.tools["newsroom"].measured:
        # Before the rebuilds: pages they replace free their inodes, and new files would meet them.
        search = newsroom_tool("newsroom-search", corpus, work, search=True)
        measurement = run_once(search, work / "logs" / "newsroom-search.log")
        progress(n, f"newsroom with search: {measurement.wall:.2f} s")
        size.search = ToolResult("search", [measurement], count_pages(search.output))
        if not measurement.ok:
            log = work / "logs" / "newsroom-search.log"
            size.search.error = f"exit code {measurement.returncode} (log: {log})\n{last_lines(log)}"
        size.rebuilds, size.checks = time_rebuilds(corpus, work, runs, n)
    return size


def machine_lines(names: list[str]) -> list[str]:
    """Describe the machine and the versions of everything measured."""
    model = next((line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo")
                  if line.startswith("model name")), "unknown CPU")
    memory = next((int(line.split()[1]) for line in read_lines("/proc/meminfo")
                   if line.startswith("MemTotal")), 0)
    lines = [f"{len(os.sched_getaffinity(0))} cores ({model}), {memory / 2**20:.0f} GB memory, "
             f"{platform.system()} {platform.release()}",
             f"Python {platform.python_version()}",
             f"load average when the benchmark started: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
             "(1, 5, 15 minutes; near 0 means nothing else was running)"]
    version = subprocess.run([sys.executable, str(REPO / "build.py"), "--version"], capture_output=True,
                             text=True)
    named = (version.stdout or version.stderr).strip() or "newsroom, version unknown"
    lines.append(f"{named}{git_revision()}")
    try:
        from importlib.metadata import version as package_version
        lines.append(f"cmark engine: cmarkgfm {package_version('cmarkgfm')}")
    except Exception:  # noqa: BLE001 - not installed: the cmark runs report the build's own error
        lines.append("cmark engine: cmarkgfm not installed")
    if {"pelican", "hugo"} & set(names):
        lines.append("peers: " + ", ".join(peers.tool_versions().values()))
    return lines


def git_revision() -> str:
    """Return ' (commit abc1234)' for the checked-out commit, or '' outside a git checkout."""
    result = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True)
    return f" (commit {result.stdout.strip()})" if result.returncode == 0 else ""


def read_lines(path: str) -> list[str]:
    """Return a text file's lines, or none if it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Time newsroom, Pelican and Hugo on synthetic news corpora.")
    parser.add_argument("--n", default=os.environ.get("BENCH_N") or "1000,10000",
                        help="corpus sizes, comma-separated (default: $BENCH_N or 1000,10000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="timed runs per tool after the warm-up (default 3)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"tools to run (default {','.join(TOOLS)})")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the results (Markdown)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal fails")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(part) for part in args.n.split(",") if part.strip()})
    except ValueError:
        parser.error(f"--n {args.n!r}: give whole numbers separated by commas, e.g. 1000,10000")
    args.names = [name.strip() for name in args.tools.split(",") if name.strip()]
    unknown = sorted(set(args.names) - set(TOOLS))
    if unknown or not args.names:
        parser.error(f"--tools: unknown {', '.join(unknown) or 'empty list'}; choose from {', '.join(TOOLS)}")
    if args.runs < 1 or not args.sizes or min(args.sizes) < 1:
        parser.error("--runs and every --n size must be at least 1")
    return args


def compile_newsroom() -> None:
    """Byte-compile newsroom's modules, as pip does for an installed package such as Pelican: an
    editable install leaves that to the first import, and an environment that sets
    PYTHONDONTWRITEBYTECODE never does it, so every run would compile the sources again."""
    if not compileall.compile_dir(REPO / "newsroom", quiet=1):
        raise SystemExit("bench: newsroom's modules do not compile")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results; exit 1 if a tool failed (or, with --strict, a goal)."""
    args = parse_args(argv)
    compile_newsroom()
    if TRASH.empty():  # left by a benchmark that was stopped: let its freed inodes age first
        print("bench: removed what a stopped benchmark left; waiting a minute before the first run",
              file=sys.stderr, flush=True)
        os.sync()
        time.sleep(FREED_RECENTLY)
    try:
        machine = machine_lines(args.names)
        sizes = {n: measure_size(n, args.names, args.runs) for n in args.sizes}
    except peers.PeersMissing as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        TRASH.empty()
    text = render_results(sizes, machine, args.runs)
    args.results.write_text(text, encoding="utf-8")
    print(text)
    failed = any(not r.measured for s in sizes.values() for r in [*s.tools.values(), *s.rebuilds.values()])
    goal_failed = "- FAIL:" in text
    return 1 if failed or (args.strict and goal_failed) else 0


if __name__ == "__main__":
    sys.exit(main())
