"""`ingest --explain`: one row per raw line, with its class and the rule that decided it."""

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
