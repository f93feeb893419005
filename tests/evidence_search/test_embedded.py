"""Behaviour specific to the embedded bitmap index (beyond the backend contract)."""
from evidence_search.backends import IndexedPassage, SearchQuery
from evidence_search.backends.embedded import EmbeddedBackend
from evidence_search.models import IndexBitmap, IndexState


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
    from evidence_search.backends import bitmaps

    embedded.index([P("a", "A", "ตัวชี้วัด")])
    state = IndexState.objects.get(pk=1)
    state.next_docno = bitmaps.CHUNK_BITS * 2 - 1  # next document straddles chunks 1 and 2
    state.save()
    embedded.index([P("b1", "B", "ตัวชี้วัด"), P("b2", "B", "ตัวชี้วัด ราชการ")])
    assert set(IndexBitmap.objects.filter(key="_live").values_list("chunk", flat=True)) == {0, 1, 2}
    res = embedded.search(SearchQuery("ตัวชี้วัด"))
    assert res.total == 2 and {h.document_id for h in res.hits} == {"A", "B"}
    assert [h.passage_id for h in embedded.search(SearchQuery("ราชการ")).hits] == ["b2"]


def test_file_level_and_snippet_shows_every_term_from_the_passage_holding_it(embedded):
    """Two terms on different pages of one file: the hit's snippet is cut from the best page
    and adds the other term's context from the page that holds it."""
    filler = "รายละเอียดการดำเนินงานตามแผน " * 12
    embedded.index([
        P("p1", "F", filler + "หน้าแรกกล่าวถึงตัวชี้วัดของกรม " + filler),
        P("p2", "F", filler + "หน้าสองกล่าวถึงการอุทธรณ์ผลคะแนน " + filler),
        P("p3", "F", "หน้าสามไม่เกี่ยวข้อง"),
    ])
    res = embedded.search(SearchQuery("ตัวชี้วัด อุทธรณ์"))
    assert res.total == 1
    hit = res.hits[0]
    assert "<mark>ตัวชี้วัด</mark>" in hit.snippet_html and "<mark>อุทธรณ์</mark>" in hit.snippet_html
    assert "หน้าแรก" in hit.snippet_html and "หน้าสอง" in hit.snippet_html  # each from its own page
    assert "หน้าสาม" not in hit.snippet_html
    # the best page comes first, the other page's context after " … "
    assert hit.snippet_html.index("ตัวชี้วัด") < hit.snippet_html.index(" … ") < hit.snippet_html.index("อุทธรณ์")
    # a page that holds both terms: its own snippet, nothing added
    embedded.index([P("q1", "G", "ตัวชี้วัดและการอุทธรณ์ในหน้าเดียว"), P("q2", "G", "อุทธรณ์อีกครั้ง")])
    both = {h.document_id: h for h in embedded.search(SearchQuery("ตัวชี้วัด อุทธรณ์")).hits}["G"]
    assert both.passage_id == "q1" and " … " not in both.snippet_html and "อีกครั้ง" not in both.snippet_html


def _stored(backend):
    from evidence_search.models import IndexedPassageRow

    bits = {(k, c): bytes(b) for k, c, b in IndexBitmap.objects.exclude(key__in=["_gen", "_ver"]).values_list(
        "key", "chunk", "bits")}
    rows = list(IndexedPassageRow.objects.order_by("docno").values_list("docno", "passage_id", "document_id", "body"))
    return bits, rows


def test_index_of_new_documents_laid_out_by_workers_stores_the_same_index(db, monkeypatch):
    """index() of many new documents (a bulk import batch) lays them out in forked worker
    processes: the stored rows and bitmaps are exactly those of the in-process layout,
    and an upsert of an existing document afterwards still works."""
    from evidence_search.backends import embedded as emb

    words = ["ตัวชี้วัด", "ราชการ", "ร้อยละ 80", "KPI", "๒๕๖๙", "ค่าเป้าหมาย", "การเบิกจ่าย"]
    passages = [P(f"p{i}", f"D{i // 3}", " ".join(words[(i + j) % len(words)] for j in range(i % 5 + 2)))
                for i in range(60)]
    monkeypatch.setattr(emb, "PARALLEL_LAYOUT_MIN", 10)
    results = []
    for workers in ("1", "2"):
        monkeypatch.setenv("KHAMRAP_INDEX_WORKERS", workers)
        backend = EmbeddedBackend()
        backend.rebuild([])
        backend.index(passages[:30])
        backend.index(passages[30:])
        results.append((_stored(backend), snapshot(backend, "ตัวชี้วัด"), snapshot(backend, "ร้อยละ 80")))
    assert emb.index_workers() == 2  # the second round did use workers
    assert results[0] == results[1]
    backend.index([P("p1", "D0", "แก้ไขแล้ว ตัวชี้วัด")])  # an existing document: in-process path
    assert snapshot(backend, "แก้ไขแล้ว")[0] == 1


def test_compact_search_index_command_compacts_only_past_its_threshold(embedded: EmbeddedBackend, settings):
    """The nightly command (docs/deploy.md): below --min-dead it leaves the index alone,
    past it (or with --force) it drops the dead bits; answers stay the same; Thai output."""
    import io

    from django.core.management import call_command

    settings.KHAMRAP_SEARCH_BACKEND = "evidence_search.backends.embedded.EmbeddedBackend"
    embedded.index([P(f"p{i}", f"D{i % 5}", "ตัวชี้วัดของส่วนราชการ") for i in range(20)])
    embedded.index([P("p1", "D1", "ตัวชี้วัดฉบับแก้ไข")])
    before, ratio = snapshot(embedded, "ตัวชี้วัด"), embedded.dead_ratio()
    assert 0 < ratio < 0.5
    out = io.StringIO()
    call_command("compact_search_index", "--min-dead", "0.5", stdout=out)
    assert "ไม่ต้องบีบอัด" in out.getvalue() and embedded.dead_ratio() == ratio
    out = io.StringIO()
    call_command("compact_search_index", "--min-dead", "0.01", stdout=out)
    assert "บีบอัดแล้ว: 20 ข้อความย่อย" in out.getvalue()
    assert embedded.dead_ratio() == 0 and snapshot(embedded, "ตัวชี้วัด") == before
