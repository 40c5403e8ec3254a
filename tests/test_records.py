"""Record files: front matter split, validation with line numbers, and stable serialization."""

from datetime import date

import pytest

from newsroom.errors import BuildFailed
from newsroom.records import dump_record, parse_record, read_record


def _write(tmp_path, text, name="story.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _messages(path):
    _, problems = parse_record(path)
    return [str(p) for p in problems.items]


def test_a_record_round_trips(tmp_path):
    meta = {"title": "Putin: a visit", "title_derived": False, "dek": None, "summary": "Two\nlines",
            "published": date(2024, 6, 19), "tags": ["russia"], "language": "en"}
    path = _write(tmp_path, dump_record(meta, "Body *text*."))
    record = read_record(path)
    assert (record.title, record.summary, record.published, record.tags) == (
        "Putin: a visit", "Two\nlines", date(2024, 6, 19), ("russia",))
    assert record.body == "Body *text*."
    assert dump_record(meta, "Body *text*.") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_record_saved_with_other_line_ends_reads_the_same(tmp_path, newline):
    text = "---\ntitle: T\nsummary: |\n  Two\n  lines\n---\nA body.\n\nA second paragraph.\n"
    plain = read_record(_write(tmp_path, text, "plain.md"))
    other = tmp_path / "other.md"
    other.write_bytes(text.replace("\n", newline).encode())
    record = read_record(other)
    assert (record.title, record.summary, record.body) == (plain.title, plain.summary, plain.body)
    assert "\r" not in record.body + (record.summary or "")


def test_invalid_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "---\ntitle: ok\nsummary: [broken\nsource: x\n---\nbody\n")
    assert _messages(path)[0].startswith(f"{path}:4: invalid YAML")


def test_a_body_the_engine_cannot_nest_names_its_first_line(tmp_path):
    path = _write(tmp_path, "---\ntitle: Deep\n---\n- a\n    - b\n")

    def too_deep(body):
        raise RecursionError("maximum recursion depth exceeded")

    record, problems = parse_record(path, too_deep)
    assert record is None
    assert [str(p) for p in problems.items] == [
        f"{path}:4: the body nests lists or quotes too deeply to render; nest them less deeply: a hundred "
        "levels render"]


def test_missing_title_wrong_types_and_bad_date(tmp_path):
    text = "---\nsummary: s\ntags: north korea\npublished: 19 June 2024\ndraft: maybe\n---\nb\n"
    path = _write(tmp_path, text)
    messages = _messages(path)
    assert f"{path}:3: 'tags' is 'north korea', expected a list; correct the value" in messages
    assert any(m.startswith(f"{path}:4: 'published' is '19 June 2024', expected a date (YYYY-MM-DD)")
               for m in messages)
    assert any(m.startswith(f"{path}:5: 'draft'") for m in messages)
    assert any("missing title" in m for m in messages)
    with pytest.raises(BuildFailed):
        read_record(path)


def test_unknown_field_is_a_warning_not_an_error(tmp_path):
    path = _write(tmp_path, "---\ntitle: T\nauthr: Jane\n---\nb\n")
    record, problems = parse_record(path)
    assert record is not None and record.author is None
    warning = f"{path}:3: warning: unknown field 'authr'; did you mean 'author'?"
    assert [str(w) for w in problems.warnings] == [warning]


def test_no_front_matter_and_unclosed_front_matter(tmp_path):
    assert "no front matter" in _messages(_write(tmp_path, "title: x\n"))[0]
    assert "not closed" in _messages(_write(tmp_path, "---\ntitle: x\n", "b.md"))[0]


def test_file_name_must_be_a_slug_and_story_pins_must_be_slugs(tmp_path):
    assert "is not a slug" in _messages(_write(tmp_path, "---\ntitle: T\n---\nb\n", "Bad Name.md"))[0]
    messages = _messages(_write(tmp_path, "---\ntitle: T\nstory: ../../etc/x\n---\nb\n", "ok.md"))
    assert "'story' is '../../etc/x', not a slug" in messages[0]


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: ok\nsummary: caf\xe9\n---\nb\n")
    assert _messages(path) == [f"{path}:3: not UTF-8 text; save the record as UTF-8"]


def test_problems_survive_pickling_between_processes(tmp_path):
    import pickle

    _, problems = parse_record(_write(tmp_path, "---\ntitle: T\nauthr: x\n---\nb\n"))
    assert [str(p) for p in pickle.loads(pickle.dumps(problems.items))] == [str(p) for p in problems.items]
