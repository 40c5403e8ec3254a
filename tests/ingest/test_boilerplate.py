"""Each class of boilerplate is removed, wherever it stands, while the article's own words stay."""

import pytest

from newsroom.ingest import explain

from .factories import assert_article_kept, dump, run

CASES = {
    "cookie_notice": [
        "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
        "By staying online, you consent to the use of cookies files, which help us make your stay better",
        "Accept all cookies",
        "Manage preferences",
    ],
    "language_switcher": [
        "Based on your browser settings, you might prefer the French version of our website.",
        "Would you like to switch?",
        "English | Español | Deutsch",
        "Choose your language",
    ],
    "comments_widget": [
        "12 Comments",
        "Leave a Reply",
        "Be the first to comment on this story.",
        "Sign in to comment",
        "Your email address will not be published. Required fields are marked *",
    ],
    "share_prompt": [
        "Share this article",
        "Share on Facebook",
        "Twitter",
        "WhatsApp",
        "Follow us on Instagram",
    ],
    "subscribe_prompt": [
        "Subscribe to our newsletter for the latest updates",
        "Sign up for our free daily briefing",
        "Get the best stories in your inbox every morning.",
    ],
    "breadcrumbs": [
        "Home > News > Local",
        "Home » Politics » City Hall",
        "News / Local / City Hall",
    ],
    "photo_credit": [
        "Photo: Jane Smith/Getty Images",
        "Image credit: City of Springfield",
        "(Photo by John Roe)",
    ],
    "empty_label": [
        "Publication date",
        "Published:",
        "Tags",
        "Source:",
    ],
    "navigation": [
        "Skip to main content",
        "Menu",
        "Back to top",
    ],
    "advertising": [
        "Advertisement",
        "Story continues below advertisement",
    ],
    "legal_footer": [
        "© 2024 Springfield Daily. All rights reserved.",
    ],
}


@pytest.mark.parametrize(("reason", "line"), [(r, line) for r, lines in CASES.items() for line in lines])
def test_a_boilerplate_line_in_the_middle_is_removed(reason, line):
    result = run(dump(line))
    assert line not in result.body
    assert_article_kept(result)
    rows = explain(dump(line).encode(), "raw/test.txt")
    assert any(f" {reason} " in row for row in rows if line[:30] in row), rows


@pytest.mark.parametrize("line", [line for lines in CASES.values() for line in lines])
def test_a_boilerplate_line_at_either_end_is_removed(line):
    result = run(dump(before=(line,), after=(line,)))
    assert line not in result.body
    assert_article_kept(result)


def test_popular_posts_and_the_links_after_them_go():
    after = ("Popular posts from this blog", "", "Storm knocks out power across the county", "",
             "Local team wins the championship after a late goal", "", "Ten recipes for a rainy weekend")
    result = run(dump(after=after))
    assert_article_kept(result)
    for line in after:
        if line:
            assert line not in result.body


def test_related_stories_block_stops_at_the_next_paragraph():
    middle = ("Related stories", "Mayor opens new library downtown", "Bus fares rise next month")
    result = run(dump(*middle))
    assert_article_kept(result)
    assert "Related stories" not in result.body
    assert "Mayor opens new library downtown" not in result.body


def test_everything_after_a_comment_section_header_goes():
    after = ("3 Comments", "", "John Smith", "March 3, 2024 at 4:15 pm",
             "I think this is a terrible idea and the council should have spent the money on roads instead.",
             "Reply")
    result = run(dump(after=after))
    assert_article_kept(result)
    assert "terrible idea" not in result.body
    assert "John Smith" not in result.body


def test_a_comments_word_near_the_top_does_not_cut_the_article():
    result = run(dump(before=("12 comments",)))
    assert_article_kept(result)


def test_a_navigation_menu_of_short_lines_before_the_title_goes():
    menu = ("Home", "World", "Business", "Sport", "Culture", "Travel", "Weather")
    result = run(dump(before=menu))
    assert_article_kept(result)
    assert "Business" not in result.body and "Culture" not in result.body


def test_prose_that_mentions_cookies_or_comments_is_kept():
    line = ("Bakers at the market sold more than two thousand cookies, and the comments from visitors "
            "were mostly about the long queues.")
    result = run(dump(line))
    assert line in result.body


def test_title_repeats_are_removed():
    text = dump().replace("\n\n", "\n\nCity Council Approves New Budget for Public Parks\n\n", 1)
    result = run(text)
    assert result.meta["title"] == "City Council Approves New Budget for Public Parks"
    assert "City Council Approves" not in result.body
