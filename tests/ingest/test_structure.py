"""Body structure: lists from bullet lines, headings, "Heading: text" sections, separators, attributions."""

import pytest

from newsroom.markup import render_markdown

from .factories import PARAGRAPHS, assert_article_kept, dump, run


@pytest.mark.parametrize("marker", ["•", "·", "*", "–", "-", "▪", "●"])
def test_bullet_lines_become_a_markdown_list(marker):
    items = ["Roads will be repaired first.", "Schools get new roofs.", "Parks get more trees."]
    result = run(dump(*(f"  {marker} {item}" for item in items)))
    assert "- Roads will be repaired first.\n- Schools get new roofs.\n- Parks get more trees." in result.body
    assert f"{marker} Roads" not in result.body.replace("- Roads", "")
    assert_article_kept(result)


def test_numbered_lines_keep_their_numbers_in_an_ordered_list():
    result = run(dump("1. Roads will be repaired first.", "2. Schools get new roofs.", "3) Parks get trees."))
    assert "1. Roads will be repaired first.\n2. Schools get new roofs.\n3. Parks get trees." in result.body
    html = render_markdown(result.body)
    assert "<ol>" in html and "<li>Parks get trees.</li>" in html


def test_a_numbered_line_that_does_not_follow_on_keeps_its_number_on_the_page():
    result = run(dump("37. What did one volcano say to the other?", "", "I lava you!"))
    html = render_markdown(result.body)
    assert '<ol start="37">' in html and "I lava you!" in html


def test_a_short_line_before_paragraphs_becomes_a_heading():
    result = run(dump("Where the money goes", "", "Most of it goes to playgrounds in three districts."))
    assert "## Where the money goes\n\nMost of it goes" in result.body


def test_a_short_line_before_a_list_becomes_a_heading():
    result = run(dump("Points of attention", "", "• Roads first.", "• Schools next."))
    assert "## Points of attention\n\n- Roads first.\n- Schools next." in result.body


def test_short_sentences_stay_paragraphs_not_headings():
    result = run(dump("Critics were not convinced.", "", "Opposition members called the plan a gimmick."))
    assert "\n\nCritics were not convinced.\n\n" in result.body
    assert "## Critics" not in result.body


def test_heading_colon_text_becomes_a_heading_and_a_paragraph():
    line = "Historical Context of the Parks: The city built its first public park in 1880 with private money."
    result = run(dump(line))
    assert ("## Historical Context of the Parks\n\nThe city built its first public park in 1880 with private "
            "money.") in result.body


def test_a_sentence_with_a_colon_is_not_split():
    line = "The mayor said: the budget is the largest in the history of the city and it will pass."
    result = run(dump(line))
    assert line in result.body
    assert "## The mayor said" not in result.body


@pytest.mark.parametrize("line", ["-", "—", "***", "* * *", "___", "=====", "•", "~~~"])
def test_separator_lines_are_dropped(line):
    result = run(dump(line))
    body_lines = result.body.splitlines()
    assert line not in body_lines and "\\" + line not in body_lines
    assert_article_kept(result)


@pytest.mark.parametrize("prefix", ["apnews.com reported, ", "bbc.co.uk noted, ", "Reuters reported, ",
                                    "The New York Times noted, "])
def test_a_glued_outlet_attribution_is_removed_and_the_sentence_kept(prefix):
    sentence = "The council will meet again next week to discuss the details of the plan."
    result = run(dump(prefix + sentence))
    assert sentence in result.body
    assert prefix.strip() not in result.body
    for paragraph in result.body.split("\n\n"):
        assert not paragraph.startswith(prefix.strip())


@pytest.mark.parametrize("line", [
    "The Prime Minister said, “We will not wait another year for these parks.”",
    'Council Member Jane Doe said, "The vote was long overdue."',
])
def test_a_speaker_before_a_quotation_is_not_taken_for_an_outlet(line):
    result = run(dump(line))
    assert line in result.body.replace("\\", "")


def test_an_attribution_in_running_text_is_kept():
    line = "Officials reported, without giving figures, that turnout had been higher than expected."
    result = run(dump(line))
    assert line in result.body


def test_a_whole_quoted_line_becomes_a_block_quote():
    line = "“We have waited for this budget for twenty years, and now our children will have parks.”"
    result = run(dump(line))
    assert "> " + line in result.body


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    wrapped = ("The council also voted to extend the opening hours of",
               "all public libraries until nine in the", "evening on weekdays.")
    result = run(dump(*wrapped))
    assert " ".join(wrapped) in result.body


def test_paragraphs_are_separated_by_blank_lines_and_keep_their_order():
    result = run(dump())
    positions = [result.body.index(paragraph) for paragraph in PARAGRAPHS]
    assert positions == sorted(positions)
    assert f"{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}" in result.body


def test_typos_and_odd_spacing_inside_words_are_not_corrected():
    line = "Putin highlited oldtime ties between Russia and N.Korea that started back from Soviets."
    result = run(dump(line))
    assert line in result.body
