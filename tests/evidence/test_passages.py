"""One splitter of extracted text: DOCX and text files come out of extraction as one page
(they have no pages) and the index cuts every page with ``evidence.indexing.split_passages``
(overlapping passages, cuts on cluster boundaries: its contract is in tests/evidence_search/test_relevance.py)."""
from docx import Document

from evidence.indexing import MAX_PASSAGE_CHARS, split_passages
from evidence_search.extraction import extract_text, validate_upload

PARAGRAPH = "ผลการดำเนินงานตามตัวชี้วัดการเบิกจ่ายงบประมาณ ไตรมาสที่ ๒ ร้อยละ ๘๗.๕ ของแผน " * 8


def extracted(path):
    with open(path, "rb") as f:
        detected = validate_upload(path.name, f, 50 * 1024 * 1024)
    return extract_text(path, detected)


def test_a_long_text_file_and_a_long_docx_are_one_page_cut_by_the_index_only(tmp_path):
    text = tmp_path / "รายงาน.txt"
    text.write_text("\n\n".join([PARAGRAPH] * 20), encoding="utf-8")
    document = Document()
    for _ in range(20):
        document.add_paragraph(PARAGRAPH)
    docx = tmp_path / "รายงาน.docx"
    document.save(docx)
    for path in (text, docx):
        pages = extracted(path)
        assert [page.number for page in pages] == [1]
        assert len(pages[0].text) > 3 * MAX_PASSAGE_CHARS
        assert len(split_passages(pages[0].text)) > 3
