"""Helpers to read generated .docx files back (python-docx + raw XML)."""

from __future__ import annotations

import re
import zipfile

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THAI = re.compile("[\u0e00-\u0e7f]")
EMU_PER_CM = 360000


def open_docx(path):
    return docx.Document(str(path))


def _text(el) -> str:
    """Text of an element: w:t text, w:tab as "\t", w:br as "\n"."""
    out = []
    for node in el.iter(W + "t", W + "tab", W + "br"):
        if node.tag == W + "t":
            out.append(node.text or "")
        elif node.tag == W + "tab":
            if node.getparent().tag == W + "r":  # not a tab-stop definition
                out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def all_paragraphs(document):
    """Body paragraphs in document order, including those inside tables."""
    return [_text(p) for p in document.element.body.iter(W + "p")]


def full_text(document) -> str:
    return "\n".join(all_paragraphs(document))


def paragraph_starting(document, prefix: str) -> str:
    for text in all_paragraphs(document):
        if text.startswith(prefix):
            return text
    raise AssertionError(f"no paragraph starts with {prefix!r}")


def runs(document):
    """(text, rPr element or None) for every w:r of the body."""
    out = []
    for r in document.element.body.iter(W + "r"):
        text = "".join(t.text or "" for t in r.iter(W + "t"))
        out.append((text, r.find(W + "rPr")))
    return out


def inline_heights_cm(document) -> list[float]:
    return [
        int(extent.get("cy")) / EMU_PER_CM
        for extent in document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
        )
    ]


def table_rows(table) -> list[list[str]]:
    """Rows as lists of cell texts, one entry per w:tc (merged cells once)."""
    rows = []
    for tr in table._tbl.iter(W + "tr"):
        rows.append(["\n".join(_text(p) for p in tc.iter(W + "p")) for tc in tr.iter(W + "tc")])
    return rows


def grid_spans(table) -> list[list[int]]:
    spans = []
    for tr in table._tbl.iter(W + "tr"):
        row = []
        for tc in tr.iter(W + "tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            row.append(int(span.get(qn("w:val"))) if span is not None else 1)
        spans.append(row)
    return spans


def document_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def every_table(document):
    """Every table of the body, nested ones too (python-docx's ``document.tables`` gives the
    top level only), outer before inner."""
    out = []

    def walk(tables):
        for t in tables:
            out.append(t)
            for r in t.rows:
                for c in r.cells:
                    walk(c.tables)

    walk(document.tables)
    return out


def signing_table(document):
    """The agreement's two-column table of signature blocks (inside the one-row table that
    keeps every signature on one page)."""
    return next(t for t in every_table(document)
                if len(t.rows[0].cells) == 2 and "(ลงชื่อ)" in t.rows[0].cells[0].text and not t.rows[0].cells[0].tables)


def kpi_table(document):
    """The agreement's KPI table (its header starts "ลำดับ", "ตัวชี้วัด" and has a target column)."""
    for table in document.tables:
        first = table_rows(table)[0]
        if first[:2] == ["ลำดับ", "ตัวชี้วัด"] and "ค่าเป้าหมาย" in first:
            return table
    raise AssertionError("KPI table not found")
