"""The benchmark's results: per-tool figures from timed runs, and bench/results.md with the goal checks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from measure import Measurement

GOAL_N = 10_000  # the goals speak of the 10k corpus
SMALL_N = 1_000  # ...and of growth from 1k to it
LABELS = {
    "newsroom": "newsroom (python-markdown)",
    "newsroom-cmark": "newsroom (cmark)",
    "pelican": "Pelican",
    "hugo": "Hugo",
}
REBUILDS = ("no change", "one article edited", "template changed (bodies cached)")
SEARCHED = "one article edited, with the search index"  # as a plain `build` makes it; no goal names it
RESTORED = "one article edited, in a fresh clone given .cache/ and the output"  # a CI job keeping both
STAGED = ("newsroom", "newsroom-cmark")  # the tools that report their stage timings


@dataclass
class ToolResult:
    """The timed runs of one tool (or one kind of rebuild) on one corpus."""

    name: str
    runs: list[Measurement] = field(default_factory=list)
    pages: int = 0
    error: str | None = None  # why the tool failed, with the end of its log
    stages: list[dict[str, float]] = field(default_factory=list)  # newsroom's seconds per stage, per run

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.runs)

    @property
    def fastest(self) -> float:
        return min(m.wall for m in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(m.cpu for m in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(m.peak_mb for m in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(m.max_rss_mb for m in self.runs)

    @property
    def measured(self) -> bool:
        return bool(self.runs) and self.error is None


@dataclass
class SizeResult:
    """Everything measured on the corpus of one size."""

    n: int
    manifest: dict
    tools: dict[str, ToolResult] = field(default_factory=dict)
    rebuilds: dict[str, ToolResult] = field(default_factory=dict)
    search: ToolResult | None = None
    checks: list[tuple[str, bool]] = field(default_factory=list)  # (what was checked, did it hold)
    markdown_floor: list[float] = field(default_factory=list)  # Python-Markdown alone, seconds per run


def seconds(value: float) -> str:
    """Format seconds for a table."""
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def table_head(first: str) -> list[str]:
    """Return the header lines of a table of timed runs."""
    columns = [first, "wall s", "fastest s", "CPU s", "peak memory MB", "largest process MB", "pages",
               "pages/s", "runs"]
    return ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]


def tool_row(label: str, result: ToolResult, rate: bool = True) -> str:
    """Return one table row of timed runs; a rebuild's row has no pages per second (it writes few)."""
    if not result.measured:
        return f"| {label} | failed: {first_line(result.error)} | | | | | | | |"
    pages_per_second = f"{result.pages / result.wall:,.0f}" if rate and result.wall else "–"
    return (f"| {label} | {seconds(result.wall)} | {seconds(result.fastest)} | {seconds(result.cpu)} | "
            f"{result.peak_mb:.0f} | {result.max_rss_mb:.0f} | {result.pages:,} | {pages_per_second} | "
            f"{len(result.runs)} |")


def stage_line(label: str, result: ToolResult) -> str | None:
    """newsroom's median seconds per stage, and its wall time without the aggregate stage."""
    runs = [stages for stages in result.stages if stages]
    if not result.measured or not runs:
        return None
    names = list(dict.fromkeys(name for stages in runs for name in stages))
    medians = {name: statistics.median(stages.get(name, 0.0) for stages in runs) for name in names}
    shown = []
    for name, value in medians.items():
        if ": " in name:  # a stage's part (see run.stage_times): shown with its stage
            continue
        parts = [f"{part.partition(': ')[2]} {seconds:.2f}" for part, seconds in medians.items()
                 if part.startswith(f"{name}: ")]
        shown.append(f"{name} {value:.2f}" + (f" ({', '.join(parts)})" if parts else ""))
    rest = result.wall - medians.get("aggregate", 0.0)
    return f"- {label}: {', '.join(shown)} (seconds, median); wall time without aggregate: {rest:.2f} s"


def first_line(text: str | None) -> str:
    """Return the first line of an error, for a table cell."""
    return (text or "not run").strip().splitlines()[0].replace("|", "/")


def ratio_lines(size: SizeResult) -> list[str]:
    """Return newsroom's time as a fraction of each peer's, for each engine."""
    lines = []
    for ours in ("newsroom", "newsroom-cmark"):
        for peer in ("pelican", "hugo"):
            a, b = size.tools.get(ours), size.tools.get(peer)
            if a and b and a.measured and b.measured:
                quotient = a.wall / b.wall
                speed = f"{1 / quotient:.1f}× faster" if quotient <= 1 else f"{quotient:.1f}× slower"
                lines.append(f"- {LABELS[ours]} ÷ {LABELS[peer]}: {quotient:.2f} of the time ({speed})")
    return lines


def size_section(size: SizeResult) -> list[str]:
    """Return the Markdown section for one corpus size."""
    m = size.manifest
    out = [f"## {size.n:,} articles", "",
           f"{m['events']:,} events, {m['tags']} tags, {m['sources']} sources, {m['words']:,} words, "
           f"{m['first_date']} to {m['last_date']}.", "",
           "Cold builds (output folder and caches moved aside before each, and removed when the benchmark "
           "ends):", "",
           *table_head("tool")]
    out += [tool_row(LABELS[name], result) for name, result in size.tools.items()]
    if size.search:
        out.append(tool_row("newsroom (python-markdown) with search index", size.search))
    ratios = ratio_lines(size)
    if ratios:
        out += ["", *ratios]
    if size.markdown_floor:
        out += ["", f"Python-Markdown alone, with newsroom's extensions, converting the {size.n:,} bodies on "
                f"every core: {seconds(statistics.median(size.markdown_floor))} s (median of "
                f"{len(size.markdown_floor)}; fastest {seconds(min(size.markdown_floor))} s). A build with "
                "the default engine takes at least this long here, whatever else it does."]
    stages = [stage_line(LABELS[name], result) for name, result in size.tools.items() if name in STAGED]
    if any(stages):
        out += ["", "newsroom's stages (from `--verbose`):", "", *[line for line in stages if line]]
    if size.rebuilds:
        out += ["", "newsroom rebuilds into the same output folder (python-markdown, caches warm):", "",
                *table_head("rebuild")]
        out += [tool_row(name, result, rate=False) for name, result in size.rebuilds.items()]
        lines = [stage_line(name, result) for name, result in size.rebuilds.items()]
        if any(lines):
            out += ["", *[line for line in lines if line]]
    if size.checks:
        out += ["", *[f"- {'yes' if held else 'NO'}: {what}" for what, held in size.checks]]
    return out + [""]


def goal_lines(sizes: dict[int, SizeResult]) -> list[tuple[str, bool | None]]:
    """Check the speed and memory goals; None means not measured in this run."""
    big, small = sizes.get(GOAL_N), sizes.get(SMALL_N)

    def wall(size: SizeResult | None, name: str, table: str = "tools") -> float | None:
        result = getattr(size, table).get(name) if size else None
        return result.wall if result and result.measured else None

    def peak(result: ToolResult | None) -> float | None:
        return result.peak_mb if result and result.measured else None

    ours, cmark = wall(big, "newsroom"), wall(big, "newsroom-cmark")
    pelican, hugo = wall(big, "pelican"), wall(big, "hugo")
    goals: list[tuple[str, bool | None]] = []

    def check(text: str, value: float | None, limit: float | None, unit: str = "s", floor: float | None = None
              ) -> None:
        if value is None or limit is None:
            goals.append((text, None))
            return
        text = f"{text}: {value:.2f} {unit}, limit {limit:.2f} {unit}"
        if floor is not None:  # the fastest of its runs: what the engine needs at the least
            below = "; the limit is below it" if floor > limit else ""
            text += f" (Python-Markdown alone: {floor:.2f} {unit}{below})"
        goals.append((text, value <= limit))

    floor = min(big.markdown_floor) if big and big.markdown_floor else None
    check("Cold build, 10k, python-markdown, at least 6× faster than Pelican", ours,
          pelican / 6 if pelican else None, floor=floor)
    check("Cold build, 10k, python-markdown, within 1.25× of Hugo", ours, hugo * 1.25 if hugo else None,
          floor=floor)
    check("Cold build, 10k, cmark, at most half of Hugo's time", cmark, hugo / 2 if hugo else None)
    check("No-change rebuild, 10k, under 1 s", wall(big, REBUILDS[0], "rebuilds"), 1.0)
    check("One article edited, 10k, under 2 s", wall(big, REBUILDS[1], "rebuilds"), 2.0)
    check("Template changed (bodies cached), 10k, under half of Hugo's cold time",
          wall(big, REBUILDS[2], "rebuilds"), hugo / 2 if hugo else None)
    for name in ("newsroom", "newsroom-cmark"):
        check(f"Peak memory, 10k, {LABELS[name]}, under 500 MB", peak(big.tools.get(name) if big else None),
              500.0, "MB")
    check(f"Peak memory, 10k, {LABELS['newsroom']} with search index (a plain build), under 500 MB",
          peak(big.search if big else None), 500.0, "MB")
    for name in ("newsroom", "newsroom-cmark"):
        a, b = wall(small, name), wall(big, name)
        growth = b / a if a and b else None
        check(f"Time from 1k to 10k, {LABELS[name]}, grows at most 11×", growth, 11.0, "×")
    return goals


def render_results(sizes: dict[int, SizeResult], machine: list[str], runs: int) -> str:
    """Return bench/results.md: method, machine, one section per corpus size, scaling, goals."""
    out = ["# Benchmark results", "",
           f"Written by `make bench`. Each figure is the median of {runs} timed runs after one warm-up run "
           "(the fastest run is shown too: other load on the machine only ever slows a run down); "
           "in each round every tool runs once, in an order that rotates from round to round, and every run "
           "starts once what earlier runs wrote is on disk (sync). Wall time is start to exit; CPU is user "
           "+ system time of the build and every process it waited for; peak "
           "memory is the largest total PSS of the build's process tree (sampled every 50 ms, or less often "
           "when a sample costs more than 1 ms, so that sampling takes about 2% of one core; and never less "
           "than the largest single process's RSS from getrusage); pages are the `.html` files written. "
           "newsroom's modules are byte-compiled before the first run, as pip compiles Pelican's when it "
           "installs it.", "",
           "## Machine", "", *[f"- {line}" for line in machine], ""]
    for n in sorted(sizes):
        out += size_section(sizes[n])
    if len(sizes) > 1:
        out += ["## Scaling", ""]
        first, last = min(sizes), max(sizes)
        for name, label in LABELS.items():
            a, b = sizes[first].tools.get(name), sizes[last].tools.get(name)
            if a and b and a.measured and b.measured:
                out.append(f"- {label}: {b.wall / a.wall:.1f}× the time for {last // first}× the articles")
        out.append("")
    out += ["## Goals", ""]
    for text, held in goal_lines(sizes):
        out.append(f"- {'NOT MEASURED' if held is None else 'PASS' if held else 'FAIL'}: {text}")
    return "\n".join(out) + "\n"
