"""Process-wide cache of the compact search text of indexed passages, by docno.

A docno's text never changes (a rewritten passage gets a new docno), so entries stay
valid until a rebuild renumbers docnos; the index's generation (``_gen`` key, written by
``rebuild``) is checked on every query and a new generation empties the cache.

The embedded backend reads it to check n-gram candidates exactly (exact totals), to
count term frequencies for BM25F and to pick "did you mean" suggestions. Memory: about
twice the text's character count in bytes (≈ 1 KB per 2 000-character Thai passage);
``MAX_ENTRIES`` bounds it.
"""
from __future__ import annotations

from collections import ChainMap
from functools import lru_cache
from typing import Iterable

from django.db import connection

from .. import thai_text
from ..models import IndexedPassageRow

MAX_ENTRIES = 300_000
BATCH = 500

_texts: dict[int, tuple[str, str, int]] = {}
_generation: list = [None]


def _compact(value: str, cleaned: bool) -> str:
    if not value:
        return ""
    return thai_text.compact(thai_text.fold(value) if cleaned else thai_text.normalize(value))


@lru_cache(maxsize=20_000)
def _compact_short(value: str, cleaned: bool) -> str:
    """Titles, KPI names, file names, codes: the same few values recur on many passages."""
    return _compact(value, cleaned)


def entry(title, kpi_name, body, filename, kpi_code, unit_abbr) -> tuple[str, str, int]:
    """(head, body, body length) in compact form; fields joined by ``FIELD_SEP``."""
    sep = thai_text.FIELD_SEP
    head = sep.join(x for x in (_compact_short(title, True), _compact_short(kpi_name, True)) if x)
    rest = sep.join(x for x in (_compact(body, True), _compact_short(filename, False),
                                _compact_short(kpi_code, False), _compact_short(unit_abbr, False)) if x)
    return head, rest, len(body or "")


def get(docnos: Iterable[int], generation):
    """Entries of ``docnos`` (loaded from the database when missing), as a mapping.

    Inside a transaction what is read may be rolled back and its docnos given to other
    passages, so entries read there are kept for this call only."""
    if _generation[0] != generation:
        _texts.clear()
        _generation[0] = generation
    missing = [d for d in docnos if d not in _texts]
    if not missing:
        return _texts
    into = _texts
    if connection.in_atomic_block:
        into = {}
    elif len(_texts) + len(missing) > MAX_ENTRIES:
        _texts.clear()
    for i in range(0, len(missing), BATCH):
        rows = IndexedPassageRow.objects.filter(docno__in=missing[i:i + BATCH]).values_list(
            "docno", "title", "kpi_name", "body", "filename", "kpi_code", "unit_abbr")
        for docno, *fields in rows:
            into[docno] = entry(*fields)
    return _texts if into is _texts else ChainMap(into, _texts)


def preload(generation, limit: int = MAX_ENTRIES) -> int:
    """Fill the cache with every live passage (worker start); returns the count."""
    get([], generation)
    n = 0
    for docno, *fields in IndexedPassageRow.objects.values_list(
            "docno", "title", "kpi_name", "body", "filename", "kpi_code", "unit_abbr").iterator(chunk_size=2000):
        if n >= limit:
            break
        _texts[docno] = entry(*fields)
        n += 1
    return n
