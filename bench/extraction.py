#!/usr/bin/env python3
"""Score the normalizer on the extraction benchmark: normalize every dump, score the bodies, compare.

    python bench/extraction.py [--bench DIR] [--out DIR] [--show-errors] [--halves]

Each dump `DIR/dumps/<id>.txt` is normalized as a raw text file; the record's body goes to
`bench/out/extraction/<id>.md`; `DIR/score.py` scores that folder (with this Python); the result
is printed beside the baseline table of `DIR/README.md`. `--halves` also scores the two halves of
the pages taken alternately by sorted id (even and odd positions), so that a rule studied on the
failures of one half can be checked on the other.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsroom.errors import UserError  # noqa: E402
from newsroom.ingest import normalize  # noqa: E402

DEFAULT_BENCH = "../shared/bench/extraction"
PER_PAGE = re.compile(r"^(?P<id>\S+)\s+tp=(?P<tp>\d+) fn=(?P<fn>\d+) fp=(?P<fp>\d+) tn=(?P<tn>\d+)$")
TABLE_ROW = re.compile(r"^\|(?P<system>[^|]+)\|(?P<cells>(?:[^|]*\|){8})\s*$")


def main(argv: list[str] | None = None) -> int:
    """Normalize the dumps, score them, print the comparison; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT / DEFAULT_BENCH, help="the benchmark folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "extraction",
                        help="where the bodies are written")
    parser.add_argument("--show-errors", action="store_true", help="list missed and wrongly kept strings")
    parser.add_argument("--halves", action="store_true",
                        help="also score the even and odd halves of the pages")
    args = parser.parse_args(argv)
    bench = args.bench.resolve()
    dumps = sorted((bench / "dumps").glob("*.txt"))
    if not dumps:
        print(f"no dumps in {bench / 'dumps'}; pass --bench DIR", file=sys.stderr)
        return 1
    seconds, refused = normalize_all(dumps, args.out)
    totals = score(bench, args.out, args.show_errors)
    print_table(bench, totals, len(dumps), refused, seconds)
    if args.halves:
        print_halves(bench, args.out)
    return 0


def normalize_all(dumps: list[Path], out: Path) -> tuple[float, list[str]]:
    """Write each dump's record body to out/<id>.md; return the seconds taken and the refused ids."""
    out.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []
    start = time.perf_counter()
    for dump in dumps:
        try:
            body = normalize(dump.read_bytes(), f"raw/{dump.name}").body
        except UserError:
            body, _ = "", refused.append(dump.stem)
        (out / f"{dump.stem}.md").write_text(body, encoding="utf-8", newline="\n")
    return time.perf_counter() - start, refused


def score(bench: Path, out: Path, show_errors: bool) -> dict[str, float]:
    """Run the benchmark's own scorer on the output folder; return its totals."""
    scorer = [sys.executable, str(bench / "score.py"), str(out)]
    if show_errors:
        subprocess.run([*scorer, "--show-errors"], check=True)
    result = subprocess.run([*scorer, "--json"], check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def print_table(bench: Path, totals: dict[str, float], pages: int, refused: list[str],
                seconds: float) -> None:
    """Print precision, recall and F1 of this run under the README's baselines."""
    rows = baselines(bench / "README.md")
    rows.append(("newsroom normalizer on the dump (this run)", totals["precision"], totals["recall"],
                 totals["f1"]))
    width = max(len(name) for name, *_ in rows)
    print(f"{'system':<{width}}  precision  recall     F1")
    for name, precision, recall, f1 in rows:
        print(f"{name:<{width}}  {precision:9.3f}  {recall:6.3f}  {f1:5.3f}")
    print(f"\n{pages} dumps in {seconds:.1f} s; TP {totals['tp']} FN {totals['fn']} FP {totals['fp']} "
          f"TN {totals['tn']}; refused as not an article: {len(refused)}" + (f" ({', '.join(refused)})"
                                                                             if refused else ""))


def print_halves(bench: Path, out: Path) -> None:
    """Precision, recall and F1 of the pages at even and at odd positions of the sorted ids."""
    scorer = [sys.executable, str(bench / "score.py"), str(out), "--per-page"]
    result = subprocess.run(scorer, check=True, capture_output=True, text=True)
    pages = sorted((m["id"], m) for m in map(PER_PAGE.match, result.stdout.splitlines()) if m)
    for name, half in (("even half", pages[0::2]), ("odd half", pages[1::2])):
        tp, fn, fp = (sum(int(m[key]) for _, m in half) for key in ("tp", "fn", "fp"))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        print(f"{name} ({len(half)} pages): precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
              f"  (TP {tp} FN {fn} FP {fp})")


def baselines(readme: Path) -> list[tuple[str, float, float, float]]:
    """The baseline rows (system, precision, recall, F1) of the README's table, shortened."""
    if not readme.is_file():
        return []
    rows = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        found = TABLE_ROW.match(line.strip())
        if not found:
            continue
        cells = [c.strip() for c in found["cells"].split("|")[:8]]
        try:
            precision, recall, f1 = float(cells[4]), float(cells[5]), float(cells[7])
        except ValueError:
            continue  # the header row
        name = re.sub(r"\([^)]*\)", "", re.sub(r"`[^`]*`", "", found["system"]))  # drop the details
        name = re.sub(r"\s+", " ", name).strip(" ,")
        rows.append((name, precision, recall, f1))
    return rows


if __name__ == "__main__":
    sys.exit(main())
