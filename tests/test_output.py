"""Site writes: a first build swapped in whole, later ones file by file but never half a file; lock."""

import ctypes
import errno
import os
import time

import pytest
from support import RecordedProgress

from newsroom import publish as publish_module
from newsroom import survey as surveying
from newsroom.errors import UserError
from newsroom.output import build_lock, recover
from newsroom.publish import replace_files, replace_whole, staging_folder
from newsroom.survey import survey


def stage(output, files: dict[str, bytes]):
    """A staging folder holding `files` flat, under names of their own, as the page renderer leaves it."""
    staging = staging_folder(output)
    staged = {}
    for number, (name, content) in enumerate(files.items()):
        staged[name] = f"{number}.page"
        (staging / staged[name]).write_bytes(content)
    return staging, staged


def publish(output, files: dict[str, bytes], planned: set[str] | None = None):
    staging, staged = stage(output, files)
    stale = survey(output, {}).stale(planned if planned is not None else set(files))
    return replace_files(staging, output, staged, stale, index=None, search=False)


def site_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_first_build_is_swapped_in_whole(tmp_path):
    out = tmp_path / "public"
    staging = staging_folder(out)
    (staging / "index.html").write_bytes(b"home")
    replace_whole(staging, out, index=None, search=False)
    assert site_files(out) == {"index.html": b"home"}
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no staging folders left behind


def test_later_builds_replace_changed_files_and_remove_stale_ones(tmp_path):
    out = tmp_path / "public"
    publish(out, {"a.html": b"A", "old/x.html": b"O", "same.html": b"S"})
    kept = os.stat(out / "same.html")
    publish(out, {"a.html": b"A2", "sub/b.html": b"B"}, planned={"a.html", "sub/b.html", "same.html"})
    assert site_files(out) == {"a.html": b"A2", "sub/b.html": b"B", "same.html": b"S"}
    assert not (out / "old").exists()  # emptied folders go too
    after = os.stat(out / "same.html")
    assert (kept.st_ino, kept.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_the_files_moved_are_counted_in_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(publish_module, "MOVES_COUNTED", 2)
    out = tmp_path / "public"
    publish(out, {"a.html": b"A"})
    staging, staged = stage(out, {f"{n}.html": b"page" for n in range(5)})
    recorded = RecordedProgress()
    replace_files(staging, out, staged, [], index=None, search=False, progress=recorded)
    assert recorded.steps == [["moving", 5, 5]]  # two batches of two, and the one left


def test_a_file_is_replaced_never_written_through(tmp_path):
    """A reader that opened the old page while a build runs still reads the old page whole."""
    out = tmp_path / "public"
    publish(out, {"page.html": b"old page, longer than the new one"})
    with open(out / "page.html", "rb") as reader:
        publish(out, {"page.html": b"new"})
        assert reader.read() == b"old page, longer than the new one"
    assert (out / "page.html").read_bytes() == b"new"


def test_pages_moved_and_deleted_in_batches_by_several_threads_all_land(tmp_path, monkeypatch):
    monkeypatch.setattr(publish_module, "MOVES_COUNTED", 3)
    out = tmp_path / "public"
    old = {f"articles/{n}/index.html": f"old {n}".encode() for n in range(30)}
    gone = {f"tags/{n}/index.html": b"a tag no article has now" for n in range(10)}
    publish(out, old | gone)
    new = {name: content.replace(b"old", b"new") for name, content in old.items()}
    new |= {f"articles/new-{n}/index.html": b"new page" for n in range(10)}
    publish(out, new)
    assert site_files(out) == new
    assert not (out / "tags").exists()  # the folders the deleted pages left empty go too
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # and the staging folder is gone


@pytest.mark.skipif(publish_module._renameat2 is None, reason="swapping two files needs Linux's renameat2")
def test_a_staged_file_is_swapped_with_the_page_and_the_old_page_deleted(tmp_path):
    page, staged = tmp_path / "index.html", tmp_path / "staged.page"
    page.write_bytes(b"old")
    staged.write_bytes(b"new")
    assert publish_module._exchange(str(staged), str(page))
    assert page.read_bytes() == b"new" and not staged.exists()


def test_a_folder_where_a_page_goes_fails_the_move_and_is_kept(tmp_path):
    out = tmp_path / "public"
    publish(out, {"a/index.html": b"A"})
    (out / "a" / "index.html").unlink()
    (out / "a" / "index.html").mkdir()
    (out / "a" / "index.html" / "notes.txt").write_bytes(b"made by hand")
    staging, staged = stage(out, {"a/index.html": b"A2"})
    with pytest.raises(IsADirectoryError):
        replace_files(staging, out, staged, [], index=None, search=False)
    assert (out / "a" / "index.html" / "notes.txt").read_bytes() == b"made by hand"


def test_where_files_cannot_be_swapped_pages_are_renamed_over(tmp_path, monkeypatch):
    def cannot_swap(*arguments):
        ctypes.set_errno(errno.EINVAL)  # what a file system without RENAME_EXCHANGE answers
        return -1

    monkeypatch.setattr(publish_module, "_renameat2", cannot_swap)
    out = tmp_path / "public"
    publish(out, SITE)
    publish(out, {**SITE, "index.html": b"home again"})
    assert site_files(out) == {**SITE, "index.html": b"home again"}


def test_a_hidden_file_left_in_the_output_is_stale_next_time(tmp_path):
    """Such as the temporary file of a page that a killed build of an earlier version was writing."""
    out = tmp_path / "public"
    publish(out, {"index.html": b"home"})
    (out / ".index.html.123.tmp").write_bytes(b"half")
    publish(out, {"index.html": b"home"})
    assert site_files(out) == {"index.html": b"home"}


def listed_folders(monkeypatch) -> list[str]:
    """Every folder a survey lists from now on."""
    listed = []
    real = surveying._listed

    def listing(output, name, *rest):
        listed.append(name)
        return real(output, name, *rest)

    monkeypatch.setattr(surveying, "_listed", listing)
    return listed


SITE = {"index.html": b"home", "articles/a/index.html": b"A", "articles/b/index.html": b"B"}


def written(out) -> dict:
    """The stat of each file of SITE, as a build that wrote them would have noted it."""
    return {name: surveying.stat_key(out / name) for name in SITE}


def later() -> int:
    """A time to say folders were looked at from: long enough after their last change to be trusted."""
    return time.time_ns() + 10**10


def test_folders_unchanged_since_the_last_build_are_not_listed_again(tmp_path, monkeypatch):
    out = tmp_path / "public"
    publish(out, SITE)
    folders = survey(out, {}).folders
    listed = listed_folders(monkeypatch)
    again = survey(out, written(out), folders, later())
    assert again.stale(set(SITE) - {"articles/b/index.html"}) == ["articles/b/index.html"]
    assert again.folders == folders
    assert listed == []


def test_a_file_added_by_hand_changes_its_folder_and_is_found(tmp_path, monkeypatch):
    out = tmp_path / "public"
    publish(out, SITE)
    folders = survey(out, {}).folders
    (out / "articles" / "a" / "stray.html").write_bytes(b"not part of the site")
    (out / "articles" / "c").mkdir()
    (out / "articles" / "c" / "index.html").write_bytes(b"nor this")
    listed = listed_folders(monkeypatch)
    stale = survey(out, written(out), folders, later()).stale(set(SITE))
    assert stale == ["articles/a/stray.html", "articles/c/index.html"]
    assert sorted(listed) == ["articles", "articles/a", "articles/c"]


def test_a_folder_changed_just_before_it_was_looked_at_is_listed_again(tmp_path):
    """Within one tick of the file system's clock a folder can change and keep its mtime."""
    out = tmp_path / "public"
    publish(out, SITE)
    first = survey(out, {})
    folders = first.folders
    folder = out / "articles" / "a"
    (folder / "stray.html").write_bytes(b"added in the same tick")
    os.utime(folder, ns=(folders["articles/a"], folders["articles/a"]))  # as if its mtime had not moved
    stale = survey(out, written(out), folders, first.noted).stale(set(SITE))
    assert stale == ["articles/a/stray.html"]


def test_writing_outside_the_output_is_refused(tmp_path):
    with pytest.raises(UserError, match="outside the output folder"):
        publish(tmp_path / "public", {"../escape.html": b"x"})
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


@pytest.mark.parametrize("link", ["folder", "file"])
def test_a_link_in_the_output_that_leads_outside_is_refused(tmp_path, link):
    out, outside = tmp_path / "public", tmp_path / "outside"
    publish(out, {"index.html": b"home", "articles/a/index.html": b"A"})
    outside.mkdir()
    (outside / "index.html").write_bytes(b"not ours")
    if link == "folder":
        (out / "articles" / "b").symlink_to(outside, target_is_directory=True)
    else:
        (out / "articles" / "a" / "index.html").unlink()
        (out / "articles" / "a" / "index.html").symlink_to(outside / "index.html")
    name = "articles/b/index.html" if link == "folder" else "articles/a/index.html"
    with pytest.raises(UserError, match="outside the output folder"):
        publish(out, {"index.html": b"home", "articles/a/index.html": b"A", name: b"written"})
    assert (outside / "index.html").read_bytes() == b"not ours"


def test_a_link_that_stays_inside_the_output_may_be_written_through(tmp_path):
    out = tmp_path / "public"
    publish(out, {"index.html": b"home", "real/index.html": b"R"})
    (out / "alias").symlink_to(out / "real", target_is_directory=True)
    publish(out, {"index.html": b"home", "real/index.html": b"R", "alias/page.html": b"P"},
            planned={"index.html", "real/index.html", "real/page.html", "alias/page.html"})
    assert (out / "real" / "page.html").read_bytes() == b"P"
