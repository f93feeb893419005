"""Behaviour specific to the embedded bitmap index (beyond the backend contract)."""
from search.backends import IndexedPassage, SearchQuery
from search.backends.embedded import EmbeddedBackend
from search.models import IndexBitmap, IndexState


def P(pid, doc, body):
    return IndexedPassage(passage_id=pid, document_id=doc, title="หลักฐาน", body=body)


def snapshot(backend, q):
    res = backend.search(SearchQuery(q, per_page=100))
    return res.total, [(h.document_id, h.passage_id, h.score) for h in res.hits]


def test_upserts_leave_dead_bits_that_compact_removes(embedded: EmbeddedBackend):
    embedded.index([P(f"p{i}", f"D{i % 5}", "ตัวชี้วัดของส่วนราชการ") for i in range(20)])
    for _ in range(3):
        embedded.index([P("p1", "D1", "ตัวชี้วัดฉบับแก้ไข")])
    before = snapshot(embedded, "ตัวชี้วัด")
    assert embedded.dead_ratio() > 0.3
    embedded.compact()
    assert embedded.dead_ratio() == 0
    assert snapshot(embedded, "ตัวชี้วัด") == before
    assert IndexState.objects.get(pk=1).next_docno == 20 + 5  # passages + one spacer each


def test_a_passage_moved_to_another_document(embedded):
    embedded.index([P("a", "A", "ตัวชี้วัด"), P("b", "A", "ตัวชี้วัด")])
    embedded.index([P("b", "B", "ตัวชี้วัด")])
    res = embedded.search(SearchQuery("ตัวชี้วัด"))
    assert res.total == 2
    assert sorted((h.document_id, h.passage_id) for h in res.hits) == [("A", "a"), ("B", "b")]


def test_bitmaps_are_chunked(embedded, settings):
    from search.backends import bitmaps

    embedded.index([P("a", "A", "ตัวชี้วัด")])
    state = IndexState.objects.get(pk=1)
    state.next_docno = bitmaps.CHUNK_BITS * 2 - 1  # next document straddles chunks 1 and 2
    state.save()
    embedded.index([P("b1", "B", "ตัวชี้วัด"), P("b2", "B", "ตัวชี้วัด ราชการ")])
    assert set(IndexBitmap.objects.filter(key="_live").values_list("chunk", flat=True)) == {0, 1, 2}
    res = embedded.search(SearchQuery("ตัวชี้วัด"))
    assert res.total == 2 and {h.document_id for h in res.hits} == {"A", "B"}
    assert [h.passage_id for h in embedded.search(SearchQuery("ราชการ")).hits] == ["b2"]
