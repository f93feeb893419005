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

from thai import text as thai_text

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


#: between head and rest in ``IndexedPassageRow.search_text`` (a private-use code point
#: ``clean`` never produces, like ``thai_text.NUM`` and ``FIELD_SEP``)
HEAD_END = "\ue002"


def stored_form(head_parts: list[str], rest_parts: list[str]) -> str:
    """``search_text`` of a row from its fields' compact forms (empty ones skipped)."""
    sep = thai_text.FIELD_SEP
    return sep.join(x for x in head_parts if x) + HEAD_END + sep.join(x for x in rest_parts if x)


def _load(docnos: list[int] | None = None):
    """(docno, entry) of ``docnos`` (every row when None, in docno order): from the stored
    ``search_text`` (plain SQL: the ORM's per-value work cost more than the read), computed
    from the fields for rows stored before that column existed."""
    q = connection.ops.quote_name
    sql = (f"SELECT {q('docno')}, {q('search_text')}, {q('body_length')} "
           f"FROM {q(IndexedPassageRow._meta.db_table)}")
    old = []
    parts = [None] if docnos is None else [docnos[i:i + BATCH] for i in range(0, len(docnos), BATCH)]
    with connection.cursor() as cur:
        for part in parts:
            if part is None:
                cur.execute(sql + f" ORDER BY {q('docno')}")
            else:
                cur.execute(sql + f" WHERE {q('docno')} IN ({', '.join(['%s'] * len(part))})", part)
            while rows := cur.fetchmany(2000):
                for docno, stored, length in rows:
                    if stored:
                        head, _, rest = stored.partition(HEAD_END)
                        yield docno, (head, rest, length)
                    else:
                        old.append(docno)
    for i in range(0, len(old), BATCH):
        for docno, *fields in IndexedPassageRow.objects.filter(docno__in=old[i:i + BATCH]).values_list(
                "docno", "title", "kpi_name", "body", "filename", "kpi_code", "unit_abbr"):
            yield docno, entry(*fields)


#: an exact check of at least this many candidates not in this process's cache is done
#: by the database (``matching``): reading 60 k texts into Python took seconds
SQL_CHECK_MIN = 2000


def matching(docnos: list[int], alternatives, generation) -> list[int]:
    """The docnos of ``docnos`` whose compact text holds one of ``alternatives`` (in the
    head or the rest: an alternative never holds ``HEAD_END``). Checked by the database
    (``instr``/``strpos`` over ``search_text``) when many are not cached here; rows stored
    before ``search_text`` existed are checked here."""
    cached = [d for d in docnos if d in _texts] if _generation[0] == generation else []
    if len(docnos) - len(cached) < SQL_CHECK_MIN:
        cache = get(docnos, generation)
        return [d for d in docnos if d in cache and any(a in cache[d][0] or a in cache[d][1] for a in alternatives)]
    q = connection.ops.quote_name
    col = q("search_text")
    test = (f"instr({col}, %s) > 0" if connection.vendor == "sqlite" else f"strpos({col}, %s) > 0")
    sql = (f"SELECT {q('docno')}, {col} = '' FROM {q(IndexedPassageRow._meta.db_table)} WHERE {q('docno')} IN (%s) "
           f"AND ({col} = '' OR {' OR '.join([test] * len(alternatives))})")
    found, old = [], []
    with connection.cursor() as cur:
        for i in range(0, len(docnos), BATCH):
            part = docnos[i:i + BATCH]
            cur.execute(sql.replace("IN (%s)", f"IN ({', '.join(['%s'] * len(part))})"), [*part, *alternatives])
            for docno, unfilled in cur.fetchall():
                (old if unfilled else found).append(docno)
    if old:
        cache = get(old, generation)
        found += [d for d in old if d in cache and any(a in cache[d][0] or a in cache[d][1] for a in alternatives)]
    return found


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
    for docno, value in _load(missing):
        into[docno] = value
    return _texts if into is _texts else ChainMap(into, _texts)


def preload(generation, limit: int = MAX_ENTRIES) -> int:
    """Fill the cache with every live passage (worker start); returns the count."""
    get([], generation)
    n = 0
    for docno, value in _load():
        if n >= limit:
            break
        _texts[docno] = value
        n += 1
    return n
