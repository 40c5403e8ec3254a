"""The sentence shelf: one SQLite file that a damaged or older cache never breaks."""

from __future__ import annotations

import pytest

from newsroom.aggregate.documents import read_document
from newsroom.aggregate.names import gazetteer
from newsroom.aggregate.shelf import FILE, Shelf

from .records import seed_records


def sentences(index: int = 0) -> list:
    return read_document(seed_records()[index], gazetteer()).sentences


def fields(shelved: list) -> list:
    """Sentences compare by identity: compare what they hold."""
    return [sentence.__reduce__()[1] for sentence in shelved]


def test_sentences_come_back_as_they_were_shelved(tmp_path):
    shelf = Shelf(tmp_path)
    shelf.put_all([("a", sentences(0)), ("b", sentences(1))])
    with Shelf(tmp_path).reader() as get:  # another Shelf on the folder: nothing kept in memory
        assert fields(get("a")) == fields(sentences(0))
        assert fields(get("b")) == fields(sentences(1))
        with pytest.raises(KeyError):
            get("c")
    shelf.put_all([("a", sentences(1))])  # shelving a key again replaces its sentences
    with shelf.reader() as get:
        assert fields(get("a")) == fields(sentences(1))


def test_keep_removes_other_entries_and_an_older_cache_s_files(tmp_path):
    (tmp_path / "0123abcd").write_bytes(b"a sentence file of an older cache")
    shelf = Shelf(tmp_path)
    shelf.put_all([("a", []), ("b", []), ("c", [])])
    shelf.keep(["a", "c", "never-shelved"])
    assert shelf.keys() == {"a", "c"}
    assert not (tmp_path / "0123abcd").exists()
    assert (tmp_path / FILE).exists()


def test_a_damaged_file_is_replaced_by_an_empty_shelf(tmp_path):
    (tmp_path / FILE).write_bytes(b"not a database, " * 512)
    shelf = Shelf(tmp_path)
    assert shelf.keys() == set()
    shelf.put_all([("a", sentences())])
    assert shelf.keys() == {"a"}
