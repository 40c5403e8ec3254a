"""Raw bytes -> clean text: encoding detection, mojibake repair, line endings, odd spaces."""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

from newsroom.errors import UserError

# Byte order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# File signatures of common binary formats people rename by mistake.
BINARY_SIGNATURES = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
    b"RIFF", b"OggS", b"\x00\x00\x01\x00", b"7z\xbc\xaf", b"Rar!", b"SQLite format",
)
# Repair mojibake and line breaks, but never touch the author's characters otherwise:
# curly quotes, ligatures, full-width forms and HTML entities stay as written.
FIXER = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization="NFC",
    explain=False,
)
# Characters that are spaces to a reader: no-break, figure, thin, ideographic and the like.
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters that only split words: zero-width space/non-joiner, word joiner, BOM,
# soft hyphen. (U+200D is kept: emoji sequences need it.)
INVISIBLE = re.compile(r"[\u200b\u200c\u2060\ufeff\u00ad\u180e]")
# Non-letters that Western text in cp1252 commonly holds (quotes, dashes, currency, marks).
WESTERN_PUNCTUATION = frozenset("’‘“”„–—€…•·«»°£¥©®™§¶ ´¨¸¯¬¦†‡‰‹›\u00a0\u00ad")
LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Binary data holds NUL bytes by the hundred; text copied from a page may carry a stray one (dropped).
STRAY_NULS = 4  # at most this many in the first 4 KB


def decode_bytes(data: bytes, raw_name: str) -> str:
    """Turn raw dump bytes into clean text (LF line endings, plain spaces, no mojibake)."""
    if not data.strip():
        what = "empty" if not data else "only whitespace"
        raise UserError(f"the file is {what}", raw_name, None, "paste the article text into it")
    text = _to_text(data, raw_name)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Normalize decoded text: repair mojibake, LF line endings, plain spaces, no invisible marks."""
    text = LINE_BREAKS.sub("\n", text)
    text = ftfy.fix_text(text, config=FIXER)
    text = LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = ODD_SPACES.sub(" ", text)
    return CONTROL.sub("", text)


def _to_text(data: bytes, raw_name: str) -> str:
    """Decode bytes: a BOM decides, then strict UTF-8, then detection; binary data is refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if data.startswith(BINARY_SIGNATURES):
        raise _binary(raw_name)
    if _looks_utf16(data):
        return data.decode(_utf16_order(data), errors="replace")
    if data[:4096].count(0) > STRAY_NULS:
        raise _binary(raw_name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detected(data, raw_name)
    if _control_share(text) > 0.05:
        raise _binary(raw_name)
    return text


def _detected(data: bytes, raw_name: str) -> str:
    """Decode non-UTF-8 bytes: Western text as cp1252 (covers latin-1), else what charset-normalizer finds.

    Detection on short texts often mistakes cp1252 for Baltic or DOS code pages, and cp1252 is by far
    the most common legacy encoding of English and Western European news, so it is tried first.
    """
    if _is_cp1252(data) and _plausible_western(data.decode("cp1252")):
        return data.decode("cp1252")
    best = from_bytes(data).best()
    if best is None:
        # Every byte is a character in cp1252 except five; latin-1 takes those too.
        return data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
    return str(best)


def _is_cp1252(data: bytes) -> bool:
    """True when the bytes decode as cp1252 without error."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _plausible_western(text: str) -> bool:
    """True when text reads like a Western language: sparse accented letters, common punctuation only."""
    letters = sum(1 for ch in text if ch.isalpha())
    accented = 0
    for ch in text:
        if ch.isascii():
            continue
        if ch.isalpha():
            accented += 1
        elif ch not in WESTERN_PUNCTUATION:
            return False
    return letters > 0 and accented / letters < 0.25


def _looks_utf16(data: bytes) -> bool:
    """True when NUL bytes sit at every other position, as in BOM-less UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half


def _utf16_order(data: bytes) -> str:
    """The byte order of BOM-less UTF-16: ASCII text has its NULs in the high byte."""
    sample = data[:4096]
    return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"


def _control_share(text: str) -> float:
    """Share of control characters (not tabs or line breaks) in the text."""
    if not text:
        return 0.0
    return len(CONTROL.findall(text)) / len(text)


def _binary(raw_name: str) -> UserError:
    return UserError("the file is binary data, not text", raw_name, None,
                     "save the article as plain text (.txt) or as the web page (.html)")
