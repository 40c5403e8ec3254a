"""Run one build as a child process and measure it: wall and CPU time, peak memory, pages written."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05  # the most often the process tree's memory is read while a build runs
# Reading a process's PSS walks its page tables: 12 ms for a process holding 600 MB. Read every 50 ms,
# the PSS of a 10,000-article newsroom build's three processes took a fifth of a core from the build
# it measured (10.5 s of CPU; the build took about 20% longer). Each sample waits at least this many times
# what the last one cost, so that sampling keeps to about 2% of one core.
SAMPLE_COST_RATIO = 50
FREED_RECENTLY = 60  # seconds an inode freed and written back stays "recently deleted" (see Trash)


@dataclass(frozen=True)
class Measurement:
    """One timed run of a build command."""

    wall: float  # seconds, start to exit
    cpu: float  # user + system seconds of the build and every child process it waited for
    max_rss_mb: float  # the largest resident set of any single process of the build (getrusage)
    peak_mb: float  # the largest total memory of the process tree at once (PSS, sampled); >= max_rss_mb
    returncode: int

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def tree_pids(root: int) -> list[int]:
    """Return root and all its descendants, from /proc/<pid>/task/<tid>/children."""
    pids, queue = [], [root]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                    queue.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return pids


def process_memory_kb(pid: int) -> int:
    """Return a process's proportional set size (shared pages split among their users), else its RSS."""
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii") as handle:
                for line in handle:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeSampler(threading.Thread):
    """Samples the total memory of a process tree until stopped; `peak_kb` is the largest total seen,
    `cpu` the seconds of CPU the sampling took.

    PSS counts memory shared by forked workers once, where summing RSS would count it per worker.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.cpu = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.thread_time()  # this thread's user and system time: /proc reads are the latter
            total = sum(process_memory_kb(pid) for pid in tree_pids(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            spent = time.thread_time() - started
            self.cpu += spent
            self.done.wait(max(SAMPLE_SECONDS, spent * SAMPLE_COST_RATIO))

    def stop(self) -> None:
        self.done.set()
        self.join()


def run_measured(command: Sequence[str], log: Path, cwd: Path | None = None,
                 env: dict[str, str] | None = None) -> Measurement:
    """Run command with output to log; return its times and memory from the OS.

    CPU time and the largest single-process RSS come from wait4(), which counts the build and
    every child it waited for (worker pools, indexers).

    Whatever earlier runs wrote is first put on disk: the kernel writes a file back about 30 s after
    it was written, so a cold 10k build's 500 MB of output and cache were written back during the
    next run, which was then measured sharing the disk and the cores with that writeback.
    """
    os.sync()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        sampler = TreeSampler(process.pid)
        sampler.start()
        # Wait for the exit without reaping, so the sampler never reads a reused pid; then reap.
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        wall = time.perf_counter() - started
        sampler.stop()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        # Sampling can miss a short peak; one process's RSS is a floor for the tree's peak.
        peak_mb=max(sampler.peak_kb, usage.ru_maxrss) / 1024,
        returncode=process.returncode,
    )


class Trash:
    """Folders that runs cleared, moved aside into `folder` and removed only when the benchmark ends.

    Removing a cold build's output just before the next run made that run slower: on ext4 without a
    journal, the kernel will not reuse an inode freed in the last 60 seconds (360 while its inode table
    block is not yet written back), and it steps over each such inode, one by one, whenever it
    allocates another. After the 44,000 files and folders of a 10,000-article output were removed, the
    next newsroom build's render stage took 10.7 s instead of 6.5 s, nearly all of it in the kernel;
    any tool that writes thousands of files pays the same. A rename frees nothing, so runs meet no
    freshly freed inode.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._numbers = itertools.count()

    def discard(self, path: Path) -> None:
        """Move a file or folder (on the same file system) into the trash, if it exists."""
        if not path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            target = self.folder / str(next(self._numbers))
            if not target.exists():  # a trash left by a run that was stopped keeps its entries
                break
        path.rename(target)

    def empty(self) -> bool:
        """Remove everything discarded; tell whether there was anything."""
        if not self.folder.exists():
            return False
        shutil.rmtree(self.folder, ignore_errors=True)
        return True


def count_pages(folder: Path) -> int:
    """Count the HTML files a build wrote."""
    return sum(1 for _, _, files in os.walk(folder) for name in files if name.endswith(".html"))


def last_lines(log: Path, count: int = 12) -> str:
    """Return the end of a log, to show why a build failed."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no output)"
    return "\n".join(lines[-count:]) or "(no output)"
