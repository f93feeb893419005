"""Export of an agency's report for submission to OPDC's e-SAR, in one documented layout
(docs/esar-export.md) as JSON and as XLSX. The XLSX holds the same fields as the JSON, one
row per KPI, in the same order, so either file can be read by a script."""
from __future__ import annotations

import json
from decimal import Decimal

FORMAT = "khamrap-esar/1"
KPI_FIELDS = [
    ("code", "รหัสตัวชี้วัด"), ("title", "ตัวชี้วัด"), ("dimension", "มิติ"), ("kind", "ประเภทตัวชี้วัด"),
    ("is_mandatory", "ภาคบังคับ"), ("weight", "น้ำหนัก"), ("target", "ค่าเป้าหมาย"), ("unit_of_measure", "หน่วยวัด"),
    ("responsible_unit", "หน่วยงานที่รับผิดชอบ"), ("result_value", "ผลการดำเนินงาน (ค่า)"), ("steps_done", "ขั้นตอนที่ทำแล้ว"),
    ("self_score", "คะแนนประเมินตนเอง"), ("reviewer_score", "คะแนนผู้ทบทวน"), ("final_score", "คะแนนสุดท้าย"),
    ("performance", "ผลการดำเนินงาน"), ("supporting_factors", "ปัจจัยสนับสนุน"), ("obstacles", "อุปสรรค"),
    ("improvements", "แนวทางแก้ไข/พัฒนา"), ("evidence", "หลักฐานอ้างอิง"),
]


def _num(value):
    return None if value is None else str(Decimal(value).normalize()) if isinstance(value, Decimal) else value


def payload(report) -> dict:
    from cms.models import AgreementKPI

    organisation = report.organisation
    weights = {}
    for line in AgreementKPI.objects.filter(pk__in=[l.agreement_line_id for l in report.lines.all() if l.agreement_line_id]):
        weights[line.pk] = line
    kpis = []
    for line in report.lines_in_order():
        kpi = line.kpi
        agreement_line = weights.get(line.agreement_line_id)
        kpis.append({
            "code": kpi.code, "title": kpi.title, "dimension": kpi.dimension.number if kpi.dimension_id else None,
            "kind": kpi.kind, "is_mandatory": kpi.is_mandatory,
            "weight": _num(agreement_line.weight if agreement_line else kpi.weight),
            "target": agreement_line.target_display() if agreement_line else kpi.target_display(),
            "unit_of_measure": kpi.unit_of_measure,
            "responsible_unit": kpi.responsible_unit.abbreviation if kpi.responsible_unit_id else None,
            "result_value": _num(line.result_value), "steps_done": line.steps_done,
            "self_score": _num(line.self_score), "reviewer_score": _num(line.reviewer_score), "final_score": _num(line.final_score),
            "performance": line.performance, "supporting_factors": line.supporting_factors, "obstacles": line.obstacles,
            "improvements": line.improvements, "evidence": [page.title for page in line.evidence.all()],
        })
    return {
        "format": FORMAT,
        "fiscal_year_be": report.round.fiscal_year.year_be,
        "round_month": report.round.month,
        "organisation": {
            "name": organisation.name_th, "abbreviation": organisation.abbreviation, "level": organisation.level,
            "parent": organisation.parent.name_th if organisation.parent_id else None,
        },
        "self_score": _num(report.self_score),
        "reviewed_score": _num(report.reviewed_score),
        "kpis": kpis,
    }


def as_json(report) -> str:
    return json.dumps(payload(report), ensure_ascii=False, indent=2)


def workbook(report):
    from openpyxl import Workbook

    from .spreadsheet import append_row

    data = payload(report)
    wb = Workbook()
    info = wb.active
    info.title = "รายงาน"
    for key, label, value in [
        ("format", "รูปแบบ", data["format"]), ("fiscal_year_be", "ปีงบประมาณ", data["fiscal_year_be"]),
        ("round_month", "รอบการรายงาน (เดือน)", data["round_month"]),
        ("organisation.name", "ส่วนราชการ", data["organisation"]["name"]),
        ("organisation.abbreviation", "อักษรย่อ", data["organisation"]["abbreviation"]),
        ("organisation.level", "ระดับ", data["organisation"]["level"]),
        ("organisation.parent", "สังกัด", data["organisation"]["parent"]),
        ("self_score", "คะแนนประเมินตนเอง", data["self_score"]), ("reviewed_score", "คะแนนหลังทบทวน", data["reviewed_score"]),
    ]:
        append_row(info, [key, label, value])
    sheet = wb.create_sheet("ตัวชี้วัด")
    append_row(sheet, [key for key, _ in KPI_FIELDS])
    append_row(sheet, [label for _, label in KPI_FIELDS])
    for kpi in data["kpis"]:
        append_row(sheet, [
            "\n".join(kpi[key]) if key == "evidence" else json.dumps(kpi[key]) if key == "steps_done" and kpi[key] is not None else kpi[key]
            for key, _ in KPI_FIELDS
        ])
    return wb

