"""Stored word segmentations of passages (``PassageAnalysis``), so that a rebuild with an
unchanged analyzer reads a passage's tokens instead of segmenting it again.

Segmenting (nlpo3 and the formatted-number rejoin, ``thai_text.tokens``) was about 0.5 ms of
a rebuild's 1.6 ms of layout CPU per 1,700-character passage; decoding a stored analysis
costs a few microseconds.

A record is ``blake2b(normalised body text, key=analyzer version)`` (16 bytes) followed by
the lengths of the body's tokens (``thai_text.tokens``: spaces and punctuation kept, so the
tokens join back to the text and the lengths are all that is needed): one byte each, a
length over 255 as a zero byte and four bytes. About a third of a byte per character of
text. Exactness:

* a record is used only when its hash is that of the passage's current normalised text
  under the current ``thai_text.analyzer_version()`` (engine, nlpo3 and pythainlp versions,
  a hash of the dictionary file, ``ANALYSIS_VERSION``): an edited text or a changed analyzer
  makes it stale, and a stale record is replaced when the passage is laid out again;
* a record is written only when the tokens join back to the text exactly; the tokens
  rebuilt from it are then the segmenter's tokens, so the words (``thai_text.words_of``)
  and the whole index are byte for byte what segmenting gives
  (``tests/evidence_search/test_analysis.py``).

The record is per passage, not per whitespace-separated chunk: 611 dictionary words contain
a space, so a chunk's segmentation depends on its neighbours.
"""
from __future__ import annotations

from functools import lru_cache
from hashlib import blake2b, sha256
from itertools import accumulate
from typing import Iterable

from django.db import connection

from thai import text as thai_text

from ..models import IndexedPassageRow, PassageAnalysis

HASH_BYTES = 16
BATCH = 500  # ids per IN (...) clause


@lru_cache(maxsize=1)
def _key() -> bytes:
    return sha256(thai_text.analyzer_version().encode()).digest()


def warm() -> None:
    """Compute the analyzer's key now (it reads the dictionary file): before forking."""
    _key()


def text_hash(normalized: str) -> bytes:
    return blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=HASH_BYTES, key=_key()).digest()


def encode(digest: bytes, tokens: list[str], normalized: str) -> bytes | None:
    """The record of ``tokens`` (of ``normalized``, whose ``text_hash`` is ``digest``), or
    None when they do not join back to the text (never seen: not stored, segmented again)."""
    lengths = list(map(len, tokens))
    if not lengths or min(lengths) == 0 or "".join(tokens) != normalized:
        return None
    if max(lengths) < 256:
        return digest + bytes(lengths)
    out = bytearray(digest)
    for n in lengths:
        out += bytes((n,)) if n < 256 else b"\0" + n.to_bytes(4, "big")
    return bytes(out)


def _lengths(payload: bytes) -> list[int]:
    if 0 not in payload:
        return list(payload)
    out, i = [], 0
    while i < len(payload):
        if payload[i]:
            out.append(payload[i])
            i += 1
        else:
            out.append(int.from_bytes(payload[i + 1:i + 5], "big"))
            i += 5
    return out


def tokens(normalized: str, stored: bytes | None) -> tuple[list[str], bytes | None]:
    """(``thai_text.tokens(normalized)``, the record to store or None): the tokens are read
    from ``stored`` when it is a record of this text under the current analyzer."""
    digest = text_hash(normalized)
    if stored is not None and stored[:HASH_BYTES] == digest:
        lengths = _lengths(stored[HASH_BYTES:])
        if sum(lengths) == len(normalized):
            ends = list(accumulate(lengths))
            return list(map(normalized.__getitem__, map(slice, [0, *ends[:-1]], ends))), None
    toks = thai_text.tokens(normalized)
    return toks, encode(digest, toks, normalized)


def _in_batches(cur, sql: str, ids: list):
    """Run ``sql`` once per ``BATCH`` of ``ids``, its ``{ids}`` replaced by that batch's
    placeholders (an IN list); yields after each run, the cursor holding its rows."""
    for i in range(0, len(ids), BATCH):
        part = ids[i:i + BATCH]
        cur.execute(sql.format(ids=", ".join(["%s"] * len(part))), part)
        yield


def lookup(passage_ids: Iterable[str]) -> dict[str, bytes]:
    """The stored records of ``passage_ids`` (current or stale: ``tokens`` decides)."""
    out: dict[str, bytes] = {}
    q = connection.ops.quote_name
    sql = f"SELECT {q('passage_id')}, {q('analysis')} FROM {q(PassageAnalysis._meta.db_table)} WHERE {q('passage_id')} IN ({{ids}})"
    with connection.cursor() as cur:
        for _ in _in_batches(cur, sql, list(passage_ids)):
            out.update((pid, bytes(record)) for pid, record in cur.fetchall())
    return out


def store(records: list[tuple[str, bytes]]) -> None:
    """Insert or replace records (INSERT … ON CONFLICT: SQLite ≥ 3.24 and PostgreSQL)."""
    if not records:
        return
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(PassageAnalysis._meta.db_table)} ({q('passage_id')}, {q('analysis')}) VALUES (%s, %s) "
           f"ON CONFLICT ({q('passage_id')}) DO UPDATE SET {q('analysis')} = excluded.{q('analysis')}")
    with connection.cursor() as cur:
        for i in range(0, len(records), 1000):
            cur.executemany(sql, records[i:i + 1000])


def delete_of_documents(document_ids: list[str]) -> None:
    """Delete the records of the indexed passages of ``document_ids`` (before their rows go)."""
    q = connection.ops.quote_name
    sql = (f"DELETE FROM {q(PassageAnalysis._meta.db_table)} WHERE {q('passage_id')} IN "
           f"(SELECT {q('passage_id')} FROM {q(IndexedPassageRow._meta.db_table)} WHERE {q('document_id')} IN ({{ids}}))")
    with connection.cursor() as cur:
        for _ in _in_batches(cur, sql, list(document_ids)):
            pass


def prune() -> None:
    """Delete the records of passages the index does not hold (after a rebuild)."""
    q = connection.ops.quote_name
    table, rows, pid = q(PassageAnalysis._meta.db_table), q(IndexedPassageRow._meta.db_table), q("passage_id")
    with connection.cursor() as cur:  # NOT EXISTS: an anti-join on PostgreSQL, index lookups on SQLite
        cur.execute(f"DELETE FROM {table} WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {rows} WHERE {rows}.{pid} = {table}.{pid})")
