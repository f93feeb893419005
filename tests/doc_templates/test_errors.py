"""Errors: one DocumentError class with a Thai message; nothing left behind."""

import dataclasses

import pytest
from docx import Document

from doc_templates import contexts as c
from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx
from doc_templates.errors import DocumentError, PdfUnavailable
from doc_templates.pdf import convert_to_pdf


def _assert_nothing_written(directory, out):
    assert not out.exists()
    assert list(directory.iterdir()) == []  # no temp file either


def test_missing_subject(tmp_path):
    out = tmp_path / "memo.docx"
    with pytest.raises(DocumentError) as exc:
        render_docx("memo", samples.memo(subject="  "), DocumentSettings(), out)
    assert str(exc.value) == "ไม่สามารถสร้างเอกสารได้: ไม่ได้ระบุ 'เรื่อง'"
    _assert_nothing_written(tmp_path, out)


def test_missing_nested_field_names_where(tmp_path):
    memo = samples.memo(signer=c.Person(name="", position="ผู้อำนวยการ"))
    with pytest.raises(DocumentError, match="ไม่ได้ระบุ 'ชื่อ-สกุล' \\(ผู้ลงนาม\\)"):
        render_docx("memo", memo, DocumentSettings(), tmp_path / "m.docx")
    ctx = samples.agreement()
    ctx.kpis[0].sub_kpis[1].name = ""
    with pytest.raises(DocumentError, match="ไม่ได้ระบุ 'ชื่อตัวชี้วัด' \\(ตัวชี้วัด 1 / ตัวชี้วัด 1.2\\)"):
        render_docx("agreement_booklet", ctx, DocumentSettings(), tmp_path / "a.docx")


def test_missing_date_and_empty_body(tmp_path):
    with pytest.raises(DocumentError, match="ไม่ได้ระบุ 'วันที่'"):
        render_docx("letter", samples.letter(date=None), DocumentSettings(), tmp_path / "l.docx")
    with pytest.raises(DocumentError, match="ไม่ได้ระบุ 'เนื้อความ'"):
        render_docx("letter", samples.letter(body=[]), DocumentSettings(), tmp_path / "l.docx")


def test_weights_not_100(tmp_path):
    ctx = samples.agreement()
    ctx.kpis[-1].weight = ctx.kpis[-1].weight - 5
    out = tmp_path / "a.docx"
    with pytest.raises(DocumentError) as exc:
        render_docx("agreement_booklet", ctx, DocumentSettings(), out)
    assert str(exc.value) == "ไม่สามารถสร้างเอกสารได้: น้ำหนักของตัวชี้วัดรวมกันได้ 95 ไม่เท่ากับ 100"
    _assert_nothing_written(tmp_path, out)


def test_sub_kpi_weights_must_add_to_parent(tmp_path):
    ctx = samples.agreement()
    ctx.kpis[0].sub_kpis[0].weight = 1
    with pytest.raises(DocumentError, match="ตัวชี้วัดย่อยของตัวชี้วัด 1 รวมกันได้"):
        render_docx("agreement_booklet", ctx, DocumentSettings(), tmp_path / "a.docx")


def test_bad_kind_round_and_context_type(tmp_path):
    with pytest.raises(DocumentError, match="ไม่รู้จักชนิดเอกสาร 'poster'"):
        render_docx("poster", samples.memo(), DocumentSettings(), tmp_path / "x.docx")
    with pytest.raises(DocumentError, match="ต้องใช้ข้อมูลแบบ LetterContext"):
        render_docx("letter", samples.memo(), DocumentSettings(), tmp_path / "x.docx")
    with pytest.raises(DocumentError, match="รอบการรายงานต้องเป็น 6, 9 หรือ 12 เดือน"):
        render_docx("sar_report", samples.sar(round_months=7), DocumentSettings(), tmp_path / "x.docx")
    with pytest.raises(DocumentError, match="ประเภทตัวชี้วัด 'numeric' ไม่ถูกต้อง"):
        ctx = samples.manual()
        ctx.kpis[1].kind = "numeric"
        render_docx("manual_booklet", ctx, DocumentSettings(), tmp_path / "x.docx")


def test_undefined_template_variable(tmp_path):
    template = tmp_path / "custom.docx"
    doc = Document()
    doc.add_paragraph("เรื่อง {{ subject }}")
    doc.add_paragraph("ผู้รับ {{ recipient_nickname }}")
    doc.save(template)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "memo.docx"
    with pytest.raises(DocumentError) as exc:
        render_docx("memo", samples.memo(), DocumentSettings(), out, template=template)
    assert str(exc.value).startswith("ไม่สามารถสร้างเอกสารได้: แม่แบบอ้างถึงข้อมูลที่ไม่มีอยู่")
    assert "recipient_nickname" in str(exc.value)
    _assert_nothing_written(out_dir, out)


def test_custom_template_renders_same_variables(tmp_path):
    template = tmp_path / "custom.docx"
    doc = Document()
    doc.add_paragraph("เรื่อง {{ subject }} ที่ {{ ref_no }}")
    doc.save(template)
    out = render_docx("memo", samples.memo(), DocumentSettings(), tmp_path / "m.docx", template=template)
    assert Document(str(out)).paragraphs[0].text.startswith("เรื่อง ขอความเห็นชอบ")


def test_failure_keeps_existing_destination_intact(tmp_path):
    out = tmp_path / "memo.docx"
    render_docx("memo", samples.memo(), DocumentSettings(), out)
    before = out.read_bytes()
    with pytest.raises(DocumentError):
        render_docx("memo", samples.memo(to=""), DocumentSettings(), out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.docx"]


def test_escaping_of_xml_characters(tmp_path):
    memo = samples.memo(subject="งบประมาณ <ร่าง> & แผน \"A\"")
    out = render_docx("memo", memo, DocumentSettings(), tmp_path / "m.docx")
    assert any("งบประมาณ <ร่าง> & แผน \"A\"" in p.text for p in Document(str(out)).paragraphs)


def test_bad_emblem(tmp_path):
    with pytest.raises(DocumentError, match="ไฟล์ตราครุฑที่ระบุไม่ใช่รูปภาพ"):
        render_docx("memo", samples.memo(), DocumentSettings(emblem=b"not an image"), tmp_path / "m.docx")
    with pytest.raises(DocumentError, match="เปิดไฟล์ตราครุฑ"):
        render_docx("memo", samples.memo(), DocumentSettings(emblem=tmp_path / "none.png"), tmp_path / "m.docx")


def test_pdf_unavailable_names_the_packages(tmp_path):
    with pytest.raises(PdfUnavailable) as exc:
        convert_to_pdf(b"PK", soffice=str(tmp_path / "no-soffice"))
    message = str(exc.value)
    assert isinstance(exc.value, DocumentError)
    assert message.startswith("ไม่สามารถแปลงเอกสารเป็น PDF ได้: ไม่พบโปรแกรม LibreOffice")
    assert "libreoffice-writer-nogui" in message and "fonts-tlwg-laksaman" in message


def test_every_context_field_is_documented():
    """Every dataclass field carries a Thai label (used in error messages)."""
    for klass in [getattr(c, n) for n in dir(c)]:
        if dataclasses.is_dataclass(klass):
            for f in dataclasses.fields(klass):
                assert any("\u0e00" <= ch <= "\u0e7f" for ch in f.metadata.get("label", "")), (klass, f.name)
