"""Deterministic synthetic news: a world of places and sources, events, and the articles covering them."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import corpus_words as words
from slugify import slugify

SEED = "newsroom-bench"
START = date(2023, 1, 1)  # events fall on the 730 days from here: two years of news
DAYS = 730
PLACES = 90  # place tags; with the 60 topic tags the corpus has 150 tags
SOURCES = 40
GROUP_SIZES = (1, 2, 3, 4, 5, 6, 8)  # articles per event; most events are covered once or twice
GROUP_WEIGHTS = (40, 20, 14, 10, 7, 5, 4)
WORDS_MIN, WORDS_MAX = 610, 860  # target body length; the last sentence may add up to ~30 words
WORD = re.compile(r"\S*[^\W_]\S*")  # a word: any run of non-space holding a letter or digit
LINK_TARGET = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class Source:
    """A publication: its name, web domain and bylines."""

    name: str
    domain: str
    authors: tuple[str, ...]


@dataclass(frozen=True)
class World:
    """What every event draws from: places (with their tags), all tags, and the sources."""

    places: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Event:
    """One news event: its kind, day, place, actors, figures, its facts and the sources covering it."""

    number: int
    kind: tuple
    day: date
    place: str
    site: str  # "the Dorvane Bridge": where it happens, named as no other event nearby is
    people: tuple[str, str]
    roles: tuple[str, str]
    org: str
    figure: int
    money: int
    year: int
    facts: tuple[str, ...]
    sources: tuple[Source, ...]  # one per article about the event


@dataclass(frozen=True)
class Article:
    """One synthetic article, as every site format writes it."""

    slug: str
    title: str
    dek: str | None
    summary: str
    source: str
    author: str | None
    published: date
    tags: tuple[str, ...]
    body: str  # Markdown
    event: int  # number of the event it covers (articles of one event form a story)


def count_words(markdown: str) -> int:
    """Count the words of Markdown text: tokens with a letter or digit, link targets left out."""
    return len(WORD.findall(LINK_TARGET.sub("]", markdown)))


def person_name(rng: random.Random) -> str:
    """Return a person's full name."""
    return f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.SURNAMES)}"


def make_world(seed: str = SEED) -> World:
    """Return the places, tags and sources all corpora of this seed share."""
    rng = random.Random(f"{seed}:world")
    places = tuple(rng.sample([a + b for a in words.PLACE_STARTS for b in words.PLACE_ENDS], PLACES))
    names = rng.sample([f"The {a} {b}" for a in words.SOURCE_STARTS for b in words.SOURCE_NOUNS], SOURCES)
    sources = tuple(
        Source(name, f"{slugify(name.removeprefix('The '))}.example", (person_name(rng), person_name(rng),
                                                                       person_name(rng)))
        for name in names
    )
    return World(places, words.TOPICS + tuple(slugify(p) for p in places), sources)


def make_event(number: int, world: World, seed: str = SEED) -> Event:
    """Return event `number`; it depends on the seed alone, so every corpus size shares its events."""
    rng = random.Random(f"{seed}:event:{number}")
    kind = rng.choice(words.KINDS)
    day = START + timedelta(days=rng.randrange(DAYS - 3))  # coverage runs up to three days after
    # A few places make most of the news, as capitals do.
    place = rng.choices(world.places, weights=[1 / (i + 1) ** 0.6 for i in range(len(world.places))])[0]
    size = rng.choices(GROUP_SIZES, weights=GROUP_WEIGHTS)[0]
    base = {
        "noun": kind[0], "place": place, "unit": kind[3], "kind": kind,
        "person": person_name(rng), "person2": person_name(rng),
        "site": f"the {rng.choice(words.SITE_STARTS)}{rng.choice(words.SITE_ENDS)} "
                f"{rng.choice(words.FACILITIES)}",
        "role": rng.choice(words.ROLES), "role2": rng.choice(words.ROLES),
        "org": f"{rng.choice([place, rng.choice(words.SURNAMES)])} {rng.choice(words.ORG_KINDS)}",
        "figure": f"{rng.randrange(120, 98_000):,}", "money": rng.randrange(3, 900),
        "year": rng.randrange(1985, 2020), "weekday": f"{day:%A}", "date": f"{day.day} {day:%B %Y}",
        "weekday2": f"{day + timedelta(days=rng.randrange(3, 9)):%A}",
    }
    slots = Slots(base, rng)
    facts = tuple(template.format_map(slots) for template in words.FACTS)
    return Event(number, kind, day, place, base["site"], (base["person"], base["person2"]),
                 (base["role"], base["role2"]), base["org"], int(base["figure"].replace(",", "")),
                 base["money"], base["year"], facts,
                 tuple(rng.sample(world.sources, size)))


class Slots(dict):
    """Template slots: the event's fixed values, and a fresh random pick for each generic slot."""

    def __init__(self, base: dict, rng: random.Random):
        super().__init__(base)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        if key[0].isupper():  # {Official}: the same slot, capitalized
            value = self[key.lower()] if key.lower() in self else self.__missing__(key.lower())
            return value[0].upper() + value[1:]
        if key == "voice":  # a person quoted once: a name of their own, and what they do
            return f"{person_name(self.rng)}, {self.rng.choice(words.DESCRIPTORS)}"
        if key == "small":
            return str(self.rng.randrange(4, 60))
        if key == "a_gadj":
            adjective = self["gadj"]
            return ("an " if adjective[0] in "aeiou" else "a ") + adjective
        choices = self["kind"][2] if key == "kw" else GENERIC_SLOTS[key]
        return choices[self.rng.randrange(len(choices))]


# Slots filled afresh at each use, so background sentences vary.
GENERIC_SLOTS = {
    "gnoun": words.GNOUNS, "gnoun2": words.GNOUNS, "gadj": words.GADJS, "gverb": words.GVERBS,
    "timeframe": words.TIMEFRAMES, "official": words.OFFICIALS, "officials": words.GROUPS,
}


def plan_events(n: int, world: World, seed: str = SEED) -> Iterator[tuple[Event, int]]:
    """Yield (event, articles to write about it) until n articles are planned."""
    planned, number = 0, 0
    while planned < n:
        event = make_event(number, world, seed)
        count = min(len(event.sources), n - planned)
        yield event, count
        planned += count
        number += 1


def make_articles(n: int, seed: str = SEED) -> list[Article]:
    """Return the n articles of the corpus, with unique slugs, in event order."""
    world = make_world(seed)
    articles: list[Article] = []
    taken: set[str] = set()
    for event, count in plan_events(n, world, seed):
        headlines = random.Random(f"{seed}:headlines:{event.number}").sample(words.HEADLINES, count)
        for index in range(count):
            article = write_article(event, index, headlines[index], world, seed)
            slug = unique_slug(article.slug, taken)
            articles.append(article if slug == article.slug else replace_slug(article, slug))
    return articles


def unique_slug(slug: str, taken: set[str]) -> str:
    """Return slug, or slug-2, slug-3... if it is taken; record it as taken."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def replace_slug(article: Article, slug: str) -> Article:
    """Return the article with another slug."""
    return Article(slug, article.title, article.dek, article.summary, article.source, article.author,
                   article.published, article.tags, article.body, article.event)


def write_article(event: Event, index: int, headline: str, world: World, seed: str) -> Article:
    """Write article `index` about an event, from that event's source number `index`."""
    rng = random.Random(f"{seed}:article:{event.number}:{index}")
    source = event.sources[index]
    slots = article_slots(event, rng)
    slots["source"] = source.name.removeprefix("The ")
    title = headline.format_map(slots)
    facts = list(event.facts[1:])
    rng.shuffle(facts)
    facts = facts[: rng.randint(4, 7)]
    dek = None if rng.random() < 0.2 else rng.choice(facts)
    body = write_body(event, source, slots, list(facts), rng)
    return Article(
        slug=slugify(title, max_length=70, word_boundary=True),
        title=title,
        dek=dek,
        summary=event.facts[0],
        source=source.name,
        author=None if rng.random() < 0.15 else rng.choice(source.authors),
        published=event.day + timedelta(days=min(index, rng.randrange(4))),
        tags=article_tags(event, world, rng),
        body=body,
        event=event.number,
    )


def article_slots(event: Event, rng: random.Random) -> Slots:
    """Return the template slots of one article about an event (title-case forms for headlines)."""
    base = {
        "noun": event.kind[0], "Noun": event.kind[0].title(), "place": event.place, "Place": event.place,
        "site": event.site,
        "unit": event.kind[3], "Unit": event.kind[3].title(), "kind": event.kind,
        "person": event.people[0], "person2": event.people[1],
        "role": event.roles[0], "role2": event.roles[1],
        "org": event.org, "figure": f"{event.figure:,}", "Figure": f"{event.figure:,}", "money": event.money,
        "year": event.year, "weekday": f"{event.day:%A}", "weekday2": f"{event.day + timedelta(days=4):%A}",
    }
    slots = Slots(base, rng)
    slots["Person"], slots["Org"] = event.people[0], event.org
    slots["Kw"] = rng.choice(event.kind[2]).title()
    return slots


def article_tags(event: Event, world: World, rng: random.Random) -> tuple[str, ...]:
    """Return 2-4 tags: the event's main topic and place, and some of its other topics."""
    topics = list(event.kind[1][1:])
    if rng.random() < 0.3:  # a cross-cutting topic, so every tag of the vocabulary gets used
        topics.append(rng.choice(words.TOPICS))
    extra = [t for t in dict.fromkeys(topics) if t != event.kind[1][0]]
    chosen = [event.kind[1][0], slugify(event.place)] + rng.sample(extra, rng.randint(0, min(2, len(extra))))
    return tuple(chosen)


def write_body(event: Event, source: Source, slots: Slots, facts: list[str], rng: random.Random) -> str:
    """Write a 600-900 word Markdown body: paragraphs, two headings, a list, a quote and links."""
    target = rng.randint(WORDS_MIN, WORDS_MAX)
    headings = rng.sample(words.HEADINGS, 2)
    lead = [event.facts[0], facts.pop(0)]
    blocks = [" ".join(lead)]
    count = count_words(blocks[0])
    # Each feature goes in once the body reaches its share of the target length.
    features = [(0.2, f"## {headings[0]}"), (0.4, "list"), (0.55, f"## {headings[1]}"), (0.7, "quote")]
    links = 2
    fillers = deck(words.FILLERS, rng)
    while count < target:
        if features and count >= features[0][0] * target:
            block = feature_block(features.pop(0)[1], slots, rng)
            count += count_words(block)
        else:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                use_fact = facts and rng.random() < 0.35
                sentences.append(facts.pop(0) if use_fact else next(fillers).format_map(slots))
                count += count_words(sentences[-1])
                if count >= target:
                    break
            if links and rng.random() < 0.3:
                sentences.append(link_sentence(event, source, slots, rng))
                count += count_words(sentences[-1])
                links -= 1
            block = " ".join(sentences)
        blocks.append(block)
    if links:  # every article links out at least once
        blocks[-1] += " " + link_sentence(event, source, slots, rng)
    return "\n\n".join(blocks)


def deck(items: tuple[str, ...], rng: random.Random) -> Iterator[str]:
    """Yield the items in a shuffled order, reshuffling when all are used, so repeats are rare."""
    while True:
        yield from rng.sample(items, len(items))


def feature_block(feature: str, slots: Slots, rng: random.Random) -> str:
    """Return a heading, a bulleted list with its intro, or a quote with its attribution."""
    if feature == "list":
        items = rng.sample(words.LIST_ITEMS, rng.randint(3, 5))
        return "Key points so far:\n\n" + "\n".join(f"- {item.format_map(slots)}" for item in items)
    if feature == "quote":
        quote = rng.choice(words.QUOTES).format_map(slots)
        return f"> “{quote}”\n>\n> — {slots['person']}, {slots['role']}"
    return feature


def link_sentence(event: Event, source: Source, slots: Slots, rng: random.Random) -> str:
    """Return a sentence linking to the source's earlier coverage or the organization's statement."""
    text = rng.choice(words.LINK_TEXTS)
    if rng.random() < 0.5:
        url = f"https://{source.domain}/{event.day:%Y/%m}/{slugify(event.kind[0])}-{event.number}"
        return f"The {source.name.removeprefix('The ')} covered the background in [{text}]({url})."
    url = f"https://{slugify(event.org)}.example/news/{event.number}"
    return f"The {event.org} set out its position in [{text}]({url})."
