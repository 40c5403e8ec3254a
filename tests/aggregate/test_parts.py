"""The aggregate stage's parts: dates in text, sentences, entity variants, tags, and a synthetic corpus."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support import SEEDS

from newsroom.aggregate import aggregate
from newsroom.aggregate.dates import find_dates
from newsroom.aggregate.entities import collect_entities
from newsroom.aggregate.mentions import TOKEN, tokens_of
from newsroom.aggregate.names import gazetteer
from newsroom.aggregate.tags import suggest_tags
from newsroom.aggregate.text import WORD, inline_text, plain_blocks, split_sentences, words

from .records import make_record
from .synthetic import synthetic_records


def test_dates_at_each_precision_and_not_quantities():
    text = (
        "In 1961, in September 2023, on June 19, 2024, on 5 March 2021, on June 18; 2000 troops, 1,961 men."
    )
    found = [(m.iso if m.year else f"?-{m.month}-{m.day}", m.precision) for m in find_dates(text)]
    assert found == [
        ("1961", "year"),
        ("2023-09", "month"),
        ("2024-06-19", "day"),
        ("2021-03-05", "day"),
        ("?-6-18", "day"),
    ]
    assert find_dates("June 18")[0].with_year(date(2024, 6, 19)).iso == "2024-06-18"
    assert find_dates("December 30")[0].with_year(date(2024, 1, 3)).iso == "2023-12-30"


def test_sentences_keep_abbreviations_and_markdown_is_undone():
    blocks = plain_blocks("## Heading\n\nThe U.S. Secretary met Mr. Kim\\*. He left.\n\n- A list item")
    assert [(b.text, b.heading) for b in blocks] == [
        ("Heading", True),
        ("The U.S. Secretary met Mr. Kim*. He left.", False),
        ("A list item", False),
    ]
    assert split_sentences(blocks[1].text) == ["The U.S. Secretary met Mr. Kim*.", "He left."]


@pytest.mark.parametrize(("markdown", "seen"), [
    ("See [the treaty](https://example.org/t \"Title\") and ![a map](m.png).", "See the treaty and a map."),
    ("Read [Kim](https://en.wikipedia.org/wiki/Kim_(name)) today.", "Read Kim today."),
    ("A [note [1]] and [x](y without its closer", "A [note [1]] and [x](y without its closer"),
])
def test_links_read_as_their_text(markdown, seen):
    assert inline_text(markdown) == seen


def test_entity_variants_merge_and_config_aliases_extend_them():
    sentences = [
        "President Vladimir Putin met leader Kim Jong Un in the DPRK.",
        "Putin said N.Korea and North Korea are one; Kim Jong-un agreed.",
    ]
    entities = {e.name: e for e in collect_entities([("a", sentences)], gazetteer())}
    assert entities["North Korea"].total == 3 and set(entities["North Korea"].aliases) == {"DPRK", "N. Korea"}
    assert entities["Vladimir Putin"].total == 2
    kim = entities["Kim Jong Un"]
    assert kim.kind == "person" and kim.aliases == ("Kim Jong-un",)
    custom = gazetteer({"Kim Jong Un": ["Comrade Kim"]})
    entities = {e.name: e for e in collect_entities([("a", [*sentences, "Comrade Kim smiled."])], custom)}
    assert "Comrade Kim" in entities["Kim Jong Un"].aliases


def test_a_title_case_line_counts_the_confirmed_names_it_holds():
    sentences = [
        "Defence Minister Rolan Vesk said the pact holds.",
        "The Minister Of Defence Said The Army Is Ready.",
        "Today Rolan Vesk Praises The New Pact With Old Neighbours",
        "The Defence Of The The Realm Holds",
    ]
    entities = {e.name: e for e in collect_entities([("a", sentences)], gazetteer())}
    assert entities["Rolan Vesk"].total == 2 and entities["Rolan Vesk"].kind == "person"


def test_suggested_tags_are_slugs_of_subjects_without_junk():
    body = (
        "According to officials, the mutual defense pact binds Russia and North Korea. "
        "According to Vladimir Putin, the mutual defense pact is historic. "
        "The mutual defense pact worries Japan, said North Korea's neighbours."
    )
    tags = suggest_tags("Russia and North Korea sign a mutual defense pact", body)
    assert {"russia", "north-korea"} <= set(tags)
    assert {"mutual-defense", "defense-pact"} & set(tags)  # the phrase the text repeats
    assert not {"according", "the", "according-to"} & set(tags)
    assert len(tags) <= 6 and suggest_tags("", "") == []


def test_a_synthetic_corpus_clusters_into_its_events():
    records, truth = synthetic_records(300)
    stories = aggregate(records).stories
    pure = sum(len({truth[slug] for slug in story.articles}) == 1 for story in stories)
    events = len(set(truth.values()))
    assert pure >= 0.95 * len(stories)
    assert abs(len(stories) - events) <= 0.05 * events


def test_claim_text_is_what_a_reader_sees_not_the_markdown_source():
    # The normalizer escapes brackets and writes "<" and a literal "&lt;" as entities.
    blocks = plain_blocks(r"Fish \[and) chips cost &lt;5 &amp;lt; 6 pounds\_each.")
    assert [b.text for b in blocks] == ["Fish [and) chips cost <5 &lt; 6 pounds_each."]


def test_articles_with_no_claim_to_compare_make_a_story_without_claims():
    # Two one-word articles about one pinned story: no sentence long enough to be a claim.
    records = [make_record(slug, "Zero", "0", story="zero") for slug in ("zero-a", "zero-b")]
    (story,) = aggregate(records).stories
    assert story.articles == ("zero-a", "zero-b") and story.claims == () and story.unique == ()


def test_the_c_stemmer_gives_the_pure_python_stems():
    # snowballstemmer switches to PyStemmer's C code when it is installed (newsroom[fast]): a site's
    # stories must not depend on which of the two a machine has.
    from snowballstemmer.english_stemmer import EnglishStemmer

    from newsroom.aggregate.text import STEMMER, WORD

    assert type(STEMMER).__module__ == "Stemmer"  # the test environment installs the C stemmer
    text = " ".join(path.read_text(encoding="utf-8") for path in SEEDS)
    words = sorted({word.lower() for word in WORD.findall(text) if word[0].isalpha()})
    words += ["running", "generously", "sensational", "agreement", "agreed", "mutual", "nationalities"]
    assert len(words) > 1000
    assert STEMMER.stemWords(words) == EnglishStemmer().stemWords(words)


# Words, initials, numbers, the marks the patterns treat specially, and every kind of space (no-break, tab,
# line break): the tokenizers split text at spaces and cache each piece's tokens.
PIECES = ["J.", "U.S.", "Za", "kim", "é", "5", "1,000", "’s", "'", "-", "—", "(", ")", '"', ".", ",",
          " ", "\xa0", "\t", "\n", "\u2009"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@given(TEXT)
@example("J. Smith of the U.S. Army said 1,000 troops\xa0(5 units) — Kim’s men.")
def test_tokenizing_piece_by_piece_finds_the_tokens_of_a_whole_scan(text):
    assert words(text) == WORD.findall(text)
    assert tokens_of(text) == TOKEN.findall(text)
