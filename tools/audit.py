#!/usr/bin/env python3
"""Lighthouse scores of the built site: index, a story and an article, served on 127.0.0.1 (`make audit`)."""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--disable-dev-shm-usage")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder the way a static host does, without a request log."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
        pass


def main(argv: list[str] | None = None) -> int:
    """Build the site into a temporary folder, serve it, run Lighthouse on three pages, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, default=ROOT / "config.yaml", help="config file (config.yaml)")
    parser.add_argument("--reports", type=Path, default=REPORTS, help=f"where reports go ({REPORTS.name}/)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"lighthouse is missing: run 'npm ci' in {ROOT}", file=sys.stderr)
        return 2
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="newsroom-audit-") as folder:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        build(args.config, Path(folder), base_url)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            pages = audited_pages(Path(folder))
            args.reports.mkdir(parents=True, exist_ok=True)
            scores = {name: lighthouse(base_url + path, args.reports / name, chrome)
                      for name, path in pages.items()}
        finally:
            server.shutdown()
            server.server_close()
    print_scores(scores)
    missed = [f"{name} {category} {score} < {GOALS[category]}" for name, row in scores.items()
              for category, score in row.items() if score < GOALS[category]]
    for line in missed:
        print(f"below goal: {line}", file=sys.stderr)
    print(f"reports: {args.reports}")
    return 1 if missed else 0


def build(config: Path, output: Path, base_url: str) -> None:
    """Build the site for base_url into output, as `build.py build` does."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--config", str(config),
               "--output", str(output), "--base-url", base_url, "--quiet"]
    subprocess.run(command, cwd=config.parent, check=True)


def audited_pages(folder: Path) -> dict[str, str]:
    """The home page, the first story and the first article of a build, as site-relative URLs."""
    pages = {"index": ""}
    for name, kind in (("story", "stories"), ("article", "articles")):
        found = sorted(p.parent.name for p in (folder / kind).glob("*/index.html"))
        if not found:
            raise SystemExit(f"the build has no {kind} pages to audit")
        pages[name] = f"{kind}/{found[0]}/"
    return pages


def lighthouse(url: str, report: Path, chrome: str) -> dict[str, int]:
    """Run Lighthouse (mobile, simulated throttling) on one URL; return its category scores out of 100."""
    command = [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}",
               f"--only-categories={','.join(CATEGORIES)}", "--output=json", "--output=html",
               f"--output-path={report}", "--quiet"]
    subprocess.run(command, check=True, timeout=300, env={**os.environ, "CHROME_PATH": chrome})
    result = json.loads(report.with_suffix(".report.json").read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise SystemExit(f"lighthouse failed on {url}: {result['runtimeError']}")
    return {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}


def print_scores(scores: dict[str, dict[str, int]]) -> None:
    """One row per page, one column per category."""
    print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, row in scores.items():
        print(f"{name:<10}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))


if __name__ == "__main__":
    sys.exit(main())
