"""Raw bytes in any common encoding become the same clean UTF-8 text; non-text is refused."""

import codecs

import pytest

from newsroom.errors import UserError
from newsroom.ingest.decode import decode_bytes

from .factories import PARAGRAPHS, TITLE, dump, run

ACCENTED = "Café owners in Zürich say the crème brûlée costs 5 € — “too much”, they said."


def test_utf8_with_bom_loses_the_bom():
    assert decode_bytes(codecs.BOM_UTF8 + b"Hello world", "x.txt") == "Hello world"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(encoding):
    text = ACCENTED + "\n"
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode_bytes(data, "x.txt") == text


def test_utf16_without_a_bom_is_recognized_by_its_zero_bytes():
    text = "Plain ASCII text in UTF-16 without a byte order mark.\n"
    assert decode_bytes(text.encode("utf-16-le"), "x.txt") == text


def test_cp1252_is_detected():
    text = "The mayor’s “plan” costs €5 million — critics say it’s too much. " * 3
    assert decode_bytes(text.encode("cp1252"), "x.txt") == text


def test_latin1_is_detected():
    text = "Les habitants de la région ont protesté contre la fermeture de l'hôpital près de la rivière. " * 3
    assert decode_bytes(text.encode("latin-1"), "x.txt") == text


def test_crlf_and_lone_cr_become_lf():
    assert decode_bytes(b"one\r\ntwo\rthree\n", "x.txt") == "one\ntwo\nthree\n"


def test_nbsp_and_other_spaces_become_plain_spaces():
    raw = "Source:\u00a0 RBC\u202fUkraine\u2009now"
    assert decode_bytes(raw.encode(), "x.txt") == "Source:  RBC Ukraine now"


def test_zero_width_characters_and_soft_hyphens_are_removed():
    raw = "Pyong\u200byang\u200c and Mos\u00adcow\u2060 agree\ufeff"
    assert decode_bytes(raw.encode(), "x.txt") == "Pyongyang and Moscow agree"


def test_emoji_sequences_keep_their_joiners():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert decode_bytes(f"A family {family} here".encode(), "x.txt") == f"A family {family} here"


def test_mojibake_is_repaired():
    broken = "The ministerâ€™s â€œplanâ€\x9d was approved."
    assert decode_bytes(broken.encode("utf-8"), "x.txt") == "The minister’s “plan” was approved."


def test_curly_quotes_and_ligatures_are_left_as_written():
    text = "“Quoted” and ‘single’ with the ﬁne ligature and full-width Ａ."
    assert decode_bytes(text.encode(), "x.txt") == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_a_whole_dump_in_another_encoding_gives_the_same_record(encoding):
    text = dump("Café owners say prices rose — “too much”, one said, and the council agreed to review them.")
    reference = run(text)
    other = run(text.replace("\n", "\r\n").encode(encoding))
    assert other.body == reference.body
    assert other.meta["title"] == TITLE
    assert PARAGRAPHS[0] in other.body


def test_a_stray_nul_byte_in_text_is_dropped():
    text = "Officials met in Vienna on Monday.\x00 Talks resumed after a pause of two weeks, aides said."
    assert decode_bytes(text.encode(), "x.txt") == text.replace("\x00", "")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"Header\x00\x00\x01\x00" * 200, "binary data"),
    (b"  \n\t\r\n ", "the file is only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary data"),
    (bytes(range(32)) * 50, "binary data"),
])
def test_input_that_is_not_text_is_a_user_error(data, message):
    with pytest.raises(UserError) as caught:
        decode_bytes(data, "raw/photo.txt")
    assert message in str(caught.value)
    assert str(caught.value).startswith("raw/photo.txt: ")
