"""Helpers shared by tests in every folder (imported as `support`: each folder's conftest would shadow a
top-level `conftest` module)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "articles" / "raw").glob("*.txt"))


def write_config(folder: Path, **values) -> Path:
    """Write folder/config.yaml with the given keys; templates default to the project's."""
    values.setdefault("templates_dir", str(ROOT / "templates"))
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    return path


def write_record(folder: Path, slug: str, body: str = "Some text.", **meta) -> Path:
    """Write folder/articles/<slug>.md with front matter `meta` (a title is added when missing)."""
    meta.setdefault("title", slug.replace("-", " ").title())
    path = folder / "articles" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return path


def run_build(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `build.py` as a user would, in `folder`."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=folder,
                          capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder by relative path, for byte-for-byte comparisons."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def resident_mb(pid: int | str = "self") -> float:
    """A process's resident memory in MB, from /proc (Linux)."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class RecordedProgress:
    """A Progress (newsroom.progress) that notes each part as [name, total, items counted as done]."""

    def __init__(self) -> None:
        self.steps: list[list] = []

    def step(self, name: str, total: int | None = None) -> None:
        self.steps.append([name, total, 0])

    def advance(self, count: int) -> None:
        self.steps[-1][2] += count
