"""Score dashboards (admin): the round table with bar chart, the unit e-SAR card, Excel and
e-SAR exports, the card's forms (reopen, review, appeal, decision); grouped in
:class:`ReportingViewSet` (URLs ``/admin/scores/…``, names ``reporting_…``)."""
from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem

from cms.admin_views import AdminScreen, FlatNamesViewSet
from thai.numbers import score4

from .models import Appeal, ReportingRound, UnitReport
from .permissions import can_view_card, can_view_round, ranking_scope, reads_all, supervises_a_line, user_unit_ids
from .scores import card, frozen_message, scores_frozen
from .spreadsheet import append_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAR_MAX = Decimal(5)


class IndexView(AdminScreen, TemplateView):
    template_name = "reporting/index.html"
    page_title = "คะแนนผลการปฏิบัติราชการ"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not (can_view_round(request.user) or user_unit_ids(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from cms.permissions import organisations_acted_for

        from .permissions import can_decide_appeals

        user = self.request.user
        rounds = ReportingRound.objects.select_related("fiscal_year", "organisation")
        scope = ranking_scope(user)
        if scope is not None:  # OPDC's calendar and the rounds run at or above the user's organisations
            from cms.models import Organisation

            seen = {o.pk for org in Organisation.objects.filter(pk__in=scope) for o in org.lineage()}
            rounds = rounds.filter(Q(organisation__isnull=True) | Q(organisation_id__in=seen | set(scope)))
        reports = UnitReport.objects.select_related("round", "round__fiscal_year", "organisation")
        if not reads_all(user):
            reports = reports.filter(organisation_id__in=organisations_acted_for(user))
        pending = Appeal.objects.none()
        if can_decide_appeals(user):
            pending = Appeal.objects.filter(status=Appeal.PENDING).select_related(
                "line__kpi", "line__report__organisation", "line__report__round__fiscal_year")
        return super().get_context_data(
            rounds=rounds if can_view_round(user) else [], reports=reports, pending_appeals=pending, **kwargs)


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


class RoundMixin:
    """Views of one round's rankings: the roles that see rounds."""

    def dispatch(self, request, round_id, **kwargs):
        if not can_view_round(request.user):
            raise PermissionDenied
        self.round = get_object_or_404(ReportingRound.objects.select_related("fiscal_year"), pk=round_id)
        return super().dispatch(request, round_id, **kwargs)


class RoundDashboardView(RoundMixin, AdminScreen, TemplateView):
    template_name = "reporting/round_dashboard.html"
    header_icon = "table"

    def get_page_title(self):
        return f"คะแนนผลการปฏิบัติราชการ {self.round}"

    def get_context_data(self, **kwargs):
        """One ranking per parent organisation the user may see (a department's units among
        themselves, a ministry's departments among themselves), never one table of everybody."""
        tables = [
            {"parent": parent, "heading": ranking_heading(parent), **chart_context(rows)}
            for parent, rows in visible_tables(self.round, self.request.user)
        ]
        return super().get_context_data(round=self.round, tables=tables, **kwargs)


class RoundAnnouncementView(View):
    """บันทึกประกาศผลคะแนน of one parent's ranking, signed by that parent's own กพร."""

    def dispatch(self, request, round_id, parent_id):
        from cms.models import Organisation

        from .permissions import can_view_ranking

        self.round = get_object_or_404(ReportingRound, pk=round_id)
        self.parent = get_object_or_404(Organisation, pk=parent_id)
        if not can_view_ranking(request.user, self.parent):
            raise PermissionDenied
        return super().dispatch(request, round_id, parent_id)

    def get(self, request, *args, **kwargs):
        return redirect("reporting_round", self.round.pk)

    def post(self, request, *args, **kwargs):
        from doc_templates.errors import DocumentError
        from doc_templates.generate import generate

        try:
            generated = generate(self.round, "score_announcement", user=request.user, build_kwargs={"parent": self.parent})
        except DocumentError as exc:
            messages.error(request, str(exc))
            return redirect("reporting_round", self.round.pk)
        messages.success(request, f"สร้างเอกสาร '{generated.document.title}' แล้ว")
        return redirect("doc_templates_list", "reporting", "reportinground", self.round.pk)


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


class RoundExcelView(RoundMixin, View):
    def get(self, request, *args, **kwargs):
        round_ = self.round
        return _workbook_response(round_workbook(round_, request.user), f"scores-{round_.fiscal_year.year_be}-{round_.month}.xlsx")


class ReportMixin:
    """Views of one unit report: the card's rule (who may view the unit's card, and a
    supervisor of one of its lines)."""

    def dispatch(self, request, report_id, **kwargs):
        self.report = get_object_or_404(
            UnitReport.objects.select_related("round", "round__fiscal_year", "organisation"), pk=report_id)
        if not (can_view_card(request.user, self.report.organisation) or supervises_a_line(request.user, self.report)):
            raise PermissionDenied
        return super().dispatch(request, report_id, **kwargs)


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
        "report": report,
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


class UnitCardView(ReportMixin, AdminScreen, TemplateView):
    template_name = "reporting/unit_card.html"
    header_icon = "table"

    def get_page_title(self):
        return f"e-SAR Card {self.report.organisation.name_th} {self.report.round}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**card_context(self.report, self.request.user), **kwargs)


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


class UnitCardExcelView(ReportMixin, View):
    def get(self, request, *args, **kwargs):
        report = self.report
        return _workbook_response(card_workbook(report), f"esar-{report.organisation.pk}-{report.round.month}.xlsx")


class EsarJsonView(ReportMixin, View):
    """The report in the e-SAR layout (:mod:`reporting.esar`), as JSON."""

    def get(self, request, *args, **kwargs):
        from .esar import as_json

        report = self.report
        response = HttpResponse(as_json(report), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="esar-{report.organisation.pk}-{report.round.month}.json"'
        return response


class EsarXlsxView(ReportMixin, View):
    """The report in the e-SAR layout (:mod:`reporting.esar`), as XLSX."""

    def get(self, request, *args, **kwargs):
        from .esar import workbook

        report = self.report
        return _workbook_response(workbook(report), f"esar-export-{report.organisation.pk}-{report.round.month}.xlsx")


class CardAction(View):
    """A form of the card: a POST acts and goes back to the card with a message; a GET goes
    to the card. The mixin before it in the bases sets ``self.report`` in ``dispatch``."""

    success_message = "บันทึกแล้ว"

    def get(self, request, *args, **kwargs):
        return redirect("reporting_card", self.report.pk)

    def act(self, action):
        try:
            action()
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
        else:
            messages.success(self.request, self.success_message)
        return redirect("reporting_card", self.report.pk)


class ReopenView(ReportMixin, CardAction):
    success_message = "เปิดรายงานให้แก้ไขใหม่แล้ว"

    def post(self, request, *args, **kwargs):
        return self.act(lambda: self.report.reopen(request.user, request.POST.get("reason", "")))


# --- review, appeal and decision forms on the card -------------------------------------
class LineMixin:
    """Forms of one KPI line: who may view its unit's card, and who may score the line."""

    def dispatch(self, request, line_id, **kwargs):
        from .models import KpiReportLine
        from .permissions import can_score_line

        self.line = get_object_or_404(
            KpiReportLine.objects.select_related("report", "report__round", "report__organisation", "kpi"), pk=line_id)
        if not (can_view_card(request.user, self.line.report.organisation) or can_score_line(request.user, self.line)):
            raise PermissionDenied
        self.report = self.line.report
        return super().dispatch(request, line_id, **kwargs)


def _decimal(text):
    from decimal import InvalidOperation

    try:
        return Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError("กรุณาระบุคะแนนเป็นตัวเลข 0–5") from None


class ReviewLineView(LineMixin, CardAction):
    """ผู้ทบทวน/ผู้กำกับตัวชี้วัด enter their score of one KPI (the self score is kept)."""

    def post(self, request, *args, **kwargs):
        from .permissions import can_score_line
        from .scores import set_reviewer_score

        if not can_score_line(request.user, self.line):
            raise PermissionDenied
        return self.act(lambda: set_reviewer_score(
            self.line, _decimal(request.POST.get("score")), request.POST.get("note", "").strip(), request.user))


class AppealLineView(LineMixin, CardAction):
    def post(self, request, *args, **kwargs):
        from evidence.models import EvidencePage

        from .appeals import file_appeal

        evidence = EvidencePage.objects.filter(pk__in=request.POST.getlist("evidence"))
        requested = request.POST.get("requested_score", "").strip()
        return self.act(lambda: file_appeal(
            self.line, request.user, request.POST.get("reason", ""), evidence=evidence,
            requested_score=_decimal(requested) if requested else None))


class DecideView(CardAction):
    def dispatch(self, request, appeal_id):
        from .permissions import can_score_line

        self.appeal = get_object_or_404(
            Appeal.objects.select_related("line", "line__report", "line__report__organisation"), pk=appeal_id)
        self.report = self.appeal.line.report
        if not (can_view_card(request.user, self.report.organisation) or can_score_line(request.user, self.appeal.line)):
            raise PermissionDenied
        return super().dispatch(request, appeal_id)

    def post(self, request, *args, **kwargs):
        from .appeals import decide_appeal

        return self.act(lambda: decide_appeal(
            self.appeal, request.user, _decimal(request.POST.get("score")), request.POST.get("reason", "")))


class ScoresMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_round(request.user) or bool(user_unit_ids(request.user))


class ReportingViewSet(FlatNamesViewSet):
    """The score screens under the menu "คะแนนผลการปฏิบัติราชการ"."""

    name = "reporting"
    url_prefix = "scores"
    icon = "table"
    add_to_admin_menu = True
    menu_label = "คะแนนผลการปฏิบัติราชการ"
    menu_order = 1070
    menu_item_class = ScoresMenuItem

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="reporting_index"),
            path("round/<int:round_id>/", RoundDashboardView.as_view(), name="reporting_round"),
            path("round/<int:round_id>/excel/", RoundExcelView.as_view(), name="reporting_round_excel"),
            path("round/<int:round_id>/announce/<int:parent_id>/", RoundAnnouncementView.as_view(),
                 name="reporting_round_announcement"),
            path("report/<int:report_id>/", UnitCardView.as_view(), name="reporting_card"),
            path("report/<int:report_id>/excel/", UnitCardExcelView.as_view(), name="reporting_card_excel"),
            path("report/<int:report_id>/esar.json", EsarJsonView.as_view(), name="reporting_esar_json"),
            path("report/<int:report_id>/esar.xlsx", EsarXlsxView.as_view(), name="reporting_esar_xlsx"),
            path("report/<int:report_id>/reopen/", ReopenView.as_view(), name="reporting_reopen"),
            path("line/<int:line_id>/review/", ReviewLineView.as_view(), name="reporting_review"),
            path("line/<int:line_id>/appeal/", AppealLineView.as_view(), name="reporting_appeal"),
            path("appeal/<int:appeal_id>/decide/", DecideView.as_view(), name="reporting_decide"),
        ]
