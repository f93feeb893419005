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

import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from thai import text as thai_text

from . import quality
from .detect import LABEL, DetectedType
from .limits import Limits, failure

OCR_LANG = "tha+eng"
OCR_DPI = 300
# A page is blank when almost none of it is ink: fewer dark pixels than this share of the
# page (a single word of 16 pt text at 300 DPI is about 0.01 %; scanner specks far less).
BLANK_INK_SHARE = 0.00005
DARK = 160  # grey level below which a pixel counts as ink
OCR_TIME_SHARE = 0.8  # OCR stops (later pages left unread) after this share of the time limit


# Literal HTML tags in a file's text (text pasted from a web page or an e-mail into Word, an
# HTML export saved as .txt): only these names are markup, so Thai text that holds "<"
# ("ค่า < 5", "<ร่าง>") keeps it. Block tags become a line break, inline tags nothing
# ("<b>ตัวชี้วัด</b>" is one word again), table cells a tab.
BLOCK_TAGS = ("p", "br", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3",
              "h4", "h5", "h6", "hr", "blockquote", "pre", "html", "body", "head", "title")
INLINE_TAGS = ("b", "i", "u", "s", "em", "strong", "span", "font", "a", "sup", "sub", "small", "big",
               "img", "mark", "del", "ins", "o:p", "center")


def _tag_pattern(names) -> re.Pattern:
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"</?(?:{alternatives})(?:\s[^<>]{{0,300}})?\s*/?>", re.IGNORECASE)


_BLOCK_TAG = _tag_pattern(BLOCK_TAGS)
_INLINE_TAG = _tag_pattern(INLINE_TAGS)
_CELL_TAG = _tag_pattern(("td", "th"))
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def strip_tags(text: str) -> str:
    """``text`` without literal tags of known HTML names (see ``BLOCK_TAGS``)."""
    if "<" not in text:
        return text
    stripped = _INLINE_TAG.sub("", _CELL_TAG.sub("\t", _BLOCK_TAG.sub("\n", text)))
    if stripped == text:
        return text
    return _BLANK_RUN.sub("\n\n", stripped).strip()


@dataclass(frozen=True)
class ExtractedPage:
    number: int  # 1-based page, slide, sheet or passage number
    text: str
    method: str  # "text", "repaired", "ocr", "blank" (no ink: not OCR'd) or "skipped" (over a limit)


@dataclass
class OcrBudget:
    """How many pages, and for how long, one file may send to OCR."""

    limits: Limits
    started: float = field(default_factory=time.monotonic)
    pages: int = 0

    def allows_another(self) -> bool:
        if self.pages >= self.limits.max_ocr_pages:
            return False
        return time.monotonic() - self.started < OCR_TIME_SHARE * self.limits.seconds

    def spend(self) -> None:
        self.pages += 1


def is_blank(image) -> bool:
    """Cheap check on a rendered page or scan: (almost) no dark pixels."""
    gray = image.convert("L")
    histogram = gray.histogram()
    return sum(histogram[:DARK]) <= BLANK_INK_SHARE * gray.width * gray.height


def render_scale(width_pt: float, height_pt: float, max_pixels: int) -> float:
    """OCR_DPI, or less for a page so large that OCR_DPI would exceed ``max_pixels``."""
    scale = OCR_DPI / 72
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    if area * scale * scale > max_pixels:
        scale = math.sqrt(max_pixels / area)
    return scale


def ocr_image(image) -> str:
    """Tesseract (Thai + English) on a PIL image; returns cleaned text."""
    import pytesseract

    gray = image.convert("L")
    if max(gray.size) < 1500:  # small photos: upscale so Thai marks are several pixels high
        factor = 1500 / max(gray.size)
        gray = gray.resize((int(gray.width * factor), int(gray.height * factor)))
    text = pytesseract.image_to_string(gray, lang=OCR_LANG)
    return thai_text.clean(text).strip()


def _ocr_page(image, budget: OcrBudget) -> tuple[str, str]:
    """(method, text) of a page image: blank pages and pages over the budget are not OCR'd."""
    if is_blank(image):
        return "blank", ""
    if not budget.allows_another():
        return "skipped", ""
    budget.spend()
    return "ocr", ocr_image(image)


def _pdf(path: Path, limits: Limits) -> list[ExtractedPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages, budget = [], OcrBudget(limits)
    doc = pdfium.PdfDocument(str(path))
    try:
        if len(doc) > limits.max_pages:
            raise failure("too_many_pages", limits, pages=len(doc))
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            textpage.close()
            method, text = quality.assess(raw)
            if method == "ocr":
                if pdfium_c.FPDFPage_CountObjects(page.raw) == 0:  # nothing drawn at all
                    method, text = "blank", ""
                elif budget.allows_another():
                    width, height = page.get_size()
                    bitmap = page.render(scale=render_scale(width, height, limits.max_render_pixels), grayscale=True)
                    image = bitmap.to_pil()
                    method, text = _ocr_page(image, budget)
                    del image, bitmap
                else:
                    method, text = "skipped", ""
            page.close()
            pages.append(ExtractedPage(i + 1, text, method))
    finally:
        doc.close()
    return pages


def _one_page(text: str, method: str = "text") -> list[ExtractedPage]:
    """DOCX and text files have no pages: their whole text is page 1. The index cuts it into
    passages (``evidence.indexing.split_passages``: overlapping, never inside a character
    cluster), the one splitter of extracted text."""
    return [ExtractedPage(1, text.strip(), method)]


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
    return _one_page(thai_text.clean("\n\n".join(lines)))


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


def _image(path: Path, limits: Limits) -> list[ExtractedPage]:
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = limits.max_render_pixels * 4  # larger: DecompressionBombError
    pages, budget = [], OcrBudget(limits)
    with Image.open(path) as im:
        frames = getattr(im, "n_frames", 1)
        if frames > limits.max_pages:
            raise failure("too_many_pages", limits, pages=frames)
        for n, frame in enumerate(ImageSequence.Iterator(im), 1):
            image = frame.copy()
            if image.width * image.height > limits.max_render_pixels:  # a huge scan: OCR it smaller
                factor = math.sqrt(limits.max_render_pixels / (image.width * image.height))
                image = image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
            method, text = _ocr_page(image, budget)
            pages.append(ExtractedPage(n, text, method))
    return pages


def _text(path: Path, encoding: str) -> list[ExtractedPage]:
    data = Path(path).read_bytes()
    text = data.decode("utf-8-sig" if encoding != "tis-620" else "tis-620")
    return _one_page(thai_text.clean(text))


CONVERTED = {"doc": "docx", "xls": "xlsx"}


def _converted(path: Path, kind: str) -> list[ExtractedPage]:
    """An old .doc/.xls: converted by LibreOffice to .docx/.xlsx, then read as one."""
    import tempfile

    import sys

    from doc_templates.errors import DocumentError, PdfUnavailable
    from doc_templates.pdf import convert_office_file

    target = CONVERTED[kind]
    try:
        data = convert_office_file(path, target)
    except DocumentError as exc:
        print(f"LibreOffice: {exc.detail}"[:1000], file=sys.stderr)  # LibreOffice's own words: the log only
        detail = ("ไม่พบโปรแกรม LibreOffice บนเครื่องแม่ข่าย กรุณาแจ้งผู้ดูแลระบบ" if isinstance(exc, PdfUnavailable)
                  else "LibreOffice เปิดไฟล์นี้ไม่ได้ ไฟล์อาจเสียหายหรือมีรหัสผ่าน")
        raise failure("conversion_failed", label=LABEL[kind], target=target.upper(), detail=detail) from None
    with tempfile.TemporaryDirectory(prefix="khamrap-converted-") as work:
        converted = Path(work) / f"converted.{target}"
        converted.write_bytes(data)
        return _docx(converted) if target == "docx" else _xlsx(converted)


def extract_text(path, detected_type: DetectedType, limits: Limits | None = None) -> list[ExtractedPage]:
    """Pages of text of a validated file (see ``detect.validate_upload``). ``limits`` caps the
    pages, the render size and the OCR work; time and memory are capped by running this in a
    child process (``isolate.run_isolated``). Literal HTML tags are stripped (``strip_tags``)."""
    pages = _extract(Path(path), detected_type, limits)
    return [p if "<" not in p.text else ExtractedPage(p.number, strip_tags(p.text), p.method) for p in pages]


def _extract(path: Path, detected_type: DetectedType, limits: Limits | None) -> list[ExtractedPage]:
    limits = limits or Limits()
    kind = detected_type.kind
    if kind == "pdf":
        return _pdf(path, limits)
    if kind == "docx":
        return _docx(path)
    if kind == "xlsx":
        return _xlsx(path)
    if kind == "pptx":
        return _pptx(path)
    if kind in CONVERTED:
        return _converted(path, kind)
    if detected_type.is_image:
        return _image(path, limits)
    if kind == "text":
        return _text(path, detected_type.encoding)
    raise ValueError(f"unsupported type: {kind}")


__all__ = ["ExtractedPage", "extract_text", "ocr_image", "strip_tags"]
