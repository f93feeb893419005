"""The bitmap arithmetic of the embedded index against brute force."""
from hypothesis import given, settings
from hypothesis import strategies as st

from search.backends import bitmaps


@st.composite
def layouts(draw):
    """Documents laid out as the writer does: consecutive docnos, one spacer after each,
    with dead ranges (replaced documents) in between; plus a random match set."""
    docs, live, starts, d = [], 0, 0, 0
    for size in draw(st.lists(st.integers(1, 6), max_size=25)):
        if draw(st.booleans()):
            d += draw(st.integers(1, 5))  # dead docnos left by an earlier version
        docs.append(list(range(d, d + size)))
        starts |= 1 << d
        for p in range(d, d + size):
            live |= 1 << p
        d += size + 1  # spacer
    match = 0
    for p in bitmaps.positions(live):
        if draw(st.booleans()):
            match |= 1 << p
    return docs, live, starts, match


@settings(max_examples=300)
@given(layouts())
def test_count_docs(layout):
    docs, live, starts, match = layout
    expected = sum(any(match >> p & 1 for p in doc) for doc in docs)
    assert bitmaps.count_docs(match, live, starts) == expected


@settings(max_examples=300)
@given(layouts(), st.integers(0, 8), st.integers(1, 8))
def test_walk_level_gives_each_document_once_newest_first(layout, skip, need):
    docs, live, starts, match = layout
    # documents with a passage in "higher" were already ranked: take every third doc
    higher = 0
    for doc in docs[::3]:
        higher |= 1 << doc[0]
    higher &= match
    expected = [min(p for p in doc if match >> p & 1) for doc in reversed(docs)
                if any(match >> p & 1 for p in doc) and not any(higher >> p & 1 for p in doc)]
    out = []
    bitmaps.walk_level(match, higher, live, starts, skip, need, out)
    assert out == expected[skip:skip + need]


@given(st.lists(st.integers(0, 10**6), unique=True, max_size=200))
def test_encode_decode_roundtrip(positions):
    v = bitmaps.from_positions(positions)
    assert bitmaps.decode(bitmaps.encode(v)) == v


def test_exactly_counts_membership():
    a, b = 0b0110, 0b0011
    assert bitmaps.exactly([a, b], 0b1111) == [0b1000, 0b0101, 0b0010]
