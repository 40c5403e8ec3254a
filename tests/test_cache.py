"""The build cache's stores: what they give back, and what a save rewrites."""

from __future__ import annotations

import gc
import pickle
import sys
from dataclasses import FrozenInstanceError, replace
from datetime import date
from pathlib import Path

import pytest

from newsroom import cache
from newsroom.cache import PlainStore, ShardedStore, Store
from newsroom.model import Claim, Entity, Record, Story, TimelineEvent

ROOT = Path(__file__).resolve().parent.parent


def shard_files(folder):
    """Each shard file's (inode, mtime): what tells it was rewritten."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.pickle")}


def saved(tmp_path, data):
    store = ShardedStore(tmp_path, "things")
    store.save(data)
    return ShardedStore(tmp_path, "things")


def test_a_sharded_store_gives_back_what_was_saved(tmp_path):
    data = {f"key-{i}": ("value", i) for i in range(500)}
    assert saved(tmp_path, data).load() == data
    assert len(shard_files(tmp_path / "things")) == ShardedStore.SHARDS


def test_a_save_rewrites_only_the_shards_whose_entries_changed(tmp_path):
    store = saved(tmp_path, {f"key-{i}": [i] for i in range(500)})
    data = store.load()
    before = shard_files(tmp_path / "things")
    data["key-7"] = ["edited"]  # a new object: changed, even before comparing values
    del data["key-8"]
    data["key-new"] = ["added"]
    store.save(data)
    after = shard_files(tmp_path / "things")
    rewritten = {name for name in after if after[name] != before[name]}
    expected = {f"{ShardedStore.shard_of(key):02d}.pickle" for key in ("key-7", "key-8", "key-new")}
    assert rewritten == expected
    assert ShardedStore(tmp_path, "things").load() == data


def test_an_update_rewrites_only_the_shards_of_its_keys_and_keeps_their_other_entries(tmp_path):
    data = {f"key-{i}": [i] for i in range(500)}
    saved(tmp_path, data)
    before = shard_files(tmp_path / "things")
    ShardedStore(tmp_path, "things").update({"key-7": ["edited"], "key-new": ["added"]}, ["key-8", "absent"])
    after = shard_files(tmp_path / "things")
    rewritten = {name for name in after if after[name] != before[name]}
    keys = ("key-7", "key-8", "key-new", "absent")
    assert rewritten == {f"{ShardedStore.shard_of(key):02d}.pickle" for key in keys}
    del data["key-8"]
    assert ShardedStore(tmp_path, "things").load() == {**data, "key-7": ["edited"], "key-new": ["added"]}


def test_a_lost_or_older_shard_reads_as_missing_entries_and_is_written_again(tmp_path):
    data = {f"key-{i}": i for i in range(200)}
    saved(tmp_path, data)
    lost, older = ShardedStore.shard_of("key-1"), ShardedStore.shard_of("key-2")
    (tmp_path / "things" / f"{lost:02d}.pickle").unlink()
    (tmp_path / "things" / f"{older:02d}.pickle").write_bytes(pickle.dumps(("0.0.0-old", {"key-2": 2})))
    store = ShardedStore(tmp_path, "things")
    found = store.load()
    assert "key-1" not in found and "key-2" not in found
    assert {key: value for key, value in data.items() if key in found} == found
    store.save(data)
    assert ShardedStore(tmp_path, "things").load() == data


def test_a_save_removes_the_single_file_earlier_versions_kept(tmp_path):
    Store(tmp_path, "things").save({"key": "old"})
    saved(tmp_path, {"key": "new"})
    assert not (tmp_path / "things.pickle").exists()
    assert ShardedStore(tmp_path, "things").load() == {"key": "new"}


def test_a_process_that_remembers_stores_does_not_read_an_unchanged_file_again(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_remembered", None)
    cache.remember_stores()
    reads = []
    real_load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda handle: reads.append(handle.name) or real_load(handle))
    Store(tmp_path, "things").save({"key": ["value"]})
    first = Store(tmp_path, "things").load()
    first["other"] = "added by a caller"  # callers may change the mapping they get
    assert Store(tmp_path, "things").load() == {"key": ["value"]}
    assert reads == []  # both loads came from memory
    # Another process writes the file: its stat changes, and it is read again.
    (tmp_path / "things.pickle").write_bytes(pickle.dumps((cache.code_version(), {"key": "theirs"})))
    assert Store(tmp_path, "things").load() == {"key": "theirs"}
    assert reads == [str(tmp_path / "things.pickle")]
    Store(tmp_path, "things").clear()
    assert Store(tmp_path, "things").load() == {}


def test_a_plain_store_keeps_plain_values_with_marshal_and_others_with_pickle(tmp_path):
    plain = {"files": {"a.html": ("sha", (1, 2, 3), (("tags", "x"),))}, "set": frozenset({"b"}), "n": None}
    PlainStore(tmp_path, "plain").save(plain)
    assert (tmp_path / "plain.pickle").read_bytes().startswith(cache.MARSHALLED)
    assert PlainStore(tmp_path, "plain").load() == plain
    dated = {"day": date(2024, 6, 19), "values": ["a"]}  # marshal takes no date
    PlainStore(tmp_path, "dated").save(dated)
    assert pickle.loads((tmp_path / "dated.pickle").read_bytes()) == (cache.code_version(), dated)
    assert PlainStore(tmp_path, "dated").load() == dated


def test_a_plain_store_written_by_another_python_reads_as_empty(tmp_path):
    PlainStore(tmp_path, "plain").save({"key": "value"})
    path = tmp_path / "plain.pickle"
    other = path.read_bytes().replace(sys.implementation.cache_tag.encode(), b"cpython-399", 1)
    path.write_bytes(other)
    assert PlainStore(tmp_path, "plain").load() == {}


def test_remembered_shards_are_rewritten_only_when_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_remembered", None)
    cache.remember_stores()
    store = saved(tmp_path, {f"key-{i}": [i] for i in range(100)})
    before = shard_files(tmp_path / "things")
    data = store.load()
    data["key-3"] = ["edited"]
    ShardedStore(tmp_path, "things").load()  # another build's store: the same entries from memory
    store.save(data)
    after = shard_files(tmp_path / "things")
    edited = f"{ShardedStore.shard_of('key-3'):02d}.pickle"
    assert {name for name in after if after[name] != before[name]} == {edited}
    assert ShardedStore(tmp_path, "things").load() == data


def test_a_record_keeps_its_texts_packed_in_memory_and_in_the_cache():
    """Bodies and HTML are most of what a build holds: a record keeps them packed and gives them back
    unchanged, and the cache stores them packed."""
    body = sorted((ROOT / "articles").glob("*.md"))[0].read_text(encoding="utf-8") + "\n\nKim — Putin."
    html = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line)
    record = Record("kim-visit", Path("kim-visit.md"), "Visit", body=body, html=html, tags=("asia",))
    assert (record.body, record.html) == (body, html)
    held = sys.getsizeof(vars(record)["body"]) + sys.getsizeof(vars(record)["html"])
    assert held < (sys.getsizeof(body) + sys.getsizeof(html)) / 3
    copy = pickle.loads(pickle.dumps(record, protocol=5))
    assert copy == record and (copy.body, copy.html) == (body, html)
    assert len(pickle.dumps(record, protocol=5)) < len(body.encode()) + len(html.encode())
    assert replace(record, html="<p>Edited.</p>").body == body
    assert replace(record, body=body + " More.") != record
    with pytest.raises(FrozenInstanceError):
        record.body = "Changed."  # type: ignore[misc]


def test_a_record_pickles_its_path_as_text():
    """Rebuilding a Path is most of what unpickling a record costs; the record gives back a Path."""
    record = Record("kim-visit", Path("articles/kim-visit.md"), "Visit", body="Text.")
    assert b"pathlib" not in pickle.dumps(record, protocol=5)
    copy = pickle.loads(pickle.dumps(record, protocol=5))
    assert copy.path == Path("articles/kim-visit.md") and isinstance(copy.path, Path)
    assert replace(record, path=Path("elsewhere.md")).path == Path("elsewhere.md")


def test_a_story_keeps_its_parts_packed_and_gives_them_back():
    """A story's claims, timeline and entities load from the cache as one packed value each, and read
    back as the objects they were."""
    articles = ("kim-visit", "putin-treaty")
    claims = tuple(Claim(f"The treaty has clause {n}.", articles) for n in range(40))
    timeline = (TimelineEvent("2024-06-19", "day", "The treaty was signed.", articles),)
    entities = (Entity("Kim Jong Un", "person", ("Kim",), (("kim-visit", 3), ("putin-treaty", 1))),)
    story = Story("treaty", "Treaty signed", "Summary.", date(2024, 6, 19), articles, claims,
                  (("kim-visit", claims[:1]),), timeline, entities)
    assert (story.claims, story.unique, story.timeline, story.entities) == (
        claims, (("kim-visit", claims[:1]),), timeline, entities)
    assert all(isinstance(vars(story)[name], bytes) for name in ("claims", "unique", "timeline", "entities"))
    copy = pickle.loads(pickle.dumps(story, protocol=5))
    assert copy == story and hash(copy) == hash(story) and copy.claims == claims
    assert len(pickle.dumps(story, protocol=5)) < len(pickle.dumps(claims, protocol=5))
    fewer = replace(story, claims=claims[:2])
    assert fewer != story and fewer.claims == claims[:2]
    assert Story("bare", "Bare", "", None, ("kim-visit",)).claims == ()


def test_a_build_collects_young_objects_less_often_and_restores_the_collector_after():
    before = gc.get_threshold()
    with cache.long_lived():
        assert gc.get_threshold() == (cache.YOUNG_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), cache.long_lived():
        raise RuntimeError("a failed build")
    assert gc.get_threshold() == before
