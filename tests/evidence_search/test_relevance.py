"""Relevance, whole numbers, exact totals, file-level AND, passage cuts, snippet clusters and
"did you mean" of the embedded backend (issue 15). Not in the shared contract suite: these
pin down the embedded engine's own ranking formula and counting."""
import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.indexing import split_passages
from evidence_search import snippets
from evidence_search.backends import IndexedPassage, SearchQuery
from evidence_search.query import parse
from thai import text as thai_text


def P(pid, doc, body, title="เอกสารหลักฐาน", **kw):
    return IndexedPassage(passage_id=pid, document_id=doc, title=title, body=body, **kw)


def docs(res):
    return [h.document_id for h in res.hits]


def search(backend, text, **kw):
    return backend.search(SearchQuery(text, **kw))


FILLER = "การประชุมคณะทำงานเพื่อพิจารณาแนวทางการดำเนินงานของหน่วยงาน "


# --- ranking set ------------------------------------------------------------------------
def test_frequent_and_in_title_outranks_single_mentions(embedded):
    single = [P(f"s{i}", f"single-{i}", FILLER * 3 + "ราชการ" + FILLER * 3, title="บันทึก") for i in range(6)]
    frequent = P("f", "frequent", (FILLER + "ราชการ ") * 6, title="ราชการ: คู่มือ")
    embedded.index([frequent] + single)  # the single mentions are newer
    res = search(embedded, "ราชการ")
    assert docs(res)[0] == "frequent" and res.total == 7


def test_more_mentions_rank_higher_at_equal_length(embedded):
    bodies = {n: (FILLER * (8 - n)) + ("งบประมาณ " * n) for n in (1, 2, 4, 7)}
    embedded.index([P(f"p{n}", f"n{n}", body, title="รายงาน") for n, body in bodies.items()])
    assert docs(search(embedded, "งบประมาณ")) == ["n7", "n4", "n2", "n1"]


def test_terms_close_together_outrank_terms_far_apart(embedded):
    embedded.index([
        P("far", "far", "ค่าเป้าหมาย " + FILLER * 10 + " ร้อยละ"),
        P("near", "near", FILLER * 5 + " ค่าเป้าหมายร้อยละ 80 " + FILLER * 5),
    ])
    assert docs(search(embedded, "ค่าเป้าหมาย ร้อยละ")) == ["near", "far"]


def test_score_is_explained_by_its_parts(embedded):
    embedded.index([P("a", "A", "ตัวชี้วัด ตัวชี้วัด และค่าเป้าหมาย", title="ตัวชี้วัด")])
    hit = search(embedded, "ตัวชี้วัด ค่าเป้าหมาย").hits[0]
    exp = hit.explanation
    parts = {t["term"]: t for t in exp["terms"]}
    assert parts["ตัวชี้วัด"]["tf_head"] == 1 and parts["ตัวชี้วัด"]["tf_body"] == 2
    assert parts["ค่าเป้าหมาย"]["tf_body"] == 1 and exp["best_passage"] == "a"
    total = sum(t["score"] for t in exp["terms"]) + exp["proximity"] + sum(exp["other_passages"].values())
    assert abs(total - hit.score) < 1e-3 and exp["proximity"] > 0


# --- numbers ----------------------------------------------------------------------------
def test_numbers_match_whole_numbers_only(embedded):
    embedded.index([
        P("a", "steps19", "ขั้นตอนที่ 19 ของการประเมิน"),
        P("b", "steps9", "มีทั้งหมด 9 ขั้นตอน"),
        P("c", "month16", "ขั้นตอนที่ 16 รอบ 12 เดือน"),
        P("d", "thai90", "คะแนน ๙๐ คะแนน"),
        P("e", "template", "template1 2.6 ฉบับ"),
        P("f", "year", "ปีงบประมาณ ๒,๕๖๙"),
    ])
    assert docs(search(embedded, "9 ขั้นตอน")) == ["steps9"]
    assert search(embedded, "รอบ 6 เดือน").total == 0
    assert docs(search(embedded, "๙")) == ["steps9"]
    assert search(embedded, "12").total == 1 and docs(search(embedded, "12")) == ["month16"]
    assert docs(search(embedded, "2.6")) == ["template"]
    assert docs(search(embedded, "2569")) == ["year"] and docs(search(embedded, "2,569")) == ["year"]
    assert docs(search(embedded, "๒๕๖๙")) == ["year"]


def test_snippet_marks_the_whole_number_only():
    terms = parse("9")
    snip = snippets.highlight("ขั้นตอนที่ 19 และขั้นตอนที่ 9", terms)
    assert "<mark>9</mark>" in snip and "1<mark>" not in snip
    assert snippets.highlight("ปี ๒,๕๖๙", parse("2569")) == "ปี <mark>๒,๕๖๙</mark>"


# --- exact totals -----------------------------------------------------------------------
def test_snippet_marks_a_latin_word_only_where_the_index_matches_it(embedded):
    # "site" occurs across the space of "visit Evaluation" only if whitespace between Latin
    # letters is ignored; the index keeps that space, so the mark must not take " E" either
    body = "รับการตรวจประเมินผล ( Site visit Evaluation) จากสำนักงาน"
    snip = snippets.highlight(body, parse("site visit"))
    assert "<mark>Site</mark> <mark>visit</mark> Evaluation" in snip, snip
    embedded.index([P("p1", "d1", body)])
    res = search(embedded, "site")
    assert res.total == 1 and res.hits[0].snippet_html.count("<mark>") == 1, res.hits[0].snippet_html
    assert search(embedded, "kpitemplate").total == 0
    assert snippets.highlight("KPI Template", parse("kpitemplate")) is None


def test_totals_exact_where_checking_only_the_first_page_overcounts(embedded):
    # every trigram of แผนปฏิบัติราชการ occurs in the decoys, never the term itself
    decoys = [P(f"d{i}", f"decoy-{i}", "แผนปฏิบัติงาน และการปฏิบัติราชการ") for i in range(40)]
    real = [P(f"r{i}", f"real-{i}", "แผนปฏิบัติราชการ ประจำปี") for i in range(7)]
    embedded.index(real + decoys)  # the decoys are newer: they would fill the first pages
    for per_page in (3, 5):
        res = search(embedded, "แผนปฏิบัติราชการ", per_page=per_page)
        assert res.total == 7 and res.total_exact
        assert len(res.hits) == per_page and all(d.startswith("real") for d in docs(res))
    last = search(embedded, "แผนปฏิบัติราชการ", per_page=5, page=2)
    assert len(last.hits) == 2


# --- passages ---------------------------------------------------------------------------
def _thai_text(n):
    words = "ตัวชี้วัด ค่าเป้าหมาย แผนปฏิบัติราชการ เกณฑ์การให้คะแนน ผลสำเร็จ ผู้กำกับดูแล".split()
    return "".join(words[(i * 7) % len(words)] for i in range(n))


def test_passages_overlap_and_cut_on_cluster_boundaries():
    text = _thai_text(900)  # no spaces or line breaks at all: the hardest case
    chunks = split_passages(text, limit=2000, overlap=200)
    assert len(chunks) > 3
    pos = 0
    for a, b in zip(chunks, chunks[1:]):
        start = text.index(a, pos)
        nxt = text.index(b, start + 1)
        assert start + len(a) - nxt >= 200  # overlap
        for cut in (start, start + len(a), nxt):
            assert thai_text.is_cluster_boundary(text, cut)
        pos = start + 1
    assert chunks[0] == text[:len(chunks[0])] and text.endswith(chunks[-1])


def test_term_across_a_passage_cut_is_found(embedded):
    text = "ก" * 1995 + "ตัวชี้วัดพิเศษ" + "ข" * 1500  # the term straddles the 2 000-character limit
    chunks = split_passages(text)
    assert any("ตัวชี้วัดพิเศษ" in c for c in chunks)
    embedded.index([P(f"p{i}", "D", c) for i, c in enumerate(chunks)])
    assert docs(search(embedded, "ตัวชี้วัดพิเศษ")) == ["D"]


# --- file-level AND ---------------------------------------------------------------------
def test_terms_on_two_pages_of_one_file_match_and_together_rank_first(embedded):
    embedded.index([
        P("t1", "two-pages", "หน้าแรกกล่าวถึงตัวชี้วัด"), P("t2", "two-pages", "หน้าสองกล่าวถึงการอุทธรณ์"),
        P("t3", "two-pages", "หน้าสามไม่เกี่ยว"),
        P("o1", "one-page", "ตัวชี้วัดและการอุทธรณ์ในหน้าเดียว"),
        P("x1", "only-one", "ตัวชี้วัดเท่านั้น"), P("x2", "only-one", "ไม่มีอีกคำ"),
    ])
    res = search(embedded, "ตัวชี้วัด อุทธรณ์")
    assert docs(res) == ["one-page", "two-pages"] and res.total == 2
    assert res.hits[1].passage_id in ("t1", "t2")


# --- query parser -----------------------------------------------------------------------
def test_script_change_splits_a_term_and_markup_is_stripped(embedded):
    embedded.index([P("a", "A", "แบบฟอร์ม KPI สำหรับตัวชี้วัดทุกตัว"), P("b", "B", "ตัวชี้วัดเท่านั้น")])
    assert docs(search(embedded, "KPIตัวชี้วัด")) == ["A"]
    assert sorted(docs(search(embedded, "<b>ตัวชี้วัด</b>"))) == ["A", "B"]
    assert [t.raw for t in parse("<i>KPI</i>ตัวชี้วัด")] == ["KPI", "ตัวชี้วัด"]
    assert [t.raw for t in parse("ตัวชี้วัด&nbsp;KPI")] == ["ตัวชี้วัด", "KPI"]


# --- did you mean -----------------------------------------------------------------------
def test_typos_get_a_suggestion_from_the_index(embedded):
    embedded.index([P("a", "A", "การจัดทำคำรับรองการปฏิบัติราชการ และตัวชี้วัดของหน่วยงาน"),
                    P("b", "B", "ผลการดำเนินงานตามตัวชี้วัด")])
    for typo, fixed in [("ตัวชีวัด", "ตัวชี้วัด"), ("ตัวชี้วัค", "ตัวชี้วัด"), ("คารับรอง", "คำรับรอง")]:
        res = search(embedded, typo)
        assert res.total == 0 and res.suggestions == [fixed], typo
        assert search(embedded, res.suggestions[0]).total >= 1
    assert search(embedded, "ตัวชี้วัด").suggestions == []


# --- snippets never cut a cluster ---------------------------------------------------------
CONSONANTS = "กขคงจชซดตถทนบปผพฟมยรลวสหอฮ"
clusters = st.builds(
    lambda lead, c, vowel, tone, tail: lead + c + vowel + tone + tail,
    st.sampled_from(["", "", "เ", "แ", "โ", "ไ"]), st.sampled_from(CONSONANTS),
    st.sampled_from(["", "", "ิ", "ี", "ุ", "ู", "ั", "ึ"]), st.sampled_from(["", "", "่", "้", "๊"]),
    st.sampled_from(["", "", "า", "ำ", "ะ"]))
thai_texts = st.lists(st.one_of(clusters, st.just(" ")), min_size=200, max_size=900).map(
    lambda parts: " ".join("".join(parts).split()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(thai_texts, st.integers(min_value=0, max_value=10_000))
def test_snippet_ends_never_split_a_cluster(text, where):
    term = "ตัวชี้วัด"
    i = thai_text.cluster_floor(text, where % (len(text) + 1))
    body = text[:i] + term + text[i:]
    snip = snippets.highlight(body, parse(term))
    shown = html.unescape(re.sub(r"</?mark>", "", snip))
    inner = shown.removeprefix("…").removesuffix("…")
    start = body.index(inner)
    assert thai_text.is_cluster_boundary(body, start)
    assert thai_text.is_cluster_boundary(body, start + len(inner))
    assert term in inner


def test_snippet_is_a_window_not_the_rest_of_the_passage():
    """The cut after the window falls on a space near WINDOW characters (a space search that
    added its start offset twice sent the cut to the end of a long passage)."""
    from evidence_search import query, snippets

    body = ("ขั้นตอนการดำเนินงาน ประชุมชี้แจงหน่วยงาน " * 10 + "กำหนดร่างตัวชี้วัดตามขั้นตอนที่ 1 แล้ว "
            + "ประชุมพิจารณาร่าง จัดส่งให้หน่วยงาน " * 30)
    html = snippets.highlight(body, query.parse("ขั้นตอนที่"), cleaned=True)
    text = html.replace("<mark>", "").replace("</mark>", "")
    assert "ขั้นตอนที่" in text and text.startswith("…") and text.endswith("…")
    assert len(text) <= snippets.WINDOW + 40, len(text)
