"""Nothing is lost: a build killed mid-way leaves the last good site, two builds cannot run at once,
raw files stay byte-identical after every command, and edited records survive everything but --force.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import ROOT, SEEDS, run_build, tree

from newsroom.output import build_lock

sys.path.insert(0, str(ROOT / "bench"))
import corpus_sites  # noqa: E402
import corpus_text  # noqa: E402

ARTICLES = 120  # enough that rendering takes a while: the kill lands while pages are being written
LOCK_MESSAGE = "public: another build is writing this output folder; wait for it to finish, then build again"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of ARTICLES news records, built once."""
    folder = tmp_path_factory.mktemp("big")
    corpus_sites.write_newsroom(corpus_text.make_articles(ARTICLES), folder, ROOT / "templates")
    result = run_build(folder, "--no-search")
    assert result.returncode == 0, result.stderr
    return folder


def staged_files(site: Path) -> int:
    """How many files the running build has written to its staging folder so far."""
    return sum(1 for folder in site.glob(".public.tmp-*") for p in folder.rglob("*") if p.is_file())


def start_build(site: Path) -> subprocess.Popen:
    """`build.py` in its own process group, so a kill takes its workers too."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--no-search", "--quiet"], cwd=site,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_staging(build: subprocess.Popen, site: Path, timeout: float = 240) -> None:
    """Return once the build has begun writing pages (and so holds the lock)."""
    deadline = time.monotonic() + timeout
    while staged_files(site) == 0:
        assert build.poll() is None, f"the build ended before writing: {build.communicate()}"
        assert time.monotonic() < deadline, "the build never started writing pages"
        time.sleep(0.005)


def test_a_killed_build_leaves_the_last_site_and_the_next_build_succeeds(big_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(big_site, site)
    before = tree(site / "public")
    records = sorted((site / "articles").glob("*.md"))
    for record in records:  # every page must be rendered again
        record.write_text(record.read_text(encoding="utf-8") + "\nA line added after the last build.\n",
                          encoding="utf-8")
    inputs = tree(site / "articles")
    build = start_build(site)
    try:
        wait_for_staging(build, site)
        # Stopped mid-write, so that it cannot finish while the second build starts on a busy machine.
        os.killpg(build.pid, signal.SIGSTOP)
        second = run_build(site, "--no-search")  # a second build while the first one writes
        os.killpg(build.pid, signal.SIGKILL)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
    assert build.returncode == -signal.SIGKILL
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert second.stderr.splitlines()[0] == LOCK_MESSAGE
    assert tree(site / "public") == before, "the killed build changed the last good site"
    assert tree(site / "articles") == inputs
    result = run_build(site, "--no-search")
    assert result.returncode == 0, result.stderr
    leftovers = [*site.glob(".public.tmp-*"), *site.glob("public.previous")]
    assert not leftovers, "the next build removes what the killed one left"
    for record in records:
        page = site / "public" / "articles" / record.stem / "index.html"
        assert "A line added after the last build." in page.read_text(encoding="utf-8")


def test_a_build_while_another_holds_the_lock_is_refused_clearly(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "config.yaml").write_text(f"templates_dir: {ROOT / 'templates'}\n", encoding="utf-8")
    with build_lock(tmp_path / "public"):
        result = run_build(tmp_path, "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        LOCK_MESSAGE, "build failed: 1 error; the previous site is unchanged"
    ]
    assert not (tmp_path / "public").exists()


def raw_state(site: Path) -> dict[str, tuple[bytes, int]]:
    """Each raw file's bytes and modification time."""
    files = sorted((site / "articles" / "raw").iterdir())
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


def test_raw_files_stay_byte_identical_and_edited_records_survive_everything_but_force(site):
    for record in (site / "articles").glob("*.md"):
        record.unlink()
    raws = raw_state(site)
    assert run_build(site, "--no-search").returncode == 0
    assert raw_state(site) == raws
    raw = site / "articles" / "raw" / SEEDS[1].name
    record = next(p for p in (site / "articles").glob("*.md") if f"raw: raw/{raw.name}" in p.read_text())
    edited = record.read_text(encoding="utf-8").replace("\n---\n", "\n---\nMy own first paragraph.\n\n", 1)
    record.write_text(edited, encoding="utf-8")
    other = f"articles/raw/{SEEDS[0].name}"
    mine = f"articles/raw/{raw.name}"
    commands = [("--no-search",), ("ingest",), ("ingest", mine), ("ingest", "--force", other),
                ("ingest", "--explain", mine)]
    for command in commands:
        result = run_build(site, *command)
        assert result.returncode == 0, (command, result.stderr)
        assert raw_state(site) == raws, f"`build.py {' '.join(command)}` changed a raw file"
        assert record.read_text(encoding="utf-8") == edited, f"`build.py {' '.join(command)}` lost the edit"
    # The raw file changes (a new copy of the article): the record is kept, and the build says so.
    raw.write_bytes(raw.read_bytes() + b"\nA correction appended by the publisher.\n")
    raws = raw_state(site)
    result = run_build(site, "--no-search")
    assert result.returncode == 0 and record.read_text(encoding="utf-8") == edited, result.stderr
    assert f"articles/raw/{raw.name}: warning: raw file changed since its record was made" in result.stderr
    assert "--force" in result.stderr
    result = run_build(site, "ingest", "--force", f"articles/raw/{raw.name}")
    assert result.returncode == 0 and "My own first paragraph." not in record.read_text(encoding="utf-8")
    assert "A correction appended by the publisher." in record.read_text(encoding="utf-8")
    assert raw_state(site) == raws
