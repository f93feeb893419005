"""Extraction under limits: files that pass the upload checks but would exhaust the worker.
Each file is built here; extraction runs for real (pdfium, Tesseract, python-docx) in the real
child process with real rlimits."""
import re
import time

import pytest

from evidence_search.extraction import DetectedType, extract_text, validate_upload
from evidence_search.extraction.extract import render_scale
from evidence_search.extraction.isolate import run_isolated
from evidence_search.extraction.limits import ExtractionFailed, Limits
from tests.helpers import hostile_files, search_files as fixtures

PDF = DetectedType("pdf")


def assert_thai_reason(message: str):
    assert re.search("[\u0e01-\u0e5b]", message), message
    assert "/" not in message and "Error" not in message and "Traceback" not in message, message


def test_a_one_kilobyte_pdf_with_a_5_metre_blank_page_is_not_rendered(tmp_path):
    path = hostile_files.huge_blank_page_pdf(tmp_path / "poster.pdf")
    assert path.stat().st_size < 2000
    with open(path, "rb") as f:
        validate_upload("poster.pdf", f, 50 * 2**20)  # passes the upload checks
    # at 300 DPI the page would be a 14.4 GB buffer; the child may use 300 MB in all
    pages = run_isolated(path, PDF, Limits(memory_mb=300, seconds=60))
    assert [(p.number, p.text, p.method) for p in pages] == [(1, "", "blank")]


def test_a_huge_page_with_ink_is_rendered_smaller_instead_of_asking_for_gigabytes(tmp_path):
    path = hostile_files.huge_inked_page_pdf(tmp_path / "poster.pdf")
    width = height = 14400
    assert width * height * render_scale(width, height, 4_000_000) ** 2 < 4_000_001
    assert render_scale(595, 842, 40_000_000) == 300 / 72  # an A4 page keeps 300 DPI
    [page] = run_isolated(path, PDF, Limits(memory_mb=600, seconds=120, max_render_pixels=4_000_000))
    assert page.method == "ocr"  # rendered (at about 10 DPI) and read


def test_blank_scanned_pages_skip_ocr(tmp_path):
    path = hostile_files.scanned_pages_pdf(tmp_path / "scan.pdf", pages=8, text_on=(3,))
    pages = extract_text(path, PDF)
    assert [p.method for p in pages] == ["blank", "blank", "ocr", "blank", "blank", "blank", "blank", "blank"]
    assert "บันทึกข้อความ" in pages[2].text


def test_ocr_stops_at_the_page_cap_and_says_so(tmp_path):
    path = hostile_files.scanned_pages_pdf(tmp_path / "scan.pdf", pages=3, text_on=(1, 2, 3))
    pages = extract_text(path, PDF, Limits(max_ocr_pages=1))
    assert [p.method for p in pages] == ["ocr", "skipped", "skipped"]


def test_too_many_pages_fails_with_a_thai_reason(tmp_path):
    path = fixtures.multi_page_pdf(tmp_path / "long.pdf", [["หน้า"]] * 4)
    with pytest.raises(ExtractionFailed) as failed:
        run_isolated(path, PDF, Limits(max_pages=3))
    assert failed.value.code == "too_many_pages"
    assert "4 หน้า" in failed.value.message and "3 หน้า" in failed.value.message
    assert_thai_reason(failed.value.message)


def test_time_limit_kills_the_child_and_gives_a_thai_reason(tmp_path):
    # 40 MB of XML: parsing and walking 600 000 paragraphs takes far longer than 1 s (no
    # soft budget applies to DOCX, unlike OCR, so only the hard limit can stop it)
    path = hostile_files.inflating_docx(tmp_path / "long.docx", xml_mb=40)
    started = time.monotonic()
    with pytest.raises(ExtractionFailed) as failed:
        run_isolated(path, DetectedType("docx"), Limits(seconds=1, memory_mb=4096))
    assert time.monotonic() - started < 10
    assert failed.value.code == "timeout"
    assert "1 วินาที" in failed.value.message
    assert_thai_reason(failed.value.message)


def test_a_broken_file_gives_a_thai_reason_not_the_library_exception(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with pytest.raises(ExtractionFailed) as failed:
        run_isolated(path, PDF)
    assert failed.value.code == "corrupt_pdf"
    assert_thai_reason(failed.value.message)


@pytest.mark.slow
def test_a_docx_of_262_mb_of_xml_fails_within_the_memory_limit(tmp_path):
    path = hostile_files.inflating_docx(tmp_path / "bomb.docx", xml_mb=262)
    assert path.stat().st_size < 30 * 2**20
    with open(path, "rb") as f:
        assert validate_upload("bomb.docx", f, 50 * 2**20).kind == "docx"
    started = time.monotonic()
    with pytest.raises(ExtractionFailed) as failed:
        run_isolated(path, DetectedType("docx"), Limits(memory_mb=1024, seconds=240))
    assert time.monotonic() - started < 240
    assert failed.value.code == "memory"
    assert "1,024 MB" in failed.value.message
    assert_thai_reason(failed.value.message)
