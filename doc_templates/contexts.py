"""ข้อมูลสำหรับสร้างเอกสาร (document contexts) — plain dataclasses, no Django.

The adapter that reads Wagtail pages fills these; the engine validates them
and hands them to the docxtpl templates. Every field has a Thai label in its
metadata: the label is what a :class:`~doc_templates.errors.DocumentError`
names when a required field is empty (``ไม่ได้ระบุ 'เรื่อง'``).

Digit rule: every number follows ``thai_digits``; :class:`Verbatim` fields
(e-mail) and verbatim spans inside any text (URLs, Latin codes, ISO 9001:2015)
never change; :class:`Code` marks identifiers (KPI codes, document numbers). ``__post_init__``
coerces plain ``str`` into those marker types, so callers pass plain strings.

All dataclasses are keyword-only: ``MemoContext(subject=..., to=...)``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

import re

from scoring.types import Direction, Kind
from thai.calendar import be_year, fiscal_year_period

from .thai_format import Code, Verbatim, measure, thai_list

Number = Union[int, float, Decimal]

# --- KPI kinds and directions (ค่าคงที่) -------------------------------------
# The values are the scoring engine's (scoring.types), as the KPI pages store them.
QUANTITATIVE = Kind.QUANTITATIVE.value  # เชิงปริมาณ
QUALITATIVE = Kind.QUALITATIVE.value  # เชิงคุณภาพ
MILESTONE = Kind.MILESTONE.value  # ระดับความสำเร็จ (ขั้นตอน)
KPI_KINDS = {
    QUANTITATIVE: "เชิงปริมาณ",
    QUALITATIVE: "เชิงคุณภาพ",
    MILESTONE: "ระดับความสำเร็จ",
}
HIGHER_BETTER = Direction.HIGHER_IS_BETTER.value  # ค่ามากดี
LOWER_BETTER = Direction.LOWER_IS_BETTER.value  # ค่าน้อยดี
DIRECTIONS = {HIGHER_BETTER: "ค่ามากดี", LOWER_BETTER: "ค่าน้อยดี"}


def required(label: str, default=None):
    """ช่องบังคับ: empty (None, "", []) makes rendering fail naming ``label``."""
    kwargs = {"default_factory": list} if default is list else {"default": default}
    return field(metadata={"label": label, "required": True}, **kwargs)


def optional(label: str, default=None):
    """ช่องไม่บังคับ (optional field) with its Thai label."""
    kwargs = {"default_factory": list} if default is list else {"default": default}
    return field(metadata={"label": label, "required": False}, **kwargs)


def _code(value):
    return None if value is None else Code(str(value))


def _verbatim(value):
    return None if value is None else Verbatim(str(value))


# --- people -------------------------------------------------------------------
@dataclass(kw_only=True)
class Person:
    """บุคคล / ผู้ติดต่อ (signer, KPI supervisor, data collector).

    name      ชื่อ-สกุล พร้อมคำนำหน้า (full name with title), e.g. "นางสาวสมใจ ใจดี"
    position  ตำแหน่ง (position; may hold "\\n" for a two-line position)
    phone     โทรศัพท์ (phone; digits follow thai_digits)
    email     อีเมล (e-mail; never converted)
    """

    name: str = required("ชื่อ-สกุล")
    position: str = optional("ตำแหน่ง", "")
    phone: Optional[str] = optional("โทรศัพท์")
    email: Optional[str] = optional("อีเมล")

    def __post_init__(self):
        self.email = _verbatim(self.email)


# --- body text: paragraphs and lists ---------------------------------------------------
_LIST_MARK = re.compile(r"^\s*(?:([-•*●▪])|(\(?\d{1,2}[.)]))\s+(.*)$")


def body_blocks(paragraphs: list[str]) -> list[dict]:
    """Body entries → blocks the templates print: a paragraph (first-line indent
    2.5 cm) or a list item ("- x", "• x", "1. x", "(1) x") with its marker."""
    blocks = []
    for text in paragraphs or []:
        m = _LIST_MARK.match(str(text))
        if m is None:
            blocks.append({"list": False, "marker": "", "text": str(text).strip()})
        else:
            marker = "•" if m.group(1) else m.group(2)
            blocks.append({"list": True, "marker": marker, "text": m.group(3).strip()})
    return blocks


# --- memo and letter ---------------------------------------------------------------
@dataclass(kw_only=True)
class MemoContext:
    """บันทึกข้อความ (internal memo) ตามระเบียบงานสารบรรณ.

    section        ส่วนราชการ — the sending section, e.g. "กลุ่มพัฒนาระบบบริหาร"
    section_phone  โทร. ของส่วนราชการ (phone shown after the section)
    ref_no         ที่ — document number, a Code ("กพร 0501/123")
    date           วันที่ (datetime.date; printed in B.E.)
    subject        เรื่อง
    to             เรียน (addressee, e.g. "อธิบดีกรมตัวอย่าง")
    body           ย่อหน้าเนื้อความ (list of paragraphs; first-line indent 2.5 cm)
    signer         ผู้ลงนาม (name printed in parentheses, then position)
    """

    section: str = required("ส่วนราชการ")
    section_phone: Optional[str] = optional("โทร.")
    ref_no: str = required("ที่")
    date: _dt.date = required("วันที่")
    subject: str = required("เรื่อง")
    to: str = required("เรียน")
    body: list[str] = required("เนื้อความ", list)
    signer: Person = required("ผู้ลงนาม")

    def __post_init__(self):
        self.ref_no = _code(self.ref_no)

    @property
    def body_blocks(self) -> list[dict]:
        return body_blocks(self.body)


@dataclass(kw_only=True)
class LetterContext:
    """หนังสือภายนอก (external letter).

    ref_no          ที่ — document number (Code), printed left
    sender_address  ส่วนราชการเจ้าของหนังสือและที่อยู่ (lines separated by "\\n"), printed right
    date            วันที่
    subject         เรื่อง
    to              เรียน
    references      อ้างถึง — list; the line is left out when empty
    enclosures      สิ่งที่ส่งมาด้วย — list; left out when empty
    body            ย่อหน้าเนื้อความ
    closing         คำลงท้าย (default "ขอแสดงความนับถือ")
    signer          ผู้ลงนาม
    owner_section   ส่วนราชการเจ้าของเรื่อง (printed at the bottom)
    phone, fax      โทร. / โทรสาร of the owning section
    email           ไปรษณีย์อิเล็กทรอนิกส์ (optional, never converted)
    """

    ref_no: str = required("ที่")
    sender_address: str = required("ที่อยู่ส่วนราชการเจ้าของหนังสือ")
    date: _dt.date = required("วันที่")
    subject: str = required("เรื่อง")
    to: str = required("เรียน")
    references: list[str] = optional("อ้างถึง", list)
    enclosures: list[str] = optional("สิ่งที่ส่งมาด้วย", list)
    body: list[str] = required("เนื้อความ", list)
    closing: str = optional("คำลงท้าย", "ขอแสดงความนับถือ")
    signer: Person = required("ผู้ลงนาม")
    owner_section: str = required("ส่วนราชการเจ้าของเรื่อง")
    phone: Optional[str] = optional("โทร.")
    fax: Optional[str] = optional("โทรสาร")
    email: Optional[str] = optional("ไปรษณีย์อิเล็กทรอนิกส์")

    def __post_init__(self):
        self.ref_no = _code(self.ref_no)
        self.email = _verbatim(self.email)

    @property
    def body_blocks(self) -> list[dict]:
        return body_blocks(self.body)

    @property
    def address_lines(self) -> list[str]:
        """The sender's name and address, one printed line each: a one-line
        address is broken before its road / district / province."""
        out = []
        for line in str(self.sender_address or "").splitlines():
            out.extend(split_address(line))
        return [x for x in out if x]


_ADDRESS_BREAK = re.compile(r"\s+(?=(?:ถนน|ถ\.|แขวง|ตำบล|ต\.|เขต|อำเภอ|อ\.|จังหวัด|จ\.|กรุงเทพ)\S)")


def split_address(line: str, width: int = 34) -> list[str]:
    """One address line → lines of at most about ``width`` characters, broken
    only before ถนน/แขวง/เขต/จังหวัด… (never inside a name)."""
    line = " ".join(line.split())
    if len(line) <= width:
        return [line]
    parts = _ADDRESS_BREAK.split(line)
    lines = []
    for part in parts:
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] = f"{lines[-1]} {part}"
        else:
            lines.append(part)
    return lines


# --- KPI ------------------------------------------------------------------------------
@dataclass(kw_only=True)
class KpiLevel:
    """เกณฑ์การให้คะแนนหนึ่งระดับ (one of the five scoring levels).

    level        ระดับ 1-5
    value        ค่าของระดับ (quantitative value, e.g. 80) or the steps text for milestones
    description  คำอธิบายเพิ่มเติม (optional)
    """

    level: int = required("ระดับ")
    value: Union[str, Number, None] = optional("ค่าเกณฑ์")
    description: Optional[str] = optional("คำอธิบายระดับ")


@dataclass(kw_only=True)
class BaselineYear:
    """ข้อมูลพื้นฐาน/ผลงานในอดีตหนึ่งปี (baseline of one past year).

    year_be  ปีงบประมาณ พ.ศ.
    value    ผลการดำเนินงาน (None → "-")
    """

    year_be: int = required("ปีงบประมาณ")
    value: Union[str, Number, None] = optional("ผลการดำเนินงาน")


@dataclass(kw_only=True)
class Definition:
    """นิยามศัพท์ (term: meaning)."""

    term: str = required("คำที่นิยาม")
    meaning: str = required("ความหมาย")


@dataclass(kw_only=True)
class KpiContext:
    """รายละเอียดตัวชี้วัด (KPI template, DOMAIN.md §4).

    code               ลำดับ/รหัสตัวชี้วัด, a Code ("1", "1.1")
    name               ชื่อตัวชี้วัด
    weight             น้ำหนัก (ร้อยละ); a sub-KPI's weight is part of its parent's
    dimension          มิติ (e.g. "มิติที่ 1 ด้านประสิทธิผล")
    kind               ประเภท: quantitative | qualitative | milestone
    unit_of_measure    หน่วยวัด (e.g. "ร้อยละ", "ระดับ", "วัน")
    direction          ทิศทาง: higher | lower | None (scoring.types.Direction)
    target             ค่าเป้าหมาย (usually level 3's value)
    levels             เกณฑ์การให้คะแนน 5 ระดับ (list of KpiLevel)
    milestone_steps    ขั้นตอนการดำเนินงาน (milestones: level n = steps 1..n)
    baseline           ข้อมูลพื้นฐาน 3 ปีย้อนหลัง (list of BaselineYear)
    description        คำอธิบายตัวชี้วัด
    definitions        นิยาม (list of Definition)
    formula            สูตรการคำนวณ
    conditions         เงื่อนไข (list of paragraphs)
    evidence           เอกสาร/หลักฐานอ้างอิง (list)
    data_source        แหล่งข้อมูล
    collection_method  วิธีการจัดเก็บข้อมูล
    supervisors        ผู้กำกับดูแลตัวชี้วัด (list of Person with phone/e-mail)
    collectors         ผู้จัดเก็บข้อมูล (list of Person with phone/e-mail)
    mandatory          ตัวชี้วัดภาคบังคับ (True) or negotiated (False)
    sub_kpis           ตัวชี้วัดย่อย (nested KpiContext; 1 → 1.1, 1.2)
    """

    code: str = required("ลำดับตัวชี้วัด")
    name: str = required("ชื่อตัวชี้วัด")
    weight: Optional[Number] = required("น้ำหนัก")
    dimension: Optional[str] = optional("มิติ")
    kind: str = optional("ประเภทตัวชี้วัด", QUANTITATIVE)
    unit_of_measure: Optional[str] = optional("หน่วยวัด")
    direction: Optional[str] = optional("ทิศทาง")
    target: Union[str, Number, None] = optional("ค่าเป้าหมาย")
    levels: list[KpiLevel] = optional("เกณฑ์การให้คะแนน", list)
    milestone_steps: list[str] = optional("ขั้นตอนการดำเนินงาน", list)
    baseline: list[BaselineYear] = optional("ข้อมูลพื้นฐาน", list)
    description: Optional[str] = optional("คำอธิบาย")
    definitions: list[Definition] = optional("นิยาม", list)
    formula: Optional[str] = optional("สูตรการคำนวณ")
    conditions: list[str] = optional("เงื่อนไข", list)
    evidence: list[str] = optional("เอกสาร/หลักฐานอ้างอิง", list)
    data_source: Optional[str] = optional("แหล่งข้อมูล")
    collection_method: Optional[str] = optional("วิธีการจัดเก็บข้อมูล")
    supervisors: list[Person] = optional("ผู้กำกับดูแลตัวชี้วัด", list)
    collectors: list[Person] = optional("ผู้จัดเก็บข้อมูล", list)
    mandatory: bool = optional("ตัวชี้วัดภาคบังคับ", False)
    sub_kpis: list["KpiContext"] = optional("ตัวชี้วัดย่อย", list)

    def __post_init__(self):
        self.code = _code(self.code)

    # -- derived values the templates read ------------------------------------------
    @property
    def is_parent(self) -> bool:
        return bool(self.sub_kpis)

    @property
    def kind_label(self) -> str:
        return KPI_KINDS.get(self.kind, self.kind or "-")

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.direction, "-") if self.direction else "-"

    @property
    def level_values(self) -> list:
        """ค่าของระดับ 1-5 เรียงตามระดับ: the value, else the level's description
        (qualitative KPIs), else for milestones "ขั้นตอนที่ 1" … "ขั้นตอนที่ 1-5"."""
        by_level = {lv.level: lv for lv in self.levels}
        out = []
        for n in range(1, 6):
            lv = by_level.get(n)
            if lv is not None and lv.value not in (None, ""):
                out.append(lv.value)
            elif lv is not None and lv.description:
                out.append(lv.description)  # qualitative levels are described, not valued
            elif self.kind == MILESTONE:
                out.append("ขั้นตอนที่ 1" if n == 1 else f"ขั้นตอนที่ 1-{n}")
            else:
                out.append("-")
        return out

    @property
    def level_texts(self) -> list[str]:
        """ค่าของระดับ 1-5 with the unit as Thai writes it ("ร้อยละ 85", "15 วัน")."""
        by_level = {lv.level: lv for lv in self.levels}
        out = []
        for n, value in enumerate(self.level_values, start=1):
            lv = by_level.get(n)
            numeric = lv is not None and lv.value not in (None, "") and value == lv.value
            out.append(measure(value, self.unit_of_measure) if numeric else value)
        return out

    @property
    def table_level_texts(self) -> list[str]:
        """The five criteria cells of the agreement's KPI table: a milestone KPI's levels are
        "ขั้นตอนที่ 1" … "ขั้นตอนที่ 1-5" there (its steps are described in its template; a step's
        text in a 1.6 cm cell was seen broken into a dozen lines, "PMQA 4|.0" cut in two)."""
        if self.kind == MILESTONE:
            return ["ขั้นตอนที่ 1" if n == 1 else f"ขั้นตอนที่ 1-{n}" for n in range(1, 6)]
        return self.level_texts

    @property
    def level_rows(self) -> list[dict]:
        """[{level, value, description}] for the scoring-criteria table."""
        by_level = {lv.level: lv for lv in self.levels}
        values = self.level_values
        texts = self.level_texts
        rows = []
        for n in range(1, 6):
            description = (by_level[n].description if n in by_level else None) or ""
            if values[n - 1] == description:
                description = ""  # already shown as the value
            rows.append({"level": n, "value": texts[n - 1], "description": description})
        return rows

    @property
    def target_text(self) -> str:
        """ค่าเป้าหมาย with its unit ("ร้อยละ 91", "ระดับ 3")."""
        if self.target is None or self.target == "":
            return "-"
        unit = self.unit_of_measure
        if self.kind != QUANTITATIVE and unit is None:
            unit = "ระดับ"
        return measure(self.target, unit)

    def baseline_text(self, year_be: int) -> str:
        """ผลการดำเนินงานของปี ``year_be`` with its unit, "-" when none."""
        for b in self.baseline:
            if b.year_be == year_be:
                return measure(b.value, self.unit_of_measure)
        return "-"

    @property
    def baseline_rows(self) -> list[dict]:
        return [{"year_be": b.year_be, "text": measure(b.value, self.unit_of_measure)} for b in self.baseline]

    def walk(self, depth: int = 0):
        """Yield (kpi, depth) for this KPI and its sub-KPIs, depth-first."""
        yield self, depth
        for sub in self.sub_kpis:
            yield from sub.walk(depth + 1)


def flatten_kpis(kpis: list[KpiContext]) -> list[KpiContext]:
    """ตัวชี้วัดทั้งหมดเรียงตามลำดับ (parents before their sub-KPIs)."""
    return [k for top in kpis for k, _ in top.walk()]


# --- booklets -----------------------------------------------------------------------
@dataclass(kw_only=True)
class Party:
    """คู่คำรับรอง: one signature block (role: ผู้ทำคำรับรอง / ผู้รับคำรับรอง / พยาน)."""

    name: str = required("ชื่อ-สกุล")
    position: str = optional("ตำแหน่ง", "")
    organisation: Optional[str] = optional("ส่วนราชการ")
    role: str = required("ฐานะ")


@dataclass(kw_only=True)
class PlanProject:
    """โครงการ/กิจกรรมของแผนปฏิบัติราชการ (one row of the plan's table in the agreement)."""

    name: str = required("ชื่อโครงการ/กิจกรรม")
    budget_baht: Optional[Decimal] = optional("งบประมาณ (บาท)")
    owner: Optional[str] = optional("ผู้รับผิดชอบ")
    start: Optional[_dt.date] = optional("เริ่ม")
    end: Optional[_dt.date] = optional("สิ้นสุด")

    @property
    def budget_text(self) -> Optional[str]:
        return baht(self.budget_baht)

    @property
    def period(self) -> Optional[str]:
        """"ต.ค. 2568 – ก.ย. 2569" (Thai month abbreviations, B.E.; digits converted by the engine)."""
        if not (self.start or self.end):
            return None
        def month(d):
            return f"{THAI_MONTHS_ABBR[d.month - 1]} {be_year(d.year)}" if d else "-"
        return f"{month(self.start)} – {month(self.end)}"


def baht(value) -> Optional[str]:
    """An amount in baht: "2,500,000", or with satang "1,200,000.50"; None when missing."""
    if value is None:
        return None
    d = Decimal(str(value))  # money is grouped from four digits ("4,500"), unlike years
    return f"{d:,.2f}" if d != d.to_integral_value() else f"{int(d):,}"


THAI_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


@dataclass(kw_only=True)
class AgreementBookletContext:
    """เล่มคำรับรองการปฏิบัติราชการ (agreement booklet).

    fiscal_year_be      ปีงบประมาณ พ.ศ. (period 1 ต.ค. ปีก่อน – 30 ก.ย.)
    organisation        ส่วนราชการผู้ทำคำรับรอง (e.g. "สำนักบริหารกลาง")
    organisation_abbr   ชื่อย่อ (e.g. "สบก.")
    parent_organisation ส่วนราชการต้นสังกัด (e.g. "กรมตัวอย่าง")
    receiver            ผู้รับคำรับรอง (Person; named by position in the text)
    maker               ผู้ทำคำรับรอง (Person)
    witness             พยาน (optional Person)
    action_plan         แผนปฏิบัติราชการที่คำรับรองนี้สนับสนุน
    action_plan_body    สาระสำคัญของแผน (paragraphs); action_plan_projects its projects (table)
    sign_date           วันที่ลงนาม (optional; blank line when None)
    kpis                ตัวชี้วัด (top level; sub-KPIs nested); top-level weights sum to 100
    """

    fiscal_year_be: int = required("ปีงบประมาณ")
    organisation: str = required("ส่วนราชการผู้ทำคำรับรอง")
    organisation_abbr: Optional[str] = optional("ชื่อย่อส่วนราชการ")
    parent_organisation: Optional[str] = optional("ส่วนราชการต้นสังกัด")
    receiver: Person = required("ผู้รับคำรับรอง")
    maker: Person = required("ผู้ทำคำรับรอง")
    witness: Optional[Person] = optional("พยาน")
    receivers: list[Person] = optional("ผู้รับคำรับรอง (หลายคน)", list)
    witnesses: list[Person] = optional("พยาน (หลายคน)", list)
    period_start: Optional[_dt.date] = optional("วันเริ่มต้นคำรับรอง")
    period_end: Optional[_dt.date] = optional("วันสิ้นสุดคำรับรอง")
    body: list[str] = optional("ข้อความคำรับรอง", list)
    action_plan: Optional[str] = optional("แผนปฏิบัติราชการ")
    action_plan_body: list[str] = optional("สาระสำคัญของแผนปฏิบัติราชการ", list)
    action_plan_projects: list[PlanProject] = optional("โครงการ/กิจกรรมของแผนปฏิบัติราชการ", list)
    sign_date: Optional[_dt.date] = optional("วันที่ลงนาม")
    kpis: list[KpiContext] = required("ตัวชี้วัด", list)
    # parties as the agreement lists them (maker, receivers, witnesses), one signature block
    # each; empty = receiver, maker, witness above. start/end: the agreement's own period.
    parties: list[Party] = optional("คู่คำรับรอง", list)

    def __post_init__(self):
        # several receivers / witnesses (the parties of the agreement) or the single fields
        if self.receiver is None and self.receivers:
            self.receiver = self.receivers[0]
        if not self.receivers and self.receiver is not None:
            self.receivers = [self.receiver]
        if not self.witnesses and self.witness is not None:
            self.witnesses = [self.witness]
        # the agreement's own period, else the fiscal year's
        if self.fiscal_year_be:
            start, end = fiscal_year_period(self.fiscal_year_be)
            self.period_start = self.period_start or start
            self.period_end = self.period_end or end

    @property
    def signature_blocks(self) -> list[Party]:
        if self.parties:
            return self.parties
        blocks = [Party(name=p.name, position=p.position, role="ผู้รับคำรับรอง") for p in self.receivers]
        blocks.append(Party(name=self.maker.name, position=self.maker.position, role="ผู้ทำคำรับรอง"))
        blocks += [Party(name=p.name, position=p.position, role="พยาน") for p in self.witnesses]
        return blocks

    @property
    def signature_rows(self) -> list[dict]:
        """Makers and receivers, two blocks to a row ({"left": Party, "right": Party | None})."""
        signers = [p for p in self.signature_blocks if p.role != "พยาน"]
        return [{"left": signers[i], "right": signers[i + 1] if i + 1 < len(signers) else None}
                for i in range(0, len(signers), 2)]

    @property
    def witness_blocks(self) -> list[Party]:
        return [p for p in self.signature_blocks if p.role == "พยาน"]

    @property
    def receivers_text(self) -> str:
        """"ปลัดกระทรวง และรองปลัดกระทรวง": every receiver by position, for the clauses."""
        return thai_list(p.position for p in self.signature_blocks if p.role == "ผู้รับคำรับรอง")

    @property
    def all_kpis(self) -> list[KpiContext]:
        return flatten_kpis(self.kpis)

    @property
    def projects_budget(self) -> Optional[str]:
        """The plan's projects' budgets added up, in baht (None when none gives one)."""
        budgets = [Decimal(str(p.budget_baht)) for p in self.action_plan_projects if p.budget_baht is not None]
        return baht(sum(budgets, Decimal(0))) if budgets else None

    @property
    def total_weight(self):
        return sum(Decimal(str(k.weight)) for k in self.kpis if k.weight is not None)

    @property
    def baseline_years(self) -> list[int]:
        """The three past fiscal years of the table's past-performance columns."""
        return [self.fiscal_year_be - 3, self.fiscal_year_be - 2, self.fiscal_year_be - 1]

    @property
    def dimension_groups(self) -> list[dict]:
        """KPIs grouped by dimension in the order met, each group with its weight
        (so the framework's weight rule can be checked on paper)."""
        groups: list[dict] = []
        by_name: dict = {}
        for top in self.kpis:
            name = top.dimension or (top.sub_kpis[0].dimension if top.sub_kpis else None) or "ตัวชี้วัดอื่น"
            group = by_name.get(name)
            if group is None:
                group = by_name[name] = {"name": name, "weight": Decimal(0), "kpis": []}
                groups.append(group)
            group["weight"] += Decimal(str(top.weight or 0))
            group["kpis"].extend(k for k, _ in top.walk())
        return groups


@dataclass(kw_only=True)
class ManualUnit:
    """ตัวชี้วัดของหน่วยงานหนึ่งในคู่มือระดับกรม (heading + its own numbering)."""

    name: str = required("หน่วยงาน")
    kpis: list[KpiContext] = required("ตัวชี้วัด", list)

    @property
    def all_kpis(self) -> list[KpiContext]:
        return flatten_kpis(self.kpis)


@dataclass(kw_only=True)
class ManualBookletContext:
    """คู่มือตัวชี้วัด (KPI manual) of a unit or a department for one year.

    fiscal_year_be  ปีงบประมาณ พ.ศ.
    organisation    หน่วยงานหรือส่วนราชการเจ้าของตัวชี้วัด
    title           ชื่อเล่ม (default "คู่มือตัวชี้วัด")
    prepared_by     ผู้จัดทำ (e.g. "กลุ่มพัฒนาระบบบริหาร")
    foreword        คำนำ (list of paragraphs, optional)
    kpis            ตัวชี้วัด (nested as in the agreement)
    """

    fiscal_year_be: int = required("ปีงบประมาณ")
    organisation: str = required("หน่วยงาน")
    title: str = optional("ชื่อเล่ม", "คู่มือตัวชี้วัด")
    prepared_by: Optional[str] = optional("ผู้จัดทำ")
    foreword: list[str] = optional("คำนำ", list)
    foreword_date: Optional[_dt.date] = optional("วันที่ของคำนำ")
    kpis: list[KpiContext] = optional("ตัวชี้วัด", list)
    units: list[ManualUnit] = optional("ตัวชี้วัดรายหน่วยงาน", list)

    def __post_init__(self):
        if self.units and not self.kpis:
            self.kpis = [k for u in self.units for k in u.kpis]

    @property
    def all_kpis(self) -> list[KpiContext]:
        return flatten_kpis(self.kpis)

    @property
    def sections(self) -> list[dict]:
        """Contents and body in sections: one per unit (heading + its own KPI
        numbering) in a department's manual, else one section without heading.
        Each KPI carries the bookmark its contents line refers to."""
        parts = self.units or [ManualUnit(name="", kpis=self.kpis)]
        out, n = [], 0
        for unit in parts:
            entries = []
            for k in unit.all_kpis:
                n += 1
                entries.append({"kpi": k, "bookmark": Verbatim(f"_KpiEntry{n}"), "bookmark_id": Verbatim(str(n))})
            u = len(out) + 1
            out.append({"name": unit.name, "bookmark": Verbatim(f"_KpiUnit{u}"), "bookmark_id": Verbatim(str(900 + u)),
                        "entries": entries})
        return out

    @property
    def cover_title_has_year(self) -> bool:
        return str(self.fiscal_year_be) in (self.title or "")

    @property
    def cover_title_has_organisation(self) -> bool:
        """The title already names the unit ("คู่มือตัวชี้วัดกองคลัง ..."): the cover
        does not print its name once more below it."""
        return bool(self.organisation) and self.organisation in (self.title or "")


# --- SAR ---------------------------------------------------------------------------------
@dataclass(kw_only=True)
class MilestoneStep:
    """ขั้นตอนของตัวชี้วัดระดับความสำเร็จ และสถานะ (step text, done?, its level 1-5).

    ``level`` None: the step is a level of its own (one step per level, in order)."""

    text: str = required("ขั้นตอน")
    done: bool = optional("ดำเนินการแล้ว", False)
    level: Optional[int] = optional("ระดับ")


@dataclass(kw_only=True)
class KpiReport:
    """ผลการดำเนินงานของตัวชี้วัดหนึ่งตัวในรอบรายงาน (one KPI in a SAR).

    kpi                 the KpiContext (code, name, weight, kind, levels…)
    result              ผลการดำเนินงาน (ค่าที่วัดได้) — quantitative
    narrative           คำอธิบายผลเชิงคุณภาพ — qualitative
    steps               ขั้นตอนและสถานะ — milestone (list of MilestoneStep)
    performance         ผลการดำเนินงาน (OPDC narrative)
    supporting_factors  ปัจจัยสนับสนุนต่อการดำเนินงาน
    obstacles           อุปสรรคต่อการดำเนินงาน
    improvements        แนวทางแก้ไข/พัฒนา
    evidence            เอกสาร/หลักฐานอ้างอิงที่แนบ
    self_score          คะแนนประเมินตนเอง (0-5)
    reviewer_score      คะแนนจากผู้ตรวจประเมิน (0-5, optional)
    """

    kpi: KpiContext = required("ตัวชี้วัด")
    result: Union[str, Number, None] = optional("ผลการดำเนินงาน (ค่าที่วัดได้)")
    narrative: Optional[str] = optional("คำอธิบายผลเชิงคุณภาพ")
    steps: list[MilestoneStep] = optional("ขั้นตอน", list)
    performance: Optional[str] = optional("ผลการดำเนินงาน")
    supporting_factors: Optional[str] = optional("ปัจจัยสนับสนุน")
    obstacles: Optional[str] = optional("อุปสรรค")
    improvements: Optional[str] = optional("แนวทางแก้ไข/พัฒนา")
    evidence: list[str] = optional("เอกสาร/หลักฐานอ้างอิง", list)
    self_score: Optional[Number] = optional("คะแนนประเมินตนเอง")
    reviewer_score: Optional[Number] = optional("คะแนนผู้ตรวจประเมิน")
    weighted_score: Optional[Number] = optional("คะแนนถ่วงน้ำหนัก")
    judged_by_sub_kpis: bool = optional("พิจารณาจากตัวชี้วัดย่อย", False)

    @property
    def is_parent(self) -> bool:
        """A parent KPI is judged by its sub-KPIs: no levels, no result of its own."""
        return self.judged_by_sub_kpis or self.kpi.is_parent

    @property
    def result_text(self) -> str:
        """ผลการดำเนินงาน with its unit ("ร้อยละ 85.5"), "-" when none."""
        if self.result is None or self.result == "":
            return "-"
        return measure(self.result, self.kpi.unit_of_measure)

    @property
    def weighted(self):
        """คะแนนถ่วงน้ำหนัก: given, else score × weight ÷ 100 (reviewer's score first)."""
        if self.weighted_score is not None:
            return self.weighted_score
        score = self.reviewer_score if self.reviewer_score is not None else self.self_score
        if score is None or not self.kpi.weight or "." in str(self.kpi.code):
            return None  # a sub-KPI's weight is part of its parent's: counted there
        return (Decimal(str(score)) * Decimal(str(self.kpi.weight)) / 100).quantize(Decimal("0.0001"))

    @property
    def level_reached(self) -> int:
        """ระดับความสำเร็จที่บรรลุ: the highest level n whose steps, and those of
        every level below it, are all done (a level may have several steps; a
        level with no step cannot be shown done, so the ladder stops there)."""
        by_level: dict[int, list[bool]] = {}
        for index, step in enumerate(self.steps, 1):
            by_level.setdefault(step.level or index, []).append(step.done)
        reached = 0
        while by_level.get(reached + 1) and all(by_level[reached + 1]):
            reached += 1
        return reached


def weighted_score(reports: list[KpiReport], attr: str) -> Optional[Decimal]:
    """คะแนนถ่วงน้ำหนัก sum(score × weight) / sum(weight), 4 decimals; None if no score."""
    pairs = [
        (Decimal(str(getattr(r, attr))), Decimal(str(r.kpi.weight)))
        for r in reports
        if getattr(r, attr) is not None and r.kpi.weight
    ]
    if not pairs:
        return None
    total_w = sum(w for _, w in pairs)
    return (sum(s * w for s, w in pairs) / total_w).quantize(Decimal("0.0001"))


@dataclass(kw_only=True)
class SarReportContext:
    """รายงานการประเมินผลตนเอง (SAR) ของรอบ 6/9/12 เดือน.

    fiscal_year_be  ปีงบประมาณ พ.ศ.
    round_months    รอบการรายงาน 6, 9 หรือ 12 เดือน
    organisation    หน่วยงานผู้รายงาน
    reports         ผลรายตัวชี้วัด (list of KpiReport)
    reporter        ผู้รายงาน (optional Person)
    report_date     วันที่รายงาน (optional)
    """

    fiscal_year_be: int = required("ปีงบประมาณ")
    round_months: int = required("รอบการรายงาน")
    organisation: str = required("หน่วยงาน")
    reports: list[KpiReport] = required("ผลการดำเนินงานรายตัวชี้วัด", list)
    reporter: Optional[Person] = optional("ผู้รายงาน")
    report_date: Optional[_dt.date] = optional("วันที่รายงาน")

    @property
    def self_total(self):
        return weighted_score(self.reports, "self_score")

    @property
    def reviewer_total(self):
        return weighted_score(self.reports, "reviewer_score")


# --- score announcement ---------------------------------------------------------
@dataclass(kw_only=True)
class ScoreRow:
    """หนึ่งแถวในตารางประกาศคะแนน: หน่วยงาน, คะแนน (4 ตำแหน่ง), อันดับ."""

    unit: str = required("หน่วยงาน")
    score: Optional[Number] = required("คะแนน")
    rank: Optional[int] = optional("อันดับ")
    group: Optional[str] = optional("กลุ่ม")


@dataclass(kw_only=True)
class ScoreAnnouncementContext:
    """บันทึกข้อความประกาศผลคะแนน: a memo with a score table.

    memo         the memo fields (body = paragraphs before the table)
    rows         ตารางคะแนน (list of ScoreRow, printed in the given order)
    after_table  ย่อหน้าหลังตาราง (e.g. "จึงเรียนมาเพื่อโปรดทราบ")
    table_title  หัวตาราง (optional caption above the table)
    """

    memo: MemoContext = required("บันทึกข้อความ")
    rows: list[ScoreRow] = required("ตารางคะแนน", list)
    after_table: list[str] = optional("ย่อหน้าหลังตาราง", list)
    table_title: Optional[str] = optional("หัวตาราง")
