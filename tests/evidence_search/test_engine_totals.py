"""Totals of the search-server backend are exact document counts, not the ``cardinality``
estimate (which says 8,001 for these 8,000 documents on OpenSearch 2.19). OpenSearch only:
the embedded backend counts its bitmaps exactly (contract suite)."""
import pytest

from evidence_search.backends import IndexedPassage, SearchQuery

from .conftest import make_backend

N = 8000


@pytest.fixture
def server():
    backend, teardown = make_backend("opensearch")
    yield backend
    teardown()


def test_totals_are_exact_document_counts(server):
    server.rebuild(IndexedPassage(passage_id=f"p{i}", document_id=f"d{i}", title="",
                                  body="ตัวชี้วัด" + (" ร้อยละ" if i % 3 else "")) for i in range(N))
    with_both = N - len(range(0, N, 3))
    for text, want in (("ตัวชี้วัด", N), ("ร้อยละ", with_both), ("ตัวชี้วัด ร้อยละ", with_both)):
        res = server.search(SearchQuery(text))
        assert (res.total, res.total_exact) == (want, True), text
