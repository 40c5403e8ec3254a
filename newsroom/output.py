"""Atomic site writes: a folder built beside the output, then swapped in; a lock against concurrent builds."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from newsroom.errors import UserError

OLD_SUFFIX = ".previous"


def fingerprint(content: bytes) -> str:
    """A short content hash for cache-busting asset names (style.<hash>.css)."""
    return hashlib.sha256(content).hexdigest()[:10]


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold an exclusive lock for the output folder; a second build fails fast with a clear message."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError("another build is writing this output folder", output, None,
                            "wait for it to finish, then build again") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(output: Path) -> None:
    """Put back the previous site if a build was killed between the two renames of a swap."""
    previous = output.with_name(output.name + OLD_SUFFIX)
    if previous.is_dir() and not output.exists():
        os.replace(previous, output)
    if previous.exists():
        shutil.rmtree(previous)
    for leftover in output.parent.glob(f".{output.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def write_site(
    files: Mapping[str, bytes], output: Path, finish: Callable[[Path], None] | None = None
) -> int:
    """Write files (relative path -> bytes) as the new output folder; return how many changed.

    Files whose bytes equal the previous build's are hard-linked from it, so their
    modification times stay and a deploy that syncs by time uploads only what changed.
    `finish` runs on the complete new folder before it is swapped in (e.g. the search indexer).
    """
    recover(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
    changed = 0
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            _check_inside(staging, target)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _link_if_same(output / relative, target, content):
                target.write_bytes(content)
                changed += 1
        if finish:
            finish(staging)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changed


def _check_inside(root: Path, target: Path) -> None:
    if not target.resolve().is_relative_to(root.resolve()):
        raise UserError(f"refusing to write outside the output folder: {target}", hint="check slugs and URLs")


def _link_if_same(previous: Path, target: Path, content: bytes) -> bool:
    """Hard-link the previous file when its bytes are identical; False when it must be written."""
    try:
        if previous.is_file() and not previous.is_symlink() and previous.stat().st_size == len(content):
            if previous.read_bytes() == content:
                os.link(previous, target)
                return True
    except OSError:
        pass
    return False


def _swap(staging: Path, output: Path) -> None:
    """Replace output with staging: two renames, undone by `recover` if interrupted between them."""
    previous = output.with_name(output.name + OLD_SUFFIX)
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    if previous.exists():
        shutil.rmtree(previous)
    os.chmod(output, 0o755)
