"""The two client layers of the search-server backend send the same requests.

The request bodies are built by each layer's own DSL (opensearch-py / elasticsearch.dsl)
from the shared builder and serialised by that DSL; no server is needed.
"""
import pytest

from evidence_search.backends import Filters, SearchQuery, Visibility
from evidence_search.backends.elastic import ElasticsearchBackend
from evidence_search.backends.opensearch import OpenSearchBackend

QUERIES = [
    SearchQuery("ราชการ"),
    SearchQuery("ตัวชี้วัด ค่าเป้าหมาย", page=3, per_page=7),
    SearchQuery('"คำรับรอง การปฏิบัติราชการ" 2569 e-SAR'),
    SearchQuery("๙๕.๕๐ ก", filters=Filters(fiscal_year=2569, unit_id=2, kpi_id=11, round=12, file_type="DOCX")),
    SearchQuery("ตัวชี้วัด", visibility=Visibility.units([3, 1], include_public=True)),
    SearchQuery("ตัวชี้วัด", visibility=Visibility.units([])),
    SearchQuery("ตัวชี้วัด", visibility=Visibility.public()),
]


@pytest.fixture
def layers(settings):
    settings.KHAMRAP_SEARCH_URL = "http://127.0.0.1:9"  # clients are built, never called
    return OpenSearchBackend(alias="khamrap-x"), ElasticsearchBackend(alias="khamrap-x")


@pytest.mark.parametrize("q", QUERIES, ids=[q.text for q in QUERIES])
def test_elasticsearch_layer_sends_the_opensearch_request_body(layers, q):
    os_backend, es_backend = layers
    os_body = os_backend.search_request(q)[0].to_dict()
    es_body = es_backend.search_request(q)[0].to_dict()
    assert es_body == os_body
    assert os_body["collapse"] == {"field": "document_id"} and os_body["track_total_hits"] is True
    assert os_body["from"] == (q.page - 1) * q.per_page and os_body["size"] == q.per_page


def test_permissions_are_filter_clauses_of_the_query(layers):
    body = layers[0].search_request(SearchQuery("ตัวชี้วัด", visibility=Visibility.units([3, 1])))[0].to_dict()
    assert "post_filter" not in body
    assert body["query"]["bool"]["filter"] == [
        {"bool": {"should": [{"terms": {"unit_id": [1, 3]}}], "minimum_should_match": 1}}]
    nobody = layers[0].search_request(SearchQuery("ตัวชี้วัด", visibility=Visibility.units([])))[0].to_dict()
    assert nobody["query"]["bool"]["filter"] == [{"bool": {"should": [{"match_none": {}}], "minimum_should_match": 1}}]


def test_empty_query_sends_nothing(layers):
    assert layers[0].search_request(SearchQuery('  "" '))[0] is None
    assert layers[1].search_request(SearchQuery('  "" '))[0] is None


def test_file_level_and_requests_are_identical_and_single_terms_skip_file_records(layers):
    from evidence_search.backends import engine_queries as build
    from evidence_search.query import parse

    os_backend, es_backend = layers
    terms = parse("ตัวชี้วัด อุทธรณ์")
    bodies = [build.best_passage(b.dsl, b.dsl.Search(index="x"), "doc-1", terms).to_dict() for b in layers]
    assert bodies[0] == bodies[1] and bodies[0]["size"] == 1
    single = os_backend.search_request(SearchQuery("ตัวชี้วัด"))[0].to_dict()["query"]["bool"]
    assert single["must_not"] == [{"term": {"kind": build.FILE}}]
    several = os_backend.search_request(SearchQuery("ตัวชี้วัด อุทธรณ์"))[0].to_dict()["query"]["bool"]
    assert "must_not" not in several
    assert {"constant_score": {"filter": {"bool": {"must_not": [{"term": {"kind": build.FILE}}]}},
                               "boost": build.PASSAGE_BOOST}} in several["should"]


def test_deep_page_and_per_part_filter_requests_are_identical(layers):
    """The search_after request past the result window and the file-level AND clause with
    per-page filters (nested ``parts``) are the same on both layers."""
    from evidence_search.backends import engine_queries as build
    from evidence_search.query import parse

    q = SearchQuery("ตัวชี้วัด อุทธรณ์", filters=Filters(round=6), visibility=Visibility.units([2]))
    terms = parse(q.text)
    for after in (None, [1010.0, 1.7e9, "d1", 3]):
        bodies = [build.page_after(b.dsl, b.dsl.Search(index="x"), q, terms, after, 50).to_dict() for b in layers]
        assert bodies[0] == bodies[1] and bodies[0]["size"] == 50 and "collapse" not in bodies[0]
        assert bodies[0].get("search_after") == after
    body = layers[0].search_request(q)[0].to_dict()
    either = body["query"]["bool"]["filter"][0]["bool"]["should"]
    nested = [c["nested"] for c in either[1]["bool"]["filter"] if "nested" in c]
    assert len(nested) == 2 and all(n["path"] == build.PARTS for n in nested)
    assert {"term": {"parts.round": 6}} in nested[0]["query"]["bool"]["filter"]
