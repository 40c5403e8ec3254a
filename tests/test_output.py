"""Atomic writes: the new site replaces the old whole, unchanged files keep their inode, a lock, recovery."""

import os

import pytest

from newsroom.errors import UserError
from newsroom.output import build_lock, recover, write_site


def test_write_replaces_the_folder_whole(tmp_path):
    out = tmp_path / "public"
    write_site({"a.html": b"A", "old.html": b"O"}, out)
    write_site({"a.html": b"A2", "sub/b.html": b"B"}, out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a.html", "sub/b.html"]
    assert (out / "a.html").read_bytes() == b"A2"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no staging folders left behind


def test_unchanged_files_are_kept_not_rewritten(tmp_path):
    out = tmp_path / "public"
    write_site({"same.html": b"S", "edit.html": b"1"}, out)
    before = os.stat(out / "same.html")
    changed = write_site({"same.html": b"S", "edit.html": b"2"}, out)
    assert changed == 1
    after = os.stat(out / "same.html")
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_a_failure_before_the_swap_leaves_the_previous_site(tmp_path):
    out = tmp_path / "public"
    write_site({"index.html": b"good"}, out)

    def explode(_folder):
        raise RuntimeError("indexer crashed")

    with pytest.raises(RuntimeError):
        write_site({"index.html": b"new"}, out, finish=explode)
    assert (out / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_writing_outside_the_output_is_refused(tmp_path):
    with pytest.raises(UserError, match="outside the output folder"):
        write_site({"../escape.html": b"x"}, tmp_path / "public")
    assert not (tmp_path / "escape.html").exists()


def test_recover_restores_a_site_left_mid_swap(tmp_path):
    out = tmp_path / "public"
    (tmp_path / "public.previous").mkdir()
    (tmp_path / "public.previous" / "index.html").write_bytes(b"last good")
    recover(out)
    assert (out / "index.html").read_bytes() == b"last good"


def test_a_second_build_is_refused_while_the_lock_is_held(tmp_path):
    out = tmp_path / "public"
    with build_lock(out):
        with pytest.raises(UserError, match="another build"):
            with build_lock(out):
                pass
    with build_lock(out):  # released again
        pass
