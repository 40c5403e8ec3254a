"""One story from a cluster of articles: their order, the headline, summary, date, and the story's parts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, MutableMapping
from dataclasses import replace
from datetime import date

from slugify import slugify

from newsroom.aggregate.claims import corroborate
from newsroom.aggregate.documents import Document, cosine
from newsroom.aggregate.entities import collect_entities
from newsroom.aggregate.names import Gazetteer
from newsroom.aggregate.shelf import Shelf
from newsroom.aggregate.timeline import build_timeline
from newsroom.cache import digest
from newsroom.model import Story
from newsroom.parallel import fork_map, shared
from newsroom.progress import UNSHOWN, Progress

CLAIM_ARTICLES = 25  # claims are sought among this many of a story's most representative articles
SLUG_LENGTH = 80  # story slugs are cut at a word boundary past this many characters

StoryMemo = MutableMapping[str, Story]  # story key -> the story built from it


def rank_articles(documents: list[Document]) -> list[Document]:
    """Order a story's articles most representative first: nearest to the story's centroid."""
    centroid: dict[str, float] = {}
    for document in documents:
        for term, value in document.vector.items():
            centroid[term] = centroid.get(term, 0.0) + value
    return sorted(documents, key=lambda d: (-round(cosine(d.vector, centroid), 9), d.slug))


def story_date(documents: list[Document]) -> date | None:
    """Return the event date best supported: stated dates first, then the dates the articles lead with."""
    stated = Counter(d.record.published for d in documents if d.record.published)
    if stated:
        return max(stated, key=lambda day: (stated[day], day))
    spans = [d.event for d in documents if d.event]
    if not spans:
        return None
    # A day is supported by every article that names it or a month or year around it.
    days = sorted({start for start, end in spans if start == end}) or sorted({start for start, _ in spans})
    return max(days, key=lambda day: (sum(start <= day <= end for start, end in spans), day))


def lead_of(document: Document) -> str:
    """Return an article's lead for a summary: its summary, else its dek, else its first sentence."""
    record = document.record
    first = next((s.text for s in document.sentences if not s.heading), "")
    return record.summary or record.dek or first


def headline_slug(headline: str) -> str:
    """Return the slug a story headline gives."""
    return slugify(headline, max_length=SLUG_LENGTH, word_boundary=True) or "story"


def build_story(ranked: list[Document], slug: str, names: Gazetteer) -> Story:
    """Build one story (with the given slug) from its articles, most representative first."""
    lead = next((d for d in ranked if not d.record.title_derived and d.record.title.strip()), ranked[0])
    order = [d.slug for d in ranked]
    day = story_date(ranked)
    sentences = [sentence for d in ranked for sentence in d.sentences]
    # Claims compare every sentence with every other: a big story is read through its most representative.
    compared = [sentence for d in ranked[:CLAIM_ARTICLES] for sentence in d.sentences]
    claims, unique = corroborate(compared, order[:CLAIM_ARTICLES]) if len(ranked) > 1 else ((), ())
    references = {d.slug: d.record.published or day for d in ranked}
    texts = [
        (d.slug, ([] if d.record.title_derived else [d.record.title]) + [s.text for s in d.sentences])
        for d in ranked
    ]
    return Story(
        slug=slug,
        headline=lead.record.title,
        summary=lead_of(lead),
        date=day,
        articles=tuple(order),
        claims=claims,
        unique=unique,
        timeline=build_timeline(sentences, order, references),
        entities=collect_entities(texts, names),
    )


def story_key(ranked: list[Document], slug: str, keys: Mapping[str, str]) -> str:
    """Return what a story's memo entry is kept under: its slug and its articles' reading keys, in order.

    build_story reads nothing else (the gazetteer comes from the aliases, which reading keys include).
    """
    return digest(slug, [(d.slug, keys[d.slug]) for d in ranked])


def build_stories(
    clusters: list[list[Document]], slugs: list[str], names: Gazetteer,
    keys: Mapping[str, str], shelf: Shelf, memo: StoryMemo, progress: Progress = UNSHOWN,
) -> list[Story]:
    """Build the story of each ranked cluster with its slug, spread over the cores.

    `keys` gives each article's reading key, under which `shelf` holds its sentences. Stories found in
    `memo` are not built again (an edit rebuilds the stories it touches); `memo` then holds exactly
    these stories. Workers read the sentences of their stories and send back only the stories, counted
    on `progress`.
    """
    wanted = [story_key(cluster, slug, keys) for cluster, slug in zip(clusters, slugs, strict=True)]
    todo = [i for i, key in enumerate(wanted) if key not in memo]
    progress.step("stories", len(todo))
    state = (clusters, slugs, names, keys, shelf)
    built = dict(zip(todo, fork_map(_build_chunk, todo, state, progress.advance), strict=True))
    stories = [built[i] if i in built else memo[key] for i, key in enumerate(wanted)]
    memo.clear()
    memo.update(zip(wanted, stories, strict=True))
    return stories


def _build_chunk(indexes: list[int]) -> list[Story]:
    """Build some stories (runs in a worker; clusters, slugs, gazetteer, keys and shelf are shared)."""
    clusters, slugs, names, keys, shelf = shared()
    stories = []
    with shelf.reader() as sentences_of:
        for i in indexes:
            ranked = [replace(d, sentences=sentences_of(keys[d.slug])) for d in clusters[i]]
            stories.append(build_story(ranked, slugs[i], names))
    return stories
