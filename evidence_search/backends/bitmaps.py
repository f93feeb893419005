"""Bitmap arithmetic on Python integers for the embedded index.

A bitmap is an ``int``: bit ``d`` set means passage number ``d`` (its *docno*) has the
property. Python's big-integer ``&``, ``|``, ``+`` and ``int.bit_count`` run in C over
30-bit digits, so combining bitmaps of 100 000 passages costs microseconds.

Document grouping relies on a layout invariant kept by the writer: the passages of a live
document occupy consecutive docnos ``s..e`` and docno ``e + 1`` (a *spacer*) is never
live. ``starts`` has bit ``s`` set for each live document. Then, for a match bitmap ``X``
(a subset of ``live``), adding ``starts`` to ``live & ~X`` carries through each document's
leading non-matching passages; the carry leaves the document (lands on its spacer) exactly
when the document has no matching passage. So the number of matching *documents* is one
addition and two popcounts — no loop over passages.
"""
from __future__ import annotations

import zlib
from functools import reduce
from operator import or_

#: Bitmaps are stored in chunks of this many docnos (512 bytes raw). Small chunks keep
#: the write cost of a batch low (only the chunks holding the new docnos are rewritten:
#: 65 536-bit chunks made index() 6x slower at 100 k passages); a query reassembles
#: 25 chunks per key at 100 k passages with one bytes join.
CHUNK_BITS = 1 << 12
CHUNK_BYTES = CHUNK_BITS // 8


def encode(v: int) -> bytes:
    raw = v.to_bytes((v.bit_length() + 7) // 8, "little")
    if len(raw) > 64 and v.bit_count() * 16 < v.bit_length():
        return b"z" + zlib.compress(raw, 1)
    return b"r" + raw


def raw_bytes(b: bytes | memoryview) -> bytes:
    b = bytes(b)
    if not b:
        return b""
    return zlib.decompress(b[1:]) if b[:1] == b"z" else b[1:]


def decode(b: bytes | memoryview) -> int:
    return int.from_bytes(raw_bytes(b), "little")


def assemble(pieces: dict[int, bytes]) -> int:
    """One bitmap from its stored chunks ``{chunk: raw little-endian bytes}``."""
    if len(pieces) == 1:
        (c, raw), = pieces.items()
        return int.from_bytes(raw, "little") << (c * CHUNK_BITS)
    buf = bytearray(CHUNK_BYTES * (max(pieces) + 1))
    for c, raw in pieces.items():
        buf[c * CHUNK_BYTES: c * CHUNK_BYTES + len(raw)] = raw
    return int.from_bytes(buf, "little")


def from_positions(positions, base: int = 0) -> int:
    """The bitmap of ``positions`` (bit ``p - base`` set for each); a long list is set in
    a byte buffer (``v |= 1 << p`` copies the whole integer for every position)."""
    if not isinstance(positions, (list, tuple)):
        positions = list(positions)
    if base:
        positions = [p - base for p in positions]
    if len(positions) < 64:  # the shifts and ORs run in C
        return reduce(or_, map(_ONE_SHIFTED, positions), 0)
    buf = bytearray(max(positions) // 8 + 1)
    for p in positions:
        buf[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buf, "little")


_ONE_SHIFTED = (1).__lshift__


def positions(v: int):
    """Set bits in ascending order (use only on small bitmaps)."""
    while v:
        low = v & -v
        yield low.bit_length() - 1
        v ^= low


def count_docs(x: int, live: int, starts: int) -> int:
    """Number of live documents having at least one passage in ``x`` (⊆ ``live``)."""
    if not x:
        return 0
    carried = ((live & ~x) + starts) & ~live
    return starts.bit_count() - carried.bit_count()


def doc_range(d: int, live: int, starts: int) -> tuple[int, int]:
    """First and last docno of the live document containing docno ``d``."""
    s = (starts & ((2 << d) - 1)).bit_length() - 1
    z = live >> d
    gap = (~z & (z + 1)).bit_length() - 1  # lowest zero bit of z
    return s, d + gap - 1


def exactly(sets: list[int], universe: int) -> list[int]:
    """``out[c]`` = bits of ``universe`` contained in exactly ``c`` of ``sets``."""
    out = [universe]
    for s in sets:
        nxt = [0] * (len(out) + 1)
        for c, b in enumerate(out):
            nxt[c] |= b & ~s
            nxt[c + 1] |= b & s
        out = nxt
    return out


def walk_level(level: int, higher: int, live: int, starts: int, skip: int, need: int,
               out: list[int]) -> tuple[int, int]:
    """Emit, newest document first, the best passage of each document whose best level
    is ``level`` (documents with a passage in ``higher`` were ranked already).

    Returns the remaining ``(skip, need)``. Works on the bitmaps' bytes (one conversion
    each): a document spans a few docnos, and big-integer masks per document cost a pass
    over the whole bitmap each (5 ms a page at 100 k passages).
    """
    if not level or need <= 0:
        return skip, need
    size = (max(level.bit_length(), live.bit_length(), starts.bit_length()) + 8) // 8 + 1
    lv, lb, sb, hb = (v.to_bytes(size, "little") for v in (level, live, starts, higher))
    nbits = size * 8

    def bit(b: bytes, i: int) -> int:
        return (b[i >> 3] >> (i & 7)) & 1

    top = len(lv.rstrip(b"\0"))  # bytes up to the highest set bit of level
    while top and need > 0:
        byte = lv[top - 1]
        d = (top - 1) * 8 + byte.bit_length() - 1
        s = d
        while s > 0 and not bit(sb, s):
            s -= 1
        e = d
        while e + 1 < nbits and bit(lb, e + 1):
            e += 1
        if not any(bit(hb, i) for i in range(s, e + 1)):
            if skip:
                skip -= 1
            else:
                out.append(next(i for i in range(s, e + 1) if bit(lv, i)))  # earliest passage of the doc
                need -= 1
        # continue below the document: the highest set bit of level before docno s
        if s == 0:
            break
        top = s >> 3
        rest = lv[top] & ((1 << (s & 7)) - 1)
        if rest:
            top += 1
            lv = lv[:top - 1] + bytes([rest])
        else:
            top = len(lv[:top].rstrip(b"\0"))
    return skip, need


def positions_fast(v: int):
    """Set bits in ascending order, for bitmaps of any size (one C pass to a string)."""
    if not v:
        return
    s = bin(v)[2:][::-1]
    i = s.find("1")
    while i >= 0:
        yield i
        i = s.find("1", i + 1)


def suffix_fill(x: int, live: int, starts: int) -> int:
    """For each document with a passage in ``x`` (⊆ ``live``): its passages from the first
    one in ``x`` to its last passage. Adding ``starts`` to ``live & ~x`` carries through
    each document's leading passages outside ``x`` and stops on the first one in it;
    adding that bit back to ``live`` carries it to the document's spacer."""
    if not x:
        return 0
    first = x & ((live & ~x) + starts)
    return live & ~(live + first)


def split_chunks(v: int, offset: int):
    """(chunk, bits) pieces of bitmap ``v`` whose bit 0 is docno ``offset``."""
    c = offset // CHUNK_BITS
    v <<= offset % CHUNK_BITS
    mask = (1 << CHUNK_BITS) - 1
    while v:
        part = v & mask
        if part:
            yield c, part
        v >>= CHUNK_BITS
        c += 1
