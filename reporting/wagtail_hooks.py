"""Admin wiring: UnitReport and ReportingRound snippets, the reopen log action, the
score dashboards under the menu "คะแนนผลการปฏิบัติราชการ" (:class:`views.ReportingViewSet`)."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView, SnippetViewSet

from cms.snippet_views import UnitOwnedSnippetViewSet

from .models import ReportingRound, ScoreBand, UnitReport
from .permissions import UnitReportPermissionPolicy
from .views import ReportingViewSet


@hooks.register("register_log_actions")
def register_reporting_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("reporting.reopen")
    class ReopenFormatter(LogFormatter):
        label = "เปิดรายงานใหม่"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            import datetime as dt

            from cms.widgets import be_date

            until = data.get("until")
            until = be_date(dt.date.fromisoformat(until)) if until else "-"
            return f"เปิดรายงานที่ปิดรอบแล้วให้แก้ไขใหม่ถึง {until} เหตุผล: {data.get('reason', '')}"

    @actions.register_action("reporting.score_change")
    class ScoreChangeFormatter(LogFormatter):
        label = "เปลี่ยนคะแนน"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            note = f" ({data['note']})" if data.get("note") else ""
            return f"ตัวชี้วัด {data.get('kpi', '')} คะแนน{data.get('kind', '')}: {data.get('old') or '-'} → {data.get('new') or '-'}{note}"


class UnitReportCreateView(SnippetCreateView):
    """The add form presets round and organisation from ``?round=…&organisation=…`` (the home
    page's "เริ่มรายงานผลรอบนี้" link), when they name a round that exists and an organisation
    the user may report for; the saved form is checked as usual."""

    def get_initial(self):
        initial = super().get_initial()
        round_id, organisation_id = self.request.GET.get("round", ""), self.request.GET.get("organisation", "")
        if round_id.isdigit() and ReportingRound.objects.filter(pk=round_id).exists():
            initial["round"] = int(round_id)
        if organisation_id.isdigit():
            allowed = self.permission_policy.organisations_for(self.request.user, "add")
            if allowed.filter(pk=organisation_id).exists():
                initial["organisation"] = int(organisation_id)
        return initial


class UnitReportViewSet(UnitOwnedSnippetViewSet):
    model = UnitReport
    add_view_class = UnitReportCreateView
    icon = "clipboard-list"
    menu_label = "รายงานผลการดำเนินงาน"
    menu_name = "unit-reports"
    add_to_admin_menu = True
    menu_order = 1060
    list_display = ["organisation", "round", Column("display_status", label="สถานะ"), "self_score", "reviewed_score"]
    list_filter = ["round", "status"]

    @property
    def permission_policy(self):
        return UnitReportPermissionPolicy(self.model)

    @property
    def url_finder_class(self):
        """Edit links (the home page's "รอให้คุณตรวจ", log entries) by the report's own rule:
        Wagtail's snippet finder asks only the model permission, so a report's step-2 KPI
        supervisor (who holds none) saw it waiting with no way in (found walking the year in
        the browser, issue 11)."""
        from django.contrib.admin.utils import quote

        viewset = self

        class UnitReportURLFinder:
            def __init__(self, user=None):
                self.user = user

            def get_edit_url(self, instance):
                if self.user is not None and not viewset.permission_policy.user_has_permission_for_instance(
                        self.user, "change", instance):
                    return None
                return reverse(viewset.get_url_name("edit"), args=[quote(instance.pk)])

        return UnitReportURLFinder

    def get_queryset(self, request):
        """Unit staff list only their own unit's reports (the filter is the viewset's)."""
        return super().get_queryset(request).select_related("round", "round__fiscal_year", "organisation")


class ReportingRoundViewSet(SnippetViewSet):
    model = ReportingRound
    icon = "date"
    menu_label = "รอบการรายงานผล"
    list_display = ["__str__", "organisation", "opens_on", "closes_on", "announced_on", "appeal_deadline"]
    list_filter = ["fiscal_year", "organisation"]

    @property
    def edit_view_class(self):
        from cms.wagtail_hooks import ScopedEditView  # another department's round: refused

        return ScopedEditView

    @property
    def permission_policy(self):
        from .permissions import round_policy

        return round_policy(self.model)

    def get_queryset(self, request):
        """Lists (and the round chooser) hold only the calendars the user may see."""
        visible = self.permission_policy.instances_user_has_permission_for(request.user, "view")
        return visible.select_related("fiscal_year", "organisation")


class ScoreBandViewSet(SnippetViewSet):
    model = ScoreBand
    icon = "pick"
    menu_label = "เกณฑ์สีสัญญาณไฟ"


register_snippet(UnitReportViewSet)
register_snippet(ReportingRoundViewSet)
register_snippet(ScoreBandViewSet)


@hooks.register("register_admin_viewset")
def register_reporting_viewset():
    return ReportingViewSet()  # with the menu "คะแนนผลการปฏิบัติราชการ"


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def rescore_after_save(request, instance):
    """A unit's edits to a report in progress are scored at once (self-assessment)."""
    if isinstance(instance, UnitReport) and not instance.live:
        from .scores import add_agreement_lines, score_report

        if add_agreement_lines(instance):
            instance.save_revision(user=request.user, clean=False)
        score_report(instance, user=request.user, note="บันทึกรายงาน")
