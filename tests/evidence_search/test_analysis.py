"""Stored passage analyses (``evidence_search.backends.analysis``): a rebuild that reads them
stores exactly what a rebuild that segments every passage stores; a record of another text
or of another analyzer version is never used; records go with their passages."""
import pytest

from evidence_search.backends import IndexedPassage, analysis
from evidence_search.backends.embedded import EmbeddedBackend
from evidence_search.models import IndexBitmap, PassageAnalysis
from tests.helpers.index_digest import corpus, digest
from thai import text as thai_text


def records() -> dict[str, bytes]:
    return {pid: bytes(a) for pid, a in PassageAnalysis.objects.values_list("passage_id", "analysis")}


@pytest.fixture
def bump_analyzer(monkeypatch):
    """Changes the analyzer as a change to ``thai/text.py``'s analysis would
    (``ANALYSIS_VERSION`` bumped); the version's caches are emptied each time and after."""
    def clear():
        thai_text.analyzer_version.cache_clear()
        analysis._key.cache_clear()

    def bump():
        monkeypatch.setattr(thai_text, "ANALYSIS_VERSION", thai_text.ANALYSIS_VERSION + 1)
        clear()

    yield bump
    monkeypatch.undo()
    clear()


def plant_one_token_per_character(passage: IndexedPassage) -> None:
    """A record for ``passage`` with the right hash but other tokens (one per character):
    if a rebuild reads it, the passage's words change."""
    norm = thai_text.normalize(passage.body)
    analysis.store([(passage.passage_id, analysis.encode(analysis.text_hash(norm), list(norm), norm))])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_rebuild_from_stored_analyses_is_exact(embedded: EmbeddedBackend, monkeypatch, workers):
    passages = corpus()
    monkeypatch.setenv("KHAMRAP_INDEX_WORKERS", workers)
    assert not records()
    embedded.rebuild(passages)  # nothing stored: every passage segmented, its record written
    segmented, stored = digest(), records()
    assert set(stored) == {p.passage_id for p in passages}

    embedded.rebuild(passages)  # every passage's tokens read from its record
    assert digest() == segmented
    assert records() == stored

    # the records are what the rebuild reads: a planted one changes the index...
    plant_one_token_per_character(passages[0])
    embedded.rebuild(passages)
    assert digest() != segmented


def test_changed_analyzer_ignores_stale_records(embedded: EmbeddedBackend, bump_analyzer):
    passages = corpus()[:600]
    embedded.rebuild(passages)
    segmented = digest()
    plant_one_token_per_character(passages[0])  # stale once the version changes below
    stale = records()
    bump_analyzer()
    embedded.rebuild(passages)
    assert digest() == segmented
    fresh = records()
    assert set(fresh) == set(stale) and all(fresh[k] != stale[k] for k in fresh)  # every record rewritten


def test_an_edited_text_is_segmented_again(embedded: EmbeddedBackend):
    passages = corpus()[:600]
    embedded.index(passages)  # the first index() stores the records too
    assert set(records()) == {p.passage_id for p in passages}
    p = passages[10]
    edited = IndexedPassage(**{**p.__dict__, "body": p.body + " ตัวชี้วัดใหม่ คำรับรองฉบับแก้ไข"})
    before = records()[p.passage_id]
    embedded.index([edited])
    after = records()[p.passage_id]
    assert after != before and after[:analysis.HASH_BYTES] == analysis.text_hash(thai_text.normalize(edited.body))
    assert IndexBitmap.objects.filter(key="w:ฉบับ").exists()

    final = [edited if q.passage_id == p.passage_id else q for q in passages]
    embedded.rebuild(final)
    cached = digest()
    PassageAnalysis.objects.all().delete()
    embedded.rebuild(final)
    assert digest() == cached


def test_records_go_with_their_passages(embedded: EmbeddedBackend):
    passages = corpus()[:600]
    embedded.index(passages)
    gone = passages[0].document_id
    embedded.delete([gone])
    left = {p.passage_id for p in passages if p.document_id != gone}
    assert set(records()) == left

    kept = [p for p in passages if p.document_id not in (gone, passages[-1].document_id)]
    embedded.rebuild(kept)  # a rebuild drops the records of passages it did not index
    assert set(records()) == {p.passage_id for p in kept}


def test_long_tokens_round_trip():
    norm = thai_text.normalize("a" * 300 + " ตัวชี้วัด " + "1" * 1_000 + " การปฏิบัติราชการ")
    tokens = thai_text.tokens(norm)
    assert max(map(len, tokens)) > 255  # the lengths that take five bytes
    record = analysis.encode(analysis.text_hash(norm), tokens, norm)
    assert analysis.tokens(norm, record) == (tokens, None)
    # a record of another text is not used: the text is segmented and a new record made
    other = norm.replace("ตัวชี้วัด", "ตัวชี้วัดร่วม")
    assert analysis.tokens(other, record) == (thai_text.tokens(other), analysis.encode(
        analysis.text_hash(other), thai_text.tokens(other), other))
