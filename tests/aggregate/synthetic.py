"""Synthetic news corpora: many events over two years, shared actors, several articles per event.

Run as a script to time the aggregate stage: python -m tests.aggregate.synthetic [records]
"""

from __future__ import annotations

import random
import resource
import sys
import time
from datetime import date, timedelta

from newsroom.model import Record

from .records import make_record

LEADERS = [
    "Vladimir Putin",
    "Kim Jong Un",
    "Xi Jinping",
    "Joe Biden",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Narendra Modi",
    "Recep Tayyip Erdogan",
    "Volodymyr Zelensky",
    "Fumio Kishida",
    "Yoon Suk Yeol",
    "Luiz Inacio Lula",
    "Cyril Ramaphosa",
    "Giorgia Meloni",
    "Keir Starmer",
    "Justin Trudeau",
]
PLACES = [
    "Moscow",
    "Beijing",
    "Paris",
    "Berlin",
    "Delhi",
    "Ankara",
    "Kyiv",
    "Tokyo",
    "Seoul",
    "Rome",
    "London",
    "Ottawa",
    "Hanoi",
    "Vienna",
    "Geneva",
    "Warsaw",
    "Cairo",
    "Doha",
    "Jakarta",
    "Madrid",
    "Brussels",
]
KINDS = {
    "summit": ("held talks", "summit", "a joint declaration on {topic}", "the leaders discussed {topic}"),
    "deal": (
        "signed an agreement",
        "trade deal",
        "tariffs on {topic} will be cut",
        "the deal covers {topic}",
    ),
    "quake": (
        "an earthquake struck",
        "earthquake",
        "rescuers searched collapsed {topic}",
        "aftershocks hit {topic}",
    ),
    "election": (
        "voters went to the polls",
        "election",
        "turnout was high in {topic}",
        "results for {topic}",
    ),
    "strike": ("workers walked out", "strike", "the union demanded {topic}", "talks on {topic} stalled"),
    "flood": ("heavy rain flooded", "flood", "water covered {topic}", "officials evacuated {topic}"),
}
TOPICS = [
    "steel",
    "wheat",
    "semiconductors",
    "gas pipelines",
    "fishing rights",
    "nuclear fuel",
    "rail links",
    "pension reform",
    "housing blocks",
    "river banks",
    "school buildings",
    "port cranes",
    "power grids",
    "rare earths",
    "shipping lanes",
    "vaccine supplies",
    "border crossings",
    "water treaties",
]
FILLER = [
    "Analysts said the outcome would shape relations for years.",
    "Officials declined to give further details on Monday.",
    "Markets reacted calmly to the news.",
    "Critics warned that the plan lacked a clear timetable.",
    "The announcement followed weeks of speculation in local media.",
]


SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vu", "bor", "di", "sel", "an", "ko", "pri", "zu", "mar", "te"]
DETAILS = [
    "the {w} bridge",
    "the {w} district",
    "the {w} agreement",
    "minister {W} {V}",
    "the {w} valley",
    "the {w} plant",
    "the {w} committee",
    "the {w} corridor",
    "the {w} accord",
    "mayor {W} {V}",
]


FACTS = 12  # facts known of each event; each article tells some of them
FACT_VERBS = ["blocked", "opened", "repaired", "inspected", "funded", "closed", "rebuilt", "guarded"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def _event(rng: random.Random, number: int, start: date) -> dict:
    kind = rng.choice(sorted(KINDS))
    details = [
        d.format(w=_word(rng).capitalize(), W=_word(rng).capitalize(), V=_word(rng).capitalize())
        for d in rng.sample(DETAILS, 5)
    ]
    # What makes an event itself: facts in words no other event uses, as real reports have.
    facts = []
    for _ in range(FACTS):
        fact = f"{_word(rng)} {rng.choice(FACT_VERBS)} {_word(rng)} {_word(rng)} near {rng.choice(details)}."
        facts.append(fact.capitalize())
    return {
        "facts": facts,
        "details": details,
        "number": number,
        "kind": kind,
        "day": start + timedelta(days=rng.randrange(730)),
        "leaders": rng.sample(LEADERS, 2),
        "place": rng.choice(PLACES),
        "topics": rng.sample(TOPICS, 2),
        "figure": rng.randrange(12, 990),
        "code": f"{rng.choice(['Project', 'Operation', 'Plan'])} "
        f"{rng.choice(['Aster', 'Birch', 'Cedar', 'Delta'])}"
        f"{number}",
    }


def _article(rng: random.Random, event: dict, index: int) -> Record:
    verb, noun, line_a, line_b = KINDS[event["kind"]]
    first, second = event["leaders"]
    topic_a, topic_b = event["topics"]
    day = event["day"]
    when = f"{day:%B} {day.day}, {day.year}"
    detail = rng.sample(event["details"], 3)
    sentences = [
        f"In {event['place']}, {verb} on {when}, officials said, in what was called the {event['code']}.",
        f"Reports mentioned {detail[0]} and {detail[1]}.",
        f"The role of {detail[2]} was questioned by {rng.choice(event['leaders'])}.",
        f"{first} said the {noun} was about {topic_a}, and {second} spoke of {event['figure']} million.",
        line_a.format(topic=topic_a).capitalize() + f" near {event['place']}.",
        line_b.format(topic=topic_b).capitalize() + f", according to {second}.",
        *rng.sample(FILLER, 2),
        *rng.sample(event["facts"], rng.randint(5, 9)),
    ]
    sentences = sentences[:1] + rng.sample(sentences[1:], rng.randint(3, len(sentences) - 1))
    title = rng.choice(
        [
            f"{event['place']} {noun}: {first} and {second} on {topic_a}",
            f"{first} speaks on {detail[0]}",
            f"{noun.capitalize()} in {event['place']} over {topic_b}",
        ]
    )
    published = day + timedelta(days=rng.randrange(3)) if rng.random() < 0.7 else None
    return make_record(
        f"e{event['number']:05d}-a{index}",
        title,
        "\n\n".join(sentences),
        published=published,
        source=f"Wire {index}",
    )


def synthetic_records(count: int, seed: int = 7) -> tuple[list[Record], dict[str, int]]:
    """Return `count` records about count/4 events, and each record's event number (the truth)."""
    rng = random.Random(seed)
    records: list[Record] = []
    truth: dict[str, int] = {}
    number = 0
    while len(records) < count:
        event = _event(rng, number, date(2023, 1, 1))
        for index in range(min(rng.randint(1, 7), count - len(records))):
            record = _article(rng, event, index)
            records.append(record)
            truth[record.slug] = number
        number += 1
    return records, truth


def main(count: int) -> None:
    """Time aggregate() on `count` synthetic records and report peak memory and cluster quality."""
    from newsroom.aggregate import aggregate

    records, truth = synthetic_records(count)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = aggregate(records)
    seconds = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024  # Linux reports KiB
    pure = sum(len({truth[slug] for slug in story.articles}) == 1 for story in result.stories)
    print(
        f"{count} records, {len(set(truth.values()))} events -> {len(result.stories)} stories "
        f"({pure} pure) in {seconds:.2f} s; peak memory grew by {peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
