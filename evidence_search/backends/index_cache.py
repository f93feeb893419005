"""Per-process caches of the embedded index: key bitmaps and exact term matches.

Why: at 100 k passages a query fetched and reassembled ~25 chunks per key from the
database, and a multi-word Thai term (ตัว|ชี้|วัด) had ~97 k n-gram candidates to check
against the passages' text. Both results depend only on the index's state, so they are
kept between queries.

* Every write (``index``/``delete``/``rebuild``) stores a new random ``_ver`` (and a
  rebuild a new ``_gen``). A query reads both (one small SELECT): same stamp → cached
  bitmaps are valid; new stamp → the bitmaps are reloaded.
* Exact matches of a term (the n-gram candidates checked against the text) survive a
  write within one generation: a docno's text never changes (a rewritten passage gets a
  new docno, a deleted one leaves ``_live``), so a result is valid for every docno below
  the *watermark* it was computed up to, and only newer docnos are checked. Inside a
  transaction (tests, a write in progress) what is read may be rolled back and its docnos
  reused, so such a result is trusted only at the exact stamp it was computed at.
* Ranked pools and snippets are remembered for the current stamp only (``memo``), and
  whole result pages too (``page_memo``, a smaller cache of their own).
* Expensive exact results (many candidates) are also stored in the index table (keys
  ``x:<term>`` and ``xw:<term>`` = generation and watermark) so that a fresh worker does
  not load 100 k texts for its first query; written outside transactions only (so from
  committed data), best effort and never waiting for a writer's lock, ignored when their generation is not the current one,
  and dropped by every rebuild.
"""
from __future__ import annotations

import logging
import random
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from ..models import IndexBitmap
from . import bitmaps
from .bitmap_rows import upsert_bitmap_rows

log = logging.getLogger(__name__)

GENERATION, VERSION = "_gen", "_ver"
MAX_BITMAPS = 20_000
MAX_EXACT = 2_000
#: exact results that checked at least this many candidates are persisted
PERSIST_MIN = 32
MAX_PERSISTED_KEY = 120

MAX_MEMO = 5_000
#: result pages remembered (``page_memo``): ~50 KB each (20 hits with snippets and
#: explanations), so at most ~25 MB a worker
MAX_PAGES = 500

_stamp: list = [None]
_parsed: "OrderedDict[str, tuple]" = OrderedDict()
_memo: OrderedDict = OrderedDict()
_pages: OrderedDict = OrderedDict()
_bits: "OrderedDict[str, int]" = OrderedDict()
#: alternative → (exact bitmap, watermark, stamp or None when valid for the whole generation)
_exact: "OrderedDict[str, tuple[int, int, tuple | None]]" = OrderedDict()


def read_stamp() -> tuple[int, int]:
    """(generation, version) of the index as this connection sees it."""
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q('key')}, {q('bits')} FROM {q(IndexBitmap._meta.db_table)} "
                    f"WHERE {q('chunk')} = 0 AND {q('key')} IN (%s, %s)", [GENERATION, VERSION])
        found = {k: bitmaps.decode(b) for k, b in cur.fetchall()}
    return found.get(GENERATION, 0), found.get(VERSION, 0)


def reset() -> None:
    """Forget everything this process cached (the bench measures cold queries with it)."""
    _stamp[0] = None
    for cache in (_bits, _exact, _parsed, _memo, _pages):
        cache.clear()


def new_version() -> tuple[str, int, bytes]:
    """The row a writer stores so that readers' caches see the index changed."""
    return (VERSION, 0, bitmaps.encode(random.getrandbits(62) | 1))


def parsed(text: str, parse) -> list:
    """``parse(text)`` remembered (the segmenter call costs more than the bitmap work)."""
    hit = _parsed.get(text)
    if hit is None:
        hit = _parsed[text] = tuple(parse(text))
        while len(_parsed) > MAX_MEMO:
            _parsed.popitem(last=False)
    return list(hit)


def memo(key: tuple, compute):
    """A value derived from the index at the current stamp only (ranked pools, snippets:
    a docno's text and the idfs are fixed until the next write), remembered."""
    if key in _memo:
        _memo.move_to_end(key)
        return _memo[key]
    value = _memo[key] = compute()
    while len(_memo) > MAX_MEMO:
        _memo.popitem(last=False)
    return value


def page_memo(key: tuple, compute):
    """A result page at the current stamp only (like ``memo``, in a smaller cache of its own)."""
    if key in _pages:
        _pages.move_to_end(key)
        return _pages[key]
    value = _pages[key] = compute()
    while len(_pages) > MAX_PAGES:
        _pages.popitem(last=False)
    return value


def sync(stamp: tuple[int, int]) -> None:
    """Drop what the new stamp invalidates."""
    old = _stamp[0]
    if old == stamp:
        return
    _bits.clear()
    _memo.clear()
    _pages.clear()
    if old is None or old[0] != stamp[0]:
        _exact.clear()
    _stamp[0] = stamp


def bitmaps_of(keys, load) -> dict[str, int]:
    """Bitmaps of ``keys`` (0 for a missing key), loading the uncached ones with ``load``."""
    missing = [k for k in keys if k not in _bits]
    if missing:
        found = load(missing)
        for k in missing:
            _bits[k] = found.get(k, 0)
        while len(_bits) > MAX_BITMAPS:
            _bits.popitem(last=False)
    return {k: _bits[k] for k in keys}


def exact_get(alt: str, load) -> tuple[int, int, bool]:
    """(exact bitmap, watermark, found in this process) known for ``alt``; (0, 0, False)
    when nothing is known."""
    stamp = _stamp[0]
    hit = _exact.get(alt)
    if hit and (hit[2] is None or hit[2] == stamp):
        _exact.move_to_end(alt)
        return hit[0], hit[1], True
    if len(alt) <= MAX_PERSISTED_KEY:
        stored = load(["x:" + alt, "xw:" + alt])
        meta = stored.get("xw:" + alt, 0)
        if meta and stamp and meta >> 64 == stamp[0]:
            return stored.get("x:" + alt, 0), meta & ((1 << 64) - 1), False
    return 0, 0, False


def exact_put(alt: str, bits: int, watermark: int, checked: int, old_watermark: int) -> None:
    """Remember an exact result (``checked`` candidates were verified to compute it)."""
    committed = not connection.in_atomic_block
    _exact[alt] = (bits, watermark, None if committed else _stamp[0])
    _exact.move_to_end(alt)
    while len(_exact) > MAX_EXACT:
        _exact.popitem(last=False)
    if committed and checked >= PERSIST_MIN and len(alt) <= MAX_PERSISTED_KEY and _stamp[0]:
        _persist(alt, bits, watermark, old_watermark)


#: an exact check of at least this many candidates is claimed (``claim_or_wait``)
CLAIM_MIN = 2000
#: a claim older than this is a dead worker's: taken over
CLAIM_SECONDS = 10.0
#: how long a worker waits for another's claimed check before doing it itself
WAIT_SECONDS = 2.0
WAIT_STEP = 0.01


def _now_ms() -> int:
    return int(time.time() * 1000)


def claim_or_wait(alt: str, load) -> tuple[bool, tuple[int, int] | None]:
    """Before a long exact check of ``alt``: (True, None) when this worker claimed it (call
    ``release`` after storing the result); (False, (bits, watermark)) when another worker
    that claimed it stored its result meanwhile; (False, None) when this worker should do
    the check anyway (inside a transaction, the database busy, or the other worker too slow).

    Why: the workers of a freshly (re)built index all meet the same new terms at once; each
    did the same ~0.1–0.5 s check (five times the CPU on two cores, for the same answer)."""
    if connection.in_atomic_block or len(alt) > MAX_PERSISTED_KEY or not _stamp[0]:
        return False, None
    key = "xc:" + alt
    q = connection.ops.quote_name
    table = q(IndexBitmap._meta.db_table)
    now = _now_ms()
    try:
        with _without_waiting(), transaction.atomic():
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    cur.execute("SET LOCAL lock_timeout = '20ms'")
                cur.execute(f"INSERT INTO {table} ({q('key')}, {q('chunk')}, {q('bits')}) VALUES (%s, 0, %s) "
                            f"ON CONFLICT ({q('key')}, {q('chunk')}) DO NOTHING", [key, bitmaps.encode(now)])
                if cur.rowcount == 1:
                    return True, None
                cur.execute(f"SELECT {q('bits')} FROM {table} WHERE {q('key')} = %s AND {q('chunk')} = 0", [key])
                row = cur.fetchone()
                since = bitmaps.decode(row[0]) if row else 0
                if now - since > CLAIM_SECONDS * 1000:  # its worker died: take it over
                    cur.execute(f"UPDATE {table} SET {q('bits')} = %s WHERE {q('key')} = %s AND {q('chunk')} = 0 "
                                f"AND {q('bits')} = %s", [bitmaps.encode(now), key, bytes(row[0]) if row else b""])
                    if cur.rowcount == 1:
                        return True, None
    except DatabaseError:
        log.info("exact check not claimed (database busy)", exc_info=True)
        return False, None
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        stored = load(["x:" + alt, "xw:" + alt, key])
        meta = stored.get("xw:" + alt, 0)
        if meta and meta >> 64 == _stamp[0][0]:
            return False, (stored.get("x:" + alt, 0), meta & ((1 << 64) - 1))
        if key not in stored:  # released without a stored result (e.g. the database was busy)
            return False, None
    return False, None


def release(alt: str) -> None:
    """Drop this worker's claim on ``alt`` (best effort: a left claim expires)."""
    try:
        with _without_waiting(), transaction.atomic():
            IndexBitmap.objects.filter(key="xc:" + alt, chunk=0).delete()
    except DatabaseError:
        log.info("exact check claim not released (database busy)", exc_info=True)


def stored_exact_terms(limit: int) -> list[str]:
    """The terms (``exact_put`` keys) whose exact results the index has stored, at most
    ``limit`` of them, in key order (``rebuild`` recomputes them: ``EmbeddedBackend.rewarm``)."""
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q('key')} FROM {q(IndexBitmap._meta.db_table)} "
                    f"WHERE {q('chunk')} = 0 AND {q('key')} >= %s AND {q('key')} < %s ORDER BY {q('key')}",
                    ["xw:", "xw;"])
        return [k[3:] for (k,) in cur.fetchmany(limit)]


#: how long (ms) a query's best-effort write may wait for SQLite's write lock: long enough
#: for another worker's claim or stored result (a few ms), far shorter than an import's batch
SHORT_WAIT_MS = 50


@contextmanager
def _without_waiting(ms: int | None = None):
    """The database's lock waits cut to ``ms`` (default ``SHORT_WAIT_MS``) for the block: a
    query's best-effort write never waits for a writer (an import's batch holds SQLite's
    write lock for seconds; with the usual 20 s busy timeout every search of a new term
    waited behind it). Not 0: the workers' own small writes (claims, stored results) at
    the same moment then failed each other and every worker did the check itself."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    old = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {int(SHORT_WAIT_MS if ms is None else ms)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(old)}")


def _persist(alt: str, bits: int, watermark: int, old_watermark: int) -> None:
    start = old_watermark // bitmaps.CHUNK_BITS  # chunks below it are stored already
    rows = [("x:" + alt, c, bitmaps.encode(v)) for c, v in bitmaps.split_chunks(bits, 0) if c >= start]
    rows.append(("xw:" + alt, 0, bitmaps.encode((_stamp[0][0] << 64) | watermark)))
    try:
        with _without_waiting(), transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL lock_timeout = '20ms'")
            upsert_bitmap_rows(rows)
    except DatabaseError:  # a writer holds the lock: the result stays in this process only
        log.info("exact term cache not stored (database busy)", exc_info=True)
