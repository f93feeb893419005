"""Text of a file, page by page.

PDF text layer library — measured on Thai PDFs made by reportlab and by LibreOffice
(same 6 lines; similarity to the source after ``thai_text.normalize``; ms per 1-page doc)::

    producer     library     similarity  ms     notes
    reportlab    pypdfium2   1.000       3.8
    reportlab    pypdf       1.000      11.3
    reportlab    pdfminer    1.000      10.3
    LibreOffice  pypdfium2   0.996       0.6    "ูผ้", "ค ่า" — repaired by thai_text.clean
    LibreOffice  pypdf       0.974       4.2    "ดำา" after every sara am
    LibreOffice  pdfminer    0.871       7.9    also reorders lines

Choice: pypdfium2 (Apache-2.0 / BSD-3; PDFium) — fastest and the most faithful; it also
renders pages for OCR. PyMuPDF was not considered (AGPL). pypdf is used only to detect
encryption in ``detect.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import thai_text
from . import quality
from .detect import DetectedType

OCR_LANG = "tha+eng"
OCR_DPI = 300
PASSAGE_CHARS = 3000  # DOCX / text files have no pages: cut them into passages this long


@dataclass(frozen=True)
class ExtractedPage:
    number: int  # 1-based page, slide, sheet or passage number
    text: str
    method: str  # "text", "repaired" or "ocr"


def ocr_image(image) -> str:
    """Tesseract (Thai + English) on a PIL image; returns cleaned text."""
    import pytesseract

    gray = image.convert("L")
    if max(gray.size) < 1500:  # small photos: upscale so Thai marks are several pixels high
        factor = 1500 / max(gray.size)
        gray = gray.resize((int(gray.width * factor), int(gray.height * factor)))
    text = pytesseract.image_to_string(gray, lang=OCR_LANG)
    return thai_text.clean(text).strip()


def _pdf(path: Path) -> list[ExtractedPage]:
    import pypdfium2 as pdfium

    pages = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            method, text = quality.assess(raw)
            if method == "ocr":
                image = page.render(scale=OCR_DPI / 72).to_pil()
                text = ocr_image(image)
            page.close()
            pages.append(ExtractedPage(i + 1, text, method))
    finally:
        doc.close()
    return pages


def _split(text: str, method: str = "text") -> list[ExtractedPage]:
    """Cut a long text into passages at paragraph boundaries."""
    parts, current = [], ""
    for para in text.split("\n\n"):
        if current and len(current) + len(para) > PASSAGE_CHARS:
            parts.append(current)
            current = ""
        current += para + "\n\n"
    if current.strip() or not parts:
        parts.append(current)
    return [ExtractedPage(i + 1, p.strip(), method) for i, p in enumerate(parts)]


def _docx(path: Path) -> list[ExtractedPage]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    lines = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, d).text)
        elif tag == "tbl":
            for row in Table(child, d).rows:
                cells = []
                for cell in row.cells:
                    if not cells or cells[-1] != cell.text:  # merged cells repeat
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return _split(thai_text.clean("\n\n".join(lines)))


def _xlsx(path: Path) -> list[ExtractedPage]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    pages = []
    try:
        for n, ws in enumerate(wb.worksheets, 1):
            rows = [ws.title]
            for row in ws.iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(cells):
                    rows.append("\t".join(cells).rstrip())
            pages.append(ExtractedPage(n, thai_text.clean("\n\n".join(rows)), "text"))
    finally:
        wb.close()
    return pages


def _pptx(path: Path) -> list[ExtractedPage]:
    from pptx import Presentation

    pages = []
    for n, slide in enumerate(Presentation(str(path)).slides, 1):
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    texts.append("\t".join(c.text for c in row.cells))
        pages.append(ExtractedPage(n, thai_text.clean("\n\n".join(texts)), "text"))
    return pages


def _image(path: Path) -> list[ExtractedPage]:
    from PIL import Image, ImageSequence

    pages = []
    with Image.open(path) as im:
        for n, frame in enumerate(ImageSequence.Iterator(im), 1):
            pages.append(ExtractedPage(n, ocr_image(frame.copy()), "ocr"))
    return pages


def _text(path: Path, encoding: str) -> list[ExtractedPage]:
    data = Path(path).read_bytes()
    text = data.decode("utf-8-sig" if encoding != "tis-620" else "tis-620")
    return _split(thai_text.clean(text))


def extract_text(path, detected_type: DetectedType) -> list[ExtractedPage]:
    """Pages of text of a validated file (see ``detect.validate_upload``)."""
    path = Path(path)
    kind = detected_type.kind
    if kind == "pdf":
        return _pdf(path)
    if kind == "docx":
        return _docx(path)
    if kind == "xlsx":
        return _xlsx(path)
    if kind == "pptx":
        return _pptx(path)
    if detected_type.is_image:
        return _image(path)
    if kind == "text":
        return _text(path, detected_type.encoding)
    raise ValueError(f"unsupported type: {kind}")


def extract_bytes(data: bytes, detected_type: DetectedType, suffix: str = "") -> list[ExtractedPage]:
    """Same as ``extract_text`` for an in-memory file."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(data)
        f.flush()
        return extract_text(f.name, detected_type)


__all__ = ["ExtractedPage", "extract_text", "extract_bytes", "ocr_image"]
