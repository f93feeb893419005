"""บันทึกข้อความมาตรฐานของรอบการประเมิน (standard memos of the yearly cycle).

Each function returns the memo's content fields — ``subject`` (เรื่อง), ``to``
(เรียน) and ``body`` (paragraphs) — ready to merge into a
:class:`~doc_templates.contexts.MemoContext` with the sender's own fields::

    MemoContext(**request_draft_kpis(2570, "กองคลัง", deadline=date(...)),
                section=..., ref_no=..., date=..., signer=...)

Numbers are written with Arabic digits; the engine converts them when the
organisation uses Thai digits. Dates are ``datetime.date`` and printed in
B.E. here with Arabic digits for the same reason.
"""

from __future__ import annotations

import datetime as _dt

from .thai_format import thai_date

ALL_UNITS = "ผู้อำนวยการสำนัก/กอง/ศูนย์ ทุกหน่วยงาน"


def _d(value: _dt.date) -> str:
    return thai_date(value, thai_digits=False)


def _memo(subject: str, to: str, *body: str) -> dict:
    return {"subject": subject, "to": to, "body": [p for p in body if p]}


def head_of(unit_name: str) -> str:
    """เรียน … : the unit's head ("กองคลัง" → "ผู้อำนวยการกองคลัง"); a text that
    already names a person/position or all units is kept."""
    if unit_name.startswith(("ผู้อำนวยการ", "หัวหน้า", "เลขานุการ", "อธิบดี", "รองอธิบดี")):
        return unit_name
    return f"ผู้อำนวยการ{unit_name}"


def framework_approval(fiscal_year_be: int, head_title: str = "อธิบดี", dimensions: int | None = None,
                       kpi_count: int | None = None) -> dict:
    """ขอความเห็นชอบกรอบการประเมินผลการปฏิบัติราชการ."""
    detail = ""
    if dimensions and kpi_count:
        detail = f" ประกอบด้วย {dimensions} มิติ รวม {kpi_count} ตัวชี้วัด"
    return _memo(
        f"ขอความเห็นชอบกรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_title,
        f"ด้วยกลุ่มพัฒนาระบบบริหารได้จัดทำกรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน "
        f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}{detail} โดยน้ำหนักของตัวชี้วัดรวมกันเท่ากับร้อยละ 100 "
        f"เพื่อใช้เป็นแนวทางในการจัดทำคำรับรองการปฏิบัติราชการของหน่วยงาน รายละเอียดตามเอกสารที่แนบ",
        "จึงเรียนมาเพื่อโปรดพิจารณาให้ความเห็นชอบ",
    )


def send_framework(fiscal_year_be: int, unit_name: str = ALL_UNITS, approved_on: _dt.date | None = None) -> dict:
    """ส่งกรอบการประเมินผลการปฏิบัติราชการให้หน่วยงาน."""
    approved = f" ซึ่งได้รับความเห็นชอบแล้ว เมื่อวันที่ {_d(approved_on)}" if approved_on else ""
    return _memo(
        f"กรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        unit_name,
        f"ด้วยกรมได้กำหนดกรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. "
        f"{fiscal_year_be}{approved} รายละเอียดตามเอกสารที่แนบ",
        "จึงเรียนมาเพื่อโปรดทราบ และใช้เป็นแนวทางในการจัดทำคำรับรองการปฏิบัติราชการของหน่วยงานต่อไป",
    )


def request_draft_kpis(fiscal_year_be: int, unit_name: str, deadline: _dt.date) -> dict:
    """ขอให้หน่วยงานเสนอร่างตัวชี้วัดและรายละเอียดตัวชี้วัด (KPI Template)."""
    return _memo(
        f"ขอให้เสนอร่างตัวชี้วัดคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ตามที่กรมได้กำหนดกรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. "
        f"{fiscal_year_be} แล้ว นั้น",
        "เพื่อให้การจัดทำคำรับรองการปฏิบัติราชการเป็นไปด้วยความเรียบร้อย จึงขอให้หน่วยงานพิจารณาเสนอ"
        "ร่างตัวชี้วัด พร้อมรายละเอียดตัวชี้วัด (KPI Template) ได้แก่ คำอธิบาย สูตรการคำนวณ ค่าเป้าหมาย "
        "เกณฑ์การให้คะแนน ข้อมูลพื้นฐาน และเอกสารหลักฐานอ้างอิง "
        f"ส่งให้กลุ่มพัฒนาระบบบริหารภายในวันที่ {_d(deadline)}",
        "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
    )


def negotiation_invitation(fiscal_year_be: int, unit_name: str, meeting_date: _dt.date,
                           time_text: str, place: str) -> dict:
    """เชิญประชุมเจรจาข้อตกลงตัวชี้วัด."""
    return _memo(
        f"ขอเชิญประชุมเจรจาข้อตกลงตัวชี้วัดคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ด้วยกลุ่มพัฒนาระบบบริหารกำหนดจัดประชุมเจรจาข้อตกลงตัวชี้วัด น้ำหนัก ค่าเป้าหมาย และเกณฑ์การให้คะแนน "
        f"ตามคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} ของ{unit_name} "
        f"ในวันที่ {_d(meeting_date)} เวลา {time_text} ณ {place}",
        "จึงเรียนมาเพื่อโปรดเข้าร่วมประชุม หรือมอบหมายผู้แทนที่เกี่ยวข้องเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว",
    )


def send_signed_agreement(fiscal_year_be: int, unit_name: str, signed_on: _dt.date) -> dict:
    """ส่งคำรับรองการปฏิบัติราชการที่ลงนามแล้ว."""
    return _memo(
        f"ส่งคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ตามที่{unit_name}ได้จัดทำคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} "
        f"และได้ลงนามคำรับรองฯ เมื่อวันที่ {_d(signed_on)} แล้ว นั้น",
        "กลุ่มพัฒนาระบบบริหารขอส่งสำเนาคำรับรองการปฏิบัติราชการที่ลงนามแล้ว เพื่อใช้เป็นแนวทางในการปฏิบัติราชการ "
        "และจัดเก็บข้อมูลผลการดำเนินงานตามตัวชี้วัดต่อไป",
        "จึงเรียนมาเพื่อโปรดทราบและดำเนินการในส่วนที่เกี่ยวข้อง",
    )


def report_reminder(fiscal_year_be: int, unit_name: str, round_months: int, deadline: _dt.date) -> dict:
    """แจ้งเตือนการรายงานผลรอบ 6/9/12 เดือน."""
    if round_months not in (6, 9, 12):
        raise ValueError("round_months must be 6, 9 or 12")
    return _memo(
        f"การรายงานผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ รอบ {round_months} เดือน "
        f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ตามที่หน่วยงานได้จัดทำคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} "
        f"ซึ่งกำหนดให้รายงานผลการดำเนินงานรอบ {round_months} เดือน นั้น",
        "เพื่อให้การติดตามผลการดำเนินงานเป็นไปตามกำหนด จึงขอให้หน่วยงานจัดทำรายงานการประเมินผลตนเอง (SAR) "
        f"รอบ {round_months} เดือน พร้อมแนบเอกสารหลักฐานอ้างอิง ผ่านระบบภายในวันที่ {_d(deadline)}",
        "จึงเรียนมาเพื่อโปรดดำเนินการ",
    )


def site_visit_rehearsal(fiscal_year_be: int, unit_name: str, rehearsal_date: _dt.date,
                         time_text: str, place: str) -> dict:
    """เชิญซักซ้อมความพร้อมการตรวจประเมิน ณ ที่ตั้ง."""
    return _memo(
        f"ขอเชิญร่วมซักซ้อมความพร้อมรับการตรวจประเมิน ณ ที่ตั้ง ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ด้วยคณะผู้ตรวจประเมินมีกำหนดตรวจประเมินผลการปฏิบัติราชการ ณ ที่ตั้ง ประจำปีงบประมาณ พ.ศ. "
        f"{fiscal_year_be} กลุ่มพัฒนาระบบบริหารจึงกำหนดซักซ้อมความพร้อม ในวันที่ {_d(rehearsal_date)} "
        f"เวลา {time_text} ณ {place}",
        "ขอให้หน่วยงานเตรียมเอกสารหลักฐานอ้างอิงของทุกตัวชี้วัดให้ครบถ้วน และมอบหมายผู้รับผิดชอบตัวชี้วัด"
        "เข้าร่วมซักซ้อมตามวัน เวลา และสถานที่ดังกล่าว",
        "จึงเรียนมาเพื่อโปรดทราบและดำเนินการ",
    )


def score_announcement(fiscal_year_be: int, unit_name: str = ALL_UNITS) -> dict:
    """แจ้งผลคะแนนการประเมิน (ใช้คู่กับตารางคะแนนใน ScoreAnnouncementContext)."""
    return _memo(
        f"แจ้งผลการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        unit_name,
        f"ตามที่คณะกรรมการได้ประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} "
        "เสร็จเรียบร้อยแล้ว กลุ่มพัฒนาระบบบริหารขอแจ้งผลคะแนนการประเมิน ดังนี้",
    )


def score_confirmation_or_appeal(fiscal_year_be: int, unit_name: str, deadline: _dt.date) -> dict:
    """ขอให้ยืนยันผลคะแนนหรือยื่นอุทธรณ์ภายในกำหนด."""
    return _memo(
        f"ขอให้ยืนยันผลคะแนนการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        head_of(unit_name),
        f"ตามที่กลุ่มพัฒนาระบบบริหารได้แจ้งผลคะแนนการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. "
        f"{fiscal_year_be} ของ{unit_name} แล้ว นั้น",
        "ขอให้หน่วยงานตรวจสอบผลคะแนน และยืนยันผลคะแนน หรือหากไม่เห็นด้วยกับผลคะแนน ขอให้ยื่นอุทธรณ์"
        f"เป็นลายลักษณ์อักษร พร้อมเหตุผลและเอกสารหลักฐานประกอบ ภายในวันที่ {_d(deadline)} "
        "หากพ้นกำหนดดังกล่าวจะถือว่าหน่วยงานยืนยันผลคะแนนตามที่แจ้ง",
        "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
    )


def send_draft_kpis(fiscal_year_be: int, unit_name: str) -> dict:
    """หน่วยงานส่งร่างตัวชี้วัดและรายละเอียดตัวชี้วัดให้กลุ่มพัฒนาระบบบริหาร."""
    return _memo(
        f"ส่งร่างตัวชี้วัดคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. {fiscal_year_be}",
        "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร",
        f"ตามที่กลุ่มพัฒนาระบบบริหารขอให้หน่วยงานเสนอร่างตัวชี้วัดคำรับรองการปฏิบัติราชการ "
        f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} นั้น",
        f"{unit_name}ขอส่งร่างตัวชี้วัด พร้อมรายละเอียดตัวชี้วัด (KPI Template) รายละเอียดตามเอกสารที่แนบ",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
    )


# Who writes to whom (item 1 of the document rules): the กพร. to a unit or to all
# units, a unit to the กพร., the กพร. to the executive (head of the department).
OPDC_TO_UNIT, UNIT_TO_OPDC, OPDC_TO_EXECUTIVE = "opdc_to_unit", "unit_to_opdc", "opdc_to_executive"
DIRECTIONS = {
    "framework_approval": OPDC_TO_EXECUTIVE,
    "send_framework": OPDC_TO_UNIT,
    "request_draft_kpis": OPDC_TO_UNIT,
    "send_draft_kpis": UNIT_TO_OPDC,
    "negotiation_invitation": OPDC_TO_UNIT,
    "send_signed_agreement": OPDC_TO_UNIT,
    "report_reminder": OPDC_TO_UNIT,
    "site_visit_rehearsal": OPDC_TO_UNIT,
    "score_announcement": OPDC_TO_UNIT,
    "score_confirmation_or_appeal": OPDC_TO_UNIT,
}


STANDARD_MEMOS = {
    "framework_approval": framework_approval,
    "send_framework": send_framework,
    "request_draft_kpis": request_draft_kpis,
    "send_draft_kpis": send_draft_kpis,
    "negotiation_invitation": negotiation_invitation,
    "send_signed_agreement": send_signed_agreement,
    "report_reminder": report_reminder,
    "site_visit_rehearsal": site_visit_rehearsal,
    "score_announcement": score_announcement,
    "score_confirmation_or_appeal": score_confirmation_or_appeal,
}
