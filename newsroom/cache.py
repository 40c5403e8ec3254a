"""The build cache in .cache/: parsed records with rendered bodies, and rendered pages, by content hash."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from newsroom import __version__


@cache
def code_version() -> str:
    """newsroom's version and a hash of its code, so any change to the code empties the cache."""
    package = Path(__file__).parent
    sources = sorted(package.rglob("*.py"))
    return digest(__version__, [(p.relative_to(package).as_posix(), p.read_bytes()) for p in sources])


def digest(*parts: Any) -> str:
    """A stable hash of picklable values (protocol fixed, so the same values give the same hash)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()


class Store:
    """One pickled mapping in the cache folder, tagged with newsroom's code version.

    A missing, unreadable or older-version file reads as empty: the cache is only ever a shortcut.
    """

    def __init__(self, folder: Path | None, name: str):
        self.path = folder / f"{name}.pickle" if folder else None

    def load(self) -> dict:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                version, data = pickle.load(handle)
        except Exception:  # noqa: BLE001 - an unreadable cache is only a miss
            return {}
        return data if version == code_version() and isinstance(data, dict) else {}

    def clear(self) -> None:
        """Forget the stored mapping."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def save(self, data: dict) -> None:
        """Write atomically, so a killed build never leaves a torn cache file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((code_version(), data), out, protocol=5)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def file_key(path: Path) -> tuple[int, int, int]:
    """What says a file may have changed: size, modification time and inode."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino
