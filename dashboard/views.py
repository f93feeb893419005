"""Short paths from the home page: evidence for a KPI of an open round, the preparers' overview,
a KPI supervisor's line compare; grouped in :class:`DashboardViewSet` (URLs ``/admin/work/…``,
names ``khamrap_dashboard:…``)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from cms.admin_views import AdminScreen
from cms.models import KPITemplatePage
from evidence.models import EvidenceFolderPage, EvidencePage
from cms.permissions import reads_all, user_unit_ids
from evidence.checklist import required_item_from
from evidence.ingest import Upload, attach_files
from reporting.models import ReportingRound
from evidence_search.extraction import UploadRejected

from . import queries


def evidence_page_for(kpi, rnd, user):
    """The KPI's evidence page for the round, created (as a draft) in the unit's evidence folder when missing."""
    folder = EvidenceFolderPage.for_organisation_year(kpi.organisation_year, user=user)
    page = EvidencePage.objects.child_of(folder).filter(kpi=kpi, round=rnd.month).order_by("pk").first()
    if page is None:
        page = EvidencePage(
            title=f"หลักฐานตัวชี้วัดที่ {kpi.code} {rnd}", slug=f"kpi-{kpi.code.replace('.', '-')}-round-{rnd.month}-{rnd.fiscal_year.year_be}",
            kpi=kpi, round=rnd.month, owner=user, live=False, has_unpublished_changes=True,
        )
        folder.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page


class QuickEvidenceView(AdminScreen, TemplateView):
    template_name = "dashboard/quick_evidence.html"
    page_title = "แนบไฟล์หลักฐาน"
    header_icon = "upload"

    def dispatch(self, request, round_id, kpi_id):
        self.round = get_object_or_404(ReportingRound, pk=round_id)
        self.kpi = get_object_or_404(KPITemplatePage, pk=kpi_id)
        folder = self.kpi.organisation_year
        if folder is None or folder.organisation_id not in user_unit_ids(request.user):
            raise PermissionDenied  # only the KPI's own unit attaches its evidence
        if not folder.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        self.folder = folder
        return super().dispatch(request, round_id, kpi_id)

    def post(self, request, *args, **kwargs):
        kpi, rnd = self.kpi, self.round
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "ไม่ได้เลือกไฟล์: โปรดเลือกหรือลากไฟล์หลักฐานมาวางอย่างน้อย 1 ไฟล์")
            return self.get(request, *args, **kwargs)
        try:
            with transaction.atomic():
                page = evidence_page_for(kpi, rnd, request.user)
                created = attach_files(page, [Upload(f.name, f) for f in files], user=request.user,
                                       required_item=required_item_from(request, kpi))
        except UploadRejected as exc:
            for line in exc.message.splitlines():
                messages.error(request, line)
            return self.get(request, *args, **kwargs)
        messages.success(
            request,
            f"แนบไฟล์แล้ว {len(created)} ไฟล์ในตัวชี้วัดที่ {kpi.code} {rnd} หลักฐานยังเป็นฉบับร่าง "
            "ส่งให้หัวหน้าหน่วยงานอนุมัติได้จากหน้าหลักฐาน",
        )
        return redirect("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        existing = EvidencePage.objects.descendant_of(self.folder).filter(kpi=self.kpi, round=self.round.month).order_by("pk").first()
        return super().get_context_data(
            kpi=self.kpi, round=self.round, existing=existing, required_items=self.kpi.required_evidence_items(), **kwargs)


class PreparationView(AdminScreen, TemplateView):
    template_name = "dashboard/preparation_page.html"
    page_title = "เตรียมรับการตรวจประเมิน: หลักฐานทุกหน่วยงาน"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not reads_all(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        year_page, rows = queries.preparation_rows()
        return super().get_context_data(year_page=year_page, rows=rows, **kwargs)


class LineCompareView(AdminScreen, TemplateView):
    """A KPI supervisor's compare of one KPI line: the report's previous revision beside the
    line as sent now, and the unit's figure of the round before, with the link to score it."""

    template_name = "dashboard/line_compare.html"
    header_icon = "history"

    def dispatch(self, request, line_id):
        from reporting.models import KpiReportLine
        from reporting.permissions import can_score_line

        self.line = get_object_or_404(
            KpiReportLine.objects.select_related("report__round__fiscal_year", "report__organisation", "kpi"), pk=line_id)
        if not can_score_line(request.user, self.line):
            raise PermissionDenied
        return super().dispatch(request, line_id)

    def get_page_title(self):
        line = self.line
        return f"เปรียบเทียบตัวชี้วัดที่ {line.kpi.code} {line.report.organisation.name_th} {line.report.round}"

    def get_context_data(self, **kwargs):
        line = self.line
        latest_id, previous_id = queries.line_revisions(line.report)
        before, rows = queries.compare_rows(line, previous_id)
        return super().get_context_data(
            line=line, rows=rows, has_previous=previous_id is not None,
            previous_round_line=queries.previous_round_line(line), **kwargs)


class PreparationMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_all(request.user)


class DashboardViewSet(ViewSet):
    """The dashboard's screens, and the preparers' menu "เตรียมรับการตรวจประเมิน"."""

    name = "khamrap_dashboard"
    url_prefix = "work"
    icon = "tasks"
    add_to_admin_menu = True
    menu_label = "เตรียมรับการตรวจประเมิน"
    menu_order = 160
    menu_item_class = PreparationMenuItem

    def get_urlpatterns(self):
        return [
            path("evidence/<int:round_id>/<int:kpi_id>/", QuickEvidenceView.as_view(), name="quick_evidence"),
            path("preparation/", PreparationView.as_view(), name="preparation"),
            path("supervise/line/<int:line_id>/compare/", LineCompareView.as_view(), name="line_compare"),
        ]

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("preparation"))
