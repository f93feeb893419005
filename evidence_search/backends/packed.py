"""The compact search text of each passage, one byte a Thai character, in a narrow table
(``PackedText``: docno → bytes) that a term's first exact check scans in the database.

Why: at 100 k passages a common multi-word term (ตัว|ชี้|วัด) has ~62 k n-gram candidates
and every one must be checked against the text (no bitmap proves three trigrams adjacent).
Checking them in the wide passage table read ~400 MB of rows (title, body, display text and
search form: ~4 KB a row) in ~130 IN-lists: 0.4–0.6 s of CPU per term and per worker.
Packed, the same text is ~62 MB in a table of two columns scanned by docno range: the
database reads a sixth as much and compares bytes.

Packing (``pack``) is a one-to-one code of characters to bytes such that byte containment
⟺ character containment (so ``instr``/``position`` on the bytes is the exact check):

* ASCII and the Thai letters, marks and digits keep their TIS-620 byte (one byte each);
* ``thai_text.NUM``, ``FIELD_SEP`` and ``texts.HEAD_END`` are 0x80, 0x81, 0x82;
* any other character is 0x83 followed by 5 digit bytes (base 28, 0x84–0x9F).

Digit bytes occur only inside an escape and no character's code starts with one, so a
needle (which starts with a character's first byte) can only match at a character start,
and from there character by character.

Rows written before this table existed have none: the ``_packed`` bitmap holds the docnos
that have one, and the others are checked the old way (``texts.matching``).
"""
from __future__ import annotations

import re

from django.db import connection

from thai import text as thai_text

from ..models import PackedText
from . import bitmaps

PACKED = "_packed"
BATCH = 500
DENSE = 0.25

_SPECIAL = {thai_text.NUM: "\x80", thai_text.FIELD_SEP: "\x81", "\ue002": "\x82"}  # "\ue002" = texts.HEAD_END
_SPECIAL_RE = re.compile("[" + "".join(_SPECIAL) + "]")
_C1 = re.compile("[\x80-\x9f]")


def _escape(c: str) -> bytes:
    n, digits = ord(c), []
    for _ in range(5):
        n, d = divmod(n, 28)
        digits.append(0x84 + d)
    return bytes([0x83, *reversed(digits)])


def _slow(s: str) -> bytes:
    out = bytearray()
    for c in s:
        if c in _SPECIAL:
            out += _SPECIAL[c].encode("latin-1")
            continue
        if not ("\x80" <= c <= "\x9f"):
            try:
                out += c.encode("tis_620")
                continue
            except UnicodeEncodeError:
                pass
        out += _escape(c)
    return bytes(out)


def pack(s: str) -> bytes:
    """The packed form of a compact string (see the module's docstring)."""
    if not s:
        return b""
    if not _C1.search(s):
        fast = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], s) if _SPECIAL_RE.search(s) else s
        try:
            return fast.encode("tis_620")  # C1 controls (U+0080–U+009F) encode to the specials' bytes
        except UnicodeEncodeError:
            pass
    return _slow(s)


def insert_packed(pairs: list[tuple[int, bytes]]) -> None:
    """Store (docno, ``pack`` of its compact search form) pairs."""
    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(PackedText._meta.db_table)} ({q('docno')}, {q('text')}) VALUES (%s, %s)")
    with connection.cursor() as cur:
        for i in range(0, len(pairs), 1000):
            cur.executemany(sql, pairs[i:i + 1000])


def delete(docnos: list[int]) -> None:
    for i in range(0, len(docnos), BATCH):
        PackedText.objects.filter(docno__in=docnos[i:i + BATCH]).delete()


def clear() -> None:
    PackedText.objects.all().delete()


#: docnos are checked by spans of this many: a span is scanned whole (one range) when at
#: least ``DENSE`` of it is to be checked, else its docnos are listed (IN lists of ``BATCH``)
RANGE_SPAN = 4096


def matching(bits: int, alternatives) -> int:
    """The docnos of bitmap ``bits`` (all with a packed row) whose text holds one of
    ``alternatives``, as a bitmap; checked by the database."""
    if not bits or not alternatives:
        return 0
    needles = [pack(a) for a in alternatives]
    q = connection.ops.quote_name
    col = q("text")
    test = f"instr({col}, %s) > 0" if connection.vendor == "sqlite" else f"position(%s in {col}) > 0"
    cond = " OR ".join([test] * len(needles))
    base = f"SELECT {q('docno')} FROM {q(PackedText._meta.db_table)} WHERE "
    ranges: list[list[int]] = []
    listed: list[int] = []
    mask = (1 << RANGE_SPAN) - 1
    lo = ((bits & -bits).bit_length() - 1) // RANGE_SPAN * RANGE_SPAN
    for start in range(lo, bits.bit_length(), RANGE_SPAN):
        part = (bits >> start) & mask
        if not part:
            continue
        if part.bit_count() >= DENSE * RANGE_SPAN:
            if ranges and ranges[-1][1] == start - 1:
                ranges[-1][1] = start + RANGE_SPAN - 1
            else:
                ranges.append([start, start + RANGE_SPAN - 1])
        else:
            listed += (start + p for p in bitmaps.positions_fast(part))
    found: list[int] = []
    with connection.cursor() as cur:
        for a, b in ranges:
            cur.execute(base + f"{q('docno')} BETWEEN %s AND %s AND ({cond})", [a, b, *needles])
            found += (d for (d,) in cur.fetchall())
        for i in range(0, len(listed), BATCH):
            part = listed[i:i + BATCH]
            cur.execute(base + f"{q('docno')} IN ({', '.join(['%s'] * len(part))}) AND ({cond})", [*part, *needles])
            found += (d for (d,) in cur.fetchall())
    return bitmaps.from_positions(found) & bits
