"""The five seed dumps meet the expectations stated for them, and every kept sentence is on the page."""

import html
import re
from pathlib import Path

import pytest

from newsroom.ingest import normalize
from newsroom.markup import render_markdown

RAW = Path(__file__).resolve().parents[2] / "articles" / "raw"
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Lines of each seed that are not article text (by their start), from the expectations.
DROPPED = {
    "000": ("Comments", "Popular posts from this blog", "India coronavirus", "Zelensky confirms",
            "GABIT Smart Ring"),
    "001": ("✍️ This article is written by",),
    "002": ("-", "No comments yet", "Be the first to share", "Join the Discussion", "Sign in to share"),
    "003": ("Publication date", "Source:", "By staying online", "Based on your browser"),
    "004": (),
}


def seed(prefix: str):
    raw = next(RAW.glob(f"{prefix}_*.txt"))
    return raw, normalize(raw.read_bytes(), f"raw/{raw.name}")


def headings(body: str) -> list[str]:
    return [line[3:] for line in body.splitlines() if line.startswith("## ")]


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if not p.startswith(("## ", "- ", "> "))]


def lists(body: str) -> list[list[str]]:
    return [p.splitlines() for p in body.split("\n\n") if p.startswith("- ")]


def page_words(body: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", render_markdown(body)))
    return " ".join(WORD.findall(text))


def test_000():
    raw, result = seed("000")
    assert result.meta["title"] == raw.read_text(encoding="utf-8").splitlines()[0]
    assert result.meta["source"] is None
    assert len(paragraphs(result.body)) == 5 and headings(result.body) == []
    for gone in DROPPED["000"]:
        assert gone not in result.body


def test_001():
    raw, result = seed("001")
    lines = raw.read_text(encoding="utf-8").splitlines()
    assert result.meta["title"] == lines[0] and result.meta["dek"] == lines[1]
    assert result.meta["source"] == "The Defense News"
    assert len(paragraphs(result.body)) == 13
    assert "This article is written by" not in result.body and lines[1] not in result.body


def test_002():
    _, result = seed("002")
    assert result.meta["title_derived"] is True
    assert headings(result.body) == [
        "Historical Context of Russia-DPRK Relations", "Specific Military Aid and Exchange",
        "Challenge to UN Sanctions Regime", "Reactions from Key Regional Stakeholders",
        "Legality Under International Law", "Impact on Nuclear Disarmament Efforts",
        "Timeline of Recent Engagements", "Potential Future Developments"]
    assert "\n-\n" not in f"\n{result.body}\n"
    assert not any(p.startswith("apnews.com") for p in result.body.split("\n\n"))
    assert "apnews.com reported" not in result.body and "apnews.com noted" not in result.body
    for gone in DROPPED["002"][1:]:
        assert gone not in result.body


def test_003():
    raw, result = seed("003")
    title = raw.read_text(encoding="utf-8").splitlines()[0]
    assert result.meta["title"] == title and title not in result.body
    assert result.meta["source"] == "RBC Ukraine"
    assert "Publication date" not in result.body
    assert "## Points of attention\n\n- " in result.body
    assert [len(items) for items in lists(result.body)] == [5]
    assert {"What can be in the new document", "Why a new treaty to both dictators",
            "Dictators Putin and Kim Jong-un signed a new agreement"} <= set(headings(result.body))
    assert "cookies" not in result.body and "switch?" not in result.body


def test_004():
    _, result = seed("004")
    assert headings(result.body) == ["Agreement specifics", "Policy Effects", "Western Response",
                                     "Economic & Technological Collaboration", "Cooperation in Defence",
                                     "Closing Remarks"]
    assert [len(items) for items in lists(result.body)] == [3, 3, 3, 3]
    assert "highlited" in result.body


@pytest.mark.parametrize("prefix", sorted(DROPPED))
def test_every_sentence_that_is_not_boilerplate_is_on_the_page(prefix):
    raw, result = seed(prefix)
    words = page_words(result.body)
    meta_lines = {result.meta["title"], result.meta["dek"]}
    for line in raw.read_text(encoding="utf-8").splitlines():
        line = line.replace("\u00a0", " ").strip()
        if not line or line in meta_lines or line.startswith(DROPPED[prefix]):
            continue
        line = re.sub(r"^apnews\.com (reported|noted), ", "", line)
        assert " ".join(WORD.findall(line)) in words, line


@pytest.mark.parametrize("prefix", sorted(DROPPED))
def test_every_seed_has_a_summary_and_no_published_date(prefix):
    _, result = seed(prefix)
    assert 40 <= len(result.meta["summary"]) <= 300
    assert result.meta["published"] is None
