"""Home-page panels, one per job: what the signed-in user has to do next."""
from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import queries


class UnitWorkPanel(Component):
    """Unit staff and heads: the open rounds of their units, days left, the report, KPIs still without evidence."""

    name = "khamrap_unit_work"
    order = 10
    template_name = "dashboard/unit_work.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows = queries.unit_rounds(self.user)
        for row in rows:
            row.report_url = (
                reverse("wagtailsnippets_reporting_unitreport:edit", args=[row.report.pk]) if row.report
                else reverse("wagtailsnippets_reporting_unitreport:add")
                + f"?round={row.round.pk}&organisation={row.organisation.pk}"
            )
            for line in row.kpis:
                line.upload_url = reverse("khamrap_dashboard:quick_evidence", args=[row.round.pk, line.kpi.pk])
        return {"rows": rows, "sent_back": queries.sent_back(self.user)}


class RoundScoresPanel(Component):
    """Executives and กพร. (installation-wide, or an agency's own): the latest round's
    rankings, one per parent organisation the user may see (``reporting.views.visible_tables``)."""

    name = "khamrap_round_scores"
    order = 20
    template_name = "dashboard/round_scores.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        from reporting.views import ranking_heading, visible_tables

        rnd = queries.latest_scored_round()
        tables = [{"heading": ranking_heading(parent), "rows": rows} for parent, rows in visible_tables(rnd, self.user)] if rnd else []
        return {"round": rnd, "tables": tables, "open_rounds": queries.open_rounds()}


class PreparationPanel(Component):
    """Site-visit preparers: every unit's checklist and binder."""

    name = "khamrap_preparation"
    order = 10
    template_name = "dashboard/preparation.html"

    def get_context_data(self, parent_context=None):
        year_page, rows = queries.preparation_rows()
        csrf = parent_context.get("csrf_token") if parent_context else None
        return {"year_page": year_page, "rows": rows, "csrf_token": csrf}


class SupervisorQueuePanel(Component):
    """KPI supervisors: the lines of the KPIs they supervise still waiting for their score,
    each with the card to score it on and a compare of what the unit changed."""

    name = "khamrap_supervisor_queue"
    order = 5
    template_name = "dashboard/supervisor_queue.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"items": queries.supervisor_queue(self.user)}
