"""Office 97-2003 files: a .doc (made here by LibreOffice from a .docx) is accepted, converted
back to .docx by LibreOffice and its text extracted; a .xls likewise when LibreOffice Calc is
installed; a failed conversion gives a Thai reason; other OLE2 files (.ppt) are refused with a
message naming the formats that are accepted."""
import io
import re
import shutil

import docx
import pytest

from doc_templates.pdf import convert_office_file
from evidence_search.extraction import UploadRejected, validate_upload
from evidence_search.extraction.detect import DetectedType
from evidence_search.extraction.isolate import ExtractionFailed, run_isolated

OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
TEXT = "รายงานผลการเบิกจ่ายงบประมาณ ไตรมาสที่ ๒ ของกองคลัง"

pytestmark = [pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed"), pytest.mark.slow]  # run early (a long file): tests/conftest.py puts slow files first


@pytest.fixture(scope="module")
def old_doc(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doc")
    document = docx.Document()
    document.add_paragraph(TEXT)
    document.save(folder / "source.docx")
    path = folder / "บันทึกเดิม.doc"
    path.write_bytes(convert_office_file(folder / "source.docx", "doc"))
    return path


def test_a_real_doc_is_accepted_converted_and_its_text_extracted(old_doc):
    with old_doc.open("rb") as handle:
        detected = validate_upload(old_doc.name, handle, 50 * 1024 * 1024)
    assert detected.kind == "doc"
    pages = run_isolated(old_doc, detected)
    assert TEXT in " ".join(page.text for page in pages)


def test_a_doc_named_xlsx_is_refused_as_a_mismatch(old_doc):
    with old_doc.open("rb") as handle, pytest.raises(UploadRejected) as caught:
        validate_upload("ตาราง.xlsx", handle, 50 * 1024 * 1024)
    assert caught.value.code == "wrong_extension" and "Word รุ่นเก่า" in caught.value.message


def test_a_failed_conversion_gives_a_thai_reason(tmp_path):
    broken = tmp_path / "เสีย.doc"
    broken.write_bytes(OLE2_HEADER + "WordDocument".encode("utf-16-le") + bytes(4096))
    with pytest.raises(ExtractionFailed) as caught:
        run_isolated(broken, DetectedType("doc"))
    assert caught.value.code == "conversion_failed"
    assert "แปลงไฟล์ Word รุ่นเก่า (DOC) เป็น DOCX ด้วย LibreOffice ไม่สำเร็จ (LibreOffice เปิดไฟล์นี้ไม่ได้" in caught.value.message
    assert "บันทึกเป็น DOCX หรือ PDF" in caught.value.message
    assert not re.search(r"[A-Za-z]{2,}", re.sub(r"Word|Excel|LibreOffice|DOCX?|PDF", "", caught.value.message))


def test_a_real_xls_is_converted_when_calc_is_installed(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = TEXT
    book.save(tmp_path / "source.xlsx")
    try:
        data = convert_office_file(tmp_path / "source.xlsx", "xls")
    except Exception:
        pytest.skip("LibreOffice Calc (libreoffice-calc-nogui) is not installed: no .xls can be made")
    path = tmp_path / "ตารางเดิม.xls"
    path.write_bytes(data)
    with path.open("rb") as handle:
        detected = validate_upload(path.name, handle, 50 * 1024 * 1024)
    assert detected.kind == "xls"
    assert TEXT in " ".join(page.text for page in run_isolated(path, detected))


def test_other_old_office_files_are_refused_naming_what_is_accepted():
    with pytest.raises(UploadRejected) as caught:
        validate_upload("สไลด์เดิม.ppt", io.BytesIO(OLE2_HEADER + "PowerPoint Document".encode("utf-16-le") + bytes(4096)),
                        50 * 1024 * 1024)
    assert caught.value.code == "old_office"
    assert "รับ Word .doc/.docx, Excel .xls/.xlsx" in caught.value.message
