"""คำต่อเนื่อง in the .docx of a memo or letter (ระเบียบงานสารบรรณ).

A page of a multi-page letter ends, at the bottom right, with the first word
of the next page followed by "...". Word has no field for "the first word of
the next page", so the cue is written into the document from a layout:
LibreOffice lays the .docx out once (:func:`first_and_last_lines` of each
page), each page break is located in the body text, and a right-aligned
*frame* paragraph (``w:framePr``, positioned on the page just below the text
area) holding "word..." is placed before the last body block that starts on
the page. A frame is outside the text flow, so the layout does not move, and
Word and LibreOffice both show it on the page of the block it precedes.

The cues are fixed text, right for the layout they were computed from (the
same font in Word normally breaks the same lines; a user who edits the text
moves them by hand, as with a typed letter). A page whose text starts inside
a body block that began two pages earlier gets no cue (no block to anchor to).
"""
from __future__ import annotations

import io
import re

from .pdf_finish import PAGE_NUMBER_LINE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = re.compile(r"\s+")
# marks the PDF text may give with a space before them ("ขึ ้น")
_COMBINING = re.compile(r"\s+(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
CM = 567  # twips per centimetre
CUE_GAP_CM = 0.1  # between the text area's bottom and the cue line
CUE_WIDTH_CM = 8.0


def _norm(text: str) -> str:
    from pythainlp.util import normalize

    return normalize(_SPACE.sub("", _COMBINING.sub("", text)))


def _text_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not PAGE_NUMBER_LINE.match(ln)]


def first_and_last_lines(pdf: bytes, skip=()) -> list[tuple[str, str]]:
    """(first line, last line) of each page's text (page-number lines skipped, and
    at a page's top the lines whose normalised text is in ``skip``: repeated headers)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(document)):
        lines = _text_lines(document[i].get_textpage().get_text_bounded())
        while i and len(lines) > 1 and _norm(lines[0]) in skip:
            lines = lines[1:]
        out.append((lines[0], lines[-1]) if lines else ("", ""))
    return out


def first_word(line: str) -> str:
    """The first word of a line: of the first tokens pythainlp's dictionary
    segmenters give ("newmm" and "longest"), the longer one, so a compound
    the dictionary holds ("ย่อหน้า") is not cut to its first syllable."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import normalize

    line = normalize(_COMBINING.sub("", line.strip()))
    candidates = []
    for engine in ("newmm", "longest"):
        words = [w for w in word_tokenize(line, engine=engine) if w.strip()]
        if words:
            lead = words[0]
            # a token of brackets/quotes only ("(") joins the word it opens
            if not re.search(r"\w", lead) and len(words) > 1:
                lead += words[1]
            candidates.append(lead)
    return max(candidates, key=len) if candidates else ""


def _block_text(block) -> str:
    return "".join(t.text or "" for t in block.iter(W + "t"))


def _cue_paragraph(body, text: str, page_height_twips: int, bottom_twips: int, font: str, size_pt: float):
    from . import runfix

    p = body.makeelement(W + "p", {})
    ppr = p.makeelement(W + "pPr", {})
    frame = ppr.makeelement(W + "framePr", {
        W + "w": str(int(CUE_WIDTH_CM * CM)), W + "wrap": "around", W + "vAnchor": "page",
        W + "hAnchor": "margin", W + "xAlign": "right",
        W + "y": str(page_height_twips - bottom_twips + int(CUE_GAP_CM * CM)),
    })
    ppr.append(frame)
    ppr.append(ppr.makeelement(W + "jc", {W + "val": "right"}))
    p.append(ppr)
    r = p.makeelement(W + "r", {})
    t = r.makeelement(W + "t", {})
    t.text = f"{text}..."
    r.append(t)
    p.append(r)
    runfix.fix_tree(p, font, size_pt)
    return p


def _rows(block) -> list:
    return [tr for tr in block if tr.tag == W + "tr"] if block.tag == W + "tbl" else []


def _is_header(tr) -> bool:
    return tr.find(f"{W}trPr/{W}tblHeader") is not None


def _row_at(tbl, offset: int) -> int | None:
    """The index of the row of ``tbl`` whose text starts at ``offset`` (in the normalised
    text of the table), when it is a body row after the first body row; else None."""
    position = 0
    for i, tr in enumerate(_rows(tbl)):
        if position == offset and i > 0 and not _is_header(tr):
            return i
        if position > offset:
            return None
        position += len(_norm(_block_text(tr)))
    return None


def _hairline(body):
    """An empty paragraph about 1 pt high (exact spacing, no grid snap): what the cue frame
    between two parts of a cut table is anchored to, without moving the layout."""
    p = body.makeelement(W + "p", {})
    ppr = p.makeelement(W + "pPr", {})
    ppr.append(ppr.makeelement(W + "snapToGrid", {W + "val": "0"}))
    ppr.append(ppr.makeelement(W + "spacing", {W + "before": "0", W + "after": "0", W + "line": "20",
                                               W + "lineRule": "exact"}))
    rpr = ppr.makeelement(W + "rPr", {})
    for name in ("sz", "szCs"):
        rpr.append(rpr.makeelement(W + name, {W + "val": "2"}))
    ppr.append(rpr)
    p.append(ppr)
    return p


def _split_table(tbl, row: int | None, cue) -> None:
    """Cut ``tbl`` before its ``row``-th row: the rows from there go to a new table after it
    (same properties and grid, the header rows repeated at its top), with ``cue`` and a
    hairline paragraph between the two. ``row`` None: ``cue`` and the hairline go right after
    the table (a page ending with the last rows of a table begun on an earlier page)."""
    from copy import deepcopy

    if row is None:  # after the table's last row: nothing to cut
        tbl.addnext(_hairline(tbl))
        tbl.addnext(cue)
        return
    rows = _rows(tbl)
    second = tbl.makeelement(W + "tbl", {})
    for child in tbl:
        if child.tag != W + "tr":
            second.append(deepcopy(child))
    for tr in rows:
        if _is_header(tr):
            second.append(deepcopy(tr))
        else:
            break
    for tr in rows[row:]:
        second.append(tr)  # moved
    tbl.addnext(second)
    tbl.addnext(_hairline(tbl))
    tbl.addnext(cue)


def header_texts(docx_bytes: bytes) -> set[str]:
    """Normalised text of every repeated table header row: the layout prints it at
    the top of each page a table runs onto; it is not the page's first word."""
    import docx

    body = docx.Document(io.BytesIO(docx_bytes)).element.body
    return {_norm(_block_text(tr)) for tbl in body.iter(W + "tbl") for tr in _rows(tbl) if _is_header(tr)}


def insert_cues(docx_bytes: bytes, pages: list[tuple[str, str]], font: str = "TH Sarabun New",
                size_pt: float = 16) -> tuple[bytes, int]:
    """The .docx with a cue on every page but the last of the layout ``pages``
    (:func:`first_and_last_lines`), and how many cues were placed.

    A page break inside a table gets its cue on the paragraph above the table when the
    table starts on that page. A page filled by the rows of a table that began on an earlier
    page has no paragraph of its own (Word keeps no frame in a table cell): the table is cut
    at that page break into two tables (the second repeats the header rows) and the cue frame
    goes between them, followed by a hairline paragraph it is anchored to (:func:`_split_table`;
    a frame followed directly by the next table is laid out by LibreOffice on the next page:
    tried). Every page break between two rows gets its cue, however many pages the table runs."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    body = document.element.body
    blocks = [el for el in body if el.tag in (W + "p", W + "tbl")]
    starts, stream = [], ""
    for block in blocks:
        starts.append(len(stream))
        stream += _norm(_block_text(block))
    section = document.sections[0]
    height, bottom = int(section.page_height.twips), int(section.bottom_margin.twips)

    def block_at(offset: int) -> tuple[int, bool]:
        index = max(i for i, s in enumerate(starts) if s <= offset and (i + 1 == len(starts) or starts[i + 1] > offset))
        return index, starts[index] == offset

    anchors, position = [], 0
    page_start = (0, True)  # page 1 starts at the start of the first block
    for (_, last), (first, _) in zip(pages, pages[1:]):
        tail, head = _norm(last), _norm(first)
        found = stream.find(tail + head, position) if tail and head else -1
        boundary = found + len(tail) if found >= 0 else (stream.find(head, position) if head else -1)
        if boundary < 0:
            anchors.append(None)
            continue
        index, at_start = block_at(boundary)
        anchor = index - 1 if at_start else index
        # a frame put just before a table is drawn by LibreOffice on every page the table
        # runs onto (seen: the cue twice on the last page): carry it on the paragraph above
        while anchor > 0 and blocks[anchor].tag == W + "tbl":
            anchor -= 1
        on_page = anchor > page_start[0] or (anchor == page_start[0] and page_start[1])
        if on_page and anchor >= 0:
            anchors.append((anchor, first_word(first)))
        elif blocks[index].tag == W + "tbl" and not at_start:
            # a page of rows of a table begun on an earlier page: cut the table at the break
            row = _row_at(blocks[index], boundary - starts[index])
            anchors.append(("split", index, row, first_word(first)) if row else None)
        elif at_start and index > 0 and blocks[index - 1].tag == W + "tbl":
            # the page ends with the last rows of a table begun on an earlier page
            anchors.append(("split", index - 1, None, first_word(first)))
        else:
            anchors.append(None)
        page_start, position = (index, at_start), boundary
    placed = 0
    # cuts from the end backwards: a table cut twice keeps its earlier row indexes valid
    # (row None: after the table's last row, which sorts after any cut of the same table)
    for item in sorted((a for a in anchors if a and a[0] == "split" and a[3]),
                       key=lambda a: (a[1], a[2] is None, a[2] or 0), reverse=True):
        _, index, row, word = item
        _split_table(blocks[index], row, _cue_paragraph(body, word, height, bottom, font, size_pt))
        placed += 1
    for item in anchors:
        if item is None or item[0] == "split" or not item[1]:
            continue
        anchor, word = item
        blocks[anchor].addprevious(_cue_paragraph(body, word, height, bottom, font, size_pt))
        placed += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), placed


def cues_from_layout(docx_bytes: bytes, pdf: bytes, font: str = "TH Sarabun New", size_pt: float = 16) -> bytes:
    """The cues of ``docx_bytes`` from LibreOffice's ``pdf`` of it (page numbers taken
    out): a repeated table header at a page's top is skipped for its first word."""
    pages = first_and_last_lines(pdf, skip=header_texts(docx_bytes))
    if len(pages) < 2:
        return docx_bytes
    return insert_cues(docx_bytes, pages, font, size_pt)[0]


def with_cues_and_layout(docx_bytes: bytes, font: str = "TH Sarabun New",
                         size_pt: float = 16) -> tuple[bytes, bytes | None]:
    """:func:`with_cues` and, when no cue was needed (one page), LibreOffice's PDF of
    the returned .docx with its page-number fields taken out (what
    :func:`doc_templates.engine.document_pdf` would lay out again): a one-page memo
    asked for as PDF costs one LibreOffice run, not two. Raises PdfUnavailable."""
    from .pdf import convert_many_to_pdf
    from .pdf_finish import strip_page_numbers

    pdf = convert_many_to_pdf([strip_page_numbers(docx_bytes)])[0]
    out = cues_from_layout(docx_bytes, pdf, font, size_pt)
    return out, (pdf if out is docx_bytes else None)


def with_cues(docx_bytes: bytes, font: str = "TH Sarabun New", size_pt: float = 16) -> bytes:
    """Lay ``docx_bytes`` out with LibreOffice and write the continuation cues
    into it (unchanged when the document has one page). Raises PdfUnavailable
    when LibreOffice is missing."""
    return with_cues_and_layout(docx_bytes, font, size_pt)[0]


# --- "clearly one page": the cue pass is skipped without LibreOffice --------------------
# Deliberately pessimistic figures (LibreOffice/Word fit about 70 base characters of TH
# Sarabun New 16 pt on a 16 cm line and a line is about 0.65 cm high): the estimate
# says "one page" only when even these leave a quarter of the page free.
CHARS_PER_CM = 3.2  # base characters (vowel and tone marks take no width) per cm of line
LINE_CM = 0.8
PARAGRAPH_GAP_CM = 0.35
ONE_PAGE_FILL = 0.75
_MARKS = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
EMU_PER_CM = 360000


def _paragraph_cm(p, width_cm: float) -> float:
    text = _MARKS.sub("", "".join(t.text or "" for t in p.iter(W + "t")))
    per_line = max(1.0, width_cm * CHARS_PER_CM)
    lines = max(1, -(-len(text) // int(per_line)))
    pictures = sum(int(e.get("cy", 0)) for e in p.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")) / EMU_PER_CM
    return lines * LINE_CM + PARAGRAPH_GAP_CM + pictures


def estimated_height_cm(docx_bytes: bytes) -> tuple[float, float]:
    """(pessimistic height of the body's content, the page's text height) in cm: every
    paragraph's lines at :data:`CHARS_PER_CM`, table rows at their tallest cell, pictures
    at their size."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_CM
    height = (section.page_height - section.top_margin - section.bottom_margin) / EMU_PER_CM
    total = 0.0
    for block in document.element.body:
        if block.tag == W + "p":
            total += _paragraph_cm(block, width)
        elif block.tag == W + "tbl":
            grid = [int(g.get(W + "w", 0)) / CM for g in block.iter(W + "gridCol")] or [width]
            for tr in _rows(block):
                cells = [tc for tc in tr if tc.tag == W + "tc"]
                tallest = 0.0
                for i, tc in enumerate(cells):
                    cell_width = grid[i] if i < len(grid) else width / max(1, len(cells))
                    tallest = max(tallest, sum(_paragraph_cm(p, cell_width) for p in tc.iter(W + "p")))
                total += tallest
    return total, height


def clearly_one_page(docx_bytes: bytes) -> bool:
    """True when the document surely fits one page (no cue to write, no layout needed)."""
    content, page = estimated_height_cm(docx_bytes)
    return content <= ONE_PAGE_FILL * page
