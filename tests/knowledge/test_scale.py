"""The index copes with a large catalogue: 50k generated articles build and answer."""

from __future__ import annotations

from knowledge.index import SearchIndex
from knowledge.synthetic import generate_articles, generate_queries


def test_fifty_thousand_articles() -> None:
    articles = generate_articles(50_000)
    index = SearchIndex(articles)
    assert len(index) == 50_000
    queries = generate_queries(articles, 40)
    found = 0
    for query in queries:
        matches = index.search(query.text, limit=3)
        assert len(matches) <= 3
        found += any(m.article.id == query.article_id for m in matches)
    # Many generated queries are ambiguous on purpose; most must still find their article.
    assert found >= 0.6 * len(queries)
    code = articles[12_345].error_codes[0]
    log = f"2026-11-20 ERROR request failed code={code} status=500"
    assert any(m.article.error_codes == (code,) for m in index.search(log, limit=3))
