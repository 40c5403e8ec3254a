"""The build cache in .cache/: parsed records with rendered bodies, and rendered pages, by content hash."""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

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


# In a long-running process (`serve`), what each store file held when this process last read or wrote
# it, by path, with the file's stat then: a rebuild takes it from memory instead of unpickling it.
_remembered: dict[Path, tuple[tuple[int, int, int], dict]] | None = None


def remember_stores() -> None:
    """Keep store contents in memory from now on (for a process that builds again and again)."""
    global _remembered
    if _remembered is None:
        _remembered = {}


class Store:
    """One pickled mapping in the cache folder, tagged with newsroom's code version.

    A missing, unreadable or older-version file reads as empty: the cache is only ever a shortcut.
    """

    def __init__(self, folder: Path | None, name: str):
        self.path = folder / f"{name}.pickle" if folder else None

    def load(self, long_lived: bool = True) -> dict:
        """The mapping, taken out of the collector's reach unless not `long_lived` (see cache.long_lived)."""
        if self.path is None:
            return {}
        kept = _remembered.get(self.path) if _remembered is not None else None
        if kept and kept[0] == _stat(self.path):
            return dict(kept[1])  # a copy: callers may change the mapping they get, never the kept one
        try:
            with open(self.path, "rb") as handle, _unpickling_long_lived(long_lived):
                version, data = self._read(handle)
        except Exception:  # noqa: BLE001 - an unreadable cache is only a miss
            return {}
        data = data if version == code_version() and isinstance(data, dict) else {}
        self._remember(data)
        return dict(data)

    def _remember(self, data: dict) -> None:
        if _remembered is not None and self.path is not None:
            _remembered[self.path] = (_stat(self.path), data)

    def clear(self) -> None:
        """Forget the stored mapping."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            if _remembered is not None:
                _remembered.pop(self.path, None)

    def save(self, data: dict) -> None:
        """Write atomically, so a killed build never leaves a torn cache file."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                self._write(out, (code_version(), data))
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._remember(dict(data))

    @staticmethod
    def _read(handle: BinaryIO) -> Any:
        return pickle.load(handle)

    @staticmethod
    def _write(out: BinaryIO, value: Any) -> None:
        pickle.dump(value, out, protocol=5)


# Begins a PlainStore file that marshal wrote (a pickle begins with b"\x80"). Marshal's format may change
# from one Python to the next: a file written by another reads as a miss.
MARSHALLED = f"newsroom marshal {marshal.version} {sys.implementation.cache_tag}\n".encode()


class PlainStore(Store):
    """A Store of plain values (str, bytes, numbers, None, and tuples, lists, sets and dicts of them) kept
    with marshal, which writes them faster than pickle and reads them as fast: every rebuild of a
    10,000-article site saves the pages' manifest (25,682 files) in 0.06 s instead of 0.10 s. A mapping
    holding any other value (marshal takes no subclass) is pickled instead.
    """

    @staticmethod
    def _read(handle: BinaryIO) -> Any:
        if handle.read(len(MARSHALLED)) == MARSHALLED:
            return marshal.loads(handle.read())
        handle.seek(0)
        return pickle.load(handle)  # fails on marshal's data from another Python: a miss

    @staticmethod
    def _write(out: BinaryIO, value: Any) -> None:
        try:
            payload = marshal.dumps(value)
        except ValueError:  # an unmarshallable value
            pickle.dump(value, out, protocol=5)
            return
        out.write(MARSHALLED)
        out.write(payload)


def keep_newest(folder: Path, pattern: str, count: int) -> None:
    """Delete all but the `count` most recently written files of `folder` that match `pattern`."""
    found = []
    for path in folder.glob(pattern):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:  # gone meanwhile
            continue
    for _, path in sorted(found, reverse=True)[count:]:
        path.unlink(missing_ok=True)


class ShardedStore:
    """A large pickled mapping split by key over SHARDS files in a folder of its own, so that a save
    rewrites only the shards whose entries changed: after one edit, one file of 64, not all of them.

    An entry counts as unchanged when the saved mapping holds the very object this store loaded for
    it (pickling each entry to compare would cost what rewriting it does).
    """

    SHARDS = 64

    def __init__(self, folder: Path | None, name: str):
        self._parts = [Store(folder / name if folder else None, f"{i:02d}") for i in range(self.SHARDS)]
        self._loaded: list[dict | None] = [None] * self.SHARDS  # each shard as loaded or last saved
        self._unsharded = Store(folder, name)  # where earlier versions kept the whole mapping

    @classmethod
    def shard_of(cls, key: str) -> int:
        # CRC-32 spreads keys as evenly as SHA-256 and is five times as fast: a save places every key
        # (a rebuild after one edit at 10,000 articles places 24,000, which took 0.02 s with SHA-256).
        return zlib.crc32(key.encode()) % cls.SHARDS

    def load(self) -> dict:
        data: dict = {}
        for shard, part in enumerate(self._parts):
            if part.path is not None and part.path.exists():
                self._loaded[shard] = part.load()
                data.update(self._loaded[shard])
        return data

    def save(self, data: dict) -> None:
        shards: list[dict] = [{} for _ in range(self.SHARDS)]
        for key, value in data.items():
            shards[self.shard_of(key)][key] = value
        for shard, entries in enumerate(shards):
            loaded = self._loaded[shard]
            if loaded is None or not _same_entries(entries, loaded):
                self._parts[shard].save(entries)
                self._loaded[shard] = entries
        self._unsharded.clear()

    def update(self, changes: dict, removed: Iterable) -> None:
        """Set the entries of `changes` and delete those of `removed`, rewriting only their shards (each
        read first if this store has not loaded it)."""
        touched: dict[int, dict] = {}
        for key in (*changes, *removed):
            shard = self.shard_of(key)
            if shard not in touched:
                loaded = self._loaded[shard]
                # Not frozen (gc.freeze) as it loads: that would freeze all the garbage cycles that
                # rendering pages in this process left, which the build collects before indexing.
                touched[shard] = dict(loaded if loaded is not None else self._parts[shard].load(False))
        for key in removed:
            touched[self.shard_of(key)].pop(key, None)
        for key, value in changes.items():
            touched[self.shard_of(key)][key] = value
        for shard, entries in touched.items():
            self._parts[shard].save(entries)
            self._loaded[shard] = entries


_MISSING = object()


def _same_entries(new: dict, old: dict) -> bool:
    return len(new) == len(old) and all(old.get(key, _MISSING) is value for key, value in new.items())


YOUNG_THRESHOLD = 50_000  # see long_lived
USUAL_THRESHOLDS = gc.get_threshold()  # the collector's as the process began: forked workers keep these


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """Give a function that takes every object alive at the time out of the cyclic collector's reach
    (gc.freeze), until the block ends; stores freeze what they load, too.

    A build's records, caches and stories live until it ends: at ten thousand articles, millions of
    objects that each full collection walked again, over a second of a rebuild after one edit. At the
    end of the block they are unfrozen, so that a process that builds again and again (`serve`)
    collects their garbage cycles as usual.

    Meanwhile the youngest generation is collected after YOUNG_THRESHOLD new objects, not after 700 (as
    CPython 3.11 does): a rebuild after one edit at 10,000 articles made about 580 collections in
    0.08-0.10 s, and now makes 4 in 0.034 s. Garbage cycles wait longer to be freed: few in this
    process, while workers, which make many, keep USUAL_THRESHOLDS (see parallel.fork_chunks).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


@contextmanager
def _unpickling_long_lived(freeze: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while unpickling, then, if `freeze`, take what was loaded out of
    its reach (gc.freeze) until the build ends.

    Unpickling creates no garbage, but its hundreds of thousands of new objects trigger collection after
    collection (at 10,000 articles, half the time of a load). And what a cache holds lives as long as
    the build: each full collection would walk it all again (see long_lived).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        return file_key(path)
    except OSError:
        return None


def file_key(path: Path | os.DirEntry) -> tuple[int, int, int]:
    """What says a file may have changed: size, modification time and inode."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def file_sha256(path: str | Path) -> str | None:
    """A file's sha256 (hex), or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
