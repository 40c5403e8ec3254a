"""Each class of boilerplate is removed, wherever it stands, while the article's own words stay."""

import pytest

from newsroom.ingest import explain

from .factories import PARAGRAPHS, assert_article_kept, dump, run

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
    "reader_prompt": [
        "Never miss a story: get our alerts on your phone",
        "Please support local news by becoming a member today",
        "First-time subscribers get a free tote bag when you join this month",
    ],
    "disclosure": [
        "This post contains affiliate links, and we may earn a small commission.",
        "Springfield Daily is not responsible for the opinions or content presented by contributors.",
        "The views expressed by the authors are their own and not those of Springfield Daily.",
    ],
    "browser_notice": [
        "Your browser is out of date. Please update it for the best experience.",
    ],
    "tag_list": [
        "Tags: budget, parks, city council",
        "Filed under: Local news",
    ],
    "teaser_link": [
        "Read more: Mayor opens new library downtown",
        "Also read: Bus fares rise next month",
    ],
    "video_label": [
        "Watch video",
        "02:45",
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


def test_an_author_note_at_the_end_goes():
    note = "Jane Doe is a senior reporter at Springfield Daily who covers city hall and local politics."
    result = run(dump(after=(note,)))
    assert_article_kept(result)
    assert "senior reporter" not in result.body


def test_the_lines_under_an_about_the_author_header_go():
    note = ("About the author", "", "Jane has covered the city for ten years and lives near the river park.",
            "Contact Jane")
    result = run(dump(*note))  # in the middle: the header, not the end of the text, decides
    assert_article_kept(result)
    assert "About the author" not in result.body and "ten years" not in result.body
    assert "Contact Jane" not in result.body


TEASERS = (
    "Storm knocks out power across the county",
    "",
    "Thousands of homes were left without electricity on Sunday after strong winds brought down lines "
    "across the county, and crews expect repairs to take several days.",
    "",
    "Local team wins the championship",
    "",
    "The team scored a late goal to win the title for the first time in thirty years, and fans poured "
    "into the streets of the old town to celebrate the victory until late at night.",
)
LONG_ARTICLE = tuple(
    f"{sentence} The council will publish the details of part {n} of the plan next month, and residents "
    f"can send comments to the city clerk until the end of the year."
    for n, sentence in enumerate(PARAGRAPHS * 3, start=1)
)


def test_teasers_after_a_closing_cluster_of_page_furniture_go():
    closing = ("Share this article", "Twitter", "Subscribe to our newsletter for the latest updates",
               "Advertisement")
    result = run(dump(*LONG_ARTICLE, after=(*closing, "", *TEASERS)))
    assert_article_kept(result)
    assert all(paragraph in result.body for paragraph in LONG_ARTICLE)
    assert "Storm knocks out power" not in result.body and "late goal" not in result.body
    assert "Thousands of homes" not in result.body
    rows = explain(dump(*LONG_ARTICLE, after=(*closing, "", *TEASERS)).encode(), "raw/x.txt")
    assert any("boilerplate" in row and "Thousands of homes" in row for row in rows)


def test_a_share_bar_after_the_lead_does_not_cut_the_rest_of_the_article():
    share_bar = ("Share this article", "Facebook", "Twitter", "Email", "Advertisement")
    text = dump(*share_bar, "", *LONG_ARTICLE)
    result = run(text)
    assert_article_kept(result)
    assert all(paragraph in result.body for paragraph in LONG_ARTICLE)
    assert "Facebook" not in result.body


def test_a_long_comment_section_after_a_long_article_goes():
    comment = ("wrote that the council should have spent the money on roads and schools instead, because the "
               "parks are already in good shape in most districts.")
    comments = tuple(f"Reader {n} {comment}" for n in range(30))
    result = run(dump(*LONG_ARTICLE, after=("Comments", "", *comments)))
    assert_article_kept(result)
    assert all(paragraph in result.body for paragraph in LONG_ARTICLE)
    assert "Reader 1 wrote" not in result.body


def test_a_related_list_of_teaser_sentences_after_the_article_goes():
    related = ("More from Springfield Daily",
               "Storm knocks out power across the county as winds reach ninety miles an hour on Sunday.",
               "Why the old town bridge will close for repairs until the end of next summer, explained.",
               "The bakery that sells two thousand cookies a day has a secret: it never closes.")
    result = run(dump(after=related))
    assert_article_kept(result)
    assert "Storm knocks out power" not in result.body and "old town bridge" not in result.body
    assert "bakery" not in result.body


@pytest.mark.parametrize("header", ["Springfield Daily recommends", "We recommend", "Keep reading",
                                    "More from Springfield Daily", "You might also like"])
def test_a_related_header_starts_a_list_of_links(header):
    result = run(dump(header, "Mayor opens new library downtown", "Bus fares rise next month"))
    assert_article_kept(result)
    assert header not in result.body and "library" not in result.body


def test_a_related_header_in_the_menu_does_not_swallow_the_article_below_it():
    menu = ("Latest news", "Politics", "Economy", "Sport", "Culture", "")
    result = run(dump(before=menu))
    assert_article_kept(result)
    assert "Economy" not in result.body


def test_a_paragraph_after_a_blank_line_ends_a_related_list():
    text = dump("Related stories", "Mayor opens new library downtown", "Bus fares rise next month",
                "", "Residents have until the end of the month to comment on the plans at the city hall.")
    result = run(text)
    assert_article_kept(result)
    assert "Residents have until the end of the month" in result.body
    assert "library" not in result.body


def test_the_title_under_a_video_label_goes_with_it():
    result = run(dump("Watch video 02:17", "Inside the new park in the west district"))
    assert_article_kept(result)
    assert "Inside the new park" not in result.body and "02:17" not in result.body


def test_a_newsletter_pitch_that_calls_to_act_in_its_second_sentence_goes():
    pitch = "Every week our editors pick the best stories about the city. Sign up for the newsletter here."
    result = run(dump(pitch))
    assert_article_kept(result)
    assert "Sign up" not in result.body


def test_an_advertisement_among_short_lines_inside_the_article_does_not_end_it():
    ingredients = ("", "Ingredients", "2 eggs", "1 cup sugar", "Advertisement", "1 cup milk", "pinch of salt",
                   "Instructions", "")
    steps = ("Whisk the eggs with the sugar until the mixture is pale, then stir in the milk and the salt.",
             "Bake the custard for forty minutes in a water bath and let it cool before serving it.")
    result = run(dump(*LONG_ARTICLE[:6], *ingredients, *steps))
    assert all(paragraph in result.body for paragraph in (*LONG_ARTICLE[:6], *steps))


def test_a_heading_that_ends_with_recommends_keeps_its_list():
    items = ("• Plant more trees in the poorest districts.", "• Repair the paths along the river.")
    result = run(dump("What the panel recommends", *items))
    assert "## What the panel recommends" in result.body
    assert "- Plant more trees in the poorest districts." in result.body
