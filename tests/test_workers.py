"""Forked workers: the parent gives its freed memory back before forking them; workers collect garbage
as often as usual."""

from __future__ import annotations

import ctypes
import gc
import os

import pytest
from support import resident_mb

from newsroom import cache, parallel


def parent_resident_mb(items: list[int]) -> list[float]:
    """What the parent holds while its workers run (read in a worker)."""
    return [resident_mb(os.getppid()) for _ in items]


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "malloc_trim"), reason="malloc_trim is glibc's")
def test_memory_freed_before_workers_fork_goes_back_to_the_system(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    # Medium objects come from the C heap; one kept in a hundred stops it from shrinking at its top.
    blocks = [bytes(1024) for _ in range(200_000)]
    kept = blocks[::100]
    del blocks
    before = resident_mb()
    during = parallel.fork_map(parent_resident_mb, [0, 1])
    assert max(during) < before - 100
    assert len(kept) == 2000


def worker_thresholds(items: list[int]) -> list[tuple[int, ...]]:
    return [gc.get_threshold() for _ in items]


def test_workers_collect_as_often_as_usual_while_a_build_collects_seldom(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    with cache.long_lived():
        assert gc.get_threshold()[0] == cache.YOUNG_THRESHOLD
        assert parallel.fork_map(worker_thresholds, [0, 1]) == [cache.USUAL_THRESHOLDS] * 2


def test_work_in_the_background_runs_in_another_process():
    with parallel.in_background(os.getpid) as result:
        assert result() != os.getpid()
        assert result() == result()  # asked again, the same result: the process ran once


def test_work_whose_process_fails_is_done_in_the_caller():
    caller = os.getpid()

    def dies_unless_in_the_caller() -> str:
        if os.getpid() != caller:
            os._exit(3)
        return "done here"

    with parallel.in_background(dies_unless_in_the_caller) as result:
        assert result() == "done here"


def test_a_result_never_asked_for_does_not_keep_its_process(tmp_path):
    """A build that fails early never asks: the process, blocked writing a large result, must end."""
    noted = tmp_path / "pid"

    def large_result() -> bytes:
        noted.write_text(str(os.getpid()))
        return bytes(50 * 2**20)

    with parallel.in_background(large_result):
        pass
    pid = int(noted.read_text())
    with pytest.raises(ChildProcessError):  # waited for already: not even a zombie is left
        os.waitpid(pid, os.WNOHANG)


def test_where_fork_is_missing_the_work_is_done_once_when_asked(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    calls: list[int] = []
    with parallel.in_background(lambda: calls.append(os.getpid()) or len(calls)) as result:
        assert calls == []  # nothing ran before it was asked for
        assert result() == result() == 1
    assert calls == [os.getpid()]
