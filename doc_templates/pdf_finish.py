"""Finishing the PDF LibreOffice makes: Thai digits in fields.

LibreOffice lays out the .docx but prints the numbers it computes itself —
PAGE and PAGEREF fields — in Arabic digits whatever ``w:pgNumType
w:fmt="thaiNumbers"`` says (Word honours it).

:func:`finish_pdf` draws, with reportlab, onto the same pages (merged with
pypdf) the page numbers, in Thai digits when the document uses them: the .docx
given to LibreOffice has its PAGE fields taken out (:func:`strip_page_numbers`),
so nothing is drawn twice and the PDF's text says "- ๒ -". (The continuation
cues of correspondence are in the .docx itself: :mod:`.continuation`.)
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import lru_cache

from .thai_format import to_thai_digits

PAGE_NUMBER_LINE = re.compile(r"^\s*-\s*[\d๐-๙]+\s*-\s*$")
RIGHT_MARGIN_PT = 2 / 2.54 * 72


@lru_cache(maxsize=1)
def _font_name() -> str:
    """Register the Thai font LibreOffice used (TH Sarabun New or its stand-in)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .pdf import font_env

    path = None
    if shutil.which("fc-match"):
        path = subprocess.run(["fc-match", "-f", "%{file}", "TH Sarabun New"], env=font_env(),
                              capture_output=True, text=True, timeout=30).stdout.strip()
    if not path:
        return "Helvetica"
    pdfmetrics.registerFont(TTFont("KhamrapThai", path))
    return "KhamrapThai"


HEADER_DISTANCE_PT = 1.25 / 2.54 * 72
FOOTER_DISTANCE_PT = 1.0 / 2.54 * 72
LEFT_MARGIN_PT = 3 / 2.54 * 72
PAGE_FIELD = re.compile(r"^\s*PAGE\b")


def strip_page_numbers(docx_bytes: bytes) -> bytes:
    """The .docx without its page-number fields (header/footer "- PAGE -"
    runs), for the LibreOffice conversion: :func:`finish_pdf` draws the numbers
    itself, in the digits the document uses. Paragraphs stay, so the layout does not move."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:
                continue
            for p in part.paragraphs:
                if any(PAGE_FIELD.match(t.text or "") for t in p._p.iter(W + "instrText")):
                    for r in list(p._p.iter(W + "r")):
                        r.getparent().remove(r)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def finish_pdf(pdf: bytes, *, thai_digits: bool = True, page_numbers: str | None = None,
               first_page_numbered: bool = True) -> bytes:
    """Draw onto LibreOffice's PDF the page numbers "- n -" (``page_numbers`` =
    "header" | "footer", centred on the text column; none on page 1 unless
    ``first_page_numbered``) in Thai digits when ``thai_digits``."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    if not page_numbers:
        return pdf
    document = pdfium.PdfDocument(pdf)
    pages = [document[i] for i in range(len(document))]
    sizes = [(p.get_width(), p.get_height()) for p in pages]
    font = _font_name()
    buffer = io.BytesIO()
    overlay = canvas.Canvas(buffer)
    for index, (width, height) in enumerate(sizes):
        overlay.setPageSize((width, height))
        overlay.setFillColorRGB(0, 0, 0)
        overlay.setFont(font, 16)
        if page_numbers and (index > 0 or first_page_numbered):
            number = str(index + 1)
            label = f"- {to_thai_digits(number) if thai_digits else number} -"
            centre = LEFT_MARGIN_PT + (width - LEFT_MARGIN_PT - RIGHT_MARGIN_PT) / 2
            y = height - HEADER_DISTANCE_PT - 12 if page_numbers == "header" else FOOTER_DISTANCE_PT + 2
            overlay.drawCentredString(centre, y, label)
        overlay.showPage()
    overlay.save()
    stamps = PdfReader(io.BytesIO(buffer.getvalue()))
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for page, stamp in zip(writer.pages, stamps.pages):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- contents page numbers (PAGEREF) in Thai digits -----------------------------------------
_LINE_NUMBER = re.compile(r"(\d+)\s*$")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pageref_numbers(pdf: bytes, start_marker: str = "สารบัญ", end_marker: str = "(KPI Template)") -> list[str]:
    """The page numbers LibreOffice printed at the end of the contents lines,
    in reading order (the contents run from the page holding ``start_marker``
    to the page before the one holding ``end_marker``)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    numbers, inside = [], False
    for i in range(len(document)):
        text = document[i].get_textpage().get_text_bounded()
        if not inside and start_marker in text:
            inside = True
        elif inside and end_marker in text:
            break
        if inside:
            lines = [ln for ln in text.splitlines() if ln.strip() and not PAGE_NUMBER_LINE.match(ln)]
            numbers += [m.group(1) for m in map(_LINE_NUMBER.search, lines) if m]
    return numbers


def freeze_pagerefs(docx_bytes: bytes, numbers: list[str], thai_digits: bool) -> bytes | None:
    """The .docx with each PAGEREF field's result replaced by ``numbers`` (in
    order, Thai digits when asked) and the field code removed, so a second
    LibreOffice run prints them as text. None when the counts differ."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    body = document.element.body
    fields = []
    for instr in body.iter(W_NS + "instrText"):
        if (instr.text or "").strip().startswith("PAGEREF"):
            fields.append(instr.getparent())
    if len(fields) != len(numbers):
        return None
    for instr_run, number in zip(fields, numbers):
        paragraph = instr_run.getparent()
        runs = list(paragraph.iter(W_NS + "r"))
        at = runs.index(instr_run)
        begin = max(i for i in range(at) if runs[i].find(f"{W_NS}fldChar[@{W_NS}fldCharType='begin']") is not None)
        end = min(i for i in range(at, len(runs)) if runs[i].find(f"{W_NS}fldChar[@{W_NS}fldCharType='end']") is not None)
        keep = runs[begin]
        for r in runs[begin + 1:end + 1]:
            r.getparent().remove(r)
        for child in list(keep):
            if child.tag != W_NS + "rPr":
                keep.remove(child)
        t = keep.makeelement(W_NS + "t", {})
        t.text = to_thai_digits(number) if thai_digits else number
        keep.append(t)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
