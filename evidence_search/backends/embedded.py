"""Embedded search backend: a bitmap inverted index in two plain tables.

Why this design: the same code runs on SQLite and PostgreSQL, needs no server and no
database extension, and its query cost does not grow with the number of matching passages.

Speed is measured with ``bench/search.py`` (it prints each figure beside its target; the
latest figures are in the issue notes): on a quiet 2-core machine, SQLite, 1.5 KB synthetic
Thai passages, a rebuild of 10 k passages ran at about 1,500 /s and warm top-20 queries over
100 k passages at p50 ≈ 1 ms, p95 ≈ 14 ms (2026-12). SQLite FTS5 trigram on 100 k passages
(match only, no grouping, no whole-word ranking) took 4–23 ms to count and 25–106 ms for a
top-20 by bm25.

Recall on the labelled needles (decomposed sara am, digits in both scripts, line break
inside a word, zero-width space, old-font glyphs, tone order, Latin case, compounds,
two terms): 100 % (precision 100 % after the page check below); ``icontains`` 65 %.

* Matching is on character n-grams of the normalised, whitespace-free text: a term of
  three or more characters matches where all its trigrams occur (1- and 2-character terms
  use unigram/bigram keys). This finds parts of compounds (ราชการ in ส่วนราชการ), Latin
  inside Thai, digits in either script, and never depends on word segmentation, so index
  and query can not disagree. Superset risk: all trigrams present but not adjacent
  (seen once in 6 hits for one needle of the 10 k bench before the check). Every
  candidate not certain from the bitmaps is therefore checked against the text once (a
  term's result is kept per process and stored: ``index_cache``; large checks scan the
  packed text: ``packed``), so totals are exact.
* Whole-word matching uses the words from ``thai_text.segment``; it only ranks.
* Each key (n-gram, word, filter value) stores one bitmap per chunk of 4 096 passages
  (``IndexBitmap``). A query fetches its keys' blobs (a few hundred 512-byte rows at
  100 k passages) in one SELECT and combines them with integer ``&``/``|`` — microseconds even when 100 000 passages match, where
  FTS5/tsvector ranking must visit every matching row.
* Filters and visibility are bitmaps too (``m:unit=3``, ``m:public`` …) and are ANDed into
  the match before counting, ranking and paging: a passage the user may not see is never
  counted, ranked or returned.
* Ranking: BM25F over the candidates the bitmaps pick (``ranking.py``: title and KPI name
  above body, whole word above part of a word, a proximity boost); results are grouped per
  document (see ``bitmaps.count_docs``).

Alternatives considered: SQLite FTS5 trigram + word table (figure above: ranking and
counting visit every matching row, and it needs a second implementation for PostgreSQL —
pg_trgm/tsvector, whose ts_rank must also read every matching row); a classic posting
table (term, passage): ~15 M rows at 100 k passages and SQL joins of 50 k-row postings
per query. Trade-offs of the bitmap design: docnos of replaced or deleted passages stay
as dead bits until ``compact()`` / ``rebuild``; writers are serialised (row lock on
``IndexState``); a document touched by ``index()`` is rewritten whole (its passages must
stay contiguous for grouping).
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import time
from collections import Counter, defaultdict, deque
from functools import lru_cache
from itertools import repeat
from typing import Iterable

from django.db import connection, transaction

from thai import text as thai_text

from .. import query as query_parser
from .. import snippets
from ..models import IndexBitmap, IndexedPassageRow, IndexState
from . import analysis, bitmaps, index_cache, packed, ranking, suggest, texts
from .bitmap_rows import upsert_bitmap_rows
from .base import Hit, IndexedPassage, Progress, SearchBackend, SearchQuery, SearchResults

CHUNK = bitmaps.CHUNK_BITS
LIVE, STARTS = "_live", "_start"
MAX_WORD = 60
BATCH = 500  # keys per IN (...) clause
REBUILD_BATCH = 2000
#: passages per batch a rebuild's layout workers take (``_batches``): smaller than a write
#: batch so the workers start sooner and the last batch's write is shorter
LAYOUT_BATCH = 1000
TF_LEVELS = (3, 8)
GENERATION = "_gen"


# --- keys ------------------------------------------------------------------------------
def grams(s: str, n: int = 3) -> set[str]:
    """n-grams used to look a compact string up (the string itself when shorter)."""
    if len(s) <= n:
        return {s}
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def all_grams(s: str) -> set[str]:
    """Every 1-, 2- and 3-gram of ``s`` (derived from the distinct trigrams: fewer slices)."""
    if len(s) < 3:
        return set(s) | ({s} if s else set())
    tri = {s[i:i + 3] for i in range(len(s) - 2)}
    bi = {t[:2] for t in tri}
    bi.add(s[-2:])
    uni = {t[0] for t in bi}
    uni.add(s[-1])
    return tri | bi | uni


def posted_grams(s: str) -> set[str]:
    """The n-grams ``layout`` posts for a compact string: its trigrams and its last 2- and
    1-gram. The other 1- and 2-grams are prefixes of its trigrams, so their bitmaps are
    ORed from the trigrams' (``add_short_grams``) instead of being posted passage by
    passage: that was a third of a rebuild's postings."""
    if len(s) < 3:
        return all_grams(s)
    tri = {s[i:i + 3] for i in range(len(s) - 2)}
    tri.add(s[-2:])
    tri.add(s[-1])
    return tri


def add_short_grams(bits: dict[str, int]) -> None:
    """Complete bitmaps of ``posted_grams`` keys in place: a 2-gram's is the OR of the
    trigrams it starts (and its own, as a last 2-gram), a 1-gram's the OR of 2-grams."""
    for size in (3, 2):
        for k, v in list(bits.items()):
            if len(k) == size:
                short = k[:size - 1]
                bits[short] = bits.get(short, 0) | v


def meta_keys(p: IndexedPassage) -> list[str]:
    keys = []
    if p.fiscal_year is not None:
        keys.append(f"m:fy={p.fiscal_year}")
    if p.unit_id is not None:
        keys.append(f"m:unit={p.unit_id}")
    if p.kpi_id is not None:
        keys.append(f"m:kpi={p.kpi_id}")
    if p.round is not None:
        keys.append(f"m:round={p.round}")
    if p.file_type:
        keys.append(f"m:type={p.file_type.lower()}")
    if p.is_public:
        keys.append("m:public")
    return keys


_FILTER_KEY = {"fiscal_year": "fy", "unit_id": "unit", "kpi_id": "kpi", "round": "round", "file_type": "type"}


def passage_features(p: IndexedPassage, row: "IndexedPassageRow | None" = None) -> tuple[set[str], set[str], set[str], set[str]]:
    """(head n-grams, body n-grams, whole words, word-frequency keys) of a passage.

    Head = title and KPI name (weighted above the body); body = text, file name, KPI code,
    unit abbreviation. n-grams are taken per field so that no gram spans two fields.
    Frequency keys ``3:<word>`` / ``8:<word>``: the word occurs at least 3 / 8 times (they
    let the bitmaps pick frequent-term passages for exact BM25F scoring).
    """
    own_grams, own_words, freq, head, extras = _passage_parts(p, row)
    body = _full_grams(own_grams).union(*(all_grams(c) for c in extras[0]))
    head_grams = set().union(*(all_grams(c) for c in head[0]))
    return head_grams, body, set(own_words) | head[2] | extras[2], freq


def _full_grams(posted: set[str]) -> set[str]:
    """``all_grams`` of a string from its ``posted_grams``."""
    bits = {k: 1 for k in posted}
    add_short_grams(bits)
    return set(bits)


@lru_cache(maxsize=20_000)
def _short_field(value: str) -> tuple[str, frozenset, tuple[str, ...]]:
    """(compact form, n-grams, words) of a title, KPI name, file name, code or unit
    abbreviation: the same few values recur on every passage of a document (and on many
    documents), so they are normalised and segmented once per process."""
    norm = thai_text.normalize(value)
    c = thai_text.compact(norm)
    return c, frozenset(posted_grams(c)), tuple(w for w in thai_text.segment(norm) if len(w) <= MAX_WORD)


@lru_cache(maxsize=20_000)
def _fields(*values: str) -> tuple[tuple[str, ...], frozenset, frozenset, tuple[str, ...]]:
    """(compact forms of the non-empty fields, their n-grams, their distinct words, all
    their words) of a group of short fields (the head, or the body's short fields)."""
    parts = [_short_field(v) for v in values if v]
    return (tuple(c for c, _, _ in parts), frozenset().union(*(g for _, g, _ in parts)),
            frozenset(w for _, _, ws in parts for w in ws), tuple(w for _, _, ws in parts for w in ws))


def _passage_parts(p: IndexedPassage, row: "IndexedPassageRow | None" = None, stored: bytes | None = None):
    """(body text n-grams, body text words, frequency keys, head fields, body short
    fields) of a passage; the two field groups are ``_fields`` results (shared objects:
    ``layout`` posts their keys once per run of passages that share them). ``stored``: the
    passage's stored analysis, if any (``analysis``: its body's tokens are read from it when
    it is current; otherwise ``row.analysis`` is the record to store)."""
    # the title and KPI name stored in the row are ``clean`` of the passage's: their
    # normalised form is the same (``normalize`` = ``fold(clean())``, ``clean`` idempotent)
    head = _fields(p.title or "", p.kpi_name or "")
    extras = _fields(p.filename or "", p.kpi_code or "", p.unit_abbr or "")
    if row is not None:
        norm = thai_text.fold(row.body) if row.body else ""
    else:
        norm = thai_text.normalize(p.body) if p.body else ""
    body_c = thai_text.compact(norm) if norm else ""
    grams_ = posted_grams(body_c) if body_c else set()
    if row is not None:  # the search form stored with the row (``texts.entry`` of its fields)
        row.search_text = texts.stored_form(list(head[0]), [body_c, *extras[0]])
        row.body_length = len(row.body)
    # each field segmented alone (fields never join into one word)
    if norm:
        tokens, record = analysis.tokens(norm, stored)
        if row is not None:
            row.analysis = record
        words = [w for w in thai_text.words_of(tokens) if len(w) <= MAX_WORD]
    else:
        words = []
    counts = Counter(words)
    own_words = list(counts)
    for w in head[3] + extras[3]:
        counts[w] += 1
    freq = {f"{n}:{w}" for w, c in counts.items() if c >= 3 for n in TF_LEVELS if c >= n}
    return grams_, own_words, freq, head, extras


_append = list.append


def _drain(iterator) -> None:
    """Run an iterator to its end in C (``deque(…, maxlen=0)``)."""
    deque(iterator, maxlen=0)


class _NewRow:
    """A passage row as ``layout`` makes it, written by ``_insert_rows``: the stored
    fields of ``IndexedPassageRow`` on a plain object (a model instance cost ~0.1 ms to
    build and more to send back from a layout worker process)."""

    __slots__ = ("passage_id", "document_id", "docno", "title", "kpi_name", "body", "filename", "file_type",
                 "fiscal_year", "unit_id", "unit_abbr", "kpi_id", "kpi_code", "round", "is_public",
                 "search_text", "body_length", "packed", "analysis")

    def __init__(self, **fields):
        self.search_text, self.body_length, self.packed, self.analysis = "", 0, b"", None
        for k, v in fields.items():
            setattr(self, k, v)

    def __getstate__(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __setstate__(self, state):
        for k, v in zip(self.__slots__, state):
            setattr(self, k, v)


_clean_short = lru_cache(maxsize=20_000)(thai_text.clean)  # titles, KPI names: shared by a document's passages


def _row(p: IndexedPassage, docno: int) -> _NewRow:
    # stored in display form: snippets need not repair it again
    return _NewRow(
        passage_id=p.passage_id, document_id=p.document_id, docno=docno, title=_clean_short(p.title or ""),
        kpi_name=_clean_short(p.kpi_name or ""), body=thai_text.clean(p.body), filename=p.filename, file_type=p.file_type,
        fiscal_year=p.fiscal_year, unit_id=p.unit_id, unit_abbr=p.unit_abbr, kpi_id=p.kpi_id,
        kpi_code=p.kpi_code, round=p.round, is_public=p.is_public)


def _passage(r: IndexedPassageRow) -> IndexedPassage:
    return IndexedPassage(
        passage_id=r.passage_id, document_id=r.document_id, title=r.title, body=r.body,
        kpi_name=r.kpi_name, filename=r.filename, file_type=r.file_type,
        fiscal_year=r.fiscal_year, unit_id=r.unit_id, unit_abbr=r.unit_abbr, kpi_id=r.kpi_id,
        kpi_code=r.kpi_code, round=r.round, is_public=r.is_public)


# --- storage helpers -------------------------------------------------------------------
def _load(keys: Iterable[str]) -> dict[str, int]:
    """Full bitmaps of ``keys`` (missing keys are absent from the result)."""
    keys = list(set(keys))
    pieces: dict[str, dict[int, bytes]] = defaultdict(dict)
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        for i in range(0, len(keys), BATCH):
            part = keys[i:i + BATCH]
            cur.execute(f"SELECT {q('key')}, {q('chunk')}, {q('bits')} FROM {q(IndexBitmap._meta.db_table)} "
                        f"WHERE {q('key')} IN ({', '.join(['%s'] * len(part))})", part)
            for key, chunk, bits in cur.fetchall():
                pieces[key][chunk] = bitmaps.raw_bytes(bits)
    return {key: bitmaps.assemble(p) for key, p in pieces.items()}


def _merge(set_bits: dict[str, int], clear_bits: dict[str, int] | None = None, offset: int = 0,
           unstored: bool = False) -> None:
    """OR ``set_bits`` into (and clear ``clear_bits`` from) the stored bitmaps.

    ``set_bits`` values are relative to docno ``offset`` (small ints for a batch);
    ``clear_bits`` are absolute. ``unstored``: the caller knows that none of these chunks
    is stored yet (a rebuild's ``_Sink``), so they are written without being read first.
    """
    by_chunk: dict[tuple[str, int], list[int]] = {}
    for source, sign, base in ((set_bits, 0, offset), (clear_bits or {}, 1, 0)):
        for key, v in source.items():
            for c, part in bitmaps.split_chunks(v, base):
                by_chunk.setdefault((key, c), [0, 0])[sign] |= part
    chunks: dict[int, list[str]] = defaultdict(list)
    for key, c in by_chunk:
        chunks[c].append(key)
    q = connection.ops.quote_name
    select = (f"SELECT {q('key')}, {q('bits')} FROM {q(IndexBitmap._meta.db_table)} "
              f"WHERE {q('chunk')} = %s AND {q('key')} IN ")
    rows: list[tuple[str, int, bytes]] = []
    with connection.cursor() as cur:
        for c, keys in chunks.items():
            existing: dict[str, int] = {}
            for i in range(0, 0 if unstored else len(keys), BATCH):
                part = keys[i:i + BATCH]
                cur.execute(select + f"({', '.join(['%s'] * len(part))})", [c, *part])
                for key, bits in cur.fetchall():
                    existing[key] = bitmaps.decode(bits)
            for key in keys:
                add, remove = by_chunk[(key, c)]
                v = (existing.get(key, 0) | add) & ~remove
                rows.append((key, c, bitmaps.encode(v)))
    upsert_bitmap_rows(rows)


class _Sink:
    """Bitmaps of a rebuild held in memory until their chunk is complete.

    Values are relative to ``base`` (a chunk start). When a batch starts in a later chunk,
    only the chunks before it are written (they are complete: later batches have higher
    docnos) and the rest stays here, so in a rebuild each chunk is written once, without
    reading it back first (it cannot be stored yet) until some other write (``flush``)
    may have stored a chunk.
    """

    def __init__(self):
        self.base = 0
        self.bits: dict[str, int] = {}
        self.exclusive = True  # every chunk from ``base`` on is unstored

    def add(self, set_bits: dict[str, int], first: int) -> None:
        chunk_start = first - first % CHUNK
        if self.bits and chunk_start != self.base:
            self._flush_below(chunk_start)
        if not self.bits:
            self.base = chunk_start
        shift = first - self.base
        bits = self.bits
        for k, v in set_bits.items():
            bits[k] = bits.get(k, 0) | (v << shift)

    def _flush_below(self, chunk_start: int) -> None:
        """Write the chunks before ``chunk_start``; keep the rest from ``chunk_start`` on."""
        width = chunk_start - self.base
        mask = (1 << width) - 1
        done, rest = {}, {}
        for k, v in self.bits.items():
            low = v & mask
            if low:
                done[k] = low
            high = v >> width
            if high:
                rest[k] = high
        _merge(done, offset=self.base, unstored=self.exclusive)
        self.bits, self.base = rest, chunk_start

    def flush(self) -> None:
        """Write everything held (another writer follows: chunks may be stored from now on)."""
        if self.bits:
            _merge(self.bits, offset=self.base, unstored=self.exclusive)
            self.bits = {}
        self.exclusive = False


def _insert_rows(rows: list[IndexedPassageRow]) -> None:
    """INSERT the rows with ``executemany``: their values are plain str/int/bool/None, and
    the ORM's per-value preparation in ``bulk_create`` cost about 0.3 ms a passage (a fifth
    of a rebuild's CPU, all of it in the one writing process)."""
    fields = [f for f in IndexedPassageRow._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(IndexedPassageRow._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cur:
        for i in range(0, len(rows), 1000):
            cur.executemany(sql, [tuple(getattr(r, n) for n in names) for r in rows[i:i + 1000]])
    packed.insert_packed([(r.docno, r.packed) for r in rows])
    analysis.store([(r.passage_id, r.analysis) for r in rows if r.analysis is not None])


def _group(passages: list[IndexedPassage]) -> dict[str, dict[str, IndexedPassage]]:
    """Passages by document, in first-seen order; a repeated passage id: the last wins."""
    latest = {p.passage_id: p for p in passages}
    docs: dict[str, dict[str, IndexedPassage]] = {}
    for p in latest.values():
        docs.setdefault(p.document_id, {})[p.passage_id] = p
    return docs


def layout(docs, stored: dict[str, bytes] | None = None) -> tuple[list[_NewRow], dict[str, int], int]:
    """(rows, bitmaps, docnos used) of documents placed from docno 0: each document's
    passages consecutive, then a spacer. Pure (no database): rebuild runs it in worker
    processes. ``stored``: the passages' stored analyses by passage id (``analysis.lookup``);
    a row's ``analysis`` is the record to store for its passage (None: the stored one is current).

    Keys the passages of a document share (head, file name, code, unit, filters) are
    posted once per run of passages that share them, not once per passage: with ~1 000
    keys a passage, posting them was the largest cost of a rebuild."""
    kinds = {"h:": defaultdict(list), "g:": defaultdict(list), "w:": defaultdict(list),
             "f:": defaultdict(list), "": defaultdict(list)}
    head_post, body_post, word_post, freq_post, meta_post = kinds.values()
    rows, starts, docno = [], [], 0
    shared: list[tuple[object, object, tuple, list[int]]] = []  # (head, extras, meta, docnos)
    for doc in docs:
        if not doc:
            continue
        starts.append(docno)
        for p in doc.values():
            row = _row(p, docno)
            rows.append(row)
            own_grams, own_words, freq, head, extras = _passage_parts(
                p, row, stored.get(p.passage_id) if stored else None)
            row.packed = packed.pack(row.search_text)  # here, in the layout worker, not in the writer
            # posted in C (``map`` of ``list.append``): ~600 keys a passage, a Python loop
            # per key cost a tenth of a rebuild's CPU
            post = repeat(docno)
            _drain(map(_append, map(body_post.__getitem__, own_grams), post))
            _drain(map(_append, map(word_post.__getitem__, own_words), post))
            _drain(map(_append, map(freq_post.__getitem__, freq), post))
            meta = tuple(meta_keys(p))
            if shared and shared[-1][0] is head and shared[-1][1] is extras and shared[-1][2] == meta:
                shared[-1][3].append(docno)
            else:
                shared.append((head, extras, meta, [docno]))
            docno += 1
        docno += 1  # spacer: never live
    for head, extras, meta, docnos in shared:
        for postings, keys in ((head_post, head[1]), (body_post, extras[1]), (word_post, head[2]),
                               (word_post, extras[2]), (meta_post, meta)):
            for k in keys:
                postings[k].extend(docnos)
    set_bits = {}
    for prefix, postings in kinds.items():
        bits = {k: bitmaps.from_positions(v) for k, v in postings.items()}
        if prefix in ("h:", "g:"):
            add_short_grams(bits)
        set_bits.update((prefix + k, v) for k, v in bits.items())
    set_bits[LIVE] = bitmaps.from_positions(r.docno for r in rows)
    set_bits[packed.PACKED] = set_bits[LIVE]  # every row written by ``_insert_rows`` has a packed text
    set_bits[STARTS] = bitmaps.from_positions(starts)
    return rows, set_bits, docno


def _layout_batch(passages: list[IndexedPassage], stored: dict[str, bytes] | None = None):
    return layout(list(_group(passages).values()), stored)


def _stored_of(docs) -> dict[str, bytes]:
    """The stored analyses of the passages of ``docs``."""
    return analysis.lookup(pid for doc in docs for pid in doc)


def _warm() -> None:
    """Load what every layout worker needs once, before forking (the workers inherit it)."""
    thai_text.warm()
    analysis.warm()


#: ``index()`` of at least this many passages of new documents lays them out in worker
#: processes (``index_workers``): an ``import_evidence --bulk`` batch of 500 files spent
#: most of its time in ``layout`` (segmentation, n-grams) on one core.
PARALLEL_LAYOUT_MIN = 400


def parallel_layout(docs: list[dict]) -> tuple[list[_NewRow], dict[str, int], int]:
    """``layout(docs)``, the documents cut into one contiguous part per worker process and
    the parts' layouts joined (docnos and bitmaps shifted): the same result as ``layout``."""
    workers = index_workers()
    docs = [d for d in docs if d]
    if workers == 1 or sum(map(len, docs)) < PARALLEL_LAYOUT_MIN or len(docs) < 2:
        return layout(docs, _stored_of(docs))
    per = -(-len(docs) // workers)
    parts = [docs[i:i + per] for i in range(0, len(docs), per)]
    stored = _stored_of(docs)
    _warm()
    with multiprocessing.get_context("fork").Pool(len(parts)) as pool:
        laid = pool.starmap(layout, [(part, {pid: stored[pid] for doc in part for pid in doc if pid in stored})
                                     for part in parts])
    rows: list[_NewRow] = []
    bits: dict[str, int] = {}
    offset = 0
    for part_rows, part_bits, span in laid:
        for r in part_rows:
            r.docno += offset
        rows += part_rows
        for k, v in part_bits.items():
            bits[k] = bits.get(k, 0) | (v << offset)
        offset += span
    return rows, bits, offset


def _batches(passages: Iterable[IndexedPassage]):
    """Lists of about ``LAYOUT_BATCH`` passages, cut between documents."""
    batch: list[IndexedPassage] = []
    for p in passages:
        if len(batch) >= LAYOUT_BATCH and p.document_id != batch[-1].document_id:
            yield batch
            batch = []
        batch.append(p)
    if batch:
        yield batch


def index_workers() -> int:
    """Processes that lay batches out during a rebuild (``KHAMRAP_INDEX_WORKERS``; default:
    one per core, at most 4; 1 = in this process). Needs ``fork``: the workers inherit the
    loaded segmenter and never touch the database."""
    try:
        n = int(os.environ.get("KHAMRAP_INDEX_WORKERS", "0")) or min(4, os.cpu_count() or 1)
    except ValueError:
        n = 1
    return n if n > 1 and "fork" in multiprocessing.get_all_start_methods() else 1


def _laid_out_batches(passages: Iterable[IndexedPassage]):
    """(batch, its layout or None) in input order; layouts computed by worker processes
    while this one writes the previous batches (2 batches in flight per worker)."""
    workers = index_workers()
    batches = _batches(passages)
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    if workers == 1 or second is None:  # a small input is not worth the processes
        for batch in itertools.chain((first, second), batches):
            if batch is not None:
                yield batch, None
        return
    batches = itertools.chain((first, second), batches)
    _warm()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque = deque()
        for batch in batches:
            stored = analysis.lookup(p.passage_id for p in batch)
            pending.append((batch, pool.apply_async(_layout_batch, (batch, stored))))
            if len(pending) >= 2 * workers:
                batch, result = pending.popleft()
                yield batch, result.get()
        while pending:
            batch, result = pending.popleft()
            yield batch, result.get()


class EmbeddedBackend(SearchBackend):
    """Bitmap index in the Django database (SQLite or PostgreSQL)."""

    def __init__(self, **options):
        self.options = options

    # --- writing ---------------------------------------------------------------------
    def index(self, passages: list[IndexedPassage]) -> None:
        """Upsert passages; large inputs are written in batches cut between documents
        (one transaction, so readers see all or nothing)."""
        if not passages:
            return
        with transaction.atomic():
            batch: list[IndexedPassage] = []
            for p in passages:
                if len(batch) >= REBUILD_BATCH and p.document_id != batch[-1].document_id:
                    self._write(batch)
                    batch = []
                batch.append(p)
            self._write(batch)

    def _state(self) -> IndexState:
        state, _ = IndexState.objects.select_for_update().get_or_create(pk=1)  # serialises writers
        return state

    def _write(self, passages: list[IndexedPassage], fresh: bool = False,
               sink: "_Sink | None" = None, laid_out=None) -> None:
        """Write passages; with ``sink`` (rebuild of an empty index) bitmaps are collected
        in memory and stored by the caller, which avoids re-reading growing chunks.
        ``laid_out``: ``layout()`` of these passages computed already (by a worker)."""
        state = self._state()
        docs = _group(passages)
        latest = {pid for doc in docs.values() for pid in doc}
        dead: list[int] = []
        if not fresh:
            doc_ids = list(docs)
            # A touched document is rewritten whole so its passages stay contiguous.
            old = IndexedPassageRow.objects.filter(document_id__in=doc_ids).order_by("docno")
            moved = IndexedPassageRow.objects.filter(passage_id__in=list(latest)).exclude(
                document_id__in=doc_ids)
            merged: dict[str, dict[str, IndexedPassage]] = {d: {} for d in doc_ids}
            for r in old:
                merged[r.document_id][r.passage_id] = _passage(r)
            dead = [r.docno for r in old] + list(moved.values_list("docno", flat=True))
            dead_docs = set(moved.values_list("document_id", flat=True))
            if dead_docs:  # passages moved out of another document: rewrite that one too
                for r in IndexedPassageRow.objects.filter(document_id__in=dead_docs).exclude(
                        passage_id__in=list(latest)).order_by("docno"):
                    merged.setdefault(r.document_id, {})[r.passage_id] = _passage(r)
                    dead.append(r.docno)
            if dead:
                IndexedPassageRow.objects.filter(document_id__in=list(merged)).delete()
                packed.delete(dead)
            for d, doc in docs.items():
                merged[d].update(doc)
            docs = merged
            # only new documents (a bulk import): laid out by worker processes
            laid_out = None if dead else parallel_layout(list(docs.values()))
        first = state.next_docno
        if first == 0:  # an empty index starts a new generation (docnos may be reused)
            upsert_bitmap_rows([(GENERATION, 0, bitmaps.encode(random.getrandbits(48) | 1))])
        rows, set_bits, span = laid_out or layout(list(docs.values()), _stored_of(docs.values()))
        for r in rows:  # laid out from docno 0: bitmaps stay relative to ``first``
            r.docno += first
        if sink is not None and not dead:
            sink.add(set_bits, first)
        else:
            dead_bits = bitmaps.from_positions(dead)
            _merge(set_bits, {LIVE: dead_bits, STARTS: dead_bits, packed.PACKED: dead_bits}, offset=first)
        _insert_rows(rows)
        upsert_bitmap_rows([index_cache.new_version()])
        state.next_docno = first + span
        state.save(update_fields=["next_docno"])

    def delete(self, document_ids: list[str]) -> None:
        with transaction.atomic():
            self._state()
            rows = IndexedPassageRow.objects.filter(document_id__in=list(document_ids))
            dead = list(rows.values_list("docno", flat=True))
            if dead:
                dead_bits = bitmaps.from_positions(dead)
                _merge({}, {LIVE: dead_bits, STARTS: dead_bits, packed.PACKED: dead_bits})
                analysis.delete_of_documents(list(document_ids))
                rows.delete()
                packed.delete(dead)
                upsert_bitmap_rows([index_cache.new_version()])

    def rebuild(self, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        """Drop everything and index ``passages`` (docnos compacted from 0).

        Passages of one document should come together (as an export from the CMS does);
        if a document reappears later in the stream it is rewritten, which is correct but
        leaves dead bits.
        """
        with transaction.atomic():
            rewarm = index_cache.stored_exact_terms(REWARM_TERMS)
            IndexBitmap.objects.all().delete()
            IndexedPassageRow.objects.all().delete()
            packed.clear()
            IndexState.objects.update_or_create(pk=1, defaults={"next_docno": 0})
            # a new generation: docnos restart, so per-process caches keyed by docno expire
            upsert_bitmap_rows([(GENERATION, 0, bitmaps.encode(random.getrandbits(48) | 1)), index_cache.new_version()])
            done, seen_docs, sink = 0, set(), _Sink()
            for batch, laid_out in _laid_out_batches(passages):
                done += self._flush(batch, seen_docs, sink, laid_out)
                if progress:
                    progress(done)
            sink.flush()
            analysis.prune()  # the stored analyses of passages no longer indexed
            if progress:
                progress(done)
            # the terms whose exact results the old index had stored start warm in the new one
            transaction.on_commit(lambda: self.rewarm(rewarm), robust=True)  # a failure is logged, never fails the rebuild
        return done

    def rewarm(self, keys: list[str]) -> int:
        """Compute (and store, from committed data) the exact results of the terms ``keys``
        (``index_cache`` keys: a term's alternatives joined by ``FIELD_SEP``), as the first
        query of each would: ``rebuild``/``compact`` call it for the terms the old index
        had stored, so no worker pays a cold check for them after a nightly compaction.
        Returns the number of terms computed."""
        if not keys:
            return 0
        stamp = index_cache.read_stamp()
        index_cache.sync(stamp)
        generation = stamp[0]
        alternatives = [tuple(k.split(thai_text.FIELD_SEP)) for k in keys]
        need = {LIVE, packed.PACKED}
        for alts in alternatives:
            for alt in alts:
                need.update(p + g for g in grams(alt) for p in ("g:", "h:"))
        bm = index_cache.bitmaps_of(need, _load)
        live, packed_bits = bm.get(LIVE, 0), bm.get(packed.PACKED, 0)
        for alts in alternatives:
            cand = cert = 0
            for alt in alts:
                v = 0
                for prefix in ("g:", "h:"):
                    u = live
                    for g in grams(alt):
                        u &= bm.get(prefix + g, 0)
                    v |= u
                cand |= v
                if len(alt) <= 3:  # the key is the whole string: exact (as in ``_search``)
                    cert |= v
            # ``cert`` only spares checks: the exact set, and so what is stored, is the same
            self._exact(_Alternatives(alts), cand, cert, live, generation, packed_bits)
        return len(alternatives)

    def _flush(self, batch: list[IndexedPassage], seen_docs: set, sink: _Sink, laid_out=None) -> int:
        docs = {p.document_id for p in batch}
        fresh = not (docs & seen_docs)
        if not fresh:
            sink.flush()  # the writer must see what is indexed so far
        self._write(batch, fresh=fresh, sink=sink if fresh else None, laid_out=laid_out if fresh else None)
        seen_docs |= docs
        return len(batch)

    def compact(self, progress: Progress | None = None) -> int:
        """Rebuild from the stored passages: drops the dead bits replaced and deleted
        passages leave behind (run it from a nightly task when ``dead_ratio`` grows)."""
        passages = [_passage(r) for r in IndexedPassageRow.objects.order_by("docno").iterator()]
        return self.rebuild(passages, progress)

    def dead_ratio(self) -> float:
        """Share of allocated docnos that no longer hold a live passage."""
        state = IndexState.objects.filter(pk=1).first()
        if not state or not state.next_docno:
            return 0.0
        live = IndexedPassageRow.objects.count()
        docs = IndexedPassageRow.objects.values("document_id").distinct().count()
        return 1 - (live + docs) / state.next_docno  # one spacer per document

    # --- reading ---------------------------------------------------------------------
    def search(self, q: SearchQuery) -> SearchResults:
        """One page of results. The page (total, hits, suggestions) depends only on the
        query and the index's stamp, so it is remembered for the current stamp (``page_memo``,
        emptied by every write): a repeated query skips the bitmap walk and the building
        of its hits (about 1.5 ms of CPU at 100 k passages, a third of an API request's
        search work)."""
        t0 = time.perf_counter()
        per_page = max(1, int(q.per_page or 20))
        page = max(1, int(q.page or 1))
        terms = index_cache.parsed(q.text, query_parser.parse)
        if not terms:
            return SearchResults(0, _ms(t0), [], page, per_page)
        stamp = index_cache.read_stamp()
        index_cache.sync(stamp)
        total, hits, suggestions = index_cache.page_memo(
            ("page", q.text, q.filters, q.visibility, page, per_page),
            lambda: self._search(q, terms, page, per_page, stamp))
        return SearchResults(total, _ms(t0), list(hits), page, per_page, suggestions=list(suggestions))

    def _search(self, q: SearchQuery, terms, page: int, per_page: int, stamp) -> tuple[int, tuple, tuple]:
        """(total, hits, suggestions) of a query at index stamp ``stamp``."""
        need_keys = {LIVE, STARTS, packed.PACKED}
        for t in terms:
            for alt in t.alternatives:
                need_keys.update("g:" + g for g in grams(alt))
                need_keys.update("h:" + g for g in grams(alt))
            need_keys.update("w:" + w for ws in t.words for w in ws)
            need_keys.update(f"f:{n}:{ws[0]}" for ws in t.words if len(ws) == 1 for n in TF_LEVELS)
        filter_keys = [f"m:{_FILTER_KEY[name]}={str(v).lower()}" for name, v in q.filters.items()]
        vis = q.visibility
        vis_keys = [] if vis.all else [f"m:unit={u}" for u in sorted(vis.unit_ids)] + (
            ["m:public"] if vis.include_public else [])
        need_keys.update(filter_keys, vis_keys)
        generation = stamp[0]
        bm = index_cache.bitmaps_of(need_keys, _load)
        live, starts = bm.get(LIVE, 0), bm.get(STARTS, 0)

        base = live
        for k in filter_keys:
            base &= bm.get(k, 0)
        if not vis.all:
            allowed = 0
            for k in vis_keys:
                allowed |= bm.get(k, 0)
            base &= allowed

        def all_of(prefix: str, alt: str) -> int:  # unfiltered: exact results are cached so
            v = live
            for g in grams(alt):
                v &= bm.get(prefix + g, 0)
                if not v:
                    break
            return v

        # per term: candidate passages (n-gram superset), the certain part of them,
        # whole-word, head and frequency bitmaps
        cands, certain, wholes, heads, freqs = [], [], [], [], []
        for t in terms:
            head = body = whole = cert = 0
            freq = [0] * len(TF_LEVELS)
            for alt, words in zip(t.alternatives, t.words):
                alt_head, alt_body = all_of("h:", alt), all_of("g:", alt)
                head |= alt_head
                body |= alt_body
                alt_whole = (alt_head | alt_body) if words else 0
                for w in words:
                    alt_whole &= bm.get("w:" + w, 0)
                whole |= alt_whole
                if len(alt) <= 3:  # the key is the whole string: exact
                    cert |= alt_head | alt_body
                elif words == (alt.strip(thai_text.NUM),):  # the term is one indexed word
                    cert |= alt_whole
                if len(words) == 1:
                    for i, n in enumerate(TF_LEVELS):
                        freq[i] |= alt_whole & bm.get(f"f:{n}:{words[0]}", 0)
            cands.append(head | body)
            certain.append(cert)
            wholes.append(whole)
            heads.append(head)
            freqs.append(freq)

        # exact: check the uncertain candidates against the passages' text (the checks
        # done already are cached: see index_cache), then apply filters and visibility
        packed_bits = bm.get(packed.PACKED, 0)
        exact = [self._exact(t, cand, cert, live, generation, packed_bits) & base
                 for t, cand, cert in zip(terms, cands, certain)]
        cands = [c & base for c in cands]
        wholes = [w & e for w, e in zip(wholes, exact)]
        heads = [h & e for h, e in zip(heads, exact)]

        # file-level AND: a document matches when each term occurs in one of its passages
        if len(terms) == 1:
            match = exact[0]
        else:
            inter, anyterm = live, 0
            for e in exact:
                inter &= bitmaps.suffix_fill(e, live, starts)
                anyterm |= e
                if not inter:
                    break
            match = inter & anyterm
        total = bitmaps.count_docs(match, live, starts) if match else 0

        suggestions = []
        if total == 0:
            suggestions = self._suggest(terms, exact, cands, bm, base, generation, q.text)
        if not total:
            return 0, (), tuple(suggestions)

        # the pool: documents in bitmap order (terms present, in the head, as whole words,
        # frequent), then scored exactly by BM25F and re-sorted
        pool_size = page * per_page + POOL_EXTRA
        levels = _levels(match, exact, heads, wholes, freqs)
        pool: list[int] = []
        higher = 0
        for level in levels:
            if not level:
                continue
            _, need = bitmaps.walk_level(level, higher, live, starts, 0, pool_size - len(pool), pool)
            higher |= level
            if len(pool) >= pool_size:
                break
        ranked = index_cache.memo(("rank", tuple(t.alternatives for t in terms), q.filters, q.visibility, tuple(pool)),
                                  lambda: self._rank(
            pool, terms, exact, wholes, match, live, starts, generation))
        page_docs = ranked[(page - 1) * per_page: page * per_page]
        hits = self._hits(page_docs, terms)
        return total, tuple(hits), tuple(suggestions)

    def _exact(self, t, cand: int, cert: int, live: int, generation, packed_bits: int = 0) -> int:
        """Passages of ``cand`` (n-gram candidates, ``cert`` ⊆ it certain) that hold the term
        (``packed_bits``: the docnos whose text is in the packed table)."""
        key = thai_text.FIELD_SEP.join(t.alternatives)
        known, mark, in_process = index_cache.exact_get(key, _load)
        watermark = live.bit_length()
        exact = (known & live) | cert
        unsure = (cand & ~exact) >> mark << mark  # only docnos not checked before
        if unsure.bit_count() >= index_cache.CLAIM_MIN:
            # a long check: done by one worker at a time, the others wait for its stored result
            claimed, stored = index_cache.claim_or_wait(key, _load)
            if stored is not None and stored[1] > mark:
                known, mark = stored
                exact = (known & live) | cert
                unsure = (cand & ~exact) >> mark << mark
            if claimed:
                try:
                    return self._check(key, t, exact, unsure, mark, watermark, in_process, generation, packed_bits)
                finally:
                    index_cache.release(key)
        return self._check(key, t, exact, unsure, mark, watermark, in_process, generation, packed_bits)

    def _check(self, key, t, exact, unsure, mark, watermark, in_process, generation, packed_bits) -> int:
        """``exact`` with the docnos of ``unsure`` that hold the term added (and remembered)."""
        checked = 0
        if unsure:
            checked = unsure.bit_count()
            # many: scanned in the packed table by the database; few, or rows stored before
            # that table existed: ``texts.matching`` (this process's cache, or ``search_text``)
            fast = unsure & packed_bits if checked >= texts.SQL_CHECK_MIN else 0
            if fast:
                exact |= packed.matching(fast, t.alternatives)
            rest = unsure & ~fast
            if rest:
                exact |= bitmaps.from_positions(texts.matching(list(bitmaps.positions_fast(rest)), t.alternatives,
                                                               generation))
        if not in_process or mark < watermark:
            index_cache.exact_put(key, exact, max(mark, watermark), checked, mark)
        return exact

    def _rank(self, pool, terms, exact, wholes, match, live, starts, generation):
        """[(doc score, best docno)] of the pool's documents, best first."""
        n_live = live.bit_count()
        idfs = [ranking.idf(max(1, n_live), e.bit_count()) for e in exact]
        avg = _avg_len(generation)
        docs = []
        ranges = [bitmaps.doc_range(d, live, starts) for d in pool]
        anyterm = 0
        for x in exact:
            anyterm |= x
        members = [list(bitmaps.positions((anyterm >> s) & ((1 << (e + 1 - s)) - 1))) for s, e in ranges]
        all_docnos = [s + p for (s, _), ps in zip(ranges, members) for p in ps]
        cache = texts.get(all_docnos, generation)
        for order, ((s, e), ps) in enumerate(zip(ranges, members)):
            scored = []
            for p in ps:
                d = s + p
                head, body, length = cache.get(d, ("", "", 0))
                whole = [bool((w >> d) & 1) for w in wholes]
                scored.append(ranking.score_passage(d, head, body, length, terms, idfs, whole, avg))
            if scored:
                docs.append((ranking.score_document(scored), order))
        docs.sort(key=lambda x: (-x[0].total, x[1]))
        return [d for d, _ in docs]

    def _suggest(self, terms, exact, cands, bm, base, generation, text) -> list[str]:
        """The query with each term that matches nothing replaced by its closest spelling."""
        replaced = text
        changed = False
        for t, e in zip(terms, exact):
            if e:
                continue
            alt = t.alternatives[0]
            tri = sorted(grams(alt))
            if len(alt) < 4 or len(tri) < 2:
                continue
            sets = [bm.get("g:" + g, 0) | bm.get("h:" + g, 0) for g in tri]
            by_count = bitmaps.exactly(sets, base)
            pos: list[int] = []
            for c in range(len(tri), max(1, len(tri) // 2) - 1, -1):
                level = by_count[c]
                while level and len(pos) < SUGGEST_PASSAGES:
                    d = level.bit_length() - 1
                    pos.append(d)
                    level &= ~(1 << d)
                if len(pos) >= SUGGEST_PASSAGES:
                    break
            if not pos:
                continue
            cache = texts.get(pos, generation)
            best = suggest.closest(alt, [cache[d][0] + thai_text.FIELD_SEP + cache[d][1] for d in pos if d in cache])
            if best:
                replaced = replaced.replace(t.raw, best, 1) if t.raw in replaced else f"{replaced} {best}"
                changed = True
        return [replaced] if changed and replaced != text else []

    def _hits(self, ranked, terms) -> list[Hit]:
        """One hit per ranked document; a hit's display fields and snippet depend only on
        its docno and the terms, so they are remembered for the current stamp."""
        if not ranked:
            return []
        key = tuple(t.alternatives for t in terms)

        def memo_key(d) -> tuple:  # terms found on other passages change the snippet
            return ("hit", d.best.docno, tuple(sorted(d.other_docnos.items())), key)

        missing = set()
        for d in ranked:
            if memo_key(d) not in index_cache._memo:
                missing.add(d.best.docno)
                missing.update(d.other_docnos.values())
        rows = {r.docno: r for r in IndexedPassageRow.objects.filter(docno__in=list(missing))} if missing else {}

        def shown(doc) -> dict:
            r = rows[doc.best.docno]
            # file-level AND: a term the best passage lacks is shown from the passage holding it
            others = [(rows[d].body, f"{rows[d].title} {rows[d].kpi_name}", [terms[i]])
                      for i, d in sorted(doc.other_docnos.items()) if d in rows]
            return dict(document_id=r.document_id, passage_id=r.passage_id, title=r.title,
                        filename=r.filename, unit=r.unit_abbr, kpi=r.kpi_code or r.kpi_name,
                        round=r.round, file_type=r.file_type,
                        snippet_html=snippets.snippet(r.body, f"{r.title} {r.kpi_name}", terms, cleaned=True,
                                                      others=others))

        hits = []
        for doc in ranked:
            fields = index_cache.memo(memo_key(doc), lambda: shown(doc))
            hits.append(Hit(**fields, score=round(doc.total, 4),
                            whole_word=all(t.whole_word for t in doc.best.terms),
                            explanation=doc.explain(fields["passage_id"])))
        return hits


class _Alternatives:
    """What ``_exact`` reads of a query term."""

    def __init__(self, alternatives: tuple[str, ...]):
        self.alternatives = alternatives


#: at most this many stored exact results are recomputed after a rebuild (``rewarm``)
REWARM_TERMS = 500


def current_generation() -> int:
    """The index generation (changes on every rebuild); 0 for an index never rebuilt."""
    return _load([GENERATION]).get(GENERATION, 0)


POOL_EXTRA = 30
SUGGEST_PASSAGES = 4
_AVG: dict = {}


AVG_SAMPLE = 5000


def _avg_len(generation) -> float:
    """Mean body length of the indexed passages (BM25's avgdl), estimated on the first
    ``AVG_SAMPLE`` docnos (exact on smaller indexes; averaging 100 k bodies took a fresh
    worker's first query ~100 ms); cached per generation for 5 minutes."""
    now = time.monotonic()
    hit = _AVG.get(generation)
    if hit and now - hit[1] < 300:
        return hit[0]
    from django.db.models import Avg
    from django.db.models.functions import Length

    sample = IndexedPassageRow.objects.order_by("docno").values("docno")[:AVG_SAMPLE]
    value = IndexedPassageRow.objects.filter(docno__in=sample).aggregate(a=Avg(Length("body")))["a"] or 1.0
    _AVG.clear()
    _AVG[generation] = (float(value) or 1.0, now)
    return _AVG[generation][0]


def _levels(match: int, exact, heads, wholes, freqs) -> list[int]:
    """Bitmaps of ``match`` by a coarse score, best first: each term adds 8 when present,
    4 in the head, 2 as a whole word, 1 per frequency level (fewer parts past 3 terms)."""
    parts = []
    for i, e in enumerate(exact):
        parts.append((8, e))
        parts.append((4, heads[i]))
        parts.append((2, wholes[i]))
        if len(exact) <= 3:
            parts += [(1, f) for f in freqs[i]]
    sums: dict[int, int] = {0: match}
    for weight, bits in parts:
        nxt: dict[int, int] = defaultdict(int)
        for s, b in sums.items():
            inside = b & bits
            if inside:
                nxt[s + weight] |= inside
            rest = b & ~bits
            if rest:
                nxt[s] |= rest
        sums = nxt
    return [sums[s] for s in sorted(sums, reverse=True)]


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)
