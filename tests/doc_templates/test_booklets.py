"""Agreement booklet, KPI manual, SAR and score announcement content."""

from decimal import Decimal

from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx
from doc_templates.thai_format import to_arabic_digits

from tests.helpers.docx_read import kpi_table, all_paragraphs, full_text, grid_spans, inline_heights_cm, open_docx, signing_table, table_rows


def test_agreement_names_parties_and_period(rendered):
    d = open_docx(rendered["agreement_booklet"])
    text = full_text(d)
    assert "คำรับรองระหว่าง อธิบดีกรมตัวอย่าง ผู้รับคำรับรอง กับ ผู้อำนวยการกองยุทธศาสตร์และแผนงาน ผู้ทำคำรับรอง" in text
    # fiscal year 2570 = 1 Oct 2569 – 30 Sep 2570
    assert "เริ่มตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๙ ถึงวันที่ ๓๐ กันยายน ๒๕๗๐" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in text
    assert "แผนปฏิบัติราชการกรมตัวอย่าง ระยะ ๕ ปี" in text
    assert inline_heights_cm(d) == [3.0]  # cover emblem


def test_agreement_signing_page_two_columns_and_witness(rendered):
    d = open_docx(rendered["agreement_booklet"])
    signing = signing_table(d)
    left, right = (c.text.splitlines() for c in signing.rows[0].cells)
    assert left[1:4] == ["(นายสมชาย ใจดี)", "อธิบดีกรมตัวอย่าง", "ผู้รับคำรับรอง"]
    assert right[1:4] == ["(นางสาวสมใจ รักงาน)", "ผู้อำนวยการกองยุทธศาสตร์และแผนงาน", "ผู้ทำคำรับรอง"]
    assert left[4] == "วันที่ ๑๕ ตุลาคม ๒๕๖๙"
    paras = all_paragraphs(d)
    i = paras.index("(นายประเสริฐ มั่นคง)")
    assert paras[i + 1 : i + 3] == ["รองอธิบดีกรมตัวอย่าง", "พยาน"]


def test_agreement_without_witness(tmp_path):
    d = open_docx(render_docx("agreement_booklet", samples.agreement(witness=None), DocumentSettings(),
                              tmp_path / "a.docx"))
    assert "พยาน" not in all_paragraphs(d)


def test_kpi_table_one_row_per_kpi_and_weights_sum_to_100(rendered):
    ctx = samples.agreement()
    d = open_docx(rendered["agreement_booklet"])
    table = kpi_table(d)
    rows = table_rows(table)
    body = [r for r in rows[2:-1] if not r[0].startswith("มิติ")]  # headers, dimension rows, total
    codes = [to_arabic_digits(r[0]) for r in body]
    assert codes == [k.code for k in ctx.all_kpis] == ["1", "1.1", "1.2", "2", "3", "4"]
    top = [Decimal(to_arabic_digits(r[2])) for r in body if "." not in r[0]]
    assert sum(top) == 100
    assert rows[-1][1] == "รวม" and to_arabic_digits(rows[-1][2]) == "100"
    # sub-KPI weights add up to the parent's
    assert Decimal(to_arabic_digits(body[1][2])) + Decimal(to_arabic_digits(body[2][2])) == top[0]


def test_kpi_table_levels_and_parent_row_merged(rendered):
    d = open_docx(rendered["agreement_booklet"])
    table = kpi_table(d)
    rows, spans = table_rows(table), grid_spans(table)
    # header: "เกณฑ์การให้คะแนน" spans the five level columns, past results three
    assert spans[0][-1] == 5 and rows[0][-1] == "เกณฑ์การให้คะแนน"
    assert spans[0][3] == 3 and rows[0][3] == "ผลการดำเนินงานย้อนหลัง"
    assert rows[1][-5:] == ["๑", "๒", "๓", "๔", "๕"]
    assert rows[2][0] == "มิติที่ ๑ ด้านประสิทธิผล" and spans[2] == [2, 1, 9]  # dimension row with its weight
    parent, leaf, milestone = rows[3], rows[4], rows[5]
    assert spans[3] == [1, 1, 1, 9]  # past results + target + 5 levels merged for the parent KPI
    assert parent[3] == "พิจารณาจากผลการดำเนินงานของตัวชี้วัดย่อย"
    assert spans[4] == [1] * 12
    assert leaf[6:] == ["ร้อยละ ๘๐", "ร้อยละ ๗๐", "ร้อยละ ๘๐", "ร้อยละ ๙๐", "ร้อยละ ๑๐๐", "ร้อยละ ๑๑๐"]
    assert milestone[7:] == ["ขั้นตอนที่ ๑", "ขั้นตอนที่ ๑-๒", "ขั้นตอนที่ ๑-๓", "ขั้นตอนที่ ๑-๔", "ขั้นตอนที่ ๑-๕"]


def test_kpi_table_landscape_section(rendered):
    d = open_docx(rendered["agreement_booklet"])
    orientations = [s.page_width > s.page_height for s in d.sections]
    assert orientations == [False, True, False]


def test_each_kpi_template_in_full(rendered):
    d = open_docx(rendered["agreement_booklet"])
    text = full_text(d)
    paras = all_paragraphs(d)
    for code in ("๑.๑", "๑.๒", "๒", "๓", "๔"):
        assert any(p.startswith(f"ตัวชี้วัดที่ {code} ") for p in paras), code
    for label in (
        "มิติ", "ประเภทตัวชี้วัด", "หน่วยวัด", "น้ำหนัก", "ทิศทาง", "ค่าเป้าหมาย", "คำอธิบาย", "นิยาม",
        "สูตรการคำนวณ", "เกณฑ์การให้คะแนน", "ขั้นตอนการดำเนินงาน", "ข้อมูลพื้นฐานประกอบตัวชี้วัด", "เงื่อนไข",
        "เอกสาร/หลักฐานอ้างอิง", "แหล่งข้อมูล", "วิธีการจัดเก็บข้อมูล", "ผู้กำกับดูแลตัวชี้วัด", "ผู้จัดเก็บข้อมูล",
    ):
        assert label in text, label
    for value in (
        "มิติที่ ๑ ด้านประสิทธิผล", "เชิงปริมาณ", "ระดับความสำเร็จ", "ค่ามากดี",
        "(จำนวนโครงการที่ดำเนินการแล้วเสร็จ ÷ จำนวนโครงการทั้งหมด) × ๑๐๐",
        "แผนปฏิบัติราชการ หมายถึง แผนที่ส่วนราชการจัดทำ",
        "ขั้นตอนที่ ๑ แต่งตั้งคณะทำงานและจัดทำแผนการดำเนินงาน",
        "พ.ศ. ๒๕๖๖", "ร้อยละ ๗๒.๕", "๑. รายงานผลการดำเนินงานโครงการ", "ระบบติดตามและประเมินผลของกรม",
        "รวบรวมรายงานจากหน่วยงานทุกไตรมาส", "นายวิชัย ขยัน", "โทร. ๐ ๒๑๒๓ ๔๕๖๘", "wichai.k@example.go.th",
        "somjai.r@example.go.th", "ประกอบด้วยตัวชี้วัดย่อย ดังนี้",
    ):
        assert value in text, value
    # the three baseline years, the missing one shown as "-"
    baseline = next(t for t in d.tables if table_rows(t)[0] == ["ปีงบประมาณ", "ผลการดำเนินงาน"])
    assert table_rows(baseline)[1:] == [["พ.ศ. ๒๕๖๖", "ร้อยละ ๗๒.๕"], ["พ.ศ. ๒๕๖๗", "ร้อยละ ๗๘"], ["พ.ศ. ๒๕๖๘", "-"]]


def test_manual_booklet_has_contents_with_page_refs_and_templates(rendered):
    from doc_templates.thai_format import to_thai_digits

    ctx = samples.manual()
    d = open_docx(rendered["manual_booklet"])
    paras = all_paragraphs(d)
    toc_start = paras.index("สารบัญ")
    expected = [f"ตัวชี้วัดที่ {to_thai_digits(k.code)} {k.name}" for k in ctx.all_kpis]
    assert [p.split("\t")[0] for p in paras[toc_start + 2 : toc_start + 2 + len(expected)]] == expected
    xml = d.element.body.xml
    assert xml.count("PAGEREF _KpiEntry") == len(expected)  # page numbers from the headings' bookmarks
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == expected
    assert "คู่มือตัวชี้วัด" in paras and "คำนำ" in paras


def test_sar_report_three_forms_and_opdc_fields(rendered):
    d = open_docx(rendered["sar_report"])
    text = full_text(d)
    assert "รอบ ๑๒ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in text
    summary = table_rows(d.tables[0])
    assert summary[0][-3:] == ["คะแนนประเมินตนเอง", "คะแนนผู้ตรวจ", "คะแนนถ่วงน้ำหนัก"]
    assert summary[1] == ["๑", samples.kpi("1", 40).name, "๔๐", "ร้อยละ ๘๐", "ร้อยละ ๘๕.๕", "๓.๕๕๐๐", "๓.๕๐๐๐",
                          "๑.๔๐๐๐"]
    assert summary[3][4] == "ระดับ ๔" and summary[3][6] == "-"
    # weighted: (3.55*40 + 4*30 + 4*30)/100 = 3.82 ; reviewer (3.5*40+3.8*30)/70 = 3.6286
    assert summary[-1][5:7] == ["๓.๘๒๐๐", "๓.๖๒๘๖"]
    # quantitative form
    assert "ผลการดำเนินงาน (ค่าที่วัดได้) ร้อยละ ๘๕.๕" in text
    # qualitative form
    assert "พัฒนาระบบบริการออนไลน์ครบทุกงานบริการหลัก" in text
    # milestone form: steps with status, level reached
    assert "ยังไม่ได้ดำเนินการ" in text and "ดำเนินการแล้ว" in text
    assert "ระดับความสำเร็จที่บรรลุ ระดับ ๔ (ดำเนินการครบทุกขั้นตอนของระดับ ๑-๔)" in text
    for label in ("ผลการดำเนินงาน", "ปัจจัยสนับสนุนต่อการดำเนินงาน", "อุปสรรคต่อการดำเนินงาน", "แนวทางแก้ไข/พัฒนา"):
        assert text.count(label + "\n") >= 3, label
    assert "การจัดซื้อจัดจ้างล่าช้าในไตรมาสแรก" in text
    assert "คะแนนประเมินตนเอง ๔.๐๐๐๐" in text and "คะแนนผู้ตรวจประเมิน ๓.๘๐๐๐" in text


def test_sar_round_6(tmp_path):
    d = open_docx(render_docx("sar_report", samples.sar(round_months=6), DocumentSettings(thai_digits=False),
                              tmp_path / "s.docx"))
    assert "รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2570" in full_text(d)


def test_score_announcement_table(rendered):
    d = open_docx(rendered["score_announcement"])
    assert inline_heights_cm(d) == [1.5]
    rows = table_rows(d.tables[0])
    assert rows[0] == ["ที่", "หน่วยงาน", "คะแนน", "อันดับ"]
    assert rows[1:] == [
        ["๑", "กองยุทธศาสตร์และแผนงาน", "๔.๗๑๒๔", "๑"],
        ["๒", "สำนักงานเลขานุการกรม", "๔.๕๐๐๐", "๒"],
        ["๓", "กองคลัง", "๓.๙๘๗๖", "๓"],
    ]
    paras = [p for p in all_paragraphs(d) if p.strip()]
    assert paras[-3:] == ["จึงเรียนมาเพื่อโปรดทราบ", "(นางสาวสมใจ รักงาน)", "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"]
    assert "ขอแสดงความนับถือ" not in full_text(d)
