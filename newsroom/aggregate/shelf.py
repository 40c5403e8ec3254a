"""Each record's sentences on disk, by reading key: written by the workers that read records, read by
the workers that build stories, so the parent process never holds them all.

One SQLite file, not a file per record: creating 10,000 small files took seconds on some disks, and
the database takes each batch in one transaction, so a killed build leaves no entry half written.
Its write-ahead log lets workers read while another writes. Each use opens its own connection and
closes it: a connection must never cross a fork, and the parent forks workers between uses.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from newsroom.aggregate.documents import Sentence

FILE = "shelf.sqlite"
WAIT_SECONDS = 600  # how long a writer waits for another worker's transaction to end
TABLE = "CREATE TABLE IF NOT EXISTS sentences (key TEXT PRIMARY KEY, data BLOB NOT NULL)"


class Shelf:
    """The sentences of each record read, in `folder` (anything else found there is removed)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / FILE
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with self._connection() as db:
                db.execute(TABLE)
        except sqlite3.DatabaseError:  # not a database (a damaged cache): it is only a shortcut
            self._remove()
            with self._connection() as db:
                db.execute(TABLE)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=WAIT_SECONDS, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: no flush to disk at each commit
            yield db

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def keys(self) -> set[str]:
        with self._connection() as db:
            return _keys(db)

    def put_all(self, entries: Iterable[tuple[str, list[Sentence]]]) -> None:
        """Shelve each key's sentences, all in one transaction."""
        rows = [(key, pickle.dumps(sentences, protocol=5)) for key, sentences in entries]
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO sentences VALUES (?, ?)", rows)
            db.execute("COMMIT")

    @contextmanager
    def reader(self) -> Iterator[Callable[[str], list[Sentence]]]:
        """Give a function from a shelved key to its sentences (KeyError for a key not shelved)."""
        with self._connection() as db:
            def get(key: str) -> list[Sentence]:
                row = db.execute("SELECT data FROM sentences WHERE key = ?", (key,)).fetchone()
                if row is None:
                    raise KeyError(key)
                return pickle.loads(row[0])

            yield get

    def keep(self, keys: Iterable[str]) -> None:
        """Remove every entry but those of `keys`, and any other file in the folder (an older cache's)."""
        with self._connection() as db:
            gone = [(key,) for key in _keys(db).difference(keys)]
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM sentences WHERE key = ?", gone)
            db.execute("COMMIT")
        mine = {FILE, f"{FILE}-wal", f"{FILE}-shm"}
        for name in set(os.listdir(self.folder)) - mine:
            path = self.folder / name
            if path.is_file():
                path.unlink(missing_ok=True)


def _keys(db: sqlite3.Connection) -> set[str]:
    return {key for (key,) in db.execute("SELECT key FROM sentences")}
