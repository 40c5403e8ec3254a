"""Clustering at scale: each article is compared with a few neighbours, never with every other article."""

from __future__ import annotations

from newsroom.aggregate.cluster import COMPARISONS, cluster_documents
from newsroom.aggregate.documents import read_document, weigh
from newsroom.aggregate.names import gazetteer

from .synthetic import synthetic_records

ARTICLES = 2000
PER_ARTICLE = 25  # comparisons allowed per article: all pairs would be about ARTICLES / 2 each


def test_2000_articles_cluster_without_comparing_all_pairs():
    records, truth = synthetic_records(ARTICLES)
    names = gazetteer()
    documents = [read_document(record, names) for record in sorted(records, key=lambda r: r.slug)]
    weigh(documents)
    COMPARISONS.clear()
    clusters = cluster_documents(documents)
    compared = COMPARISONS["pairs"]
    assert 0 < compared <= PER_ARTICLE * ARTICLES
    assert compared < ARTICLES * (ARTICLES - 1) // 2 // 50
    # Blocking must not cost quality: the clusters still are the events.
    events = [{truth[documents[i].slug] for i in members} for members in clusters]
    assert sum(len(found) == 1 for found in events) >= 0.97 * len(clusters)
    assert abs(len(clusters) - len(set(truth.values()))) <= 0.03 * len(set(truth.values()))
    assert sorted(i for members in clusters for i in members) == list(range(ARTICLES))
