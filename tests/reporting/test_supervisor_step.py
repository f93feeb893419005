"""Step 2 of the unit-report workflow is the KPI's own supervisor's (issue 11).

สกช./กสว.'s report carries KPI 3, hosted by สกช./กค. for every unit of สกช. and supervised by
the user agri_kpi_supervisor. On step 2 that supervisor acts; nobody else of สกช. does (its
กพร. editor, reviewer, executive, the unit's staff and head, the host unit's head); the
installation-wide group "ผู้กำกับดูแลตัวชี้วัด" (kpi_supervisor) acts only while the
department keeps ``global_reviewers_fallback`` on. Checked on the task and through the real
admin views (edit form, workflow action POST), on the real database."""
import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.models import KPITemplatePage, Organisation
from reporting.models import KpiSupervisorTask, UnitReport
from reporting.scores import start_report
from tests.helpers.forms import form_fields

UNIT = "สกช./กสว."
STEP_TWO = "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
OTHERS_OF_THE_DEPARTMENT = ("agri_editor", "agri_reviewer", "agri_executive", "staff_agri-extension", "head_agri-extension",
                            "head_agri-finance", "staff_agri-finance")


def current_task_state(report):
    return WorkflowState.objects.for_instance(report).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state.specific


def on_step_two(demo, unit=UNIT, staff="staff_agri-extension", head="head_agri-extension"):
    round_ = demo.open_round(9)
    staff = demo.user(staff)
    report = start_report(round_, demo.unit(unit), staff)
    report.save_revision(user=staff)
    report.get_workflow().start(report, staff)
    current_task_state(report).approve(user=demo.user(head))
    report = UnitReport.objects.get(pk=report.pk)
    state = current_task_state(report)
    assert state.task.name == STEP_TWO and isinstance(state.task.specific, KpiSupervisorTask)
    return report, state


def acts(state, report, username, demo):
    fresh = UnitReport.objects.get(pk=report.pk)  # the organisation's switch as stored now
    return bool(state.task.specific.get_actions(fresh, demo.user(username)))


def switch_fallback_off(department="ทนก./สกช."):
    Organisation.objects.filter(pk=Organisation.find(department).pk).update(global_reviewers_fallback=False)


def test_step_two_is_the_hosted_kpis_supervisor_and_nobody_else_of_the_department(demo):
    report, state = on_step_two(demo)
    assert report.lines.filter(kpi__supervisor_users__username="agri_kpi_supervisor").exists()
    assert acts(state, report, "agri_kpi_supervisor", demo)
    for username in OTHERS_OF_THE_DEPARTMENT:
        assert not acts(state, report, username, demo), username
    # step 3's people and the first department's supervisor of its own KPI 2 are not step 2's
    for username in ("reviewer", "editor", "executive"):
        assert not acts(state, report, username, demo), username
    # the installation-wide group: a fallback while the department keeps it on
    assert acts(state, report, "kpi_supervisor", demo)
    switch_fallback_off()
    assert not acts(state, report, "kpi_supervisor", demo)
    assert acts(state, report, "agri_kpi_supervisor", demo)
    # the moderation queue follows: the supervisor's lists the report, the others' do not
    task = state.task.specific
    assert task.get_task_states_user_can_moderate(demo.user("agri_kpi_supervisor")).filter(pk=state.pk).exists()
    assert not task.get_task_states_user_can_moderate(demo.user("agri_reviewer")).filter(pk=state.pk).exists()
    assert not task.get_task_states_user_can_moderate(demo.user("kpi_supervisor")).filter(pk=state.pk).exists()


def action_url(report, state, action="approve"):
    return reverse("wagtailsnippets_reporting_unitreport:workflow_action", args=[report.pk, action, state.pk])


def test_only_the_supervisor_approves_step_two_through_the_admin(demo, client):
    report, state = on_step_two(demo)
    switch_fallback_off()
    edit = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    for username in (*OTHERS_OF_THE_DEPARTMENT, "kpi_supervisor"):
        client.force_login(demo.user(username))
        response = client.post(action_url(report, state), {"comment": ""})
        # refused: 404 from the gate, or Wagtail's permission-denied redirect to the admin home
        assert response.status_code in (403, 404) or response.url == reverse("wagtailadmin_home"), username
        assert current_task_state(report).pk == state.pk, username
    client.force_login(demo.user("agri_kpi_supervisor"))
    page = client.get(edit)
    collect = reverse("wagtailsnippets_reporting_unitreport:collect_workflow_action_data", args=[report.pk, "approve", state.pk])
    assert page.status_code == 200 and collect in page.content.decode()  # "อนุมัติพร้อมความเห็น" in the action menu
    response = client.post(action_url(report, state), {"comment": "ตรวจผลการเบิกจ่ายกับ GFMIS แล้ว"})
    assert response.status_code == 302
    assert current_task_state(report).task.name == "รายงานผล: อนุมัติโดย กพร."
    # off their step the report is theirs to read (its card), not to edit
    assert client.post(edit, {}).status_code == 404


def test_a_kpi_supervisor_reaches_no_report_without_their_kpi(demo, client):
    """agri_kpi_supervisor holds no permission on reports: the first department's reports
    (none carries their KPI) are a 404 in the admin and absent from the report list."""
    client.force_login(demo.user("agri_kpi_supervisor"))
    first = demo.report("สสบ./กค.")
    assert client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[first.pk])).status_code == 404
    listing = client.get(reverse("wagtailsnippets_reporting_unitreport:list")).content.decode()
    assert demo.report("สกช./กสว.").organisation.name_th in listing
    assert "สำนักบริการประชาชน" not in listing and first.organisation.full_abbreviation not in listing


def test_a_report_whose_kpis_have_no_supervisor_goes_to_the_department_reviewers_once_the_fallback_is_off(demo):
    report, state = on_step_two(demo)
    through = KPITemplatePage.supervisor_users.through  # parental many-to-many: clear() waits for a save
    through.objects.filter(kpitemplatepage__report_lines__report=report).delete()
    assert not report.lines.filter(kpi__supervisor_users__isnull=False).exists()
    assert acts(state, report, "kpi_supervisor", demo)  # fallback on: the installation-wide group
    assert not acts(state, report, "agri_reviewer", demo)
    switch_fallback_off()
    assert acts(state, report, "agri_reviewer", demo)  # never stuck: the department's own reviewers
    assert not acts(state, report, "kpi_supervisor", demo)
    assert not acts(state, report, "agri_editor", demo)


def test_the_migration_moves_reports_already_on_step_two(demo):
    """A report on the old group step keeps going: the conversion is idempotent and leaves
    one step 2 in the workflow (the demo loader runs it again after a flush)."""
    import importlib

    from django.apps import apps
    from wagtail.models import Workflow

    from reporting.models import REPORT_WORKFLOW_NAME

    convert = importlib.import_module("reporting.migrations.0008_report_step_two_by_kpi_supervisors").convert
    convert(apps, None)
    steps = [t.specific for t in Workflow.objects.get(name=REPORT_WORKFLOW_NAME).tasks.order_by("workflow_tasks__sort_order")]
    assert [type(t).__name__ for t in steps] == ["UnitHeadApprovalTask", "KpiSupervisorTask", "ReportReviewerTask"]


def approve_from_the_edit_form(client, report):
    """What "อนุมัติ" in the edit form's footer sends: the whole form, unchanged, plus the action."""
    edit = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    data = form_fields(client.get(edit).content.decode(), largest=True)
    data.update({"action-workflow-action": "on", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"})
    return client.post(edit, data)


def test_approving_from_the_edit_form_moves_the_report_on(demo, client):
    """Found walking the year in the browser: the edit form's approval saved a revision, which
    (approvals void on edit) started the same step again; the head's approval looped."""
    report, _ = on_step_two(demo)  # step 1 approved through the task; now step 2 from the form
    client.force_login(demo.user("agri_kpi_supervisor"))
    revisions = report.revisions.count()
    response = approve_from_the_edit_form(client, report)
    assert response.status_code == 302, (response.context["form"].errors, [f.errors for f in response.context["form"].formsets.values()])
    assert current_task_state(report).task.name == "รายงานผล: อนุมัติโดย กพร."
    assert report.revisions.count() == revisions  # nothing changed, no revision


def test_the_unit_heads_approval_from_the_edit_form_reaches_step_two(demo, client):
    round_ = demo.open_round(9)
    staff = demo.user("staff_agri-extension")
    report = start_report(round_, demo.unit(UNIT), staff)
    report.save_revision(user=staff)
    report.get_workflow().start(report, staff)
    client.force_login(demo.user("head_agri-extension"))
    assert approve_from_the_edit_form(client, report).status_code == 302
    assert current_task_state(report).task.name == STEP_TWO


def test_the_supervisors_home_page_links_the_report_waiting_on_their_step(demo, client):
    report, _ = on_step_two(demo)
    edit = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    client.force_login(demo.user("agri_kpi_supervisor"))
    assert f'href="{edit}"' in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(demo.user("agri_reviewer"))  # not theirs: neither listed nor linked
    assert f'href="{edit}"' not in client.get(reverse("wagtailadmin_home")).content.decode()
