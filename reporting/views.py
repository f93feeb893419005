"""Score dashboards (admin): the round table with bar chart, the unit e-SAR card, Excel."""
from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from thai.numbers import score4

from .models import Appeal, ReportingRound, UnitReport
from .permissions import can_view_card, can_view_round, ranking_scope, reads_all, supervises_a_line, user_unit_ids
from .scores import card, frozen_message, scores_frozen
from .spreadsheet import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAR_MAX = Decimal(5)


def index(request):
    from cms.permissions import organisations_acted_for

    if not (can_view_round(request.user) or user_unit_ids(request.user)):
        raise PermissionDenied
    rounds = ReportingRound.objects.select_related("fiscal_year", "organisation")
    scope = ranking_scope(request.user)
    if scope is not None:  # OPDC's calendar and the rounds run at or above the user's organisations
        from cms.models import Organisation

        seen = {o.pk for org in Organisation.objects.filter(pk__in=scope) for o in org.lineage()}
        rounds = rounds.filter(Q(organisation__isnull=True) | Q(organisation_id__in=seen | set(scope)))
    reports = UnitReport.objects.select_related("round", "round__fiscal_year", "organisation")
    if not reads_all(request.user):
        reports = reports.filter(organisation_id__in=organisations_acted_for(request.user))
    from .permissions import can_decide_appeals

    pending = Appeal.objects.none()
    if can_decide_appeals(request.user):
        pending = Appeal.objects.filter(status=Appeal.PENDING).select_related(
            "line__kpi", "line__report__organisation", "line__report__round__fiscal_year")
    return TemplateResponse(request, "reporting/index.html", {
        "rounds": rounds if can_view_round(request.user) else [],
        "reports": reports,
        "pending_appeals": pending,
        "page_title": "คะแนนผลการปฏิบัติราชการ",
    })


def visible_tables(round_, user):
    """[(parent, ranked rows)] of the round the user may see, one per parent organisation
    (``reporting.agency.sibling_tables``), in tree order; parent None = the top level."""
    from .agency import sibling_tables
    from .permissions import can_view_ranking

    tables = [(parent, rows) for parent, rows in sibling_tables(round_).items() if can_view_ranking(user, parent)]
    return sorted(tables, key=lambda t: t[0].pk if t[0] is not None else 0)


def ranking_heading(parent) -> str:
    return f"หน่วยงานในสังกัด{parent.name_th}" if parent is not None else "หน่วยงานระดับบนสุด"


def chart_context(rows):
    chart = []
    scored = [r for r in rows if r.score is not None]
    bar_height, gap, label_width, width = 22, 6, 230, 420
    for i, row in enumerate(scored):
        chart.append({
            "y": i * (bar_height + gap), "text_y": i * (bar_height + gap) + 15,
            "width": int(row.score / BAR_MAX * width), "label": row.organisation.abbreviation,
            "score": score4(row.score), "css": row.css, "score_x": label_width + int(row.score / BAR_MAX * width) + 6,
        })
    return {
        "rows": rows, "chart": chart, "chart_height": max(len(scored), 1) * (bar_height + gap),
        "label_width": label_width, "bar_height": bar_height, "chart_width": label_width + width + 80,
    }


def round_context(round_, user):
    """One ranking per parent organisation the user may see (a department's units among
    themselves, a ministry's departments among themselves), never one table of everybody."""
    tables = [
        {"parent": parent, "heading": ranking_heading(parent), **chart_context(rows)}
        for parent, rows in visible_tables(round_, user)
    ]
    return {"round": round_, "tables": tables, "page_title": f"คะแนนผลการปฏิบัติราชการ {round_}"}


def round_dashboard(request, round_id):
    if not can_view_round(request.user):
        raise PermissionDenied
    round_ = get_object_or_404(ReportingRound.objects.select_related("fiscal_year"), pk=round_id)
    return TemplateResponse(request, "reporting/round_dashboard.html", round_context(round_, request.user))


def round_announcement(request, round_id, parent_id):
    """บันทึกประกาศผลคะแนน of one parent's ranking, signed by that parent's own กพร."""
    from cms.models import Organisation
    from doc_templates.errors import DocumentError
    from doc_templates.generate import generate

    from .permissions import can_view_ranking

    round_ = get_object_or_404(ReportingRound, pk=round_id)
    parent = get_object_or_404(Organisation, pk=parent_id)
    if not can_view_ranking(request.user, parent):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("reporting_round", round_.pk)
    try:
        generated = generate(round_, "score_announcement", user=request.user, build_kwargs={"parent": parent})
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("reporting_round", round_.pk)
    messages.success(request, f"สร้างเอกสาร '{generated.document.title}' แล้ว")
    return redirect("doc_templates_list", "reporting", "reportinground", round_.pk)


def _workbook_response(wb, filename):
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(value):
    return None if value is None else float(value)


def round_workbook(round_, user=None):
    """The rankings the user sees, one block per parent organisation (all without a user)."""
    from openpyxl import Workbook

    from .agency import sibling_tables

    wb = Workbook()
    ws = wb.active
    ws.title = f"รอบ {round_.month} เดือน"
    append_row(ws, [f"คะแนนผลการปฏิบัติราชการ {round_}"])
    tables = visible_tables(round_, user) if user is not None else list(sibling_tables(round_).items())
    for parent, rows in tables:
        append_row(ws, [ranking_heading(parent)])
        _ranking_rows(ws, rows)
    return wb


def _ranking_rows(ws, rows):
    append_row(ws, ["ลำดับ", "หน่วยงาน", "อักษรย่อ", "กลุ่ม", "คะแนนประเมินตนเอง", "คะแนน", "อันดับรวม", "อันดับในกลุ่ม", "สี",
               "คะแนนที่ใช้จัดอันดับ"])
    for row in rows:
        append_row(ws, [
            row.rank, row.organisation.name_th, row.organisation.abbreviation, row.group.name if row.group else "",
            _number(row.self_score), _number(row.score), row.rank, row.group_rank, row.colour or "", row.basis,
        ])
        for col in (5, 6):
            ws.cell(row=ws.max_row, column=col).number_format = "0.0000"


def round_excel(request, round_id):
    if not can_view_round(request.user):
        raise PermissionDenied
    round_ = get_object_or_404(ReportingRound, pk=round_id)
    return _workbook_response(round_workbook(round_, request.user), f"scores-{round_.fiscal_year.year_be}-{round_.month}.xlsx")


def _card_report(request, report_id):
    report = get_object_or_404(UnitReport.objects.select_related("round", "round__fiscal_year", "organisation"), pk=report_id)
    if not (can_view_card(request.user, report.organisation) or supervises_a_line(request.user, report)):
        raise PermissionDenied
    return report


def card_context(report, user=None):
    data = card(report)
    from evidence.models import EvidencePage

    from .permissions import can_decide_appeals, can_score_line

    is_unit_user = bool(user and (user.is_superuser or report.organisation_id in user_unit_ids(user)))
    rows = [row for group in data["groups"] for row in group.rows]
    appeals = {}
    for appeal in Appeal.objects.filter(line__report=report).select_related("filed_by", "decided_by").prefetch_related("evidence"):
        appeals.setdefault(appeal.line_id, []).append(appeal)
    evidence = {}
    for page in EvidencePage.objects.filter(kpi__in=[row.kpi for row in rows], round=report.round.month).order_by("title"):
        evidence.setdefault(page.kpi_id, []).append(page)
    details = [
        {"row": row, "appeals": appeals.get(row.line.pk, []), "evidence": evidence.get(row.kpi.pk, []),
         "pending": any(a.status == Appeal.PENDING for a in appeals.get(row.line.pk, []))}
        for row in rows
    ]
    data.update({
        "report": report, "page_title": f"e-SAR Card {report.organisation.name_th} {report.round}",
        "can_reopen": bool(user and user.has_perm("reporting.reopen_unitreport") and report.round.is_closed()),
        "can_review": bool(user and (can_decide_appeals(user) or any(can_score_line(user, row.line) for row in rows)))
        and not scores_frozen(report),
        "can_decide": bool(user and can_decide_appeals(user)),
        "scores_frozen": scores_frozen(report),
        "frozen_message": frozen_message(report) if scores_frozen(report) else "",
        "can_appeal": is_unit_user and report.round.appeal_window_open(),
        "details": details,
    })
    return data


def unit_card(request, report_id):
    report = _card_report(request, report_id)
    return TemplateResponse(request, "reporting/unit_card.html", card_context(report, request.user))


def card_workbook(report):
    from openpyxl import Workbook

    data = card(report)
    wb = Workbook()
    ws = wb.active
    ws.title = "e-SAR Card"
    append_row(ws, [f"e-SAR Card {report.organisation.name_th} {report.round}"])
    append_row(ws, ["มิติ", "รหัส", "ตัวชี้วัด", "น้ำหนัก", "ข้อมูลพื้นฐาน", "ค่าเป้าหมาย", "ผลการดำเนินงาน", "คะแนน", "คะแนนถ่วงน้ำหนัก",
               "ที่มาของคะแนน"])
    for group in data["groups"]:
        for row in group.rows:
            append_row(ws, [
                group.dimension.number, row.kpi.code, row.kpi.title, _number(row.weight), row.baseline, row.target,
                row.result, _number(row.score), _number(row.weighted), row.score_basis or "ผู้ทบทวน/ผลอุทธรณ์",
            ])
            ws.cell(row=ws.max_row, column=8).number_format = "0.0000"
            ws.cell(row=ws.max_row, column=9).number_format = "0.0000"
        append_row(ws, [group.dimension.number, "", f"รวมมิติที่ {group.dimension.number}", _number(group.weight), "", "", "", None, _number(group.weighted)])
    append_row(ws, ["", "", "รวม", _number(data["total_weight"]), "", "", "", _number(data["unit_score"]), _number(data["total_weighted"]),
               data["review_label"]])
    return wb


def unit_card_excel(request, report_id):
    report = _card_report(request, report_id)
    return _workbook_response(card_workbook(report), f"esar-{report.organisation.pk}-{report.round.month}.xlsx")


def reopen(request, report_id):
    report = _card_report(request, report_id)
    if request.method != "POST":
        return redirect("reporting_card", report_id)
    try:
        report.reopen(request.user, request.POST.get("reason", ""))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "เปิดรายงานให้แก้ไขใหม่แล้ว")
    return redirect("reporting_card", report_id)


# --- review, appeal and decision forms on the card -------------------------------------
def _line(request, line_id):
    from .models import KpiReportLine

    from .permissions import can_score_line

    line = get_object_or_404(KpiReportLine.objects.select_related("report", "report__round", "report__organisation", "kpi"), pk=line_id)
    if not (can_view_card(request.user, line.report.organisation) or can_score_line(request.user, line)):
        raise PermissionDenied
    return line


def _decimal(text):
    from decimal import InvalidOperation

    try:
        return Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError("กรุณาระบุคะแนนเป็นตัวเลข 0–5") from None


def _after(request, report_id, action):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "บันทึกแล้ว")
    return redirect("reporting_card", report_id)


def review_line(request, line_id):
    """ผู้ทบทวน/ผู้กำกับตัวชี้วัด enter their score of one KPI (the self score is kept)."""
    from .permissions import can_score_line
    from .scores import set_reviewer_score

    line = _line(request, line_id)
    if request.method != "POST":
        return redirect("reporting_card", line.report_id)
    if not can_score_line(request.user, line):
        raise PermissionDenied
    return _after(request, line.report_id, lambda: set_reviewer_score(
        line, _decimal(request.POST.get("score")), request.POST.get("note", "").strip(), request.user))


def appeal_line(request, line_id):
    from evidence.models import EvidencePage

    from .appeals import file_appeal

    line = _line(request, line_id)
    if request.method != "POST":
        return redirect("reporting_card", line.report_id)
    evidence = EvidencePage.objects.filter(pk__in=request.POST.getlist("evidence"))
    requested = request.POST.get("requested_score", "").strip()
    return _after(request, line.report_id, lambda: file_appeal(
        line, request.user, request.POST.get("reason", ""), evidence=evidence,
        requested_score=_decimal(requested) if requested else None))


def decide(request, appeal_id):
    from .appeals import decide_appeal
    from .models import Appeal

    appeal = get_object_or_404(Appeal.objects.select_related("line", "line__report", "line__report__organisation"), pk=appeal_id)
    from .permissions import can_score_line

    report = appeal.line.report
    if not (can_view_card(request.user, report.organisation) or can_score_line(request.user, appeal.line)):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("reporting_card", report.pk)
    return _after(request, report.pk, lambda: decide_appeal(
        appeal, request.user, _decimal(request.POST.get("score")), request.POST.get("reason", "")))
