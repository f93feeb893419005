"""สร้างแม่แบบเอกสาร (.docx for docxtpl) จากซอร์สโค้ด — templates are reproducible.

Run ``python -m doc_templates.build_templates`` to rebuild every template under
``doc_templates/templates/``; the engine also calls :func:`build` for a
template file that is missing. The templates hold Jinja tags only; the digit
rule, dates and fonts are applied by the engine at render time:

* ``{{ x }}`` output goes through the engine's ``finalize`` (Thai digits,
  B.E. dates), so static numbers are written ``{{ 1 }}`` to follow the rule;
* ``{%p %}`` / ``{%tr %}`` tags sit alone in a paragraph / table row.

Variables a template may use are the fields and properties of its context
dataclass (see :mod:`doc_templates.contexts`) plus ``emblem``.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from .docx_helpers import (
    CENTER,
    RIGHT_ALIGN,
    TEXT_WIDTH_CM,
    add_field,
    bookmark_around,
    page_number_header,
    THAI_JUSTIFY,
    TEXT_WIDTH_LANDSCAPE_CM,
    field_begin,
    field_end,
    merge_cells,
    new_document,
    new_section,
    page_break,
    page_number_footer,
    para,
    row,
    shade,
    table,
    tag,
    tag_row,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
KINDS = ("memo", "letter", "agreement_booklet", "manual_booklet", "sar_report", "score_announcement")

BOLD = {"bold": True}
BODY_INDENT = 2.5  # cm, first-line indent of body paragraphs (ระเบียบงานสารบรรณ)
SIGN_LEFT = 6.0  # cm, left edge of the signature column; centred in the rest


# --- shared blocks ---------------------------------------------------------------------
def body_paragraphs(doc, var: str, keep_last: bool = False) -> None:
    """ย่อหน้าเนื้อความ: one paragraph per item of list ``var``. ``keep_last``:
    the last paragraph stays on the page of what follows (the signature)."""
    tag(doc, f"{{%p for text in {var} %}}")
    if keep_last:
        tag(doc, "{%p if loop.last %}")
        para(doc, "{{ text }}", first_line=BODY_INDENT, align=THAI_JUSTIFY, before=6, keep_next=True)
        tag(doc, "{%p else %}")
    para(doc, "{{ text }}", first_line=BODY_INDENT, align=THAI_JUSTIFY, before=6)
    if keep_last:
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


LIST_INDENT = BODY_INDENT  # list items start where a paragraph's first line does
LIST_HANGING = 0.75


def body_blocks(doc, var: str) -> None:
    """เนื้อความเป็นย่อหน้าและรายการ (``var`` = a context's ``body_blocks``):
    paragraphs keep their first-line indent, list items hang from their marker;
    the last two blocks keep with the signature below them, so a page never holds the
    closing sentence ("จึงเรียนมา…") alone above the signature (with widow control the
    last lines of the block before it come along)."""
    tag(doc, f"{{%p for b in {var} %}}")
    for last in (True, False):
        tag(doc, "{%p if loop.revindex <= 2 %}" if last else "{%p else %}")
        tag(doc, "{%p if b.list %}")
        para(doc, "{{ b.marker }}\t{{ b.text }}", left=LIST_INDENT, hanging=LIST_HANGING, align=THAI_JUSTIFY,
             before=3, keep_next=last, tabs=[(LIST_INDENT + LIST_HANGING, "left")])
        tag(doc, "{%p else %}")
        para(doc, "{{ b.text }}", first_line=BODY_INDENT, align=THAI_JUSTIFY, before=6, keep_next=last)
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def signature(doc, person: str, before: int = 42, closing: str | None = None, sign_line: bool = False,
              role: str | None = None, date: str | None = None, keep_last: bool = False) -> None:
    """ลายมือชื่อ: (closing), room for the signature, (name), position — kept
    together on one page (every line but the last keeps with the next; ``keep_last``:
    the last too, with what follows it)."""
    lines = []
    if closing:
        lines.append((closing, 12))
    if sign_line:
        lines.append(("(ลงชื่อ) ..........................................", before))
        before = 0
    lines.append((f"({{{{ {person}.name }}}})", before))
    lines.append((f"{{{{ {person}.position }}}}", 0))
    if role:
        lines.append((role, 0))
    if date:
        lines.append((date, 0))
    for i, (text, space) in enumerate(lines):
        para(doc, text, left=SIGN_LEFT, align=CENTER, before=space, keep_next=keep_last or i < len(lines) - 1)


def memo_header(doc, p: str = "") -> None:
    """หัวบันทึกข้อความ: ตราครุฑ 1.5 cm ซ้าย, "บันทึกข้อความ" กลางหน้า, then the
    ส่วนราชการ / ที่ / วันที่ / เรื่อง / เรียน lines. ``p`` prefixes variable names."""
    para(
        doc,
        "{{ emblem }}",
        "\t",
        ("บันทึกข้อความ", {"bold": True, "size": 29}),
        tabs=[(8.0, "center")],
    )
    label = {"bold": True, "size": 20}
    para(
        doc,
        ("ส่วนราชการ", label),
        f"  {{{{ {p}section }}}}{{% if {p}section_phone %}} โทร. {{{{ {p}section_phone }}}}{{% endif %}}",
        before=6,
    )
    para(
        doc,
        ("ที่", label),
        f"  {{{{ {p}ref_no }}}}",
        "\t",
        ("วันที่", label),
        f"  {{{{ {p}date }}}}",
        tabs=[(8.0, "left")],
    )
    para(doc, ("เรื่อง", label), f"  {{{{ {p}subject }}}}", hanging=1.3)
    para(doc, f"เรียน  {{{{ {p}to }}}}", before=12)


MEMO_TOP_MARGIN_CM = 1.5  # บันทึกข้อความ: the Garuda's top, and the page's text, 1.5 cm below the edge


def memo_page(doc) -> None:
    """บันทึกข้อความ page: top margin 1.5 cm (the Garuda and "บันทึกข้อความ" start
    there; from page 2 the page number in the header pushes the text below it)."""
    doc.sections[0].top_margin = Cm(MEMO_TOP_MARGIN_CM)


def continuation_page_numbers(doc) -> None:
    """หนังสือราชการ: no number on page 1, "- ๒ -" at the top centre from page 2."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    page_number_header(section)


def kpi_levels_table(doc, k: str = "k") -> None:
    """เกณฑ์การให้คะแนน: ระดับคะแนน | เกณฑ์ (value — description)."""
    t = table(doc, [3.0, 13.0])
    shade(row(t, "ระดับคะแนน", "เกณฑ์การให้คะแนน", bold=True, align=CENTER, header=True))
    tag_row(t, f"{{%tr for lv in {k}.level_rows %}}")
    row(
        t,
        "{{ lv.level }}",
        "{{ lv.value }}{% if lv.description %} — {{ lv.description }}{% endif %}",
    )
    tag_row(t, "{%tr endfor %}")
    t.rows[2].cells[0].paragraphs[0].alignment = CENTER  # rows: header, {%tr for %}, the level row


def people_table(doc, var: str) -> None:
    """ผู้กำกับดูแล / ผู้จัดเก็บข้อมูล: ชื่อ-สกุล และตำแหน่ง | โทรศัพท์ และอีเมล
    (the e-mail has a column wide enough never to break inside the address)."""
    t = table(doc, [8.5, 7.5])
    shade(row(t, "ชื่อ-สกุล / ตำแหน่ง", "โทรศัพท์ / อีเมล", bold=True, align=CENTER, header=True))
    tag_row(t, f"{{%tr for person in {var} %}}")
    row(t, ["{{ person.name }}", "{{ person.position }}"],
        ["โทร. {{ person.phone or '-' }}", "{{ person.email or '-' }}"])
    tag_row(t, "{%tr endfor %}")
    tag_row(t, f"{{%tr if not {var} %}}")
    r = row(t, "-", "")
    merge_cells(r, 0, 1, "-", align=CENTER)
    tag_row(t, "{%tr endif %}")


def small_text(t, size: int = 14) -> None:
    """Every run of table ``t`` at ``size`` pt (wide tables)."""
    for tr in t.rows:
        for cell in tr.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)


def section_label(doc, text: str) -> None:
    para(doc, (text, BOLD), before=6, keep_next=True)


def text_or_dash(doc, expr: str, keep_next: bool = False) -> None:
    para(doc, f"{{{{ {expr} or '-' }}}}", first_line=1.0, align=THAI_JUSTIFY, keep_next=keep_next)


def list_or_dash(doc, var: str, numbered: bool = True, keep_next: bool = False) -> None:
    """A numbered list of paragraphs, or "-" when the list is empty."""
    tag(doc, f"{{%p if {var} %}}")
    tag(doc, f"{{%p for item in {var} %}}")
    marker = "{{ loop.index }}. " if numbered else "• "
    para(doc, f"{marker}{{{{ item }}}}", left=1.0, hanging=0.6, align=THAI_JUSTIFY, keep_next=keep_next)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "-", left=1.0, keep_next=keep_next)
    tag(doc, "{%p endif %}")


def bookmarked_heading(doc, text: str, bookmark: str | None, **kwargs):
    """A Heading 1 paragraph, bookmarked when ``bookmark`` (a Jinja expression of
    a dict with ``name`` and ``id``) is given, for the contents' PAGEREF."""
    p = para(doc, text, style="Heading 1", **kwargs)
    if bookmark:
        bookmark_around(p, f"{{{{ {bookmark}.bookmark }}}}", f"{{{{ {bookmark}.bookmark_id }}}}")
    return p


def kpi_detail(doc, k: str = "k", bookmark: str | None = None) -> None:
    """รายละเอียดตัวชี้วัด (KPI template) in full, DOMAIN.md §4 — every field."""
    # KPIs follow one another (no page break before each): a long KPI's last
    # page is filled by the next one instead of staying nearly empty. The
    # heading keeps with its first table (Heading 1 keeps with next) and
    # tables split between rows (rows never split), never as a whole.
    heading = f"ตัวชี้วัดที่ {{{{ {k}.code }}}} {{{{ {k}.name }}}}"
    bookmarked_heading(doc, heading, bookmark, before=18)
    tag(doc, f"{{%p if {k}.is_parent %}}")
    para(doc, "ประกอบด้วยตัวชี้วัดย่อย ดังนี้", before=6)
    tag(doc, f"{{%p for s in {k}.sub_kpis %}}")
    para(doc, "ตัวชี้วัดที่ {{ s.code }} {{ s.name }} (น้ำหนัก ร้อยละ {{ s.weight }})", left=1.0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    t = table(doc, [4.5, 11.5])
    for label, value in (
        ("มิติ", f"{{{{ {k}.dimension or '-' }}}}"),
        ("ประเภทตัวชี้วัด", f"{{{{ {k}.kind_label }}}}{{% if {k}.mandatory %}} (ตัวชี้วัดภาคบังคับ){{% endif %}}"),
        ("หน่วยวัด", f"{{{{ {k}.unit_of_measure or '-' }}}}"),
        ("น้ำหนัก", f"ร้อยละ {{{{ {k}.weight }}}}"),
        ("ทิศทาง", f"{{{{ {k}.direction_label }}}}"),
        ("ค่าเป้าหมาย", f"{{{{ {k}.target_text }}}}"),
    ):
        row(t, (label, BOLD), value)
    section_label(doc, "คำอธิบาย")
    text_or_dash(doc, f"{k}.description")
    section_label(doc, "นิยาม")
    tag(doc, f"{{%p if {k}.definitions %}}")
    tag(doc, f"{{%p for d in {k}.definitions %}}")
    para(doc, ("{{ d.term }}", BOLD), " หมายถึง {{ d.meaning }}", first_line=1.0, align=THAI_JUSTIFY)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "-", left=1.0)
    tag(doc, "{%p endif %}")
    section_label(doc, "สูตรการคำนวณ")
    text_or_dash(doc, f"{k}.formula")
    section_label(doc, "เกณฑ์การให้คะแนน")
    kpi_levels_table(doc, k)
    tag(doc, f"{{%p if {k}.milestone_steps %}}")
    section_label(doc, "ขั้นตอนการดำเนินงาน")
    tag(doc, f"{{%p for step in {k}.milestone_steps %}}")
    para(doc, "ขั้นตอนที่ {{ loop.index }} {{ step }}", left=1.0, hanging=2.0, align=THAI_JUSTIFY)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    section_label(doc, "ข้อมูลพื้นฐานประกอบตัวชี้วัด")
    tag(doc, f"{{%p if {k}.baseline %}}")
    t = table(doc, [6.0, 6.0])
    shade(row(t, "ปีงบประมาณ", "ผลการดำเนินงาน", bold=True, align=CENTER, header=True))
    tag_row(t, f"{{%tr for b in {k}.baseline_rows %}}")
    row(t, "พ.ศ. {{ b.year_be }}", "{{ b.text }}", align=CENTER)
    tag_row(t, "{%tr endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "-", left=1.0)
    tag(doc, "{%p endif %}")
    section_label(doc, "เงื่อนไข")
    list_or_dash(doc, f"{k}.conditions")
    section_label(doc, "เอกสาร/หลักฐานอ้างอิง")
    list_or_dash(doc, f"{k}.evidence")
    t = table(doc, [4.5, 11.5])  # short fields in a table: a template's last page is not a near-empty one
    for label, value in (("แหล่งข้อมูล", f"{{{{ {k}.data_source or '-' }}}}"),
                         ("วิธีการจัดเก็บข้อมูล", f"{{{{ {k}.collection_method or '-' }}}}")):
        row(t, (label, BOLD), value)
    section_label(doc, "ผู้กำกับดูแลตัวชี้วัด")
    people_table(doc, f"{k}.supervisors")
    section_label(doc, "ผู้จัดเก็บข้อมูล")
    people_table(doc, f"{k}.collectors")
    tag(doc, "{%p endif %}")


def kpi_summary_table(doc) -> None:
    """ตารางตัวชี้วัด grouped by dimension (each with its weight):
    ลำดับ | ตัวชี้วัด | น้ำหนัก | ผลการดำเนินงานย้อนหลัง 3 ปี | ค่าเป้าหมาย | เกณฑ์ 1-5.

    Parent KPIs (with sub-KPIs) get one merged cell over target and levels.
    """
    widths = [1.3, 6.4, 1.6] + [1.7] * 3 + [2.3] + [1.6] * 5
    assert abs(sum(widths) - TEXT_WIDTH_LANDSCAPE_CM) < 0.01
    t = table(doc, widths)
    head = ("ลำดับ", "ตัวชี้วัด", "น้ำหนัก (ร้อยละ)", "ผลการดำเนินงานย้อนหลัง", "", "", "ค่าเป้าหมาย",
            "เกณฑ์การให้คะแนน", "", "", "", "")
    h1 = row(t, *head, bold=True, align=CENTER, header=True)
    h2 = row(t, "", "", "", *[f"พ.ศ. {{{{ baseline_years[{i}] }}}}" for i in range(3)], "",
             "{{ 1 }}", "{{ 2 }}", "{{ 3 }}", "{{ 4 }}", "{{ 5 }}", bold=True, align=CENTER, header=True)
    shade(h1)
    shade(h2)
    merge_cells(h1, 7, 11, "เกณฑ์การให้คะแนน", align=CENTER, bold=True)
    merge_cells(h1, 3, 5, "ผลการดำเนินงานย้อนหลัง", align=CENTER, bold=True)
    for col in (0, 1, 2, 6):
        text = head[col]
        merged = h1.cells[col].merge(h2.cells[col])
        for p in merged.paragraphs[1:]:
            p._p.getparent().remove(p._p)
    tag_row(t, "{%tr for g in dimension_groups %}")
    r = row(t, "", "", "{{ g.weight }}", *[""] * 9, bold=True, align=CENTER)
    merge_cells(r, 0, 1, "{{ g.name }}", bold=True)
    merge_cells(r, 3, 11, "")
    shade(r, "F2F2F2")
    for cell in r.cells:  # a dimension's row never ends a page without its first KPI
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
    tag_row(t, "{%tr for k in g.kpis %}")
    tag_row(t, "{%tr if k.is_parent %}")
    r = row(t, "{{ k.code }}", "{{ k.name }}", "{{ k.weight }}", *[""] * 9)
    merge_cells(r, 3, 11, "พิจารณาจากผลการดำเนินงานของตัวชี้วัดย่อย", align=CENTER)
    r.cells[0].paragraphs[0].alignment = CENTER
    r.cells[2].paragraphs[0].alignment = CENTER
    tag_row(t, "{%tr else %}")
    r = listing_row(
        t,
        "{{ k.code }}",
        "{{ k.name }}",
        "{{ k.weight }}",
        *[f"{{{{ k.baseline_text(baseline_years[{i}]) }}}}" for i in range(3)],
        "{{ k.target_text }}",
        *[f"{{{{ k.table_level_texts[{i}] }}}}" for i in range(5)],
    )
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")
    r = row(t, "", "รวม", "{{ total_weight }}", *[""] * 9, bold=True, align=CENTER)
    merge_cells(r, 3, 11, "")
    small_text(t)  # twelve columns: "ร้อยละ ๙๐" fits a 1.6 cm level column at 14 pt


def listing_row(t, *cells):
    """A row of a listing (KPIs, units, projects, steps): centred, but for the second column,
    the item's name (a long text), aligned as body text."""
    r = row(t, *cells, align=CENTER)
    r.cells[1].paragraphs[0].alignment = None
    return r


# --- documents -----------------------------------------------------------------------
def build_memo():
    doc = new_document()
    memo_page(doc)
    continuation_page_numbers(doc)
    memo_header(doc)
    body_blocks(doc, "body_blocks")
    signature(doc, "signer")
    return doc


def build_score_announcement():
    doc = new_document()
    memo_page(doc)
    continuation_page_numbers(doc)
    memo_header(doc, "memo.")
    body_blocks(doc, "memo.body_blocks")
    tag(doc, "{%p if table_title %}")
    para(doc, ("{{ table_title }}", BOLD), align=CENTER, before=6)
    tag(doc, "{%p endif %}")
    para(doc, "", before=0)
    t = table(doc, [1.5, 8.5, 3.0, 2.5])
    shade(row(t, "ที่", "หน่วยงาน", "คะแนน", "อันดับ", bold=True, align=CENTER, header=True))
    tag_row(t, "{%tr for r in rows %}")
    r = listing_row(t, "{{ loop.index }}", "{{ r.unit }}", "{{ r.score|score }}",
                    "{{ r.rank if r.rank is not none else '-' }}")
    tag_row(t, "{%tr endfor %}")
    body_paragraphs(doc, "after_table", keep_last=True)
    signature(doc, "memo.signer")
    return doc


def build_letter():
    doc = new_document()
    continuation_page_numbers(doc)
    para(doc, "{{ emblem }}", align=CENTER)
    t = table(doc, [8.5, 7.5], borders=False, align_center=False)
    r = row(t, "ที่ {{ ref_no }}", "")
    cell = r.cells[1]
    tag(cell, "{%p for line in address_lines %}")
    para(cell, "{{ line }}")
    tag(cell, "{%p endfor %}")
    first = cell.paragraphs[0]._p
    first.getparent().remove(first)
    para(doc, "{{ date }}", left=7.5, before=12)
    para(doc, "เรื่อง\t{{ subject }}", hanging=1.5, tabs=[(1.5, "left")], before=12)
    para(doc, "เรียน\t{{ to }}", hanging=1.5, tabs=[(1.5, "left")], before=6)
    for var, label, width in (("references", "อ้างถึง", 1.8), ("enclosures", "สิ่งที่ส่งมาด้วย", 3.0)):
        tag(doc, f"{{%p if {var} %}}")
        tag(doc, f"{{%p for item in {var} %}}")
        para(
            doc,
            f"{{% if loop.first %}}{label}{{% endif %}}\t"
            f"{{% if {var}|length > 1 %}}{{{{ loop.index }}}}. {{% endif %}}{{{{ item }}}}",
            hanging=width,
            tabs=[(width, "left")],
            before=6,
        )
        tag(doc, "{%p endfor %}")
        tag(doc, "{%p endif %}")
    body_blocks(doc, "body_blocks")
    # the owner's contact lines stay on the signature's page (never alone on a last page)
    signature(doc, "signer", closing="{{ closing }}", keep_last=True)
    para(doc, "{{ owner_section }}", before=36, keep_next=True)
    tag(doc, "{%p if phone %}")
    para(doc, "โทร. {{ phone }}", keep_next=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if fax %}")
    para(doc, "โทรสาร {{ fax }}", keep_next=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if email %}")
    para(doc, "ไปรษณีย์อิเล็กทรอนิกส์ {{ email }}")
    tag(doc, "{%p endif %}")
    return doc


def cover(doc, title: str, lines: list[str]) -> None:
    """ปกเล่ม: ตราครุฑ, ชื่อเล่ม, บรรทัดต่อ ๆ ไป, then a page break."""
    para(doc, "{{ emblem }}", align=CENTER, before=90)
    para(doc, (title, {"bold": True, "size": 28}), align=CENTER, before=36)
    for line in lines:
        para(doc, (line, {"bold": True, "size": 22}), align=CENTER, before=12)
    page_break(doc)


def party_cell(person: str) -> list:
    """One signature block in a table cell; blank when the row has no party there."""
    def line(text, opts=None):
        text = f"{{% if {person} %}}{text}{{% endif %}}"
        return (text, opts) if opts else text

    return [
        line("(ลงชื่อ) .........................................."),
        line(f"({{{{ {person}.name }}}})"),
        line(f"{{{{ {person}.position }}}}{{% if {person}.organisation %}} {{{{ {person}.organisation }}}}{{% endif %}}"),
        line(f"{{{{ {person}.role }}}}", BOLD),
        line("วันที่ {% if sign_date %}{{ sign_date }}{% else %}.........................{% endif %}"),
    ]


def build_agreement_booklet():
    doc = new_document()
    page_number_footer(doc.sections[0], first_page=False)
    cover(
        doc,
        "คำรับรองการปฏิบัติราชการ",
        [
            "{{ organisation }}{% if organisation_abbr %} ({{ organisation_abbr }}){% endif %}",
            "{% if parent_organisation %}{{ parent_organisation }}{% endif %}",
            "ประจำปีงบประมาณ พ.ศ. {{ fiscal_year_be }}",
        ],
    )
    para(doc, ("คำรับรองการปฏิบัติราชการ", {"bold": True, "size": 20}), align=CENTER)
    para(doc, ("ประจำปีงบประมาณ พ.ศ. {{ fiscal_year_be }}", BOLD), align=CENTER)
    para(doc, ("{{ organisation }}", BOLD), align=CENTER, after=12)
    clauses = [
        "คำรับรองระหว่าง {{ receivers_text }} ผู้รับคำรับรอง กับ {{ maker.position }} ผู้ทำคำรับรอง",
        "คำรับรองนี้เป็นคำรับรองฝ่ายเดียว มิใช่สัญญา และใช้สำหรับระยะเวลา {{ 1 }} ปี "
        "เริ่มตั้งแต่วันที่ {{ period_start }} ถึงวันที่ {{ period_end }}",
        "{% if action_plan %}คำรับรองนี้จัดทำขึ้นเพื่อขับเคลื่อน{{ action_plan }} {% endif %}"
        "รายละเอียดของคำรับรอง ได้แก่ ตัวชี้วัด น้ำหนัก ค่าเป้าหมาย และเกณฑ์การให้คะแนน "
        "ปรากฏอยู่ในแบบฟอร์มและรายละเอียดตัวชี้วัดที่แนบท้ายคำรับรองนี้",
        "ข้าพเจ้า {{ receivers_text }} ในฐานะผู้รับคำรับรอง ได้พิจารณาและเห็นชอบกับตัวชี้วัด น้ำหนัก "
        "ค่าเป้าหมาย และเกณฑ์การให้คะแนน ตามที่ปรากฏในเอกสารประกอบท้ายคำรับรองนี้ "
        "และยินดีจะให้คำแนะนำ กำกับ และตรวจสอบผลการปฏิบัติราชการของ{{ maker.position }} "
        "ให้เป็นไปตามคำรับรองที่จัดทำขึ้นนี้",
        "ข้าพเจ้า {{ maker.position }} ในฐานะผู้ทำคำรับรอง ได้ทำความเข้าใจคำรับรองตามข้อ {{ 3 }} แล้ว "
        "ขอให้คำรับรองกับ {{ receivers_text }} ว่าจะมุ่งมั่นปฏิบัติราชการให้เกิดผลงานที่ดีตามเป้าหมาย"
        "ของตัวชี้วัดแต่ละตัวในระดับสูงสุด เพื่อให้เกิดประโยชน์สุขแก่ประชาชน ตามที่ให้คำรับรองไว้",
        "ผู้รับคำรับรองและผู้ทำคำรับรองได้เข้าใจคำรับรองการปฏิบัติราชการ และเห็นพ้องกันแล้ว "
        "จึงได้ลงลายมือชื่อไว้เป็นสำคัญ",
    ]
    for n, clause in enumerate(clauses, start=1):
        para(doc, f"{{{{ {n} }}}}. {clause}", first_line=BODY_INDENT, align=THAI_JUSTIFY, before=6)
    # the agreement's own text, then the action plan it serves (the last paragraph before
    # the signatures keeps with them)
    body_paragraphs(doc, "body", keep_last=True)
    tag(doc, "{%p if action_plan_body %}")
    section_label(doc, "สาระสำคัญของ{{ action_plan }}")
    body_paragraphs(doc, "action_plan_body", keep_last=True)
    tag(doc, "{%p endif %}")
    # the plan's projects (budget, owner, period): the plan's text points at "the table below"
    tag(doc, "{%p if action_plan_projects %}")
    t = table(doc, [1.0, 6.2, 3.0, 3.2, 2.6])
    shade(row(t, "ที่", "โครงการ/กิจกรรม", "งบประมาณ (บาท)", "ผู้รับผิดชอบ", "ระยะเวลา",
              bold=True, align=CENTER, header=True))
    tag_row(t, "{%tr for x in action_plan_projects %}")
    r = listing_row(t, "{{ loop.index }}", "{{ x.name }}", "{{ x.budget_text or '-' }}", "{{ x.owner or '-' }}",
                    "{{ x.period or '-' }}")
    r.cells[2].paragraphs[0].alignment = RIGHT_ALIGN
    tag_row(t, "{%tr endfor %}")
    r = row(t, "", "รวม", "{{ projects_budget or '-' }}", "", "", bold=True, align=CENTER)
    r.cells[2].paragraphs[0].alignment = RIGHT_ALIGN
    tag(doc, "{%p endif %}")
    # one signature block per party, in the agreement's order (two receivers → two blocks):
    # makers and receivers two to a row, witnesses centred below. All of them sit in the one
    # row of an outer borderless table that never splits: LibreOffice does not keep table rows
    # with what follows (seen from the demo: the witness alone on a page of its own).
    para(doc, "", before=12, keep_next=True)
    # (two grid columns spanned by the one cell: docxtpl's fix_tables counts the inner rows'
    # cells as the outer table's and would split a one-column grid in two)
    outer = table(doc, [8.0, 8.0], borders=False)
    holder = outer.add_row()
    holder._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = holder.cells[0].merge(holder.cells[1])
    t = table(cell, [7.8, 7.8], borders=False)
    tag_row(t, "{%tr for r in signature_rows %}")
    r = row(t, party_cell("r.left"), party_cell("r.right"), align=CENTER)
    for c in r.cells:
        c.paragraphs[0].paragraph_format.space_before = Pt(24)
    tag_row(t, "{%tr endfor %}")
    tag(cell, "{%p for p in witness_blocks %}")
    para(cell, "(ลงชื่อ) ..........................................", align=CENTER, before=42)
    para(cell, "({{ p.name }})", align=CENTER)
    para(cell, "{{ p.position }}{% if p.organisation %} {{ p.organisation }}{% endif %}", align=CENTER)
    para(cell, ("{{ p.role }}", BOLD), align=CENTER)
    para(cell, "วันที่ {% if sign_date %}{{ sign_date }}{% else %}.........................{% endif %}", align=CENTER)
    tag(cell, "{%p endfor %}")
    first = cell.paragraphs[0]  # the cell's empty first paragraph (before the inner table)
    first._p.getparent().remove(first._p)
    # KPI table on landscape pages.
    new_section(doc, landscape=True)  # footer (page number) inherited
    para(doc, ("ตัวชี้วัด น้ำหนัก ค่าเป้าหมาย และเกณฑ์การให้คะแนน", {"bold": True, "size": 18}), align=CENTER)
    para(
        doc,
        ("คำรับรองการปฏิบัติราชการของ{{ organisation }} ประจำปีงบประมาณ พ.ศ. {{ fiscal_year_be }}", BOLD),
        align=CENTER,
        after=6,
    )
    kpi_summary_table(doc)
    new_section(doc, landscape=False)
    para(doc, ("รายละเอียดตัวชี้วัด (KPI Template)", {"bold": True, "size": 20}), align=CENTER)
    tag(doc, "{%p for k in all_kpis %}")
    kpi_detail(doc)
    tag(doc, "{%p endfor %}")
    return doc


def build_manual_booklet():
    doc = new_document()
    page_number_footer(doc.sections[0], first_page=False)
    cover(
        doc,
        "{{ title }}",
        [
            "{% if not cover_title_has_organisation %}{{ organisation }}{% endif %}",
            "{% if not cover_title_has_year %}ประจำปีงบประมาณ พ.ศ. {{ fiscal_year_be }}{% endif %}",
            "{% if prepared_by %}จัดทำโดย {{ prepared_by }}{% endif %}",
        ],
    )
    tag(doc, "{%p if foreword %}")
    para(doc, ("คำนำ", {"bold": True, "size": 20}), align=CENTER, after=6)
    body_paragraphs(doc, "foreword", keep_last=True)
    tag(doc, "{%p if prepared_by %}")
    para(doc, "{{ prepared_by }}", left=SIGN_LEFT, align=CENTER, before=24, keep_next=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if foreword_date %}")
    para(doc, "{{ foreword_date|thai_month_year }}", left=SIGN_LEFT, align=CENTER)
    tag(doc, "{%p endif %}")
    page_break(doc)
    tag(doc, "{%p endif %}")
    para(doc, ("สารบัญ", {"bold": True, "size": 20}), align=CENTER, after=6)
    # Contents: every unit and KPI with a PAGEREF field to its heading's
    # bookmark, so LibreOffice prints the page numbers in the PDF and Word
    # shows them on printing (a TOC field around them would freeze them).
    right = [(TEXT_WIDTH_CM, "right")]
    para(doc, ("ตัวชี้วัด", BOLD), "\t", ("หน้า", BOLD), tabs=right)
    tag(doc, "{%p for s in sections %}")
    tag(doc, "{%p if s.name %}")
    p = para(doc, ("{{ s.name }}", BOLD), "\t", tabs=right, before=6, keep_next=True)
    add_field(p, "PAGEREF {{ s.bookmark }} \\h", ["-"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for e in s.entries %}")
    p = para(doc, "ตัวชี้วัดที่ {{ e.kpi.code }} {{ e.kpi.name }}\t", left=0.5, tabs=right, before=3)
    add_field(p, "PAGEREF {{ e.bookmark }} \\h", ["-"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    para(doc, ("รายละเอียดตัวชี้วัด (KPI Template)", {"bold": True, "size": 20}), align=CENTER,
         page_break_before=True)
    tag(doc, "{%p for s in sections %}")
    tag(doc, "{%p set section_loop = loop %}")
    # each unit starts a page, but the first one follows the part's title on its page
    # (a page holding the title alone was seen in the demo department's manual)
    tag(doc, "{%p if s.name and section_loop.first %}")
    p = para(doc, "{{ s.name }}", style="Heading 1", align=CENTER, before=12)
    bookmark_around(p, "{{ s.bookmark }}", "{{ s.bookmark_id }}")
    tag(doc, "{%p elif s.name %}")
    p = para(doc, "{{ s.name }}", style="Heading 1", align=CENTER, page_break_before=True)
    bookmark_around(p, "{{ s.bookmark }}", "{{ s.bookmark_id }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for e in s.entries %}")
    tag(doc, "{%p set k = e.kpi %}")
    kpi_detail(doc, bookmark="e")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


def build_sar_report():
    doc = new_document()
    page_number_footer(doc.sections[0])
    para(doc, ("รายงานการประเมินผลการปฏิบัติราชการตนเอง", {"bold": True, "size": 20}), align=CENTER)
    para(doc, ("(Self Assessment Report: SAR)", BOLD), align=CENTER)
    para(doc, ("รอบ {{ round_months }} เดือน ประจำปีงบประมาณ พ.ศ. {{ fiscal_year_be }}", BOLD), align=CENTER)
    para(doc, ("{{ organisation }}", BOLD), align=CENTER, after=12)
    section_label(doc, "สรุปผลการประเมินตนเอง")
    t = table(doc, [1.0, 4.4, 1.2, 2.0, 2.0, 1.8, 1.8, 1.8])
    # "ที่", not "ลำดับ": a 1 cm column would break "ลำดั|บ"
    shade(row(t, "ที่", "ตัวชี้วัด", "น้ำหนัก", "ค่าเป้าหมาย", "ผลการดำเนินงาน", "คะแนนประเมินตนเอง",
              "คะแนนผู้ตรวจ", "คะแนนถ่วงน้ำหนัก", bold=True, align=CENTER, header=True))
    tag_row(t, "{%tr for r in reports %}")
    tag_row(t, "{%tr if r.is_parent %}")
    r = listing_row(t, "{{ r.kpi.code }}", "{{ r.kpi.name }}", "{{ r.kpi.weight }}", "", "",
                    "{{ r.self_score|score }}", "{{ r.reviewer_score|score }}", "{{ r.weighted|score }}")
    # no target or result of its own; its scores are its sub-KPIs' (reporting.scores)
    merge_cells(r, 3, 4, "พิจารณาจากตัวชี้วัดย่อย", align=CENTER)
    tag_row(t, "{%tr else %}")
    r = listing_row(
        t,
        "{{ r.kpi.code }}",
        "{{ r.kpi.name }}",
        "{{ r.kpi.weight }}",
        "{{ r.kpi.target_text }}",
        "{% if r.kpi.kind == 'milestone' %}{% if r.level_reached %}ระดับ {{ r.level_reached }}{% else %}ยังไม่บรรลุระดับ {{ 1 }}"
        "{% endif %}{% else %}{{ r.result_text }}{% endif %}",
        "{{ r.self_score|score }}",
        "{{ r.reviewer_score|score }}",
        "{{ r.weighted|score }}",
    )
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    r = row(t, "", "คะแนนถ่วงน้ำหนักรวม", "", "", "", "{{ self_total|score }}", "{{ reviewer_total|score }}", "",
            bold=True, align=CENTER)
    small_text(t)  # eight columns on a portrait page: 14 pt keeps "๓.๕๕๐๐" on one line
    tag(doc, "{%p for r in reports %}")
    para(doc, "ตัวชี้วัดที่ {{ r.kpi.code }} {{ r.kpi.name }}", style="Heading 1", page_break_before=True)
    para(
        doc,
        ("ประเภท ", BOLD), "{{ r.kpi.kind_label }}   ",
        ("หน่วยวัด ", BOLD), "{{ r.kpi.unit_of_measure or '-' }}   ",
        ("น้ำหนัก ", BOLD), "ร้อยละ {{ r.kpi.weight }}",
    )
    tag(doc, "{%p if r.is_parent %}")
    para(doc, "ตัวชี้วัดนี้พิจารณาจากผลการดำเนินงานของตัวชี้วัดย่อย", before=8)
    tag(doc, "{%p else %}")
    para(doc, ("ค่าเป้าหมาย ", BOLD), "{{ r.kpi.target_text }}", before=6)
    section_label(doc, "เกณฑ์การให้คะแนน")
    kpi_levels_table(doc, "r.kpi")
    tag(doc, "{%p if r.kpi.kind == 'quantitative' %}")
    para(doc, ("ผลการดำเนินงาน (ค่าที่วัดได้) ", BOLD), "{{ r.result_text }}", before=8)
    tag(doc, "{%p elif r.kpi.kind == 'qualitative' %}")
    section_label(doc, "ผลการดำเนินงานเชิงคุณภาพ")
    text_or_dash(doc, "r.narrative")
    tag(doc, "{%p else %}")
    section_label(doc, "ขั้นตอนการดำเนินงาน")
    t = table(doc, [2.0, 10.5, 3.5])
    shade(row(t, "ขั้นตอนที่", "การดำเนินงาน", "สถานะ", bold=True, align=CENTER, header=True))
    tag_row(t, "{%tr for s in r.steps %}")
    r = listing_row(t, "{{ loop.index }}", "{{ s.text }}",
                    "{% if s.done %}ดำเนินการแล้ว{% else %}ยังไม่ได้ดำเนินการ{% endif %}")
    tag_row(t, "{%tr endfor %}")
    para(doc, ("ระดับความสำเร็จที่บรรลุ ", BOLD),
         "{% if r.level_reached %}ระดับ {{ r.level_reached }} (ดำเนินการครบทุกขั้นตอนของระดับ {{ 1 }}"
         "{% if r.level_reached > 1 %}-{{ r.level_reached }}{% endif %}){% else %}ยังไม่บรรลุระดับ {{ 1 }}{% endif %}",
         before=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    for label, attr in (
        ("ผลการดำเนินงาน", "performance"),
        ("ปัจจัยสนับสนุนต่อการดำเนินงาน", "supporting_factors"),
        ("อุปสรรคต่อการดำเนินงาน", "obstacles"),
        ("แนวทางแก้ไข/พัฒนา", "improvements"),
    ):
        section_label(doc, label)
        # the last two sections keep with the scores (and the last KPI's with the
        # signature): the signature page never holds the score line alone
        text_or_dash(doc, f"r.{attr}", keep_next=attr == "improvements")
    section_label(doc, "เอกสาร/หลักฐานอ้างอิง")
    list_or_dash(doc, "r.evidence", keep_next=True)
    # a paragraph, not a table: the last KPI's scores keep with the signature below
    para(doc, ("คะแนนประเมินตนเอง {{ r.self_score|score }}   คะแนนผู้ตรวจประเมิน {{ r.reviewer_score|score }}   "
               "คะแนนถ่วงน้ำหนัก {{ r.weighted|score }}", BOLD), align=CENTER, before=12, keep_next=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if reporter %}")
    signature(doc, "reporter", before=30, sign_line=True, role="ผู้รายงาน",
              date="วันที่ {% if report_date %}{{ report_date }}{% else %}.........................{% endif %}")
    tag(doc, "{%p endif %}")
    return doc


BUILDERS = {
    "memo": build_memo,
    "letter": build_letter,
    "agreement_booklet": build_agreement_booklet,
    "manual_booklet": build_manual_booklet,
    "sar_report": build_sar_report,
    "score_announcement": build_score_announcement,
}


def template_path(kind: str, directory: Path = TEMPLATE_DIR) -> Path:
    return directory / f"{kind}.docx"


def build(kind: str, directory: Path = TEMPLATE_DIR) -> Path:
    """Build one template and save it atomically; returns its path."""
    import os
    import tempfile

    directory.mkdir(parents=True, exist_ok=True)
    doc = BUILDERS[kind]()
    props = doc.core_properties
    props.title = f"Khamrap template: {kind}"
    props.author = "Khamrap"
    props.comments = ""
    fixed = datetime.datetime(2026, 1, 1)
    props.created = props.modified = fixed
    props.last_modified_by = "Khamrap"
    props.revision = 1
    out = template_path(kind, directory)
    fd, tmp = tempfile.mkstemp(prefix=f".{kind}.", suffix=".docx", dir=directory)
    os.close(fd)
    try:
        doc.save(tmp)
        _normalise_zip(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


# Extended properties: the application is Khamrap, not python-docx's
# "Microsoft Macintosh Word" (page and word counts are left to the reader).
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>Khamrap</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _normalise_zip(path: str) -> None:
    """Fixed timestamps inside the .docx zip, so a rebuild without source
    changes gives byte-identical files (clean git status)."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        items = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items:
            if name == "docProps/app.xml":
                data = APP_XML
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def build_all(directory: Path = TEMPLATE_DIR) -> list[Path]:
    return [build(kind, directory) for kind in KINDS]


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_DIR):
        print(path)
