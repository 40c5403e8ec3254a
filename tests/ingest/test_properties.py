"""Properties of the normalizer on any input: it never raises anything but a UserError, and every record
it makes reads back, through newsroom.records, as exactly the same record."""

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsroom.errors import UserError
from newsroom.ingest import Normalized, normalize
from newsroom.records import dump_record, read_record, split_record

from .factories import PARAGRAPHS, TITLE

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every code point, lone surrogates and control characters included.
ANY_CHAR = st.characters(blacklist_categories=())
LINE = st.one_of(
    st.sampled_from([TITLE, *PARAGRAPHS, "", "Share on Facebook", "Source: Springfield Daily",
                     "By Jane Doe", "June 19, 2024", "• A bullet item", "1. A numbered item",
                     "Related stories", "3 Comments", "About the author",
                     "Key Points: The council met on Tuesday and voted for the plan.",
                     "apnews.com reported, The plan passed.", "# * _ ` [x](y) <b> &amp; \\ | ~~~ ---"]),
    st.text(ANY_CHAR, max_size=80),
)
# The same without the control characters that make the decoder refuse a file as binary data.
TEXT_CHAR = st.one_of(st.characters(blacklist_categories=("Cc",)), st.sampled_from("\t\n\r\x0b\x0c"))
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


def normalized_or_none(data: bytes, name: str = "raw/x.txt") -> Normalized | None:
    """The record fields, or None for a UserError that names the file; anything else fails the test."""
    try:
        return normalize(data, name)
    except UserError as error:
        assert str(error).startswith(f"{name}: ")
        return None


def assert_within_limits(result: Normalized) -> None:
    """A summary of 300 characters at most; a derived title of 100 at most, with no dangling punctuation."""
    meta = result.meta
    assert meta["title"].strip() and result.body.strip()
    assert len(meta["summary"]) <= 300
    if meta["title_derived"]:
        assert len(meta["title"]) <= 100 and meta["title"][-1] not in ",;:([{\"'“‘/&-–—"


def assert_round_trips(result: Normalized, folder: Path) -> None:
    """Write the record, read it back: the same fields, the same body, a valid record."""
    text = dump_record(result.meta, result.body)
    assert "\r" not in text and text.encode("utf-8").decode("utf-8") == text
    path = folder / "record.md"
    path.write_text(text, encoding="utf-8", newline="\n")
    parts = split_record(path.read_text(encoding="utf-8"), path)
    assert parts.meta == result.meta
    assert parts.body == result.body.strip("\n")
    record = read_record(path)  # validates every field
    assert (record.title, record.summary, record.dek, record.source, record.source_url, record.author) == (
        result.meta["title"], result.meta["summary"], result.meta["dek"], result.meta["source"],
        result.meta["source_url"], result.meta["author"])
    assert (record.published, record.raw, record.raw_sha256) == (
        result.meta["published"], result.meta["raw"], result.meta["raw_sha256"])


@FAST
@given(st.text(ANY_CHAR, max_size=600))
def test_arbitrary_text_with_controls_and_lone_surrogates_never_raises(text):
    # Lone surrogates cannot be UTF-8: "surrogatepass" writes them as the invalid bytes a broken file holds.
    normalized_or_none(text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=600), st.sampled_from(["raw/x.txt", "raw/x.html", "raw/x"]))
def test_arbitrary_bytes_never_raise(data, name):
    normalized_or_none(data, name)


@FAST
@given(st.lists(LINE, min_size=1, max_size=25), ENCODINGS, st.sampled_from(["\n", "\r\n", "\r"]))
def test_dumps_of_article_lines_and_noise_in_any_encoding_never_raise(lines, encoding, newline):
    text = newline.join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    normalized_or_none(data)


@FAST
@given(st.lists(LINE, min_size=1, max_size=25))
def test_every_record_round_trips_through_the_record_files(tmp_path_factory, lines):
    result = normalized_or_none("\n".join(lines).encode("utf-8", "surrogatepass"))
    assume(result is not None)
    assert_within_limits(result)
    assert_round_trips(result, tmp_path_factory.mktemp("record"))


@FAST
@given(st.text(TEXT_CHAR, max_size=300), st.text(TEXT_CHAR, max_size=300))
def test_a_record_with_arbitrary_text_around_an_article_round_trips(tmp_path_factory, before, after):
    text = "\n".join([before, TITLE, "", *PARAGRAPHS, after])
    result = normalized_or_none(text.encode("utf-8", "surrogatepass"))
    assert result is not None  # the article in the middle is always found
    assert_within_limits(result)
    assert_round_trips(result, tmp_path_factory.mktemp("record"))
