"""The behaviour every search backend must have (parametrised in conftest: embedded, ES)."""
import pytest

from evidence_search.backends import Filters, IndexedPassage, SearchQuery, Visibility

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first


def P(pid, doc, body, title="เอกสารหลักฐาน", **kw):
    return IndexedPassage(passage_id=pid, document_id=doc, title=title, body=body, **kw)


def docs(results):
    return [h.document_id for h in results.hits]


def search(backend, text, **kw):
    return backend.search(SearchQuery(text, **kw))


# --- matching ----------------------------------------------------------------------------
def test_whole_word_and_part_of_compound(backend):
    backend.index([P("a", "A", "หนังสือแจ้งส่วนราชการทุกแห่ง"), P("b", "B", "งานราชการ ทั่วไป"),
                   P("c", "C", "การประชุมคณะกรรมการ")])
    res = search(backend, "ราชการ")
    assert sorted(docs(res)) == ["A", "B"] and res.total == 2
    assert {h.document_id: h.whole_word for h in res.hits} == {"A": False, "B": True}


def test_all_terms_must_match_in_any_order(backend):
    backend.index([P("a", "A", "ตัวชี้วัดนี้มีค่าเป้าหมายร้อยละ 80"), P("b", "B", "ค่าเป้าหมายเท่านั้น"),
                   P("c", "C", "ตัวชี้วัดเท่านั้น")])
    assert docs(search(backend, "ตัวชี้วัด ค่าเป้าหมาย")) == ["A"]
    assert docs(search(backend, "ค่าเป้าหมาย ตัวชี้วัด")) == ["A"]


def test_quoted_phrase_needs_adjacency(backend):
    backend.index([P("a", "A", "จัดทำคำรับรองการปฏิบัติราชการประจำปี"),
                   P("b", "B", "การปฏิบัติราชการ และคำรับรองของผู้บริหาร")])
    assert docs(search(backend, '"คำรับรองการปฏิบัติราชการ"')) == ["A"]
    assert sorted(docs(search(backend, "คำรับรอง การปฏิบัติราชการ"))) == ["A", "B"]
    # a phrase typed with a space still matches text written without one
    assert docs(search(backend, '"คำรับรอง การปฏิบัติราชการ"')) == ["A"]


def test_latin_terms_inside_thai_any_case(backend):
    backend.index([P("a", "A", "ส่งรายงานผ่านระบบE-SARภายในกำหนด"), P("b", "B", "ตามเกณฑ์ pmqa 4.0"),
                   P("c", "C", "แบบฟอร์ม Kpi TEMPLATE ฉบับใหม่")])
    assert docs(search(backend, "e-SAR")) == ["A"]
    assert docs(search(backend, "PMQA")) == ["B"]
    assert docs(search(backend, "KPI Template")) == ["C"]


def test_thai_and_arabic_digits_match_each_other(backend):
    backend.index([P("a", "A", "ปีงบประมาณ พ.ศ. ๒๕๖๙"), P("b", "B", "ร้อยละ 95.50 ของเป้าหมาย")])
    assert docs(search(backend, "2569")) == ["A"]
    assert docs(search(backend, "๙๕.๕๐")) == ["B"]
    assert docs(search(backend, "2026")) == ["A"]  # the same year in the Christian era


def test_garbled_spellings_are_found(backend):
    backend.index([P("a", "A", "การจัดท\u0e4d\u0e32ค\u0e4d\u0e32รับรอง"), P("b", "B", "ผ\uf70bูตรวจ\u200bสอบ"),
                   P("c", "C", "ระบบติดตาม\nอัจฉริยะ")])
    assert docs(search(backend, "คำรับรอง")) == ["A"]
    assert docs(search(backend, "ผู้ตรวจสอบ")) == ["B"]
    assert docs(search(backend, "ติดตามอัจฉริยะ")) == ["C"]


def test_no_match_and_empty_query(backend):
    backend.index([P("a", "A", "ตัวชี้วัด")])
    assert search(backend, "อุทธรณ์").total == 0
    res = search(backend, '  "" ')
    assert res.total == 0 and res.hits == []


# --- ranking -----------------------------------------------------------------------------
def test_whole_word_before_part_of_word_and_title_before_body(backend):
    backend.index([
        P("1", "part-body", "ข้าราชการ ดีเด่น", title="แผนงาน"),
        P("2", "part-title", "เนื้อหาอื่น", title="ข้าราชการดีเด่น"),
        P("3", "whole-body", "งานราชการ ทั่วไป", title="รายงาน"),
        P("4", "whole-title", "เนื้อหาอื่น", title="ราชการ ใส"),
    ])
    assert docs(search(backend, "ราชการ")) == ["whole-title", "whole-body", "part-title", "part-body"]


def test_kpi_name_counts_as_title(backend):
    backend.index([P("1", "body", "ร้อยละการเบิกจ่าย"),
                   P("2", "kpi", "ไม่เกี่ยว", kpi_name="ร้อยละการเบิกจ่าย")])
    assert docs(search(backend, "การเบิกจ่าย")) == ["kpi", "body"]


# --- grouping, pagination ----------------------------------------------------------------
def test_one_hit_per_document_with_its_best_passage(backend):
    backend.index([P("d1-p1", "D1", "ข้าราชการ"), P("d1-p2", "D1", "งานราชการ"), P("d1-p3", "D1", "ไม่มี"),
                   P("d2-p1", "D2", "ส่วนราชการ")])
    res = search(backend, "ราชการ")
    assert res.total == 2
    assert [(h.document_id, h.passage_id) for h in res.hits] == [("D1", "d1-p2"), ("D2", "d2-p1")]


def test_pagination_over_documents(backend):
    backend.index([P(f"p{i}-{j}", f"D{i:02d}", f"ตัวชี้วัด หน้า {j}") for i in range(45) for j in range(2)])
    pages = [search(backend, "ตัวชี้วัด", page=n, per_page=20) for n in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [20, 20, 5, 0]
    assert all(p.total == 45 for p in pages) and pages[0].num_pages == 3
    seen = [d for p in pages for d in docs(p)]
    assert len(seen) == len(set(seen)) == 45


# --- filters and permissions -------------------------------------------------------------
def _meta_corpus():
    out = []
    for i in range(12):
        out.append(P(f"p{i}", f"D{i}", "รายงานตัวชี้วัด", fiscal_year=2568 + i % 2, unit_id=1 + i % 3,
                     unit_abbr=["กพร.", "กผ.", "สลก."][i % 3], kpi_id=10 + i % 4, round=[6, 9, 12][i % 3],
                     file_type=["pdf", "docx"][i % 2], is_public=i % 4 == 0))
    return out


@pytest.mark.parametrize("filters,expected", [
    (Filters(fiscal_year=2569), {f"D{i}" for i in range(12) if i % 2}),
    (Filters(unit_id=2), {f"D{i}" for i in range(12) if i % 3 == 1}),
    (Filters(kpi_id=11), {f"D{i}" for i in range(12) if i % 4 == 1}),
    (Filters(round=12), {f"D{i}" for i in range(12) if i % 3 == 2}),
    (Filters(file_type="docx"), {f"D{i}" for i in range(12) if i % 2}),
    (Filters(fiscal_year=2568, unit_id=1), {"D0", "D6"}),
])
def test_filters(backend, filters, expected):
    backend.index(_meta_corpus())
    res = search(backend, "ตัวชี้วัด", filters=filters, per_page=50)
    assert set(docs(res)) == expected and res.total == len(expected)


@pytest.mark.parametrize("visibility,expected", [
    (Visibility.everything(), {f"D{i}" for i in range(12)}),
    (Visibility.units([1]), {"D0", "D3", "D6", "D9"}),
    (Visibility.units([1, 3]), {f"D{i}" for i in range(12) if i % 3 != 1}),
    (Visibility.public(), {"D0", "D4", "D8"}),
    (Visibility.units([2], include_public=True), {"D1", "D4", "D7", "D10", "D0", "D8"}),
    (Visibility.units([]), set()),
])
def test_visibility(backend, visibility, expected):
    backend.index(_meta_corpus())
    res = search(backend, "ตัวชี้วัด", visibility=visibility, per_page=50)
    assert set(docs(res)) == expected and res.total == len(expected)


def test_permissions_are_applied_inside_the_query(backend):
    """Hidden documents outrank the visible ones; a post-filter would return a short or
    empty first page and a wrong total. In-query filtering fills the page and counts right."""
    hidden = [P(f"h{i}", f"H{i}", "งาน", title="ราชการ", unit_id=9) for i in range(30)]
    visible = [P(f"v{i}", f"V{i}", "ส่วนราชการ", unit_id=1) for i in range(5)]
    backend.index(hidden + visible)
    res = search(backend, "ราชการ", visibility=Visibility.units([1]), per_page=5)
    assert res.total == 5
    assert sorted(docs(res)) == [f"V{i}" for i in range(5)]


# --- snippets ----------------------------------------------------------------------------
def test_snippet_marks_match_and_escapes_html(backend):
    backend.index([P("a", "A", "<b>ค่าเป้าหมาย</b> & ร้อยละ ๘๐ ของส่วนราชการ")])
    hit = search(backend, "80 ราชการ").hits[0]
    assert "<mark>๘๐</mark>" in hit.snippet_html  # shown as written, found by Arabic digits
    assert "ส่วน<mark>ราชการ</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html and "&amp;" in hit.snippet_html and "<b>" not in hit.snippet_html


def test_snippet_of_long_text_is_a_window_around_the_match(backend):
    body = "ก" * 3000 + "ตัวชี้วัดสำคัญ" + "ข" * 3000
    backend.index([P("a", "A", body)])
    snip = search(backend, "ตัวชี้วัด").hits[0].snippet_html
    assert "<mark>ตัวชี้วัด</mark>" in snip and len(snip) < 400 and snip.startswith("…")


def test_hit_carries_metadata(backend):
    backend.index([P("a", "A", "ตัวชี้วัด", title="รายงานผล", filename="ผล.pdf", unit_abbr="กพร.",
                     kpi_code="2.1", round=9, file_type="pdf")])
    h = search(backend, "ตัวชี้วัด").hits[0]
    assert (h.document_id, h.passage_id, h.title, h.filename, h.unit, h.kpi, h.round, h.file_type) == (
        "A", "a", "รายงานผล", "ผล.pdf", "กพร.", "2.1", 9, "pdf")
    assert h.score > 0 and h.whole_word


def test_filename_kpi_code_and_unit_abbr_are_searchable(backend):
    backend.index([P("a", "A", "เนื้อหา", filename="หลักฐานPMQA.pdf", unit_abbr="กพร.", kpi_code="KPI-07")])
    assert docs(search(backend, "หลักฐานpmqa")) == ["A"]
    assert docs(search(backend, "กพร")) == ["A"]
    assert docs(search(backend, "kpi-07")) == ["A"]


# --- writes ------------------------------------------------------------------------------
def test_upsert_replaces_a_passage(backend):
    backend.index([P("a", "A", "ข้อความเดิม"), P("b", "A", "หน้าสอง")])
    backend.index([P("a", "A", "ข้อความใหม่")])
    assert search(backend, "ข้อความเดิม").total == 0
    assert docs(search(backend, "ข้อความใหม่")) == ["A"]
    assert docs(search(backend, "หน้าสอง")) == ["A"]


def test_delete_removes_all_passages_of_documents(backend):
    backend.index([P("a1", "A", "ตัวชี้วัด"), P("a2", "A", "ตัวชี้วัด"), P("b1", "B", "ตัวชี้วัด")])
    backend.delete(["A"])
    res = search(backend, "ตัวชี้วัด")
    assert docs(res) == ["B"] and res.total == 1


def test_rebuild_drops_the_old_content_and_reports_progress(backend):
    backend.index([P("old", "OLD", "ตัวชี้วัด")])
    seen = []
    n = backend.rebuild((P(f"n{i}", f"N{i // 2}", "ตัวชี้วัด") for i in range(6)), progress=seen.append)
    assert n == 6 and seen and seen[-1] == 6
    res = search(backend, "ตัวชี้วัด")
    assert res.total == 3 and "OLD" not in docs(res)


def test_snippet_shows_the_place_where_all_terms_meet(backend):
    body = "กำหนดการประชุม " + "ก" * 600 + " กำหนดค่าเป้าหมายของตัวชี้วัด " + "ข" * 600
    backend.index([P("a", "A", body)])
    snip = search(backend, "กำหนด ค่าเป้าหมาย").hits[0].snippet_html
    assert "<mark>กำหนดค่าเป้าหมาย</mark>ของตัวชี้วัด" in snip  # adjacent matches merge


# --- whole numbers and file-level AND (issue 15 semantics, on every backend) -------------
def test_numbers_match_whole_numbers_only_on_every_backend(backend):
    backend.index([
        P("a", "steps19", "ขั้นตอนที่ 19 ของการประเมิน"),
        P("b", "steps9", "มีทั้งหมด 9 ขั้นตอน"),
        P("c", "month16", "ขั้นตอนที่ 16 รอบ 12 เดือน"),
        P("f", "year", "ปีงบประมาณ ๒,๕๖๙"),
    ])
    assert docs(search(backend, "9 ขั้นตอน")) == ["steps9"]
    assert search(backend, "รอบ 6 เดือน").total == 0
    assert docs(search(backend, "12")) == ["month16"]
    for spelling in ("2569", "2,569", "๒๕๖๙"):
        res = search(backend, spelling)
        assert docs(res) == ["year"] and res.total == 1, spelling


def test_terms_on_different_pages_of_one_file_find_the_file(backend):
    backend.index([
        P("t1", "two-pages", "หน้าแรกกล่าวถึงตัวชี้วัด"), P("t2", "two-pages", "หน้าสองกล่าวถึงการอุทธรณ์"),
        P("t3", "two-pages", "หน้าสามไม่เกี่ยว"),
        P("o1", "one-page", "ตัวชี้วัดและการอุทธรณ์ในหน้าเดียว"),
        P("x1", "only-one", "ตัวชี้วัดเท่านั้น"), P("x2", "only-one", "ไม่มีอีกคำ"),
    ])
    res = search(backend, "ตัวชี้วัด อุทธรณ์")
    assert docs(res) == ["one-page", "two-pages"] and res.total == 2
    assert res.hits[1].passage_id in ("t1", "t2")  # a real passage of the file, not the file record
    assert "<mark>" in res.hits[1].snippet_html
    backend.delete(["two-pages"])
    assert docs(search(backend, "ตัวชี้วัด อุทธรณ์")) == ["one-page"]


def test_file_level_and_reads_every_page_title_and_kpi_name(backend):
    """The terms of a multi-term query may sit in the title or KPI name of any page of the
    file, not only of its first page (the bench's corpus gives pages their own titles)."""
    backend.index([
        P("h1", "heads", "หน้าแรก", title="รายงานการประชุม"),
        P("h2", "heads", "หน้าสอง", title="ผลการอุทธรณ์", kpi_name="ร้อยละความพึงพอใจ"),
    ])
    for text in ("ประชุม อุทธรณ์", "ประชุม ความพึงพอใจ", "หน้าแรก ความพึงพอใจ"):
        res = search(backend, text)
        assert docs(res) == ["heads"] and res.total == 1, text


def _pages_with_own_metadata():
    """One file whose pages carry different round / visibility, as passages may."""
    return [
        P("m1", "mixed", "หน้าแรกกล่าวถึงตัวชี้วัด", round=9, unit_id=1, is_public=True),
        P("m2", "mixed", "หน้าสองกล่าวถึงการอุทธรณ์", round=6, unit_id=1, is_public=False),
        P("m3", "mixed", "หน้าสามกล่าวถึงตัวชี้วัดอีกครั้ง", round=6, unit_id=1, is_public=False),
    ]


@pytest.mark.parametrize("kw,found", [
    ({}, True),
    ({"filters": Filters(round=6)}, True),      # both terms on round-6 pages (m2, m3)
    ({"filters": Filters(round=9)}, False),     # the round-9 page has only one term
    ({"filters": Filters(round=12)}, False),
    ({"visibility": Visibility.units([1])}, True),
    ({"visibility": Visibility.public()}, False),  # the public page has only one term
])
def test_file_level_and_counts_only_pages_that_pass_filters_and_permissions(backend, kw, found):
    """File-level AND over the pages the searcher may see and the filters keep: a file
    matches when every term occurs on one of *those* pages (the embedded backend ANDs the
    filter bitmaps into each page before joining pages to files)."""
    backend.index(_pages_with_own_metadata())
    res = search(backend, "ตัวชี้วัด อุทธรณ์", **kw)
    assert (docs(res), res.total) == ((["mixed"], 1) if found else ([], 0))
    if found:
        assert res.hits[0].passage_id in {"m1", "m2", "m3"}
    if found and "filters" in kw:
        # the page shown passes the same filters
        assert res.hits[0].passage_id in {"m2", "m3"}


def test_a_page_past_the_server_result_window(backend):
    """A page ending past a search server's result window (10 000 by default; lowered to
    10 here) is read with search_after: every document once, in the order small pages give."""
    backend.index([P(f"w{i}-{j}", f"W{i:02d}", f"ตัวชี้วัด หน้า {j}" + (" ร้อยละ" if j else ""))
                   for i in range(45) for j in range(3)])
    if hasattr(backend, "client"):  # the search-server backends
        backend.client.indices.put_settings(index=backend.alias, body={"index": {"max_result_window": 10}})
        backend.result_window, backend.scan_chunk = 10, 7
    for text in ("ตัวชี้วัด", "หน้า ร้อยละ"):
        small = [d for n in range(1, 6) for d in docs(search(backend, text, page=n, per_page=10))]
        big = search(backend, text, per_page=100000)
        assert big.total == 45 and docs(big) == small and len(set(small)) == 45, text
        third = search(backend, text, page=3, per_page=20)
        assert docs(third) == small[40:45] and third.total == 45, text
