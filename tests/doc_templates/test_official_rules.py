"""Issue 13: the content rules of official documents, read back from the .docx.

Each test renders from the engine's sample contexts (no Django) and reads the
generated file with python-docx / the XML."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import pytest

from doc_templates import contexts as c
from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx
from doc_templates.thai_format import measure, to_thai_digits

from tests.helpers.docx_read import W, all_paragraphs, full_text, open_docx, table_rows

THAI_SETTINGS = DocumentSettings(thai_digits=True)


def render(kind, ctx, tmp_path, settings=THAI_SETTINGS, name=None):
    path = render_docx(kind, ctx, settings, tmp_path / f"{name or kind}.docx")
    return open_docx(path), path


# --- item 2: what stays verbatim ---------------------------------------------------------
VERBATIM = ["kpi2570@opdc.go.th", "https://www.opdc.go.th/kpi/2570", "ISO 9001:2015", "ISO/IEC 27001"]


@pytest.mark.parametrize("text", VERBATIM)
def test_verbatim_spans_keep_arabic_digits_anywhere(text):
    assert to_thai_digits(f"ตาม {text} ปี 2570") == f"ตาม {text} ปี ๒๕๗๐"


def test_memo_body_keeps_email_url_and_standard_numbers(tmp_path):
    body = ["ส่งเอกสารที่ kpi2570@opdc.go.th หรือดูที่ https://www.opdc.go.th/kpi/2570 "
            "ตามมาตรฐาน ISO 9001:2015 ภายใน 15 วัน"]
    document, _ = render("memo", samples.memo(body=body), tmp_path)
    text = full_text(document)
    for item in ("kpi2570@opdc.go.th", "https://www.opdc.go.th/kpi/2570", "ISO 9001:2015"):
        assert item in text
    assert "ภายใน ๑๕ วัน" in text


# --- item 4: units as Thai prose writes them --------------------------------------------
def test_measure_places_units():
    assert measure(91, "ร้อยละ") == "ร้อยละ 91"
    assert measure("91 ร้อยละ", "ร้อยละ") == "ร้อยละ 91"
    assert measure("ระดับ 4", "ระดับ") == "ระดับ 4"
    assert measure(10000, "ราย") == "10,000 ราย"
    assert measure(15, "วัน") == "15 วัน"


def test_agreement_target_levels_and_baselines_put_units_right(tmp_path):
    kpi = samples.kpi("2", 100, target=91, levels=[c.KpiLevel(level=n, value=80 + 5 * n,
                      description=f"ผลการดำเนินงาน {80 + 5 * n} ร้อยละ") for n in range(1, 6)],
                      baseline=[c.BaselineYear(year_be=2567, value="88")], dimension="มิติที่ 1 ด้านประสิทธิผล")
    # a level KPI whose baseline was typed with its unit: "ระดับ" once, not "ระดับ ๔ ระดับ"
    level_kpi = samples.kpi("2", 0, unit_of_measure="ระดับ", target=4,
                            baseline=[c.BaselineYear(year_be=2568, value="ระดับ 4")], dimension="มิติที่ 1 ด้านประสิทธิผล")
    kpi.weight, level_kpi.weight, level_kpi.code = 60, 40, "3"
    ctx = samples.agreement(kpis=[kpi, level_kpi])
    document, _ = render("agreement_booklet", ctx, tmp_path)
    text = full_text(document)
    assert "ร้อยละ ๙๑" in text and "๙๑ ร้อยละ" not in text
    assert "ผลการดำเนินงาน ร้อยละ ๘๕" in text and "๘๕ ร้อยละ" not in text
    assert "ร้อยละ ๘๘" in text
    # each KPI template's own target row (not only the agreement's table)
    targets = [row.cells[-1].text for t in document.tables for row in t.rows
               if row.cells[0].text.strip() == "ค่าเป้าหมาย"]
    assert "ร้อยละ ๙๑" in targets and "ระดับ ๔" in targets, targets
    assert "ระดับ ๔" in text and not re.search(r"ระดับ *๔ *ระดับ", text)
    assert not re.search(r"[๐-๙] *ร้อยละ(?![\u0e00-\u0e7f])", text)  # a unit after its number


def test_sar_result_line_puts_the_unit_first(tmp_path):
    document, _ = render("sar_report", samples.sar(), tmp_path)
    text = full_text(document)
    assert "ผลการดำเนินงาน (ค่าที่วัดได้) ร้อยละ ๘๕.๕" in text
    assert "๘๕.๕ ร้อยละ" not in text


# --- item 5: paragraphs and lists in a memo body ----------------------------------------
def test_memo_body_keeps_paragraphs_and_bullets(tmp_path):
    from doc_templates.models import Memo

    memo = Memo(body="ย่อหน้าแรกของบันทึก\nย่อหน้าที่สองของบันทึก\n- รายการที่หนึ่ง\n- รายการที่สอง\nจึงเรียนมาเพื่อโปรดทราบ")
    document, _ = render("memo", samples.memo(body=memo.paragraphs()), tmp_path)
    paras = {p.text: p for p in document.paragraphs}
    for text in ("ย่อหน้าแรกของบันทึก", "ย่อหน้าที่สองของบันทึก", "จึงเรียนมาเพื่อโปรดทราบ"):
        assert text in paras, text
        assert round(paras[text].paragraph_format.first_line_indent.cm, 2) == 2.5
    bullets = [p for p in document.paragraphs if p.text.startswith("•\t")]
    assert [p.text for p in bullets] == ["•\tรายการที่หนึ่ง", "•\tรายการที่สอง"]
    assert all(p.paragraph_format.first_line_indent.cm < 0 for p in bullets)  # hanging marker


# --- item 7: SAR of a parent KPI, target and weighted score ------------------------------
def test_sar_parent_kpi_is_judged_by_sub_kpis_and_shows_target_and_weighted(tmp_path):
    ctx = samples.sar()
    parent = c.KpiReport(kpi=c.KpiContext(code="4", name="ตัวชี้วัดหลักที่มีตัวชี้วัดย่อย", weight=10,
                                           unit_of_measure="ร้อยละ"), judged_by_sub_kpis=True)
    ctx.reports.append(parent)
    document, _ = render("sar_report", ctx, tmp_path)
    summary = table_rows(document.tables[0])
    assert summary[0][3] == "ค่าเป้าหมาย" and summary[0][-1] == "คะแนนถ่วงน้ำหนัก"
    first = next(r for r in summary if r[0] == "๑")
    assert first[3] == "ร้อยละ ๘๐"
    assert first[-1] == "๑.๔๐๐๐"  # reviewer 3.5 × weight 40 ÷ 100
    parent_row = next(r for r in summary if r[0] == "๔")
    assert "พิจารณาจากตัวชี้วัดย่อย" in parent_row  # no target or result of its own
    text = full_text(document)
    start = text.index("ตัวชี้วัดที่ ๔ ตัวชี้วัดหลัก")
    page = text[start:]
    assert "ตัวชี้วัดนี้พิจารณาจากผลการดำเนินงานของตัวชี้วัดย่อย" in page
    assert "เกณฑ์การให้คะแนน" not in page.split("ผลการดำเนินงาน\n")[0]
    assert "ตามตัวชี้วัดย่อย ร้อยละ" not in text


# --- item 8: dimension grouping, weights, past results, body, plan, period, parties -----
def test_agreement_table_groups_by_dimension_with_weights_and_past_results(tmp_path):
    kpis = [samples.kpi("1", 60, dimension="มิติที่ 1 ด้านประสิทธิผล"),
            samples.kpi("2", 25, dimension="มิติที่ 2 ด้านคุณภาพการให้บริการ"),
            samples.kpi("3", 15, dimension="มิติที่ 3 ด้านประสิทธิภาพ")]
    ctx = samples.agreement(
        kpis=kpis, period_start=dt.date(2016, 10, 1), period_end=dt.date(2017, 9, 30),
        body=["ข้อความเฉพาะของคำรับรองฉบับนี้"], action_plan_body=["สาระสำคัญของแผนข้อที่หนึ่ง"],
        receivers=[samples.DIRECTOR, samples.DEPUTY], witnesses=[c.Person(name="นายพยาน หนึ่ง", position="ผู้ตรวจราชการกรม")],
    )
    document, _ = render("agreement_booklet", ctx, tmp_path)
    table = next(t for t in document.tables if "ผลการดำเนินงานย้อนหลัง" in table_rows(t)[0])
    rows = table_rows(table)
    assert [x for x in rows[1] if x][:3] == ["พ.ศ. ๒๕๖๗", "พ.ศ. ๒๕๖๘", "พ.ศ. ๒๕๖๙"]
    groups = [r for r in rows if r[0].startswith("มิติที่")]
    assert [(g[0], g[1]) for g in groups] == [("มิติที่ ๑ ด้านประสิทธิผล", "๖๐"), ("มิติที่ ๒ ด้านคุณภาพการให้บริการ", "๒๕"),
                                            ("มิติที่ ๓ ด้านประสิทธิภาพ", "๑๕")]
    kpi_row = next(r for r in rows if r[0] == "๑")
    assert kpi_row[3:6] == ["ร้อยละ ๗๘", "-", "-"]  # sample results: 2566 72.5, 2567 78, 2568 none
    text = full_text(document)
    assert "ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๕๙ ถึงวันที่ ๓๐ กันยายน ๒๕๖๐" in text
    assert "ข้อความเฉพาะของคำรับรองฉบับนี้" in text and "สาระสำคัญของแผนข้อที่หนึ่ง" in text
    assert "อธิบดีกรมตัวอย่าง และ รองอธิบดีกรมตัวอย่าง ผู้รับคำรับรอง" in text
    signatures = [p for p in all_paragraphs(document) if p.startswith("(") and p.endswith(")")]
    assert {"(นายสมชาย ใจดี)", "(นายประเสริฐ มั่นคง)", "(นางสาวสมใจ รักงาน)", "(นายพยาน หนึ่ง)"} <= set(signatures)


def test_agreement_prints_the_action_plans_projects(tmp_path):
    """Item 8, seen in the demo: the plan's text says its projects are "in the table below" and
    no table followed. The agreement prints the plan's projects: budget in baht (grouped, satang
    when there are any), owner, period in Thai month abbreviations, and their total."""
    ctx = samples.agreement(action_plan_projects=[
        c.PlanProject(name="โครงการหนึ่ง", budget_baht=Decimal("4500"), owner="กองคลัง",
                      start=dt.date(2026, 10, 1), end=dt.date(2027, 9, 30)),
        c.PlanProject(name="โครงการสอง", budget_baht=Decimal("1200000.50"), owner=None),
        c.PlanProject(name="กิจกรรมสาม")])
    document, _ = render("agreement_booklet", ctx, tmp_path)
    table = next(t for t in document.tables if table_rows(t)[0][:2] == ["ที่", "โครงการ/กิจกรรม"])
    assert table_rows(table) == [
        ["ที่", "โครงการ/กิจกรรม", "งบประมาณ (บาท)", "ผู้รับผิดชอบ", "ระยะเวลา"],
        ["๑", "โครงการหนึ่ง", "๔,๕๐๐", "กองคลัง", "ต.ค. ๒๕๖๙ – ก.ย. ๒๕๗๐"],
        ["๒", "โครงการสอง", "๑,๒๐๐,๐๐๐.๕๐", "-", "-"],
        ["๓", "กิจกรรมสาม", "-", "-", "-"],
        ["", "รวม", "๑,๒๐๔,๕๐๐.๕๐", "", ""],
    ]
    paras = all_paragraphs(document)  # the table sits before the signatures
    assert paras.index("กิจกรรมสาม") < paras.index("(ลงชื่อ) ..........................................")
    assert "โครงการ/กิจกรรม" not in all_paragraphs(render("agreement_booklet", samples.agreement(
        action_plan_projects=[]), tmp_path, name="none")[0])


def test_milestone_kpi_in_the_agreement_table_names_its_steps_and_its_template_describes_them(tmp_path):
    """Seen in the demo agreements: a milestone KPI's five step texts in the 1.6 cm criteria
    cells ran a dozen lines each and cut "PMQA 4.0" as "PMQA 4" / ".0". The table names the
    steps reached ("ขั้นตอนที่ ๑" … "ขั้นตอนที่ ๑-๕"); the KPI's template keeps each level's text."""
    steps = [f"ขั้นตอนที่ยาวมากของการพัฒนาองค์การตามเกณฑ์ PMQA 4.0 ระดับ {n}" for n in range(1, 6)]
    kpi = samples.kpi("1", 100, kind=c.MILESTONE, unit_of_measure="ระดับ", target=3,
                      levels=[c.KpiLevel(level=n, description=steps[n - 1]) for n in range(1, 6)])
    document, _ = render("agreement_booklet", samples.agreement(kpis=[kpi]), tmp_path)
    table = next(t for t in document.tables if "ผลการดำเนินงานย้อนหลัง" in table_rows(t)[0])
    row = next(r for r in table_rows(table) if r[0] == "๑")
    assert row[-5:] == ["ขั้นตอนที่ ๑", "ขั้นตอนที่ ๑-๒", "ขั้นตอนที่ ๑-๓", "ขั้นตอนที่ ๑-๔", "ขั้นตอนที่ ๑-๕"]
    text = full_text(document)
    for step in steps:
        assert to_thai_digits(step) in text  # in the template's scoring criteria


# --- item 9: one digit rule -------------------------------------------------------------
def test_thai_digits_everywhere_codes_and_page_numbers(tmp_path):
    document, path = render("agreement_booklet", samples.agreement(), tmp_path)
    rows = table_rows(next(t for t in document.tables if "ผลการดำเนินงานย้อนหลัง" in table_rows(t)[0]))
    assert any(r[0] == "๑.๑" for r in rows)
    assert not re.search(r"[0-9]", "".join(r[0] + r[2] for r in rows[2:]))
    memo_doc, memo_path = render("memo", samples.memo(ref_no="กค 0501/77"), tmp_path)
    assert "ที่  กค ๐๕๐๑/๗๗" in full_text(memo_doc)
    xml = zipfile.ZipFile(memo_path).read("word/document.xml").decode()
    assert 'w:fmt="thaiNumbers"' in xml


# --- item 11: booklet front matter (docx side) ------------------------------------------
def test_manual_cover_foreword_and_contents(tmp_path):
    units = [c.ManualUnit(name="กองคลัง", kpis=samples.kpis(2)), c.ManualUnit(name="กองแผนงาน", kpis=samples.kpis(2))]
    ctx = samples.manual(title="คู่มือตัวชี้วัด ปีงบประมาณ พ.ศ. 2570", kpis=[], units=units,
                         foreword_date=dt.date(2026, 11, 1))
    document, path = render("manual_booklet", ctx, tmp_path)
    paras = all_paragraphs(document)
    assert sum("2570" in p or "๒๕๗๐" in p for p in paras[:6]) == 1  # cover names the year once
    i = paras.index("คำนำ")
    assert "กลุ่มพัฒนาระบบบริหาร" in paras[i:i + 6] and "พฤศจิกายน ๒๕๖๙" in paras[i:i + 6]
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml.count("PAGEREF _KpiEntry") == 4 and xml.count("PAGEREF _KpiUnit") == 2
    assert '<w:titlePg/>' in xml  # cover unnumbered


def test_manual_cover_names_the_unit_once(tmp_path):
    """Item 11 (seen from the demo: "คู่มือตัวชี้วัดกองคลัง ปีงบประมาณ พ.ศ. ๒๕๖๙" then "กองคลัง"):
    a title that already names the unit is not followed by the unit's name again."""
    ctx = samples.manual(title="คู่มือตัวชี้วัดกองคลัง ปีงบประมาณ พ.ศ. 2570", organisation="กองคลัง")
    document, _ = render("manual_booklet", ctx, tmp_path)
    cover = all_paragraphs(document)[: all_paragraphs(document).index("คำนำ")]
    assert sum("กองคลัง" in p for p in cover) == 1
    ctx = samples.manual(title="คู่มือตัวชี้วัด ปีงบประมาณ พ.ศ. 2570", organisation="กองคลัง")
    document, _ = render("manual_booklet", ctx, tmp_path)
    assert "กองคลัง" in all_paragraphs(document)[: all_paragraphs(document).index("คำนำ")]


def test_sar_summary_first_column_is_headed_thi(tmp_path):
    """Seen in the demo SAR's PDF: "ลำดับ" in a 1 cm column broke as "ลำดั|บ"."""
    document, _ = render("sar_report", samples.sar(), tmp_path)
    assert table_rows(document.tables[0])[0][0] == "ที่"


# --- item 12: Garuda 1.5 cm from the paper's edge ----------------------------------------
@pytest.mark.parametrize("kind", ["memo", "letter"])
def test_emblem_anchored_1_5_cm_from_top(kind, tmp_path):
    make = samples.memo if kind == "memo" else samples.letter
    _, path = render(kind, make(), tmp_path)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    m = re.search(r'<wp:positionV relativeFrom="page"><wp:posOffset>(\d+)</wp:posOffset>', xml)
    assert m and int(m.group(1)) == 540000  # 1.5 cm


# --- item 13: rows, alignment, thousands, stray space -------------------------------------
def test_tables_rows_never_split_levels_centred_thousands(tmp_path):
    kpi = samples.kpi("1", 100, unit_of_measure="ราย", target=10000,
                      levels=[c.KpiLevel(level=n, value=8000 + 1000 * n) for n in range(1, 6)])
    document, path = render("agreement_booklet", samples.agreement(kpis=[kpi]), tmp_path)
    for t in document.tables:
        for tr in t._tbl.iter(W + "tr"):
            assert tr.find(f"{W}trPr/{W}cantSplit") is not None
    text = full_text(document)
    assert "๑๐,๐๐๐ ราย" in text
    levels = next(t for t in document.tables if table_rows(t)[0][0] == "ระดับคะแนน")
    assert all(row.cells[0].paragraphs[0].alignment == 1 for row in levels.rows[1:])  # CENTER
    assert "ของ กยผ" not in text and "ของ ผู้อำนวยการ" not in text
    # the KPI table's subtitle: "คำรับรองการปฏิบัติราชการของกองยุทธศาสตร์…" (no space after ของ)
    assert "ของ กองยุทธศาสตร์" not in text and "คำรับรองการปฏิบัติราชการของกองยุทธศาสตร์และแผนงาน ประจำปี" in text


def test_counts_in_free_text_get_thousands_separators_but_codes_do_not(tmp_path):
    """Item 13 in typed text (seen in a demo letter: "๑๒๕๐๐ ราย"): a count before its unit is
    grouped; a postal code, a year, a document number and a standard number stay as written."""
    body = ["ให้บริการประชาชนแล้ว 12500 ราย ใช้งบประมาณ 1285400 บาท ตามมาตรฐาน ISO 27001 "
            "ณ เลขที่ 99 กรุงเทพฯ 10210 เมื่อปี 2569 ตามหนังสือที่ นร 12345/2569"]
    text = full_text(render("memo", samples.memo(body=body), tmp_path)[0])
    assert "๑๒,๕๐๐ ราย" in text and "๑,๒๘๕,๔๐๐ บาท" in text
    assert "ISO 27001" in text and "กรุงเทพฯ ๑๐๒๑๐" in text and "ปี ๒๕๖๙" in text and "๑๒๓๔๕/๒๕๖๙" in text


# --- item 14: score announcement prose (reporting side builds it; the template keeps it) --
def test_thai_list_uses_spaces_and_words():
    from doc_templates.thai_format import thai_list

    assert thai_list(["กองคลัง", "กองแผนงาน", "กลุ่มพัฒนาระบบบริหาร"]) == "กองคลัง กองแผนงาน และ กลุ่มพัฒนาระบบบริหาร"


# --- item 15: schema -----------------------------------------------------------------------
def test_every_kind_is_schema_valid(tmp_path):
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator()
    makers = {"memo": samples.memo, "letter": samples.letter, "agreement_booklet": samples.agreement,
              "manual_booklet": samples.manual, "sar_report": samples.sar, "score_announcement": samples.score_announcement}
    problems = {}
    for kind, make in makers.items():
        _, path = render(kind, make(), tmp_path)
        result = validator.validate(str(path))
        if result.error_count:
            problems[kind] = [e.description for e in result.errors]
    assert problems == {}


def test_no_duplicate_table_layout_or_theme_font_lang(tmp_path):
    _, path = render("agreement_booklet", samples.agreement(), tmp_path)
    with zipfile.ZipFile(path) as z:
        doc = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
    for tblpr in re.findall(r"<w:tblPr>.*?</w:tblPr>", doc):
        assert tblpr.count("<w:tblLayout") <= 1
    assert settings.count("<w:themeFontLang") == 1 and 'w:val="th-TH"' in settings
    # item 16: properties say who made it and when
    assert "Microsoft" not in app and "Khamrap" in app
    assert "2026-01-01" not in core


# --- item 17: font from the settings, e-mail on the letter ---------------------------------
def test_font_choice_and_letter_email(tmp_path):
    settings = DocumentSettings(font_name="TH SarabunPSK")
    _, path = render("letter", samples.letter(email="saraban2570@opdc.go.th"), tmp_path, settings=settings)
    document = open_docx(path)
    assert "ไปรษณีย์อิเล็กทรอนิกส์ saraban2570@opdc.go.th" in full_text(document)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'w:cs="TH SarabunPSK"' in xml and 'w:cs="TH Sarabun New"' not in xml
