"""Role home pages: the panels each role sees first; the dashboard's screens (:class:`views.DashboardViewSet`, with the preparers' menu entry)."""
from wagtail import hooks
from wagtail.admin.wagtail_hooks import SettingsMenuItem

from cms.permissions import user_unit_ids
from cms.roles import EDITORS, EXECUTIVES, PREPARERS, REVIEWERS, user_in

from reporting.roles import SUPERVISORS

from . import queries
from .workflow_warning import ModerationPanelWithPublicWarning, WorkflowObjectsToModeratePanel
from .panels import PreparationPanel, RoundScoresPanel, SupervisorQueuePanel, UnitWorkPanel
from .views import DashboardViewSet


@hooks.register("register_admin_viewset")
def register_dashboard_viewset():
    return DashboardViewSet()


@hooks.register("construct_homepage_summary_items")
def summary_for_editors_only(request, summary_items):
    """"9 หน้า", "0 เอกสาร" say nothing about a unit's or a reviewer's work; editors and admins keep them."""
    if not (request.user.is_superuser or user_in(request.user, EDITORS)):
        summary_items[:] = []


def shows_agency_ranking(user) -> bool:
    """An agency's own executives and กพร. (editors, reviewers) see its rankings first."""
    from cms.permissions import organisations_acted_for

    return bool(organisations_acted_for(user, ("editor", "reviewer", "executive")))


@hooks.register("construct_homepage_panels")
def role_panels(request, panels):
    user = request.user
    if user_unit_ids(user):
        panels.insert(0, UnitWorkPanel(user))
    if user.is_superuser or user_in(user, EXECUTIVES, EDITORS, REVIEWERS) or shows_agency_ranking(user):
        panels.append(RoundScoresPanel(user))  # reviewers: each unit's report to score, even with no page waiting
    if user.is_superuser or user_in(user, PREPARERS):
        panels.insert(0, PreparationPanel())
    for i, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[i] = ModerationPanelWithPublicWarning()
    if queries.supervises_kpis(user) or user_in(user, SUPERVISORS):
        panels.insert(0, SupervisorQueuePanel(user))


@hooks.register("construct_main_menu")
def drop_english_help_menu(request, menu_items):
    """Wagtail's Help menu holds only its English guides and version number: not for this audience."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
    for item in menu_items:
        if isinstance(item, SettingsMenuItem):
            item.__class__ = SettingsWithoutVersion


class SettingsWithoutVersion(SettingsMenuItem):
    """Wagtail's Settings submenu without its footer "Wagtail v7.4.4" (English, and no use to users)."""

    def render_component(self, request):
        component = super().render_component(request)
        component.footer_text = ""
        return component
