"""`ingest --explain`: one row per raw line, with its class and the rule that decided it."""

from support import run_build

from newsroom.ingest import explain

from .factories import dump


def test_every_raw_line_gets_a_row_with_number_class_and_reason():
    text = dump("Share on Facebook", before=("Home > News",), after=("Source: Springfield Daily",))
    rows = explain(text.encode(), "raw/x.txt")
    assert len(rows) == len(text.split("\n"))
    assert rows[0].split()[:3] == ["1", "boilerplate", "breadcrumbs"]
    assert rows[1].split()[:3] == ["2", "title", "first_headline"]
    assert any(r.split()[1:3] == ["boilerplate", "share_prompt"] and r.endswith("Share on Facebook")
               for r in rows)
    assert any(r.split()[1:3] == ["source", "source_label"] for r in rows)
    assert any(r.split()[1:3] == ["paragraph", "prose"] for r in rows)


def test_long_lines_are_shortened():
    rows = explain(dump("word " * 60 + "end.").encode(), "raw/x.txt")
    assert all(len(row) < 130 for row in rows)
    assert any(row.endswith("…") for row in rows)


def test_the_command_prints_one_row_per_raw_line(tmp_path):
    text = dump("Share on Facebook", after=("Source: Springfield Daily",))
    raw = tmp_path / "dump.txt"
    raw.write_bytes(text.encode("utf-8"))
    before = raw.read_bytes()
    done = run_build(tmp_path, "ingest", "--explain", "dump.txt")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.rstrip("\n").split("\n")
    assert [row.split()[0] for row in rows] == [str(n) for n in range(1, len(text.split("\n")) + 1)]
    assert any(row.split()[1:3] == ["title", "first_headline"] for row in rows)
    assert any(row.split()[1:3] == ["source", "source_label"] and row.endswith("Springfield Daily")
               for row in rows)
    assert raw.read_bytes() == before
    assert not (tmp_path / "articles").exists()  # explaining writes no record


def test_the_command_reports_an_unreadable_dump_without_a_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    done = run_build(tmp_path, "ingest", "--explain", "empty.txt", "missing.txt")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "empty.txt: the file is empty" in done.stderr
