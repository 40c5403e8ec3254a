"""Metadata: title and its derivation, dek, source, author, published date, summary."""

from datetime import date

import pytest

from newsroom.ingest.markdown_body import Block
from newsroom.ingest.metadata import derive_title, sentences, summarize

from .factories import PARAGRAPHS, TITLE, assert_article_kept, dump, run


def test_meta_keys_come_in_record_order():
    assert list(run(dump()).meta) == ["title", "title_derived", "dek", "summary", "source", "source_url",
                                      "author", "published", "language", "tags", "raw", "raw_sha256"]


def test_the_first_headline_is_the_title_and_not_derived():
    meta = run(dump()).meta
    assert meta["title"] == TITLE and meta["title_derived"] is False


def test_a_dump_without_headline_gets_a_title_from_its_lead():
    text = "\n\n".join(PARAGRAPHS)
    meta = run(text).meta
    assert meta["title_derived"] is True
    assert meta["title"] == PARAGRAPHS[0].rstrip(".")


@pytest.mark.parametrize("lead", [
    "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a comprehensive strategic "
    "partnership agreement on June 19, 2024, in Pyongyang, as reported by AP News.",
    "The mayor said on Tuesday, after a long meeting with the council and the unions of the city "
    "workers, that the budget would pass.",
    "A sentence without any commas that goes on and on about the weather and the sea and the rain in the old "
    "town of Springfield today",
    "The minister (who resigned in 2019) returned to parliament on Monday and promised to fight the "
    "new budget plans in every committee.",
])
def test_a_derived_title_is_whole_words_at_most_100_characters_without_dangling_punctuation(lead):
    title = derive_title(lead)
    assert 20 <= len(title) <= 100
    assert lead.startswith(title)
    assert lead[len(title)] in " ,;:("  # cut between words
    assert title[-1] not in ",;:—–-(\"'“"
    assert title.count("(") == title.count(")")


def test_a_derived_title_prefers_a_clause_boundary():
    lead = ("Thousands of people gathered in the main square on Saturday, despite the rain and the "
            "cold wind, to celebrate the victory of the local team.")
    assert derive_title(lead) == ("Thousands of people gathered in the main square on Saturday, despite "
                                  "the rain and the cold wind")


def test_a_short_first_sentence_is_the_whole_derived_title():
    assert derive_title("Parks win big. The council voted on Tuesday.") == "Parks win big"


def test_a_dek_directly_under_the_headline():
    dek = "More trees, new paths and playgrounds for the poorest districts."
    text = f"{TITLE}\n{dek}\n" + "\n".join(PARAGRAPHS)
    result = run(text)
    assert result.meta["dek"] == "More trees, new paths and playgrounds for the poorest districts."
    assert result.meta["summary"] == result.meta["dek"]
    assert "More trees, new paths" not in result.body


def test_a_blank_line_after_the_headline_means_no_dek():
    assert run(dump()).meta["dek"] is None


@pytest.mark.parametrize(("line", "source"), [
    ("Source: RBC Ukraine", "RBC Ukraine"),
    ("Source:\u00a0 RBC Ukraine", "RBC Ukraine"),
    ("✍️ This article is written by the team of The Defense News.", "The Defense News"),
    ("This story was produced by Springfield Daily.", "Springfield Daily"),
    ("Via: Associated Press", "Associated Press"),
])
def test_the_source_comes_from_source_lines_and_signatures(line, source):
    result = run(dump(after=(line,)))
    assert result.meta["source"] == source
    assert line.strip("✍️ ") not in result.body


@pytest.mark.parametrize(("line", "author", "source"), [
    ("By Jane Doe", "Jane Doe", None),
    ("By Jane Doe and John Roe", "Jane Doe and John Roe", None),
    ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
    ("By Jane Doe, Senior Correspondent", "Jane Doe", None),
    ("Written by Jane Doe", "Jane Doe", None),
    ("By Perry Bacon Jr.", "Perry Bacon Jr.", None),
    ("By Jose de la Cruz", "Jose de la Cruz", None),
    ("By JANE DOE", "JANE DOE", None),
])
def test_bylines_give_the_author(line, author, source):
    text = dump().replace(f"{TITLE}\n", f"{TITLE}\n{line}\n", 1)
    result = run(text)
    assert result.meta["author"] == author
    assert result.meta["source"] == source
    assert line not in result.body


@pytest.mark.parametrize(("line", "published"), [
    ("Published June 19, 2024", date(2024, 6, 19)),
    ("June 19, 2024", date(2024, 6, 19)),
    ("Posted on 19 June 2024", date(2024, 6, 19)),
    ("Wednesday, Jun. 19, 2024, 10:30 AM EDT", date(2024, 6, 19)),
    ("Publication date: 2024-06-19", date(2024, 6, 19)),
])
def test_a_stated_date_line_is_the_published_date(line, published):
    text = dump().replace(f"{TITLE}\n", f"{TITLE}\n{line}\n", 1)
    result = run(text)
    assert result.meta["published"] == published
    assert line not in result.body


def test_an_update_date_is_not_a_publication_date():
    text = dump().replace(f"{TITLE}\n", f"{TITLE}\nUpdated June 20, 2024\n", 1)
    assert run(text).meta["published"] is None


def test_dates_in_the_text_are_not_publication_dates():
    result = run(dump("On June 19, 2024, the council met again and agreed on the final details of the plan."))
    assert result.meta["published"] is None


def test_a_date_that_does_not_exist_is_not_taken():
    text = dump().replace(f"{TITLE}\n", f"{TITLE}\nFebruary 30, 2024\n", 1)
    assert run(text).meta["published"] is None


def test_summary_is_whole_sentences_of_the_lead_within_300_characters():
    lead = " ".join(["The council met on Tuesday to vote on the budget for the coming year."] * 6)
    summary = summarize(None, [Block("paragraph", lead)])
    assert len(summary) <= 300
    assert summary.endswith(".") and lead.startswith(summary)


def test_a_lead_of_one_long_sentence_is_cut_at_a_word():
    lead = "word " * 100 + "end."
    summary = summarize(None, [Block("paragraph", lead)])
    assert len(summary) <= 300 and summary.endswith("word…")


def test_sentences_do_not_break_after_abbreviations_or_inside_quotes():
    text = 'U.S. Secretary Blinken spoke. He called it a "new axis." Mr. Smith agreed.'
    assert sentences(text) == ["U.S. Secretary Blinken spoke.", 'He called it a "new axis."',
                               "Mr. Smith agreed."]


def test_raw_and_its_hash_tie_the_record_to_the_bytes():
    import hashlib

    data = dump().encode()
    meta = run(data, "raw/budget.txt").meta
    assert meta["raw"] == "raw/budget.txt"
    assert meta["raw_sha256"] == hashlib.sha256(data).hexdigest()
    assert run(data, "budget.txt").meta["raw"] == "raw/budget.txt"


def test_a_sentence_that_starts_with_by_is_not_a_byline():
    line = "By the time the council voted, most residents had already left the hall."
    result = run(dump(line))
    assert line in result.body
    assert result.meta["author"] is None


def test_a_byline_glued_to_the_lead_is_not_a_section_heading():
    line = "By Jane Doe: The council voted on Tuesday to double spending on parks across the city."
    result = run(dump(line))
    assert line in result.body
    assert "## By Jane Doe" not in result.body


@pytest.mark.parametrize("line", ["17 April 2012 • 2:54pm", "June 19, 2024 · 10:30 AM"])
def test_a_date_and_time_line_in_the_text_is_not_a_heading(line):
    result = run(dump(line))
    assert_article_kept(result)
    assert line not in result.body


def test_a_long_dek_is_cut_to_300_characters_of_whole_words_for_the_summary():
    dek = " ".join(["Parks, paths and playgrounds for every district of the city"] * 8)
    summary = summarize(dek, [Block("paragraph", PARAGRAPHS[0])])
    assert len(summary) <= 300 and dek.startswith(summary)
    assert dek[len(summary)] == " "
