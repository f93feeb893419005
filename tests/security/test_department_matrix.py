"""Permission matrix with organisation scope (issue 11): role × own department / other
department × object kind × view / edit / publish / score, on the two demo departments.

Objects of each department: its กค.'s 6-month unit report (card = view, snippet edit form =
edit, reviewer score POST = score) and its กค.'s KPI template page (edit form = edit,
Wagtail's publish permission = publish). Both departments' units are called กค.; every
check goes through the real views (HTTP) or Wagtail's own page permission tester, and the
score column is checked in the database after the POST. Zero cross-department leaks:
nobody of one department acts on the other's objects."""
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cms.models import KPITemplatePage, OrganisationYearPage
from reporting.models import KpiReportLine, UnitReport
from tests.helpers.rollback import isolated

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first

FIRST, SECOND = "สสบ.", "สกช."
FOLDERS = {FIRST: "finance", SECOND: "agri-finance"}
GLOBAL = {"reviewer", "editor", "admin", "kpi_supervisor"}  # installation-wide roles (OPDC, or a one-department install)

# role → {department: set of allowed actions}
MATRIX = {
    "agri_editor": {SECOND: {"view", "edit_report", "edit_page", "score"}, FIRST: set()},
    "agri_reviewer": {SECOND: {"view", "score"}, FIRST: set()},
    "agri_executive": {SECOND: {"view", "publish"}, FIRST: set()},
    "staff_agri-finance": {SECOND: {"view", "edit_report", "edit_page"}, FIRST: set()},
    "head_agri-finance": {SECOND: {"view", "edit_report", "edit_page"}, FIRST: set()},
    "staff_finance": {FIRST: {"view", "edit_report", "edit_page"}, SECOND: set()},
    "staff_service": {FIRST: set(), SECOND: set()},  # another unit of the first department
    "reviewer": {FIRST: {"view", "edit_report", "score"}, SECOND: {"view", "edit_report", "score"}},  # no page permission
    "executive": {FIRST: {"view", "publish"}, SECOND: {"view", "publish"}},
    "editor": {FIRST: {"view", "edit_report", "edit_page", "score"}, SECOND: {"view", "edit_report", "edit_page", "score"}},
    # the hosted KPI 3's own supervisor: reads the reports carrying it (scores KPI 3, not KPI 2:
    # tests/reporting/test_kpi_supervisor.py); the installation-wide supervisors' group member
    # supervises KPI 2 of the first department; it edits a report only while it waits on step 2
    # (their fallback: the step-two matrix below), not these reports
    "agri_kpi_supervisor": {SECOND: {"view"}, FIRST: set()},
    "kpi_supervisor": {FIRST: {"view", "score"}, SECOND: set()},
}


def objects(demo, department):
    unit = demo.unit("กค.", department=department)
    report = UnitReport.objects.get(round__fiscal_year__year_be=2569, round__month=6, organisation=unit)
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug=FOLDERS[department])).get(code="2")
    return report, kpi


def actions_served(client, demo, username, department):
    user = demo.user(username)
    client.force_login(user)
    report, kpi = objects(demo, department)
    allowed = set()
    card = client.get(reverse("reporting_card", args=[report.pk]))
    if card.status_code == 200:
        allowed.add("view")
    report_edit = client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])).status_code == 200
    page_edit = client.get(reverse("wagtailadmin_pages:edit", args=[kpi.pk])).status_code == 200
    if report_edit:
        allowed.add("edit_report")
    if page_edit:
        allowed.add("edit_page")
    if kpi.permissions_for_user(user).can_publish():
        allowed.add("publish")
    line = report.lines.get(kpi__code="2")
    before = line.reviewer_score
    client.post(reverse("reporting_review", args=[line.pk]), {"score": "4.5", "note": "ทดสอบสิทธิ์"})
    after = KpiReportLine.objects.get(pk=line.pk).reviewer_score
    if after != before:
        assert after == D("4.5")
        allowed.add("score")
    return allowed


@pytest.fixture
def scores_open(demo):
    """The 6-month round not announced yet (scores may still be entered)."""
    import datetime as dt

    from reporting.models import ReportingRound, today

    round_ = ReportingRound.objects.get(fiscal_year__year_be=2569, month=6)
    round_.announced_on, round_.appeal_deadline = today() + dt.timedelta(days=10), today() + dt.timedelta(days=24)
    round_.save()
    return demo


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_department_matrix(scores_open, client, username):
    served = {department: actions_served(client, scores_open, username, department) for department in (FIRST, SECOND)}
    assert served == MATRIX[username]


def test_no_cross_department_leak_in_the_matrix():
    """The matrix itself says it: a department's people act on their own department only."""
    for username, by_department in MATRIX.items():
        if username in GLOBAL or username == "executive":
            continue
        assert not (by_department[FIRST] and by_department[SECOND]), username


# --- step 2 of the unit-report workflow (issue 11): who moderates each department's report ---
# Each department's กค. 9-month report on step 2 "ตรวจสอบโดยผู้กำกับตัวชี้วัด". สสบ./กค.'s KPI 2
# is supervised by kpi_supervisor, สกช./กค.'s hosted KPI 3 by agri_kpi_supervisor;
# kpi_supervisor's group is the installation-wide fallback (สกช. keeps it on, by default).
STEP_TWO = {
    "agri_kpi_supervisor": {SECOND},
    "kpi_supervisor": {FIRST, SECOND},
    "admin": {FIRST, SECOND},
}
STEP_TWO_USERS = sorted(set(MATRIX) | set(STEP_TWO) | {"head_finance", "agri_executive"})


def reports_on_step_two(demo):
    from wagtail.models import WorkflowState

    from reporting.scores import start_report

    round_ = demo.open_round(9)
    found = {}
    for department, slug in FOLDERS.items():
        staff = demo.user(f"staff_{slug}")
        report = start_report(round_, demo.unit("กค.", department=department), staff)
        report.save_revision(user=staff)
        report.get_workflow().start(report, staff)
        state = WorkflowState.objects.for_instance(report).get(status="in_progress").current_task_state
        state.approve(user=demo.user(f"head_{slug}"))
        found[department] = UnitReport.objects.get(pk=report.pk)
    return found


def approve_current_task(client, demo, username, report):
    """``username`` approves the report's current workflow task through the admin (the
    workflow action view); returns that task's state."""
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.for_instance(report).get(status="in_progress").current_task_state
    client.force_login(demo.user(username))
    client.post(reverse("wagtailsnippets_reporting_unitreport:workflow_action", args=[report.pk, "approve", state.pk]),
                {"comment": ""})
    return state


def moderates(client, demo, username, report):
    """Approves step 2 through the admin (the workflow action view); True when it moved on."""
    from wagtail.models import WorkflowState

    state = approve_current_task(client, demo, username, report)
    moved = WorkflowState.objects.for_instance(report).get(status="in_progress").current_task_state_id != state.pk
    return moved


# --- step 3 of the unit-report workflow (issue 11): who approves and so publishes each
# department's report. Each department's กค. 9-month report waits on step 3 "อนุมัติโดย กพร.";
# each department has reviewers of its own (สกช.: agri_reviewer; สสบ.: first_reviewer, made
# here, the demo has none); the installation-wide reviewers ("ผู้ทบทวน กพร.", reviewer) act
# while the department keeps ``global_reviewers_fallback`` on (both do, by default).
FIRST_REVIEWER = "first_reviewer"
STEP_THREE = {
    "agri_reviewer": {SECOND},
    FIRST_REVIEWER: {FIRST},
    "reviewer": {FIRST, SECOND},
    "admin": {FIRST, SECOND},
}
STEP_THREE_USERS = sorted(set(MATRIX) | set(STEP_THREE) | {"head_finance", "agri_executive", "executive"})


def reports_on_step_three(demo):
    from cms.models import Organisation
    from cms.roles import role_group
    from tests.helpers.reporting import report_on_step_three

    first_reviewer = demo.User.objects.create_user(FIRST_REVIEWER, password="x", first_name="สุนทร")
    first_reviewer.groups.add(role_group(Organisation.find(FIRST), "reviewer"))
    return {department: report_on_step_three(demo, f"{department}/กค.", f"staff_{slug}", f"head_{slug}", "admin")
            for department, slug in FOLDERS.items()}


def publishes(client, demo, username, report):
    """Approves step 3 through the admin; True when that finished the workflow and the report
    is live (the final approval publishes it)."""
    from wagtail.models import TaskState

    state = approve_current_task(client, demo, username, report)
    approved = TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
    live = UnitReport.objects.get(pk=report.pk).live
    assert approved == live, username  # approving step 3 is publishing
    return live


# --- both steps: each as (the reports waiting on it, "did this user's approval act on it",
# who acts on which department, the users to try, and — with สกช.'s fallback switched off —
# (user, department, acts?) in the order tried).
STEPS = {
    "step_two": (reports_on_step_two, moderates, STEP_TWO, STEP_TWO_USERS, [
        # the department's own KPI supervisors alone
        ("kpi_supervisor", SECOND, False),
        ("kpi_supervisor", FIRST, True),
        ("agri_kpi_supervisor", SECOND, True),
    ]),
    "step_three": (reports_on_step_three, publishes, STEP_THREE, STEP_THREE_USERS, [
        # the department's own reviewers alone
        ("reviewer", SECOND, False),
        (FIRST_REVIEWER, SECOND, False),
        ("reviewer", FIRST, True),
        ("agri_reviewer", SECOND, True),
    ]),
}


@pytest.mark.parametrize("step", STEPS)
def test_step_matrix(demo, client, step):
    """Every user tries to approve both departments' reports waiting on the step. The reports
    are made once; each user's tries are rolled back before the next user's (a savepoint)."""
    reports_on, acts, expected, users, _ = STEPS[step]
    reports = reports_on(demo)

    def served(username):
        return {department for department, report in reports.items() if acts(client, demo, username, report)}

    outcomes = {username: isolated(lambda: served(username)) for username in users}
    assert outcomes == {username: expected.get(username, set()) for username in users}


@pytest.mark.parametrize("step", STEPS)
def test_step_without_the_fallback_is_the_departments_own_people(demo, client, step):
    from cms.models import Organisation

    reports_on, acts, _, _, without_fallback = STEPS[step]
    Organisation.objects.filter(pk=Organisation.find("ทนก./สกช.").pk).update(global_reviewers_fallback=False)
    reports = reports_on(demo)
    assert [(username, department, acts(client, demo, username, reports[department]))
            for username, department, _ in without_fallback] == without_fallback


def test_a_departments_reviewer_publishes_and_unpublishes_nothing_outside_step_three(demo, client):
    """The per-report publish rule reaches Wagtail's own publish and unpublish views no more than
    a model-wide grant would: a live report of their own department stays live."""
    report = UnitReport.objects.get(round__fiscal_year__year_be=2569, round__month=6,
                                    organisation=demo.unit("กค.", department=SECOND))
    if not report.live:
        report.latest_revision.publish(user=demo.user("admin"))
    client.force_login(demo.user("agri_reviewer"))
    response = client.post(reverse("wagtailsnippets_reporting_unitreport:unpublish", args=[report.pk]), {})
    assert response.status_code in (403, 404) or response.url == reverse("wagtailadmin_home")
    assert UnitReport.objects.get(pk=report.pk).live
