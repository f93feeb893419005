"""The embedded index's per-process caches (``evidence_search.backends.index_cache``) never serve a
stale answer: writes, deletes and a fresh process see exactly what the index holds."""
import pytest

from evidence_search.backends import SearchQuery, index_cache, texts
from evidence_search.backends.embedded import EmbeddedBackend
from evidence_search.backends.base import IndexedPassage
from evidence_search.models import IndexBitmap


def P(pid, doc, body):
    return IndexedPassage(passage_id=pid, document_id=doc, title="หลักฐาน", body=body)


def fresh_process():
    """What a new worker starts with: no cached bitmaps, exact results or texts."""
    index_cache.reset()
    texts.get([], object())  # another generation empties the text cache


# the term's trigrams all occur in the "near" passages, but not the term itself: every
# one of them must be checked against the text (and is, once)
TERM = "ตัวชี้วัด"
NEAR = "ตัวชี้แจง ชี้วัดผล"


@pytest.mark.django_db(transaction=True)
def test_exact_results_survive_writes_and_a_fresh_process():
    backend = EmbeddedBackend()
    backend.rebuild([P(f"t{i}", f"T{i}", f"{TERM}ที่ {i}") for i in range(10)]
                    + [P(f"n{i}", f"N{i}", f"{NEAR} ที่ {i}") for i in range(index_cache.PERSIST_MIN + 5)])
    fresh_process()
    assert backend.search(SearchQuery(TERM, per_page=50)).total == 10
    assert IndexBitmap.objects.filter(key="xw:" + TERM).exists()  # checked results stored

    backend.index([P("t-new", "NEW", f"{TERM}ใหม่"), P("n-new", "NEWN", NEAR)])
    backend.delete(["T0"])
    for _ in range(2):  # in this process (cached), then as a fresh worker (stored rows)
        res = backend.search(SearchQuery(TERM, per_page=50))
        assert res.total == 10
        assert {h.document_id for h in res.hits} == {f"T{i}" for i in range(1, 10)} | {"NEW"}
        fresh_process()

    backend.rebuild([P("x", "X", NEAR)])  # a new generation: nothing stored survives
    assert not IndexBitmap.objects.filter(key__startswith="x").exists()
    assert backend.search(SearchQuery(TERM)).total == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["rebuild", "compact"])
def test_a_rebuild_starts_warm_with_the_terms_the_old_index_had_stored(monkeypatch, how):
    """``rebuild``/``compact`` recompute the stored exact results of the old index's terms:
    a fresh worker then answers them without checking a single text, with the totals a
    brute-force count of the passages gives."""
    from evidence_search import query as query_parser
    from evidence_search.backends import packed
    from thai.text import FIELD_SEP as sep

    monkeypatch.setattr(texts, "SQL_CHECK_MIN", 1)  # the database's check, as at scale
    passages = ([P(f"t{i}", f"T{i}", f"{TERM}ที่ {i}") for i in range(10)]
                + [P(f"n{i}", f"N{i}", f"{NEAR} ที่ {i}") for i in range(index_cache.PERSIST_MIN + 5)]
                + [P(f"r{i}", f"R{i}", f"การปฏิบัติราชการ {NEAR}") for i in range(7)])
    backend = EmbeddedBackend()
    backend.rebuild(passages)
    terms = [TERM, "ชี้วัดผล", "ปฏิบัติราชการ", "ตัวชี้วัด ปฏิบัติราชการ"]

    def brute(text):
        parsed = query_parser.parse(text)
        docs = {}
        for p in passages:
            docs.setdefault(p.document_id, "")
            docs[p.document_id] += sep + sep.join(texts.entry(p.title, p.kpi_name, p.body, "", "", "")[:2])
        return sum(all(any(a in t for a in term.alternatives) for term in parsed) for t in docs.values())

    fresh_process()
    before = {q: backend.search(SearchQuery(q, per_page=50)).total for q in terms}
    assert before == {q: brute(q) for q in terms} and before[TERM] == 10
    stored = set(index_cache.stored_exact_terms(100))
    assert {TERM, "ชี้วัดผล"} <= stored

    if how == "rebuild":
        backend.rebuild(passages)
    else:
        backend.index([P("t0", "T0", f"{TERM}ที่ 0 แก้ไข")])  # leaves dead bits
        backend.compact()
    assert set(index_cache.stored_exact_terms(100)) >= stored  # stored again, for the new generation

    def no_check(*args, **kwargs):
        raise AssertionError("a text was checked after the rebuild")

    fresh_process()
    monkeypatch.setattr(texts, "matching", no_check)
    monkeypatch.setattr(packed, "matching", no_check)
    for term in (TERM, "ชี้วัดผล"):
        assert backend.search(SearchQuery(term, per_page=50)).total == before[term]
    monkeypatch.undo()
    assert {q: backend.search(SearchQuery(q, per_page=50)).total for q in terms} == before


@pytest.mark.django_db(transaction=True)
def test_a_long_check_is_done_by_one_worker_while_the_others_wait_for_its_result(monkeypatch):
    """``claim_or_wait``: the first worker claims the check; another one waits and takes the
    stored result, or does the check itself when none comes in time; a dead worker's claim
    is taken over; a released claim can be claimed again."""
    from evidence_search.backends.embedded import _load

    backend = EmbeddedBackend()
    backend.rebuild([P(f"t{i}", f"T{i}", f"{TERM}ที่ {i}") for i in range(3)])
    backend.search(SearchQuery("อื่น"))  # this process knows the index's stamp
    monkeypatch.setattr(index_cache, "WAIT_SECONDS", 0.2)
    assert index_cache.claim_or_wait("ก้อน", _load) == (True, None)
    assert index_cache.claim_or_wait("ก้อน", _load) == (False, None)  # claimed elsewhere, no result in time
    index_cache.exact_put("ก้อน", 0b101, 3, index_cache.PERSIST_MIN, 0)  # the claimer stores its result
    assert index_cache.claim_or_wait("ก้อน", _load) == (False, (0b101, 3))
    index_cache.release("ก้อน")
    assert index_cache.claim_or_wait("ก้อน", _load) == (True, None)
    later = index_cache._now_ms() + int(index_cache.CLAIM_SECONDS * 1000) + 1
    monkeypatch.setattr(index_cache, "_now_ms", lambda: later)
    assert index_cache.claim_or_wait("ก้อน", _load) == (True, None)  # the claimer died: taken over
    index_cache.release("ก้อน")
    assert not IndexBitmap.objects.filter(key__startswith="xc:").exists()


def test_a_rolled_back_write_is_not_remembered(embedded, django_db_blocker):
    """Inside a transaction (as in this test) results are trusted only at the stamp they
    were computed at: the savepoint's docnos are reused by the next write."""
    from django.db import transaction

    embedded.index([P("a", "A", "ข้อความอื่น")])
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            embedded.index([P("b", "B", TERM)])
            assert embedded.search(SearchQuery(TERM)).total == 1
            raise RuntimeError
    embedded.index([P("c", "C", NEAR)])  # takes the docnos "b" had
    assert embedded.search(SearchQuery(TERM)).total == 0


# passages in the spellings uploads have (digits in both scripts, Latin case, decomposed
# sara am, old-font glyphs, markup-free fields), so the stored search form meets every rule
VARIED = [
    P("v1", "V1", "ตัวชี้วัดที่ ๑๒ ร้อยละ 2,569 KPI Template"),
    P("v2", "V2", "การจัดท\u0e4d\u0e32ค\u0e4d\u0e32รับรอง ผู\uf70bตรวจสอบ e-Budgeting"),
    IndexedPassage(passage_id="v3", document_id="V3", title="รายงาน ตัวชี้วัด", kpi_name="ร้อยละการเบิกจ่าย 1.2",
                   body="", filename="สรุปผล KPI.pdf", kpi_code="1.2", unit_abbr="กค."),
    P("v4", "V4", "ระบบติดตาม\nอัจฉริยะ แพลตฟอร์ม\u200bกลาง"),
]


def test_stored_search_form_is_the_form_computed_from_the_fields(embedded):
    """``search_text``/``body_length`` written with each row equal what the exact check
    computed from the row's fields on every read before (``texts.entry``)."""
    from evidence_search.models import IndexedPassageRow

    embedded.index(VARIED + [P(f"n{i}", f"N{i}", f"{NEAR} {i}") for i in range(3)])
    for r in IndexedPassageRow.objects.all():
        head, rest, length = texts.entry(r.title, r.kpi_name, r.body, r.filename, r.kpi_code, r.unit_abbr)
        assert r.search_text == head + texts.HEAD_END + rest
        assert r.body_length == length


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sql_check_min", [1, 10 ** 9], ids=["checked by the database", "checked in Python"])
def test_exact_check_by_the_database_or_in_python_and_on_old_rows(monkeypatch, sql_check_min):
    """The exact check gives the same totals whether the database checks the candidates
    (in the packed table by docno ranges or lists, or ``instr``/``strpos`` over
    ``search_text``) or this process does, on rows stored before ``search_text`` existed
    (empty: computed from the fields) and on rows stored before the packed table existed."""
    from evidence_search.backends import bitmaps, packed
    from evidence_search.backends.bitmap_rows import upsert_bitmap_rows
    from evidence_search.models import IndexedPassageRow, PackedText

    monkeypatch.setattr(texts, "SQL_CHECK_MIN", sql_check_min)
    monkeypatch.setattr(index_cache, "CLAIM_MIN", 1)  # every check claimed and released
    monkeypatch.setattr(packed, "BATCH", 4)  # both docno ranges and lists on this small index
    monkeypatch.setattr(packed, "RANGE_SPAN", 8)
    backend = EmbeddedBackend()
    backend.rebuild([P(f"t{i}", f"T{i}", f"{TERM}ที่ {i}") for i in range(6)]
                    + [P(f"n{i}", f"N{i}", f"{NEAR} ที่ {i}") for i in range(40)] + VARIED)
    assert PackedText.objects.count() == IndexedPassageRow.objects.count()
    queries = {TERM: 8, "ค่ำรับรอง": 0, "คำรับรอง": 1, "ติดตามอัจฉริยะ": 1, "12": 2, "๒๕๖๙": 1, "kpi template": 1,
               "ตรวจสอบ": 1, "ชี้วัดผล": 40, "ชี้แจง": 40}
    for phase in ("stored", "no packed text for some rows", "no search_text either"):
        if phase == "no packed text for some rows":  # as rows indexed before the packed table existed
            old = list(IndexedPassageRow.objects.filter(passage_id__in=["t1", "t3", "n5", "n6", "n7", "v1", "v2"])
                       .values_list("docno", flat=True))
            PackedText.objects.filter(docno__in=old).delete()
            key = packed.PACKED
            bits = IndexBitmap.objects.get(key=key, chunk=0)
            upsert_bitmap_rows([(key, 0, bitmaps.encode(bitmaps.decode(bits.bits) & ~bitmaps.from_positions(old))),
                                index_cache.new_version()])
        if phase == "no search_text either":  # as rows indexed before the column existed
            IndexedPassageRow.objects.filter(docno__in=[0, 2, 4, 40, 46]).update(search_text="", body_length=0)
            IndexedPassageRow.objects.filter(passage_id__in=["v1", "v2", "v3"]).update(search_text="")
        fresh_process()
        IndexBitmap.objects.filter(key__startswith="x").delete()
        got = {q: backend.search(SearchQuery(q, per_page=50)).total for q in queries}
        assert got == queries, phase


def test_packed_text_contains_exactly_where_the_text_does():
    """``packed.pack`` keeps containment both ways: a needle's bytes occur in a text's bytes
    exactly when the needle occurs in the text (Thai, Latin, digits, the markers, C1
    controls and other characters, which are escaped)."""
    import random

    from thai import text as thai_text
    from evidence_search.backends import packed

    alphabet = ["ต", "ั", "ว", "ช", "ี", "้", "ด", "ก", "า", "ร", "๙", "a", "1", " ", thai_text.NUM, thai_text.FIELD_SEP,
                texts.HEAD_END, "\x85", "\x83", "é", "\u0e3b", "\u0e5c", "😀", "\ue003", "\u0385", "\u0e85"]
    rnd = random.Random(15)
    for _ in range(4000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        start = rnd.randint(0, len(text))
        needle = (text[start:start + rnd.randint(1, 4)] if rnd.random() < 0.5 else
                  "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 3))))
        assert (packed.pack(needle) in packed.pack(text)) == (needle in text), (needle, text)
    assert len(packed.pack("ตัวชี้วัด")) == len("ตัวชี้วัด")  # one byte a Thai character


@pytest.mark.django_db(transaction=True)
def test_a_remembered_page_is_answered_again_until_a_write_changes_the_index():
    """The page memo: the same query at the same stamp gives the same page without being
    computed again; an index(), a delete() and a rebuild() each make it computed anew."""
    backend = EmbeddedBackend()
    backend.rebuild([P("a", "A", f"{TERM} ฉบับแรก")])
    computed = []
    real = backend._search

    def counting(*args):
        computed.append(args[0].text)
        return real(*args)

    backend._search = counting
    q = SearchQuery(TERM)
    first = backend.search(q)
    again = backend.search(q)
    assert (first.total, [h.passage_id for h in first.hits]) == (again.total, [h.passage_id for h in again.hits]) == (1, ["a"])
    assert computed == [TERM]
    backend.index([P("b", "B", f"{TERM} ฉบับที่สอง")])
    assert backend.search(q).total == 2 and len(computed) == 2
    backend.delete(["A"])
    assert [h.passage_id for h in backend.search(q).hits] == ["b"] and len(computed) == 3
    backend.rebuild([P("c", "C", "ไม่มีคำนั้น")])
    assert backend.search(q).total == 0 and len(computed) == 4
    assert backend.search(SearchQuery(TERM, page=2)).total == 0 and len(computed) == 5  # another page: its own entry
