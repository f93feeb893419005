"""Evidence files from upload to search: real files, real extraction, the real embedded index."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from evidence.models import EvidenceFile, EvidencePage
from evidence.ingest import attach_files, retry_file
from evidence.processing import process_file
from evidence.permissions import visibility_for
from evidence_search.extraction import UploadRejected
from tests.helpers import search_files as fixtures
from tests.helpers.evidence import attach_and_process, hits, new_evidence_page, upload


def test_docx_table_is_found_by_a_word_and_part_of_a_compound(demo, tmp_path):
    page = new_evidence_page(demo)
    [record] = attach_and_process(page, upload(fixtures.docx_with_table(tmp_path / "ตาราง.docx")))
    assert record.status == EvidenceFile.INDEXED, record.status_message
    text = " ".join(record.text_pages.values_list("text", flat=True))
    word = next(w for w in ["งบประมาณ", "ผลการดำเนินงาน", "ตัวชี้วัด"] if w in text)
    assert "ตาราง.docx" in hits(word)


def test_scanned_pdf_goes_through_thai_ocr(demo, tmp_path):
    page = new_evidence_page(demo)
    [record] = attach_and_process(page, upload(fixtures.scanned_pdf(tmp_path / "scan.pdf")))
    assert record.status == EvidenceFile.INDEXED, record.status_message
    assert set(record.text_pages.values_list("method", flat=True)) == {"ocr"}
    assert "scan.pdf" in hits("ราชการ")


def test_thai_and_arabic_digits_match_each_other(demo, tmp_path):
    page = new_evidence_page(demo)
    path = tmp_path / "digits.txt"
    path.write_text("ผลการเบิกจ่ายงบประมาณ ณ สิ้นปีงบประมาณ 2569 คิดเป็นร้อยละ ๙๖.๕", encoding="utf-8")
    attach_and_process(page, upload(path))
    assert "digits.txt" in hits("๒๕๖๙")
    assert "digits.txt" in hits("96.5")
    assert "digits.txt" in hits("ร้อยละ สิ้นปี")  # two terms, any order


@pytest.mark.parametrize("maker, reason", [
    (lambda d: fixtures.bytes_file(d / "empty.pdf", b""), "ว่าง"),
    (lambda d: fixtures.bytes_file(d / "fake.pdf", "ข้อความธรรมดา".encode()), ""),
    (lambda d: fixtures.zip_bomb_docx(d / "bomb.docx"), ""),
])
def test_hostile_upload_leaves_no_record_and_no_file(demo, tmp_path, settings, maker, reason):
    page = new_evidence_page(demo)
    path = maker(tmp_path)
    before_files = sorted(p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file())
    with pytest.raises(UploadRejected) as exc:
        attach_files(page, [upload(path)])
    assert path.name in str(exc.value) and reason in str(exc.value)
    assert not EvidenceFile.objects.filter(page=page).exists()
    assert sorted(p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()) == before_files


def test_one_bad_file_rejects_the_batch(demo, tmp_path):
    page = new_evidence_page(demo)
    good = tmp_path / "good.txt"
    good.write_text("รายงานผลการดำเนินงาน", encoding="utf-8")
    with pytest.raises(UploadRejected):
        attach_files(page, [upload(good), upload(fixtures.bytes_file(tmp_path / "empty.xlsx", b""))])
    assert not EvidenceFile.objects.filter(page=page).exists()


def test_failed_extraction_keeps_the_reason_and_can_be_retried(demo, tmp_path, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo)
    path = tmp_path / "note.txt"
    path.write_text("บันทึกการประชุมคณะทำงาน", encoding="utf-8")
    [record] = attach_files(page, [upload(path)], enqueue=False)
    Path(record.file.path).unlink()  # the stored file went missing
    record = process_file(record.pk)
    assert record.status == EvidenceFile.FAILED and "note.txt" in record.status_message
    assert "note.txt" not in hits("คณะทำงาน")
    Path(record.file.path).write_text("บันทึกการประชุมคณะทำงาน", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        retry_file(record.pk)  # the immediate task backend runs it on commit
    assert EvidenceFile.objects.get(pk=record.pk).status == EvidenceFile.INDEXED
    assert "note.txt" in hits("คณะทำงาน")


def test_permissions_apply_inside_the_search(demo, tmp_path):
    own, other = new_evidence_page(demo, "finance"), new_evidence_page(demo, "service", kpi_code="2")
    for page, name in ((own, "own.txt"), (other, "other.txt")):
        path = tmp_path / name
        path.write_text("สรุปผลการสำรวจความพึงพอใจของผู้รับบริการ", encoding="utf-8")
        attach_and_process(page, upload(path))
    assert set(hits("ความพึงพอใจ", visibility=visibility_for(demo.user("staff_finance")))) == {"own.txt"}
    assert {"own.txt", "other.txt"} <= set(hits("ความพึงพอใจ", visibility=visibility_for(demo.user("preparer"))))
    from django.contrib.auth.models import AnonymousUser

    assert hits("ความพึงพอใจ", visibility=visibility_for(AnonymousUser())) == []
    own.save_revision().publish()  # live, its agreement live, but internal (the default): not public
    assert hits("ความพึงพอใจ", visibility=visibility_for(AnonymousUser())) == []
    own = EvidencePage.objects.get(pk=own.pk)
    own.visibility = EvidencePage.PUBLIC
    own.save_revision().publish()  # chosen public → the index says so
    assert hits("ความพึงพอใจ", visibility=visibility_for(AnonymousUser())) == ["own.txt"]


def test_commands_import_then_search_as_json(demo, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "มติที่ประชุม.txt").write_text("ที่ประชุมคณะกรรมการ PMQA มีมติให้ใช้ระบบ e-SAR รายงานผล", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ซ้ำกันหลายหน่วยงาน"):  # both demo departments have a กค.
        call_command("import_evidence", str(folder), "--year", "2569", "--unit", "กค.", "--kpi", "4", "--round", "9")
    call_command("import_evidence", str(folder), "--year", "2569", "--unit", "สสบ./กค.", "--kpi", "4", "--round", "9")
    out = capsys.readouterr().out
    assert "พร้อมค้นหา 1" in out and "ถูกปฏิเสธ 1" in out
    call_command("search_evidence", "e-sar", "--unit", "พสบ./สสบ./กค.", "--round", "9", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"query", "total", "total_exact", "took_ms", "page", "suggestions", "hits"}  # the API's answer
    assert payload["hits"][0]["explanation"]["terms"][0]["tf_body"] >= 1
    assert payload["total"] == 1
    hit = payload["hits"][0]
    assert hit["filename"] == "มติที่ประชุม.txt" and hit["unit"] == "กค." and hit["round"] == 9
    assert "<mark>" in hit["snippet"].lower()
    call_command("search_evidence", "e-sar", "--round", "6", "--json")
    assert json.loads(capsys.readouterr().out)["total"] == 0


def test_rebuild_index_restores_results(demo, tmp_path, capsys):
    page = new_evidence_page(demo)
    path = tmp_path / "rebuild.txt"
    path.write_text("แผนพัฒนาบุคลากรประจำปี", encoding="utf-8")
    attach_and_process(page, upload(path))
    from evidence_search.backends import get_backend

    get_backend().clear()
    assert "rebuild.txt" not in hits("บุคลากร")
    call_command("rebuild_search_index")
    assert "เสร็จแล้ว" in capsys.readouterr().out
    assert "rebuild.txt" in hits("บุคลากร")
