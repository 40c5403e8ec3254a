"""Spread CPU-bound work (Markdown, page rendering) over the machine's cores with forked workers."""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from newsroom.cache import USUAL_THRESHOLDS

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 200  # below this many items a pool costs more than it saves
CHUNKS_PER_WORKER = 16  # a progress count that moves every few percent; uneven chunks even out
_shared: Any = None  # what forked workers read; set just before the pool forks


def shared() -> Any:
    """The state handed to workers by `fork_map` (inherited through fork, never pickled)."""
    return _shared


def workers() -> int:
    """How many processes to use: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Tell whether this platform forks processes (not Windows)."""
    return hasattr(os, "fork")


def fork_map(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], state: Any = None,
             advance: Callable[[int], None] | None = None) -> list[R]:
    """Apply func to chunks of items in forked workers that inherit `state`; results keep item order.

    Falls back to one process for small inputs, one core, or where fork is unavailable. `advance`, if
    given, is told how many items each chunk held as it comes back (a progress bar's count).
    """
    results: list[R] = []
    for done, chunk in fork_chunks(func, items, state):
        results += chunk
        if advance:
            advance(done)
    return results


def fork_chunks(func: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                state: Any = None) -> Iterator[tuple[int, list[R]]]:
    """Like `fork_map`, but yield (items done, results) chunk by chunk, in order, as workers finish them:
    CHUNKS_PER_WORKER chunks per process."""
    global _shared
    _shared = state
    try:
        count = workers()
        if len(items) < MIN_PARALLEL or count == 1 or not can_fork():
            yield len(items), func(items)
            return
        size = max(20, len(items) // (count * CHUNKS_PER_WORKER))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        # Imported only when a pool is made: a rebuild after one edit makes none (0.03 s of imports).
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        # Objects that exist at fork time are never collected in the workers, so the collector does
        # not write to (and copy) the memory pages they share with the parent.
        frozen = gc.get_freeze_count()  # a caller's freeze (see cache.long_lived) is not undone here
        gc.freeze()
        release_free_memory()
        try:
            # Workers churn through short-lived objects (Markdown trees, pages): they collect as often as
            # usual, not as seldom as a build's process does (at 10,000 articles, 15 MB more peak memory).
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                     initializer=gc.set_threshold, initargs=USUAL_THRESHOLDS) as pool:
                for chunk, results in zip(chunks, pool.map(func, chunks), strict=True):
                    yield len(chunk), results
        finally:
            if not frozen:
                gc.unfreeze()
    finally:
        _shared = None


@contextmanager
def in_background(func: Callable[..., R], *args: Any) -> Iterator[Callable[[], R]]:
    """Run func(*args) in a forked process while the caller goes on; yield a function that waits for
    and returns its result. Where fork is unavailable, or the process fails, that function calls func
    itself. The process is gone when the block ends, whether its result was asked for or not.
    """
    if not can_fork():
        yield _once(lambda: func(*args))
        return
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child sends its result and leaves without running any of the parent's cleanup
        status = 1
        try:
            os.close(reader)
            with open(writer, "wb") as pipe:
                pickle.dump(func(*args), pipe, protocol=5)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    pipe = open(reader, "rb")  # noqa: SIM115 - closed when the block ends

    def receive() -> R:
        try:
            return pickle.load(pipe)
        except Exception:  # noqa: BLE001 - the process failed: the work is done here instead
            return func(*args)

    try:
        yield _once(receive)
    finally:
        pipe.close()  # a child still writing gets a broken pipe and leaves
        os.waitpid(pid, 0)


def _once(make: Callable[[], R]) -> Callable[[], R]:
    """A function that returns make()'s result, calling make the first time only."""
    results: list[R] = []

    def result() -> R:
        if not results:
            results.append(make())
        return results[0]

    return result


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim).

    What a build allocated and freed stays mapped otherwise: before forking workers, at 10,000
    articles, a sixth of the parent's memory while they run beside it; in `serve`, which builds again
    and again, about half a megabyte more after each rebuild of a 1,000-article site (after 100 edits,
    112 MB against 76 MB; the trim takes about a millisecond).
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return
    trim(0)
