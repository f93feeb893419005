"""A rebuild laid out by worker processes (``index_workers()`` > 1: batches laid out, packed and
posted in forked workers, each bitmap chunk written once by ``_Sink``) stores exactly what the
one-process rebuild stores: every bitmap chunk, passage row and packed text. The speed-ups of
the rebuild are only allowed to change how fast the index is built, never what it holds."""
from evidence_search.backends.embedded import CHUNK, EmbeddedBackend
from evidence_search.models import IndexBitmap, IndexedPassageRow
from tests.helpers.index_digest import corpus, digest


def test_workers_build_the_same_index_as_one_process(embedded: EmbeddedBackend, monkeypatch):
    passages = corpus()
    monkeypatch.setenv("KHAMRAP_INDEX_WORKERS", "1")
    assert embedded.rebuild(passages) == len(passages)
    alone = digest()
    assert alone["rows"][0] == len(passages) and alone["packed"][0] == len(passages)
    assert len({key for key, *_ in IndexBitmap.objects.values_list("key")}) > 50
    assert IndexedPassageRow.objects.order_by("-docno").first().docno > CHUNK  # more than one chunk

    monkeypatch.setenv("KHAMRAP_INDEX_WORKERS", "2")
    assert embedded.rebuild(passages) == len(passages)
    assert digest() == alone
