"""What the goals' work costs in one library alone: Python-Markdown over every body of a corpus, on
every core, as newsroom's default engine converts them (its extensions, no sanitizing, no files).

A build that renders each body with Python-Markdown takes at least this long on this machine, whatever
else it does; the report sets it beside the goals that name the default engine.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown

from newsroom.markup import PYTHON_MARKDOWN_EXTENSIONS
from newsroom.records import split_record

CHUNK = 250  # bodies per task: enough to keep both cores busy to the end, few enough to cost nothing

_bodies: list[str] = []  # set before the workers fork, so that they inherit the bodies, not a pickle
_engine: markdown.Markdown | None = None  # each worker's own


def read_bodies(articles: Path) -> list[str]:
    """The Markdown bodies of a folder's records, in file-name order."""
    paths = sorted(articles.glob("*.md"))
    return [split_record(path.read_text(encoding="utf-8"), path).body for path in paths]


def _convert(indexes: Sequence[int]) -> int:
    """Convert some of the bodies; return how many characters of HTML they gave."""
    global _engine
    if _engine is None:
        _engine = markdown.Markdown(extensions=[make() for make in PYTHON_MARKDOWN_EXTENSIONS],
                                    output_format="html")
    return sum(len(_engine.reset().convert(_bodies[i])) for i in indexes)


def markdown_floor(articles: Path, runs: int) -> list[float]:
    """Seconds to convert every body in `articles` with Python-Markdown on all cores, once per run.

    The workers start, and build their converters, before the clock does: a build pays that once too.
    """
    global _bodies
    _bodies = read_bodies(articles)
    cores = len(os.sched_getaffinity(0))
    chunks = [range(start, min(start + CHUNK, len(_bodies))) for start in range(0, len(_bodies), CHUNK)]
    walls = []
    try:
        with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_convert, [range(0)] * cores))
            for _ in range(runs):
                started = time.perf_counter()
                list(pool.map(_convert, chunks))
                walls.append(time.perf_counter() - started)
    finally:
        _bodies = []
    return walls
