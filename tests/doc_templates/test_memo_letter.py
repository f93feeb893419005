"""Memo and letter: every field in its place, emblem size, margins."""

import pytest
from docx.shared import Cm

from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx

from tests.helpers.docx_read import all_paragraphs, full_text, inline_heights_cm, open_docx, paragraph_starting


def _margins_ok(document, top_cm=2.5):
    for section in document.sections:
        assert abs(section.left_margin - Cm(3)) < 1000
        assert abs(section.right_margin - Cm(2)) < 1000
        assert abs(section.top_margin - Cm(top_cm)) < 1000
        assert abs(section.bottom_margin - Cm(2)) < 1000
        # A4 (either orientation)
        assert {round(section.page_width / 360000, 1), round(section.page_height / 360000, 1)} == {21.0, 29.7}


def test_memo_fields_in_place(rendered):
    d = open_docx(rendered["memo"])
    paras = [p for p in all_paragraphs(d) if p.strip()]
    assert "บันทึกข้อความ" in paras[0]
    assert paragraph_starting(d, "ส่วนราชการ") == (
        "ส่วนราชการ  กลุ่มพัฒนาระบบบริหาร กรมตัวอย่าง โทร. ๐ ๒๑๒๓ ๔๕๐๐"
    )
    line = paragraph_starting(d, "ที่")
    assert "กพร ๐๕๐๑/๑๒๓" in line  # one digit rule (issue 13 item 9): the number is Thai too
    assert "วันที่  ๒๑ พฤศจิกายน ๒๕๖๙" in line
    assert paragraph_starting(d, "เรื่อง") == (
        "เรื่อง  ขอความเห็นชอบกรอบการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๗๐"
    )
    assert paragraph_starting(d, "เรียน") == "เรียน  อธิบดีกรมตัวอย่าง"
    assert paragraph_starting(d, "ด้วยกลุ่มพัฒนาระบบบริหาร").endswith("น้ำหนักรวมร้อยละ ๑๐๐")
    assert paras[-2] == "(นางสาวสมใจ รักงาน)"
    assert paras[-1] == "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"
    assert "ขอแสดงความนับถือ" not in full_text(d)


def test_memo_body_first_line_indent(rendered):
    d = open_docx(rendered["memo"])
    body = [p for p in d.paragraphs if p.text.startswith(("ด้วยกลุ่ม", "จึงเรียน"))]
    assert len(body) == 2
    for p in body:
        assert abs(p.paragraph_format.first_line_indent - Cm(2.5)) < 1000


def test_memo_emblem_is_1_5_cm_and_margins(rendered):
    d = open_docx(rendered["memo"])
    assert inline_heights_cm(d) == [1.5]
    _margins_ok(d, top_cm=1.5)  # memo: 1.5 cm (issue 13 item 12)


def test_letter_fields_in_place(rendered):
    d = open_docx(rendered["letter"])
    text = full_text(d)
    assert inline_heights_cm(d) == [3.0]
    _margins_ok(d)
    header = d.tables[0].rows[0].cells
    assert header[0].text == "ที่ กต ๐๕๐๑/๔๕๖"
    assert header[1].text.splitlines() == ["กรมตัวอย่าง", "ถนนพระรามที่ ๖ แขวงทุ่งพญาไท", "เขตราชเทวี กรุงเทพฯ ๑๐๔๐๐"]
    assert "๒๑ พฤศจิกายน ๒๕๖๙" in all_paragraphs(d)
    assert paragraph_starting(d, "เรื่อง") == "เรื่อง\tส่งคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๗๐"
    assert paragraph_starting(d, "เรียน") == "เรียน\tเลขาธิการ ก.พ.ร."
    assert paragraph_starting(d, "อ้างถึง").startswith("อ้างถึง\tหนังสือสำนักงาน ก.พ.ร. ที่ นร ๑๒๐๐/๗๘๙")
    # two enclosures: numbered, label only on the first
    assert paragraph_starting(d, "สิ่งที่ส่งมาด้วย") == "สิ่งที่ส่งมาด้วย\t๑. คำรับรองการปฏิบัติราชการ จำนวน ๑ ชุด"
    assert "\t๒. รายละเอียดตัวชี้วัด จำนวน ๑ ชุด" in all_paragraphs(d)
    paras = [p for p in all_paragraphs(d) if p.strip()]
    i = paras.index("ขอแสดงความนับถือ")
    assert paras[i + 1 : i + 3] == ["(นายสมชาย ใจดี)", "อธิบดีกรมตัวอย่าง"]
    assert paras[i + 3 :] == [
        "กลุ่มพัฒนาระบบบริหาร",
        "โทร. ๐ ๒๑๒๓ ๔๕๐๐",
        "โทรสาร ๐ ๒๑๒๓ ๔๕๙๙",
        "ไปรษณีย์อิเล็กทรอนิกส์ opdc@example.go.th",
    ]
    assert text.index("อ้างถึง") < text.index("สิ่งที่ส่งมาด้วย") < text.index("ตามหนังสือที่อ้างถึง")


def test_letter_without_references_or_enclosures(tmp_path):
    ctx = samples.letter(references=[], enclosures=[], fax=None, body=["ขอเชิญประชุม"])
    d = open_docx(render_docx("letter", ctx, DocumentSettings(), tmp_path / "l.docx"))
    paras = all_paragraphs(d)
    assert not any(p.startswith("อ้างถึง") for p in paras)
    assert not any(p.startswith("สิ่งที่ส่งมาด้วย") for p in paras)
    assert not any(p.startswith("โทรสาร") for p in paras)
    assert "โทร. ๐ ๒๑๒๓ ๔๕๐๐" in paras


def test_letter_single_reference_is_not_numbered(tmp_path):
    ctx = samples.letter(enclosures=["แบบฟอร์ม จำนวน 1 ชุด"])
    d = open_docx(render_docx("letter", ctx, DocumentSettings(), tmp_path / "l.docx"))
    assert paragraph_starting(d, "สิ่งที่ส่งมาด้วย") == "สิ่งที่ส่งมาด้วย\tแบบฟอร์ม จำนวน ๑ ชุด"


def test_given_emblem_is_used_at_exact_height(tmp_path):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 300), "gold").save(buf, format="PNG")
    settings = DocumentSettings(emblem=buf.getvalue())
    d = open_docx(render_docx("letter", samples.letter(), settings, tmp_path / "l.docx"))
    assert inline_heights_cm(d) == [3.0]
    blobs = [rel.target_part.blob for rel in d.part.rels.values() if "image" in rel.reltype]
    assert blobs == [buf.getvalue()]


def test_placeholder_emblem_is_labelled():
    """The placeholder must say what it is: OCR reads "ตราครุฑ (ตัวอย่าง)"."""
    import io
    import shutil

    from PIL import Image

    from doc_templates.emblem import placeholder_emblem

    img = Image.open(io.BytesIO(placeholder_emblem()))
    assert img.size[0] == img.size[1]
    if not shutil.which("tesseract"):
        pytest.skip("tesseract (Debian: tesseract-ocr tesseract-ocr-tha) is not installed")
    import pytesseract

    flat = Image.new("RGB", img.size, "white")
    flat.paste(img, mask=img.split()[3])
    text = pytesseract.image_to_string(flat, lang="tha")
    assert "ตราครุฑ" in text and "ตัวอย่าง" in text
