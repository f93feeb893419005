"""From content to official documents: adapters, stored versions, errors, command."""
import io
import os
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from doc_templates import standard_memos
from doc_templates.errors import DocumentError
from doc_templates.generate import generate
from doc_templates.models import GeneratedDocument, Memo
from doc_templates.thai_format import to_arabic_digits

from tests.helpers.docx_read import kpi_table, all_paragraphs, full_text, open_docx, signing_table, table_rows


def _docx(generated):
    with generated.document.file.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def _media_files():
    from django.conf import settings

    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def test_agreement_booklet_of_finance(finance):
    generated = generate(finance.agreement, "agreement_booklet")
    d = _docx(generated)
    lines = finance.agreement.sorted_lines()
    rows = table_rows(kpi_table(d))
    body = [r for r in rows[2:-1] if not r[0].startswith("มิติ")]  # headers, dimension rows, total
    assert [to_arabic_digits(r[0]) for r in body] == [line.kpi.code for line in lines]
    top = [Decimal(to_arabic_digits(r[2])) for r in body if "." not in r[0]]
    assert sum(top) == 100
    assert rows[-1][1] == "รวม" and to_arabic_digits(rows[-1][2]) == "100"
    text = full_text(d)
    assert "คำรับรองระหว่าง อธิบดีกรมส่งเสริมการบริการประชาชน ผู้รับคำรับรอง กับ ผู้อำนวยการกองคลัง ผู้ทำคำรับรอง" in text
    signing = signing_table(d)
    left, right = (c.text.splitlines() for c in signing.rows[0].cells)
    assert left[2:4] == ["อธิบดีกรมส่งเสริมการบริการประชาชน", "ผู้รับคำรับรอง"]
    assert right[2:4] == ["ผู้อำนวยการกองคลัง", "ผู้ทำคำรับรอง"]
    # each KPI template in full: the formula of KPI 2 and its data source
    assert "(ผลรวมคะแนนความพึงพอใจ ÷ คะแนนเต็ม) × ๑๐๐" in text
    assert "กองคลัง (กค.)" in all_paragraphs(d)
    # KPI 1 has no baseline data ("-"): printed as "-", not "- ร้อยละ"
    baseline = next(t for t in d.tables if table_rows(t)[0] == ["ปีงบประมาณ", "ผลการดำเนินงาน"])
    assert table_rows(baseline)[1:] == [["พ.ศ. ๒๕๖๖", "-"], ["พ.ศ. ๒๕๖๗", "-"], ["พ.ศ. ๒๕๖๘", "-"]]
    assert generated.document.title.startswith("คำรับรองการปฏิบัติราชการ กค. 25")
    assert generated.document.filename.startswith("คำรับรองการปฏิบัติราชการ กค")  # Thai marks kept
    assert generated.document.filename.endswith(".docx")
    assert generated.source_revision == finance.agreement.latest_revision


def test_manual_booklet_has_every_template(finance):
    generated = generate(finance.manual, "manual_booklet")
    text = to_arabic_digits(full_text(_docx(generated)))
    assert finance.manual.templates()
    for kpi in finance.manual.templates():
        assert kpi.title in text


@pytest.mark.parametrize("key", sorted(standard_memos.STANDARD_MEMOS))
def test_memo_from_each_standard_memo(finance, memo_for, key):
    memo = memo_for(finance.organisation, key)
    generated = generate(memo, "memo")
    paras = all_paragraphs(_docx(generated))
    subject = next(p for p in paras if p.startswith("เรื่อง"))
    assert to_arabic_digits(subject).split(None, 1)[1] == memo.subject
    assert GeneratedDocument.for_source(memo).get() == generated


def test_letter_uses_unit_address_and_phone(finance, memo_for):
    memo = memo_for(finance.organisation, kind=Memo.LETTER, references="หนังสือกรม ที่ 1/2569")
    text = full_text(_docx(generate(memo, "letter")))
    assert "อ้างถึง" in text and "กองคลัง" in text
    assert "๐ ๒๑๔๑ ๕๐๓๐" in text  # the unit's phone, Thai digits


def test_regeneration_after_edit_keeps_both_versions(finance, memo_for):
    memo = memo_for(finance.organisation)
    first = generate(memo, "memo")
    memo.subject = "เรื่องที่แก้ไขแล้ว"
    memo.save()
    newer = memo.save_revision()
    second = generate(memo, "memo")
    assert first.pk != second.pk and first.document_id != second.document_id
    assert first.source_revision_id != second.source_revision_id
    assert second.source_revision == newer
    assert list(GeneratedDocument.for_source(memo).order_by("pk")) == [first, second]
    first.document.refresh_from_db()
    assert first.document.file.storage.exists(first.document.file.name)
    assert "เรื่องที่แก้ไขแล้ว" in full_text(_docx(second))
    assert "เรื่องที่แก้ไขแล้ว" not in full_text(_docx(first))


def test_page_regeneration_records_the_content_it_printed(finance):
    """A live page is printed from its live content: a waiting draft is neither
    printed nor recorded (issue 13 item 16); publishing it gives the newer revision."""
    first = generate(finance.agreement, "agreement_booklet")
    page = finance.agreement
    maker = page.parties.get(role="maker")
    maker.name = "นางสาวทดสอบ แก้ไข"
    page.parties = [maker if p.pk == maker.pk else p for p in page.parties.all()]
    newer = page.save_revision()
    page = type(page).objects.get(pk=page.pk)  # as the admin action loads it
    second = generate(page, "agreement_booklet")
    assert second.source_revision == first.source_revision == page.live_revision
    assert "นางสาวทดสอบ แก้ไข" not in full_text(_docx(second))
    newer.publish()
    page.refresh_from_db()
    third = generate(page, "agreement_booklet")
    assert third.source_revision == newer
    assert "นางสาวทดสอบ แก้ไข" in full_text(_docx(third))
    assert GeneratedDocument.for_source(page).count() == 3


def test_empty_subject_fails_and_leaves_nothing(finance, memo_for, tmp_path):
    memo = memo_for(finance.organisation, subject="")
    Document = get_document_model()
    documents_before, files_before = Document.objects.count(), _media_files()
    with pytest.raises(DocumentError) as exc:
        generate(memo, "memo")
    assert "ไม่ได้ระบุ 'เรื่อง'" in str(exc.value)
    assert Document.objects.count() == documents_before
    assert not GeneratedDocument.for_source(memo).exists()
    assert _media_files() == files_before
    out = tmp_path / "memo.docx"
    with pytest.raises(CommandError) as exc:
        call_command("generate_document", "memo", "--page", str(memo.pk), "--out", str(out))
    assert "ไม่ได้ระบุ 'เรื่อง'" in str(exc.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert Document.objects.count() == documents_before


def test_command_writes_file_and_stores_document(finance, tmp_path):
    out = tmp_path / "agreement.docx"
    stdout = io.StringIO()
    call_command("generate_document", "agreement_booklet", "--page", str(finance.agreement.pk), "--out", str(out),
                 stdout=stdout)
    assert "สร้างคำรับรองการปฏิบัติราชการแล้ว: คำรับรองการปฏิบัติราชการ กค. 25" in stdout.getvalue()
    rows = table_rows(kpi_table(open_docx(out)))
    kpi_rows = [r for r in rows[2:-1] if not r[0].startswith("มิติ")]
    assert len(kpi_rows) == len(finance.agreement.sorted_lines())
    assert GeneratedDocument.for_source(finance.agreement).count() == 1


def test_command_unknown_page(db, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบหน้าเลขที่ 999999"):
        call_command("generate_document", "manual_booklet", "--page", "999999", "--out", str(tmp_path / "x.docx"))


def test_emblem_from_site_settings(finance):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.models import Site

    from doc_templates.models import OrganisationDocumentSettings

    buf = io.BytesIO()
    PILImage.new("RGB", (40, 40), (10, 120, 200)).save(buf, format="PNG")
    image = get_image_model()(title="ตราครุฑทดสอบ", file=ImageFile(io.BytesIO(buf.getvalue()), name="garuda.png"))
    image.save()
    with image.file.open("rb") as fh:
        stored_bytes = fh.read()
    site_settings = OrganisationDocumentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.emblem = image
    site_settings.thai_digits = False
    site_settings.save()
    generated = generate(finance.agreement, "agreement_booklet")
    import zipfile

    with generated.document.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        text = z.read("word/document.xml").decode()
    assert stored_bytes in media
    assert "2569" in text and "๒๕๖๙" not in text  # thai_digits off from settings


def test_memo_uses_main_workflow(db):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType

    assignment = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(Memo))
    assert assignment.workflow.name == "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"
    assert Memo(organisation_id=1).get_workflow() == assignment.workflow


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice ไม่ได้ติดตั้ง")
def test_command_pdf_has_thai_text(finance, memo_for, tmp_path):
    import subprocess

    memo = memo_for(finance.organisation)
    out = tmp_path / "memo.docx"
    call_command("generate_document", "memo", "--page", str(memo.pk), "--out", str(out), "--pdf",
                 stdout=io.StringIO())
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "บันทึกข้อความ" in text and "รอบ" in text
    generated = GeneratedDocument.for_source(memo).get()
    assert generated.pdf is not None and generated.pdf.filename.endswith(".pdf")


def _counting_soffice(tmp_path, monkeypatch):
    """KHAMRAP_SOFFICE → a wrapper around the real soffice that logs each start."""
    import shutil

    log = tmp_path / "soffice-runs.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{shutil.which("soffice")}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("KHAMRAP_SOFFICE", str(wrapper))
    return lambda: len(log.read_text().splitlines()) if log.exists() else 0


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice ไม่ได้ติดตั้ง")
def test_one_page_memo_as_pdf_costs_one_libreoffice_run(finance, memo_for, tmp_path, monkeypatch):
    """Issue 13's +2.2 s per correspondence: a memo that clearly fits one page gets no cue
    pass (.docx: no LibreOffice run; PDF: one); a two-page memo is laid out, then laid
    out again with its cues in."""
    import subprocess

    from doc_templates.generate import generate

    runs = _counting_soffice(tmp_path, monkeypatch)
    generate(memo_for(finance.organisation), "memo")
    assert runs() == 0  # a standard memo is clearly one page: no layout pass at all
    generated = generate(memo_for(finance.organisation), "memo", pdf=True)
    assert runs() == 1
    with generated.pdf.file.open("rb") as fh:
        (tmp_path / "one.pdf").write_bytes(fh.read())
    text = subprocess.run(["pdftotext", str(tmp_path / "one.pdf"), "-"], capture_output=True, text=True).stdout
    assert "บันทึกข้อความ" in text and "..." not in text
    long_body = "\n".join(["ย่อหน้าของบันทึกที่ยาวหลายหน้า เพื่อทดสอบคำต่อเนื่องและเลขหน้าของหนังสือราชการ" * 3] * 14)
    generated = generate(memo_for(finance.organisation, body=long_body), "memo", pdf=True)
    assert runs() == 3
    with generated.pdf.file.open("rb") as fh:
        (tmp_path / "two.pdf").write_bytes(fh.read())
    text = subprocess.run(["pdftotext", str(tmp_path / "two.pdf"), "-"], capture_output=True, text=True).stdout
    assert "..." in text  # the cue is in the stored PDF
