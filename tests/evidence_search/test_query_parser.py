from evidence_search.query import parse


def alts(q):
    return [t.alternatives for t in parse(q)]


def test_spaces_separate_terms():
    assert alts("ตัวชี้วัด  ค่าเป้าหมาย") == [("ตัวชี้วัด",), ("ค่าเป้าหมาย",)]


def test_quoted_text_is_one_phrase_term():
    terms = parse('"คำรับรอง การปฏิบัติราชการ" PMQA')
    assert [t.phrase for t in terms] == [True, False]
    assert terms[0].alternatives == ("คำรับรองการปฏิบัติราชการ",)
    assert terms[1].alternatives == ("pmqa",)


def test_thai_quotes_work_too():
    assert parse("“แผนปฏิบัติราชการ”")[0].phrase


N = "\ue000"  # thai_text.NUM: a number matches whole numbers only


def test_digits_folded_and_years_get_other_era():
    assert alts("๒๕๖๙") == [(f"{N}2569{N}", f"{N}2026{N}")]
    assert alts("2026") == [(f"{N}2026{N}", f"{N}2569{N}")]
    assert alts("1234") == [(f"{N}1234{N}",)]
    assert alts("2,569") == alts("2569")


def test_normalised_like_the_index():
    assert alts("ค\u0e4d\u0e32รับรอง") == [("คำรับรอง",)]
    assert alts("E-SAR") == [("e-sar",)]


def test_punctuation_only_and_duplicates_dropped():
    assert alts('ราชการ , ราชการ "" ()') == [("ราชการ",)]
    assert parse("   ") == []


def test_words_of_term_for_whole_word_test():
    assert parse("ค่าเป้าหมาย")[0].words == (("ค่า", "เป้าหมาย"),)


def test_the_index_markers_typed_in_a_query_are_spaces():
    """No alternative holds a marker code point (a term's cache key joins its alternatives
    with ``FIELD_SEP``, so such a term would share another term's stored results)."""
    from thai import text as thai_text
    from evidence_search.backends.texts import HEAD_END

    for text in (f"ตัว{thai_text.FIELD_SEP}ชี้วัด", f"ab{HEAD_END}c", f"{thai_text.NUM}12", f'"x{thai_text.FIELD_SEP}y"'):
        for term in parse(text):
            for alt in term.alternatives:
                assert thai_text.FIELD_SEP not in alt and HEAD_END not in alt
                assert alt.count(thai_text.NUM) % 2 == 0
    assert [t.alternatives for t in parse(f"ตัว{thai_text.FIELD_SEP}ชี้วัด")] == [("ตัวชี้วัด",)]
