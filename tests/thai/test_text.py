"""Each normalisation rule of the Thai pipeline, and the symmetry of index and query."""
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thai import text as tt


# --- the former implementations, the references the fast paths are compared with --------
def _compact_regex(normalized):
    """The former ``compact``: two regex passes over the text."""
    s = normalized
    if re.search(r"[0-9]", s):
        s = re.sub(r"[0-9]+", tt.NUM + r"\g<0>" + tt.NUM, re.sub(r"(?<=[0-9]),(?=[0-9])", "", s))
    return re.sub(r"(?<![a-z])\s+|\s+(?![a-z])", "", re.sub(r"(?<=[a-z])\s+(?=[a-z])", " ", s))


def _clean_reference(text):
    """``clean`` without its fast paths: the full rule loop on every text."""
    if not text:
        return ""
    return tt._repair(unicodedata.normalize("NFC", text).translate(tt._PUA_AND_ZW))


def _fold_reference(text):
    """``fold`` character by character."""
    return text.translate(tt._FOLD_TABLE)


AM = "\u0e33"
NIKHAHIT, SARA_AA = "\u0e4d", "\u0e32"
MAI_THO = "\u0e49"


def test_sara_am_decomposed_is_composed():
    assert tt.normalize("ค" + NIKHAHIT + SARA_AA + "รับรอง") == "คำรับรอง"


def test_sara_am_with_tone_between_or_before():
    assert tt.normalize("น" + NIKHAHIT + MAI_THO + SARA_AA) == "น้ำ"  # ํ่า form
    assert tt.normalize("น" + MAI_THO + NIKHAHIT + SARA_AA) == "น้ำ"  # ่ํา form
    assert tt.normalize("น" + AM + MAI_THO) == "น้ำ"  # tone typed after sara am


def test_sara_am_followed_by_stray_sara_aa_from_pdf():
    assert tt.normalize("การดำาเนินงาน") == "การดำเนินงาน"


def test_marks_reordered_to_canonical_order():
    assert tt.normalize("ก\u0e48\u0e35") == "กี่"  # tone before vowel → after
    assert tt.normalize("ผ\u0e49\u0e39") == "ผู้"  # tone before below vowel
    assert tt.normalize("ก\u0e48\u0e48") == "ก่"  # doubled mark


def test_marks_written_before_their_consonant_move_after_it():
    assert tt.normalize("\u0e39ผ\u0e49กำกับ") == "ผู้กำกับ"


def test_space_inside_a_cluster_removed():
    assert tt.normalize("ค \u0e48าเป้าหมาย") == "ค่าเป้าหมาย"


def test_private_use_glyphs_of_old_fonts_mapped():
    assert tt.normalize("ผ\uf70bู") == "ผู้"  # U+F70B = mai tho (low)
    assert tt.normalize("\uf700าน") == "ฐาน"
    assert all(0xE00 <= ord(tt.PUA_MAP[c]) <= 0xE7F for c in range(0xF700, 0xF71B))


def test_thai_digits_equal_arabic():
    assert tt.normalize("พ.ศ. ๒๕๖๙") == tt.normalize("พ.ศ. 2569") == "พ.ศ. 2569"


def test_case_folded():
    assert tt.normalize("PMQA e-SAR KPI Template") == "pmqa e-sar kpi template"


def test_zero_width_removed():
    assert tt.normalize("ตัว\u200bชี้\u200dวัด\ufeff") == "ตัวชี้วัด"


def test_line_break_between_thai_letters_joins_without_space():
    assert tt.normalize("คำรับรองการปฏิบัติ\nราชการ") == "คำรับรองการปฏิบัติราชการ"
    assert tt.normalize("ราชการ  \r\n  ไทย") == "ราชการไทย"


def test_line_break_next_to_latin_or_blank_line_is_kept():
    assert tt.normalize("PMQA\nราชการ") == "pmqa\nราชการ"
    assert tt.normalize("ย่อหน้า\n\nใหม่") == "ย่อหน้า\n\nใหม่"


def test_clean_keeps_display_digits_and_case():
    assert tt.clean("ปี ๒๕๖๙ PMQA") == "ปี ๒๕๖๙ PMQA"


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2000) | st.sampled_from("๐๑๒๓๔๕๖๗๘๙ABCÄßİ")))
def test_fold_is_one_to_one_so_snippet_offsets_agree(s):
    assert len(tt.fold(s)) == len(s)


@settings(max_examples=1000)
@given(st.text(alphabet="กขคราชการเัิีุู่้๊์็ำาํ \n\u200b\uf70b\uf705\uf718๑๒3A"))
def test_normalize_is_idempotent(s):
    once = tt.normalize(s)
    assert tt.normalize(once) == once


def test_index_and_query_side_are_the_same_pipeline():
    raw = "ส่วนราชการจัดทำ\nคำรับรอง ปี ๒๕๖๙"
    assert tt.index_terms(raw) == tt.query_terms(raw)
    compact, words = tt.index_terms(raw)
    assert compact == f"ส่วนราชการจัดทำคำรับรองปี{tt.NUM}2569{tt.NUM}"
    assert "ส่วนราชการ" in words and "2569" in words


def test_segment_drops_spaces_and_punctuation():
    assert tt.segment(tt.normalize("ตัวชี้วัด, ค่าเป้าหมาย!")) == ["ตัว", "ชี้", "วัด", "ค่า", "เป้าหมาย"]


# compact(): split/join instead of two regex passes; same output as the former regex version
@pytest.mark.parametrize("text,expected", [
    ("ส่วน ราชการ  ปี 2,569", f"ส่วนราชการปี{tt.NUM}2569{tt.NUM}"),
    ("kpi template\n\tฉบับ  e-sar", "kpi templateฉบับe-sar"),
    ("  a   b  c ", "a b c"),
    ("a 1 b", f"a{tt.NUM}1{tt.NUM}b"),
    ("template1 2.6", f"template{tt.NUM}1{tt.NUM}{tt.NUM}2{tt.NUM}.{tt.NUM}6{tt.NUM}"),
    ("", ""), ("   ", ""), ("ก", "ก"), ("x\u00a0y", "x y"), ("ก\u3000ข", "กข"),
])
def test_compact_examples(text, expected):
    assert tt.compact(text) == expected == _compact_regex(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abzAZ019,. ก้าเ๙") + [" ", "\n", "\t", "\u00a0", "\u2003", "\x1f"]),
               max_size=40))
def test_compact_matches_the_regex_version(text):
    s = tt.fold(text)
    assert tt.compact(s) == _compact_regex(s)


# clean(): text no repair rule applies to is returned after one scan; same output as the
# full rule loop on any text
_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("กขผนคเาำะ ab1\n\t") + list(_MARKS) + ["\uf70b", "\u200b", "\u00ad"]),
               max_size=30))
def test_clean_fast_path_matches_the_rule_loop(text):
    assert tt.clean(text) == _clean_reference(text)


@pytest.mark.parametrize("text", ["ตัวชี้วัด", "ผู้", "น้ำ", "กี่", "ก\u0e49\u0e34", "ก\u0e49\u0e49", "ผ\uf70bู",
                                  "ค ่า", "ตัว\nชี้", "ดำา", "ค\u0e4d\u0e32", "น\u0e33\u0e49", "\u0e39ผ\u0e49"])
def test_clean_examples_agree_with_the_rule_loop(text):
    assert tt.clean(text) == _clean_reference(text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9 กข๙๑ู้") + ["İ", "ß", "Σ", "ﬁ", "É", "“", "–", "\u00a0", "Ａ", "ǅ", "ẞ"]),
               max_size=30))
def test_fold_matches_the_per_character_fold(text):
    assert tt.fold(text) == _fold_reference(text)
    assert len(tt.fold(text)) == len(text)
