"""The bitmap arithmetic of the embedded index against brute force."""
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_search.backends import bitmaps


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


# --- layout: short n-grams derived from trigrams ------------------------------------------
THAI_TEXT = st.text(alphabet=st.sampled_from(list("กขคงตนมรวสหอะัาำิีุู่้็์เแโไ0123456789 abcKPI\n")), max_size=40)


@settings(max_examples=300)
@given(THAI_TEXT)
def test_posted_grams_complete_to_all_grams(s):
    """Posting trigrams and the last 2-/1-gram, then ORing 2-grams from trigrams and
    1-grams from 2-grams, gives exactly every 1-, 2- and 3-gram."""
    from evidence_search.backends.embedded import _full_grams, all_grams, posted_grams

    assert _full_grams(posted_grams(s)) == all_grams(s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(THAI_TEXT, THAI_TEXT, st.sampled_from(["", "1.2", "KPI"])), min_size=1, max_size=8),
       st.integers(1, 3))
def test_layout_bitmaps_hold_exactly_the_passages_containing_each_gram(fields, per_doc):
    """Every n-gram bitmap ``layout`` returns (head ``h:``, body ``g:``) holds exactly the
    passages whose compact title/KPI name or body/code field contains that n-gram, though
    shared fields are posted once per document and short n-grams are derived."""
    from thai import text as thai_text
    from evidence_search.backends import IndexedPassage
    from evidence_search.backends.embedded import all_grams, layout

    docs: list[dict] = []
    for i, (title, body, code) in enumerate(fields):
        if i % per_doc == 0:
            docs.append({})
        doc_title = fields[len(docs) * per_doc - per_doc][0]  # passages of a document share their title
        docs[-1][f"p{i}"] = IndexedPassage(passage_id=f"p{i}", document_id=f"d{len(docs)}", title=doc_title,
                                           body=body, kpi_code=code)
    rows, bits, _ = layout(docs)
    by_id = {r.passage_id: r.docno for r in rows}
    expected: dict[str, int] = {}
    for doc in docs:
        for p in doc.values():
            head = [p.title]
            rest = [p.body, p.kpi_code]
            for prefix, parts in (("h:", head), ("g:", rest)):
                for part in parts:
                    if part:
                        for g in all_grams(thai_text.compact(thai_text.normalize(part))):
                            expected[prefix + g] = expected.get(prefix + g, 0) | 1 << by_id[p.passage_id]
    got = {k: v for k, v in bits.items() if k[:2] in ("h:", "g:")}
    assert got == expected
