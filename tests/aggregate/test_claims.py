"""Claims and timeline internals: what their shortcuts may skip cannot change the result."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from newsroom.aggregate.claims import PROFILE_MIN, _weighty
from newsroom.aggregate.dates import find_dates
from newsroom.aggregate.documents import Sentence
from newsroom.aggregate.timeline import build_timeline

VOCABULARY = [f"t{i}" for i in range(8)]
weights = st.dictionaries(st.sampled_from(VOCABULARY), st.floats(1e-6, 1.0), min_size=1)


def unit(profile: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in profile.values()))
    return {term: w / norm for term, w in profile.items()}


@given(weights, weights)
@example({"t0": 1.0, "t1": 0.35}, {"t0": 0.35, "t1": 1.0})  # each shares its faintest term: 0.62 alike
def test_profiles_alike_enough_to_merge_share_a_term_weighty_in_both(a, b):
    a, b = unit(a), unit(b)
    if sum(w * b.get(term, 0.0) for term, w in a.items()) >= PROFILE_MIN:
        assert set(_weighty(a)) & set(_weighty(b))


def test_a_faint_word_in_every_profile_is_not_weighty():
    faint = unit({"said": 0.001, "unique": 1.0})
    assert _weighty(faint) == ["unique"]


def sentence(article: str, index: int, text: str, terms: str) -> Sentence:
    return Sentence(article, index, text, tuple(terms.split()), tuple(find_dates(text)))


def test_a_date_written_twice_in_a_sentence_is_one_event_and_alike_sentences_join_it():
    sentences = [
        sentence("a", 0, "On June 19, 2024 (yes, June 19, 2024) the treaty was signed.", "treaty sign"),
        sentence("b", 0, "The treaty was signed on June 19, 2024 in Pyongyang.", "treaty sign pyongyang"),
        sentence("b", 1, "Rain fell on June 19, 2024.", "rain fell"),
    ]
    timeline = build_timeline(sentences, ["a", "b"], {"a": None, "b": None})
    assert [(event.date, event.articles) for event in timeline] == [
        ("2024-06-19", ("a", "b")), ("2024-06-19", ("b",))
    ]
