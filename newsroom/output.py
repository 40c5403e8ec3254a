"""The output folder's safety: one build at a time, a whole new site swapped in, recovery after a kill,
and the mark of a search index left behind its pages."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
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


class OutputGuard:
    """Refuses a path that would land outside the output folder once `..` and links are followed (a
    last guard behind slug checks).

    Each folder is checked once, by walking down from the output folder: a site puts thousands of
    pages in folders of their own, and resolving each whole path cost a second per 10,000 pages.
    Paths are handled as text, not Path objects, which cost more than the checks themselves.
    """

    def __init__(self, root: Path):
        self.root, self.real = str(root), root.resolve()
        self._inside = {""}  # folders known to lie inside, relative to root

    def check(self, name: str) -> None:
        """Refuse `name`, a path relative to the output folder written with `/`, if it leads outside."""
        if not self._allowed(name):
            raise UserError(f"refusing to write outside the output folder: {os.path.join(self.root, name)}",
                            hint="check slugs and URLs")

    def _allowed(self, name: str) -> bool:
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if os.path.isabs(name) or not parts or ".." in parts:
            return False
        return self._folder("/".join(parts[:-1])) and self._stays("/".join(parts))

    def _folder(self, folder: str) -> bool:
        if folder not in self._inside:
            if not (self._folder(folder.rpartition("/")[0]) and self._stays(folder)):
                return False
            self._inside.add(folder)
        return True

    def _stays(self, name: str) -> bool:
        """Tell whether a path inside a checked folder is no link, or a link that resolves inside."""
        path = os.path.join(self.root, name)
        return not os.path.islink(path) or Path(path).resolve().is_relative_to(self.real)


def replace_folder(new: Path, old: Path) -> None:
    """Put folder `new` where `old` is, with two renames."""
    aside = old.with_name(old.name + ".old")
    if old.exists():
        os.replace(old, aside)
    os.replace(new, old)
    shutil.rmtree(aside, ignore_errors=True)


def swap(staging: Path, output: Path) -> None:
    """Replace output with staging: two renames, undone by `recover` if interrupted between them."""
    previous = output.with_name(output.name + OLD_SUFFIX)
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    if previous.exists():
        shutil.rmtree(previous)
    os.chmod(output, 0o755)


def pending(output: Path) -> str | None:
    """The token of the build whose pages the search index of `output` lags behind, or None (a file
    beside the output, like the lock)."""
    try:
        return _mark(output).read_text()
    except OSError:
        return None


def mark_pending(output: Path) -> None:
    """Say that the search index lags behind the pages a build is about to put in `output`: set before
    the pages move, a build killed midway leaves the mark, and the next build indexes again."""
    mark = _mark(output)
    temporary = mark.with_name(f"{mark.name}.tmp")
    temporary.write_text(os.urandom(16).hex())  # a new token: an index begun before this build is stale
    os.replace(temporary, mark)


def clear_pending(output: Path) -> None:
    _mark(output).unlink(missing_ok=True)


def _mark(output: Path) -> Path:
    return output.with_name(f".{output.name}.search-pending")
