"""What a build shows while it runs: a progress bar on a terminal for long builds, and stage timings."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

SHOW_AFTER = 2.0  # seconds: a build that ends sooner never shows a bar (it would only flicker)


class Progress(Protocol):
    """What a stage tells about its work as it goes (BuildProgress shows it on the bar)."""

    def step(self, name: str, total: int | None = None) -> None:
        """A part of the stage begins, with its count of items when it has one."""

    def advance(self, count: int) -> None:
        """`count` more items of the part are done."""


class Unshown:
    """Progress that nobody is shown: for callers outside a build."""

    def step(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


UNSHOWN = Unshown()


class BuildProgress:
    """Times the stages of one build and, when asked and on a terminal, draws a bar after SHOW_AFTER s.

    The bar is drawn on stderr by rich and removed when the build ends, so the summary line and
    any errors print as they would without it.
    """

    def __init__(self, bar: bool = False, stream: Any = None):
        self.stream = stream if stream is not None else sys.stderr
        self.timings: dict[str, float] = {}
        self.parts: dict[str, dict[str, float]] = {}  # stage -> seconds of each part it named (step)
        self._stage: str | None = None
        self._part: tuple[str, float] | None = None  # the part under way, and when it began
        self._bar = None
        self._task = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        if bar and _is_terminal(self.stream):
            self._timer = threading.Timer(SHOW_AFTER, self._show)
            self._timer.daemon = True
            self._timer.start()

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[None]:
        """Time a stage (added up when a stage runs more than once) and name it on the bar."""
        started = time.perf_counter()
        self._stage = name
        self._describe(name, total)
        try:
            yield
        finally:
            ended = time.perf_counter()
            self._end_part(ended)
            self._stage = None
            self.timings[name] = self.timings.get(name, 0.0) + ended - started

    def step(self, name: str, total: int | None = None) -> None:
        """Name a part of the current stage on the bar, with its own count, and time it until the next
        part or the stage's end; the stage's time goes on."""
        if self._stage is not None:
            now = time.perf_counter()
            self._end_part(now)
            self._part = (name, now)
        self._describe(name, total)

    def _end_part(self, now: float) -> None:
        if self._part is not None and self._stage is not None:
            name, began = self._part
            parts = self.parts.setdefault(self._stage, {})
            parts[name] = parts.get(name, 0.0) + now - began
        self._part = None

    def advance(self, count: int) -> None:
        """Count `count` more items of the current stage or part as done."""
        with self._lock:
            if self._bar is not None and self._task is not None:
                self._bar.advance(self._task, count)
            self._done += count

    def close(self) -> None:
        """Stop the timer and remove the bar."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def summary(self) -> str:
        """How long each stage took, on one line (`stages: load 1.20 s, aggregate 3.10 s, ...`), then the
        parts of each stage that named them, a line each (`  aggregate: reading 1.00 s, ...`). A stage's
        time includes work outside its parts."""
        lines = ["stages: " + _seconds(self.timings)]
        for stage, parts in self.parts.items():
            if list(parts) != [stage]:  # a stage's one part under its own name tells nothing more
                lines.append(f"  {stage}: {_seconds(parts)}")
        return "\n".join(lines)

    # --- the bar ---------------------------------------------------------------------------------------
    _name = ""
    _total: int | None = None
    _done = 0
    _closed = False

    def _describe(self, name: str, total: int | None) -> None:
        with self._lock:
            self._name, self._total, self._done = name, total, 0
            if self._bar is not None:  # a task per stage: its own count, or a spinner when it has none
                self._bar.remove_task(self._task)
                self._task = self._bar.add_task(name, total=total)

    def _show(self) -> None:
        from rich import progress as bars
        from rich.console import Console

        with self._lock:
            if self._closed:
                return
            columns = (bars.SpinnerColumn(), bars.TextColumn("{task.description:<10}"), bars.BarColumn(),
                       _count_column(), bars.TimeElapsedColumn())
            bar = bars.Progress(*columns, console=Console(file=self.stream), transient=True)
            self._task = bar.add_task(self._name, total=self._total, completed=self._done)
            bar.start()
            self._bar = bar


def _seconds(timings: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items())


def _count_column() -> Any:
    """rich's "done/total" column, blank for a part that has no count (rich would show "0/?")."""
    from rich.progress import MofNCompleteColumn, Task
    from rich.text import Text

    class Count(MofNCompleteColumn):
        def render(self, task: Task) -> Text:
            return super().render(task) if task.total is not None else Text("")

    return Count()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
