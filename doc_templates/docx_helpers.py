"""python-docx helpers for writing the docxtpl templates (used by build_templates).

Small wrappers so the template builders read like the document: a paragraph
with runs, a borderless table, a table row holding a ``{%tr %}`` tag. Layout
follows the official-letter regulation (ระเบียบงานสารบรรณ): A4, margins left
3 cm / right 2 cm / top 2.5 cm / bottom 2 cm, TH Sarabun New 16 pt.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "TH Sarabun New"
SIZE = 16
A4_W, A4_H = Cm(21), Cm(29.7)
LEFT, RIGHT, TOP, BOTTOM = Cm(3), Cm(2), Cm(2.5), Cm(2)
TEXT_WIDTH_CM = 16.0  # 21 - 3 - 2
TEXT_WIDTH_LANDSCAPE_CM = 24.7  # 29.7 - 3 - 2

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT_ALIGN = WD_ALIGN_PARAGRAPH.LEFT
RIGHT_ALIGN = WD_ALIGN_PARAGRAPH.RIGHT
# Thai distributed justification, the usual alignment of Thai official body text.
THAI_JUSTIFY = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY


def _set_fonts(rpr, font: str = FONT) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def new_document():
    """A4 document with Thai defaults in styles.xml (fonts on all four slots,
    16 pt on sz and szCs, lang bidi th-TH, no paragraph spacing)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4_W, A4_H
    set_margins(section)
    styles = doc.styles.element
    # Theme fonts would override our explicit ones in some readers: drop them.
    for rfonts in styles.iter(qn("w:rFonts")):
        _set_fonts(rfonts.getparent())
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:sz")).set(qn("w:val"), str(SIZE * 2))
    rpr.find(qn("w:szCs")).set(qn("w:val"), str(SIZE * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "th-TH")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Table Grid"):
        style = doc.styles[name]
        style.font.name = FONT
        _set_fonts(style.element.get_or_add_rPr())
    for name, size in (("Heading 1", 18), ("Heading 2", 16)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:szCs", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            if tag == "w:szCs":
                el.set(qn("w:val"), str(size * 2))
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    # settings.xml: tell Word the complex-script language is Thai (python-docx's
    # default settings already hold one w:themeFontLang: change it, never add one).
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    for attr in ("w:eastAsia",):
        theme_lang.attrib.pop(qn(attr), None)
    theme_lang.set(qn("w:val"), "th-TH")
    theme_lang.set(qn("w:bidi"), "th-TH")
    _drop_styles_with_effects(doc)
    return doc


def _drop_styles_with_effects(doc) -> None:
    """python-docx's default template carries Word 2010's stylesWithEffects.xml,
    a stale copy of styles.xml (its docDefaults and styles differ from ours,
    which Word may report as unreadable content). The part is optional: drop it."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.rels.pop(rel_id, None)


def set_margins(section) -> None:
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1)


def new_section(doc, landscape: bool):
    """Start a section on a new page, portrait or landscape, same margins."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_H, A4_W
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_W, A4_H
    set_margins(section)
    section.different_first_page_header_footer = False  # only the cover is unnumbered
    return section


def para(
    container,
    *runs,
    align=None,
    first_line=None,
    left=None,
    hanging=None,
    before=0,
    after=0,
    tabs=(),
    style=None,
    page_break_before=False,
    keep_next=False,
    paragraph=None,
):
    """Add a paragraph. ``runs`` are strings or (text, dict(bold=, size=)) tuples.

    ``first_line``/``left``/``hanging`` in cm; ``tabs`` = [(cm, 'left'|'center'|'right')].
    """
    p = paragraph if paragraph is not None else container.add_paragraph(style=style)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if hanging is not None:
        fmt.left_indent = Cm((left or 0) + hanging)
        fmt.first_line_indent = Cm(-hanging)
    elif left is not None:
        fmt.left_indent = Cm(left)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if page_break_before:
        fmt.page_break_before = True
    if keep_next:
        fmt.keep_with_next = True
    for pos, kind in tabs:
        fmt.tab_stops.add_tab_stop(
            Cm(pos),
            {"left": WD_TAB_ALIGNMENT.LEFT, "center": WD_TAB_ALIGNMENT.CENTER,
             "right": WD_TAB_ALIGNMENT.RIGHT}[kind],
        )
    for item in runs:
        text, opts = (item, {}) if isinstance(item, str) else item
        run = p.add_run(text)
        if opts.get("bold"):
            run.bold = True
        if opts.get("size"):
            run.font.size = Pt(opts["size"])
    return p


def tag(container, text: str):
    """A paragraph holding only a ``{%p … %}`` tag (docxtpl removes it)."""
    return container.add_paragraph(text)


def page_break(container):
    p = container.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def table(container, widths_cm, style="Table Grid", borders=True, align_center=True):
    """A fixed-layout table with the given column widths (cm)."""
    t = container.add_table(rows=0, cols=len(widths_cm))
    t.style = container.part.document.styles[style] if borders else None
    t.autofit = False  # writes the one w:tblLayout w:type="fixed", in schema order
    if align_center:
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(width * 567)))
    t._widths = widths_cm
    if not borders:
        set_no_borders(t)
    return t


def set_no_borders(t) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _insert_in_order(t._tbl.tblPr, borders, ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption"))


def _insert_in_order(parent, child, later: tuple[str, ...]) -> None:
    """Insert ``child`` before the first of ``later`` present (schema order)."""
    for name in later:
        anchor = parent.find(qn(f"w:{name}"))
        if anchor is not None:
            anchor.addprevious(child)
            return
    parent.append(child)


def row(t, *cells, bold=False, align=None, header=False):
    """Append a row; each cell is a string, a (text, opts) tuple or a list of
    those (several paragraphs). Returns the python-docx row."""
    r = t.add_row()
    tr_pr = r._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    for cell, width, content in zip(r.cells, t._widths, cells):
        cell.width = Cm(width)
        items = content if isinstance(content, list) else [content]
        first = True
        for item in items:
            text, opts = (item, {}) if isinstance(item, str) else item
            opts = {"bold": bold, **opts}
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            para(None, (text, opts), align=opts.get("align", align), paragraph=p)
    return r


def tag_row(t, text: str):
    """A row whose first cell holds a ``{%tr … %}`` tag (docxtpl removes the row)."""
    r = t.add_row()
    r.cells[0].paragraphs[0].add_run(text)
    return r


def merge_cells(r, start: int, end: int, text: str | None = None, align=None, bold=False):
    """Merge cells start..end (inclusive) of a row horizontally."""
    merged = r.cells[start].merge(r.cells[end])
    if text is not None:
        for p in merged.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        p = merged.paragraphs[0]
        for run in list(p.runs):
            run._r.getparent().remove(run._r)
        para(None, (text, {"bold": bold}), align=align, paragraph=p)
    return merged


def shade(r, fill: str = "D9D9D9") -> None:
    """Grey background on every cell of a row (table headers)."""
    for cell in r.cells:  # a merged cell is listed once per grid column it spans
        tc_pr = cell._tc.get_or_add_tcPr()
        if tc_pr.find(qn("w:shd")) is not None:
            continue
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        _insert_in_order(tc_pr, shd, ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"))


def add_field(paragraph, instr: str, result_runs=()):
    """A simple complex field (PAGE, TOC …) inside one paragraph."""
    def fld(kind):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld("begin")
    r = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    for text in result_runs:
        paragraph.add_run(text)
    fld("end")


def field_begin(paragraph, instr: str):
    """Open a multi-paragraph field (TOC) in ``paragraph``; close with field_end."""
    r = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "begin")
    r._r.append(el)
    r = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    r = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "separate")
    r._r.append(el)


def field_end(paragraph):
    r = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    r._r.append(el)


def _page_number(p, instr: str = "PAGE") -> None:
    p.alignment = CENTER
    p.add_run("- ")
    add_field(p, instr, ["1"])
    p.add_run(" -")


def page_number_footer(section, instr: str = "PAGE", first_page: bool = True):
    """Centred page number in the section footer ("- ๒ -" style); call once,
    later sections inherit it. ``first_page=False``: the section's first page
    (a booklet's cover) has an empty footer. Thai digits come from the sections'
    ``w:pgNumType w:fmt="thaiNumbers"`` which the engine sets at render time."""
    if not first_page:
        section.different_first_page_header_footer = True
    _page_number(section.footer.paragraphs[0], instr)


def page_number_header(section, instr: str = "PAGE"):
    """Page number at the top centre of every page but the first (official letters)."""
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0], instr)


def bookmark_around(paragraph, name: str, bookmark_id: str) -> None:
    """Wrap the paragraph's content in a bookmark (a PAGEREF target)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bookmark_id)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bookmark_id)
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
