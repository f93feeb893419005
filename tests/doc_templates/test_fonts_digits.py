"""Fonts, language and the Thai-digit rule, checked on the rendered XML."""

import re

import pytest

from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx

from tests.helpers.docx_read import THAI, W, full_text, open_docx, runs

KINDS = ["memo", "letter", "agreement_booklet", "manual_booklet", "sar_report", "score_announcement"]
ARABIC = re.compile("[0-9]")


def _check_thai_runs(document, font="TH Sarabun New"):
    checked = 0
    for text, rpr in runs(document):
        if not THAI.search(text):
            continue
        checked += 1
        assert rpr is not None, text
        fonts = rpr.find(W + "rFonts")
        for slot in ("ascii", "hAnsi", "cs"):
            assert fonts.get(W + slot) == font, (slot, text)
        assert fonts.get(W + "cstheme") is None and fonts.get(W + "asciiTheme") is None
        assert rpr.find(W + "lang").get(W + "bidi") == "th-TH", text
        assert rpr.find(W + "cs") is not None, text
        sz, sz_cs = rpr.find(W + "sz"), rpr.find(W + "szCs")
        assert sz is not None and sz_cs is not None and sz.get(W + "val") == sz_cs.get(W + "val"), text
        if rpr.find(W + "b") is not None:
            assert rpr.find(W + "bCs") is not None, text
        # children in schema order: rFonts first, lang after sz/szCs/cs
        tags = [el.tag for el in rpr]
        assert tags.index(W + "rFonts") < tags.index(W + "sz") < tags.index(W + "szCs") < tags.index(W + "cs") < tags.index(W + "lang")
    return checked


@pytest.mark.parametrize("kind", KINDS)
def test_every_thai_run_has_cs_font_and_thai_lang(rendered, kind):
    document = open_docx(rendered[kind])
    assert _check_thai_runs(document) > 10


def test_body_text_is_16_pt_and_styles_default_to_sarabun(rendered):
    document = open_docx(rendered["memo"])
    body = [p for p in document.paragraphs if p.text.startswith("ด้วยกลุ่ม")][0]
    for run in body.runs:
        assert run.font.size.pt == 16
    defaults = document.styles.element.find(W + "docDefaults")
    fonts = defaults.find(f"{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(W + "cs") == "TH Sarabun New" and fonts.get(W + "ascii") == "TH Sarabun New"


def test_font_setting_is_applied(tmp_path):
    settings = DocumentSettings(font_name="TH SarabunPSK", font_size_pt=15)
    document = open_docx(render_docx("memo", samples.memo(), settings, tmp_path / "m.docx"))
    assert _check_thai_runs(document, font="TH SarabunPSK") > 5
    body = [p for p in document.paragraphs if p.text.startswith("ด้วยกลุ่ม")][0]
    assert body.runs[0].font.size.pt == 15


# Strings that must stay Arabic with the default settings: codes and e-mail.
CODES = ["กพร 0501/123", "กต 0501/456", "opdc@example.go.th", "somjai.r@example.go.th", "wichai.k@example.go.th"]


@pytest.mark.parametrize("kind", KINDS)
def test_thai_digits_on_leaves_only_codes_arabic(rendered, kind):
    text = full_text(open_docx(rendered[kind]))
    for code in CODES:
        text = text.replace(code, "")
    # KPI codes (1, 1.1 …) are Code values: they stay Arabic; remove them where they appear
    text = re.sub(r"ตัวชี้วัดที่ \d+(\.\d+)?", "", text)
    kpi_codes = {"1", "1.1", "1.2", "2", "3", "4"}  # the sample KPIs' codes (table cells)
    lines = [line for line in text.splitlines() if line not in kpi_codes]
    leftover = [line for line in lines if ARABIC.search(line)]
    assert leftover == [], leftover[:5]


@pytest.mark.parametrize("kind", KINDS)
def test_thai_digits_off_means_no_thai_digits(rendered_arabic, kind):
    text = full_text(open_docx(rendered_arabic[kind]))
    assert not re.search("[๐-๙]", text)


def test_dates_in_buddhist_era(rendered, rendered_arabic):
    assert "วันที่  ๒๑ พฤศจิกายน ๒๕๖๙" in full_text(open_docx(rendered["memo"]))
    assert "วันที่  21 พฤศจิกายน 2569" in full_text(open_docx(rendered_arabic["memo"]))


def test_page_numbers_thai_when_thai_digits(rendered, rendered_arabic):
    xml = open_docx(rendered["agreement_booklet"]).element.body.xml
    assert 'w:fmt="thaiNumbers"' in xml
    assert "thaiNumbers" not in open_docx(rendered_arabic["agreement_booklet"]).element.body.xml
