"""The embedded index's per-process caches (``search.backends.index_cache``) never serve a
stale answer: writes, deletes and a fresh process see exactly what the index holds."""
import pytest

from search.backends import SearchQuery, index_cache, texts
from search.backends.embedded import EmbeddedBackend
from search.backends.base import IndexedPassage
from search.models import IndexBitmap


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
