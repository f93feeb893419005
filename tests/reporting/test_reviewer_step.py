"""Step 3 of the unit-report workflow, "รายงานผล: อนุมัติโดย กพร.", is the report's own
department's กพร. reviewers' (issue 11), and its approval publishes the report.

สกช./กสว.'s report: step 3 is agri_reviewer's (สกช.'s reviewers role); nobody else of สกช.
acts; a reviewer of the first department (สสบ.'s own reviewers role, made here: the demo has
none) neither acts on it nor may publish it; the installation-wide reviewers ("ผู้ทบทวน กพร.",
demo user reviewer) act while สกช. keeps ``global_reviewers_fallback`` on, and not once it is
off. A department without reviewers of its own (the demo's สสบ., as every one-department
installation) goes to the installation-wide group whatever its switch. Through the task, the
real admin views (edit form, workflow action POST) and the model's publish, on the real
database."""
import importlib

import pytest
from django.urls import reverse
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import TaskState, Workflow, WorkflowState

from cms.models import Organisation
from cms.roles import role_group
from reporting.models import REPORT_WORKFLOW_NAME, ReportReviewerTask, UnitReport
from reporting.permissions import UnitReportPermissionPolicy
from tests.helpers.http import refused
from tests.helpers.moderation import current_task_state
from tests.helpers.reporting import STEP_THREE, report_on_step_three

SECOND_UNIT = "สกช./กสว."
OTHERS_OF_THE_SECOND = ("agri_editor", "agri_executive", "agri_kpi_supervisor", "staff_agri-extension",
                        "head_agri-extension", "staff_agri-finance", "head_agri-finance")


def second_report(demo):
    return report_on_step_three(demo, SECOND_UNIT, "staff_agri-extension", "head_agri-extension", "agri_kpi_supervisor")


def first_report(demo):
    return report_on_step_three(demo, "สสบ./กค.", "staff_finance", "head_finance", "kpi_supervisor")


def first_department_reviewer(demo):
    user = demo.User.objects.create_user("reviewer_sorsorbor", password="x", first_name="สุนทร")
    user.groups.add(role_group(Organisation.find("สสบ."), "reviewer"))
    return user


def switch_fallback_off(department="ทนก./สกช."):
    Organisation.objects.filter(pk=Organisation.find(department).pk).update(global_reviewers_fallback=False)


def acts(report, user):
    fresh = UnitReport.objects.get(pk=report.pk)  # the switch and the groups as stored now
    return bool(current_task_state(fresh).task.specific.get_actions(fresh, user))


def approve(client, user, report, comment=""):
    state = current_task_state(report)
    client.force_login(user)
    response = client.post(
        reverse("wagtailsnippets_reporting_unitreport:workflow_action", args=[report.pk, "approve", state.pk]),
        {"comment": comment})
    return response, UnitReport.objects.get(pk=report.pk)


def finished(report) -> bool:
    return not WorkflowState.objects.for_instance(report).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_step_three_is_an_organisation_scoped_task_of_the_report_workflow(db):
    steps = [t.specific for t in Workflow.objects.get(name=REPORT_WORKFLOW_NAME).tasks.order_by("workflow_tasks__sort_order")]
    assert isinstance(steps[2], ReportReviewerTask) and steps[2].name == STEP_THREE and steps[2].active
    assert [g.name for g in steps[2].fallback_groups.all()] == ["ผู้ทบทวน กพร."]


def test_the_second_departments_reviewer_approves_step_three_and_the_report_is_published(demo, client):
    report = second_report(demo)
    reviewer = demo.user("agri_reviewer")
    assert not reviewer.has_perm("reporting.publish_unitreport")  # no model-wide grant
    assert acts(report, reviewer)
    for username in OTHERS_OF_THE_SECOND:
        assert not acts(report, demo.user(username)), username
    # the edit form is theirs while the report waits on their step, with the approval in its menu
    edit = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    client.force_login(reviewer)
    page = client.get(edit)
    collect = reverse("wagtailsnippets_reporting_unitreport:collect_workflow_action_data",
                      args=[report.pk, "approve", current_task_state(report).pk])
    assert page.status_code == 200 and collect in page.content.decode()
    # the moderation queue lists it for them
    state = current_task_state(report)
    assert state.task.specific.get_task_states_user_can_moderate(reviewer).filter(pk=state.pk).exists()
    response, report = approve(client, reviewer, report, "ตรวจสอบผลและหลักฐานครบถ้วนแล้ว")
    assert response.status_code == 302 and not refused(response)
    assert report.live and report.status == UnitReport.APPROVED and finished(report)
    assert report.live_revision_id == report.latest_revision_id
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
    # off their step the report is no longer theirs to edit (theirs to read: their department's)
    off_step = client.get(edit)
    assert off_step.status_code == 404 or refused(off_step)
    assert client.get(reverse("reporting_card", args=[report.pk])).status_code == 200


def test_the_first_departments_reviewer_can_neither_act_on_nor_publish_the_seconds_report(demo, client):
    outsider = first_department_reviewer(demo)
    report = second_report(demo)
    assert not acts(report, outsider)
    response, report = approve(client, outsider, report)
    assert response.status_code in (403, 404) or refused(response)
    assert current_task_state(report).task.name == STEP_THREE and not report.live
    policy = UnitReportPermissionPolicy(UnitReport)
    assert not policy.user_has_permission_for_instance(outsider, "publish", report)
    with pytest.raises(PublishPermissionError):
        report.latest_revision.publish(user=outsider)
    assert not UnitReport.objects.get(pk=report.pk).live
    # and the second department's reviewer is as much a stranger to the first's report
    first = first_report(demo)
    assert acts(first, outsider)  # the first department's own reviewers now take its step 3
    assert not acts(first, demo.user("agri_reviewer"))
    assert not policy.user_has_permission_for_instance(demo.user("agri_reviewer"), "publish", first)
    with pytest.raises(PublishPermissionError):
        first.latest_revision.publish(user=demo.user("agri_reviewer"))
    response, first = approve(client, outsider, first)
    assert first.live and finished(first)


def test_the_installation_wide_reviewers_act_only_while_the_department_keeps_the_fallback(demo, client):
    report = second_report(demo)
    reviewer = demo.user("reviewer")
    assert acts(report, reviewer)  # สกช. keeps it on (the default)
    switch_fallback_off()
    assert not acts(report, reviewer)
    state = current_task_state(report)
    assert not state.task.specific.get_task_states_user_can_moderate(reviewer).filter(pk=state.pk).exists()
    response, report = approve(client, reviewer, report)
    assert response.status_code in (403, 404) or refused(response)
    assert current_task_state(report).pk == state.pk and not report.live
    assert acts(report, demo.user("agri_reviewer"))  # their own reviewers still do
    # switched on again: the installation-wide reviewer approves, and the report is published
    Organisation.objects.filter(pk=Organisation.find("ทนก./สกช.").pk).update(global_reviewers_fallback=True)
    response, report = approve(client, reviewer, report)
    assert response.status_code == 302 and not refused(response)
    assert report.live and finished(report)


def test_a_department_without_reviewers_of_its_own_stays_with_the_installation_wide_group(demo, client):
    """The demo's สสบ. has no reviewers of its own (as a one-department installation): its step 3
    is the installation-wide reviewers', also with its switch off (never a step nobody takes)."""
    report = first_report(demo)
    switch_fallback_off("สสบ.")
    assert acts(report, demo.user("reviewer"))
    assert not acts(report, demo.user("agri_reviewer"))
    # an inactive member does not count: the step stays with the installation-wide group
    outsider = first_department_reviewer(demo)
    outsider.is_active = False
    outsider.save()
    assert acts(report, demo.user("reviewer"))
    response, report = approve(client, demo.user("reviewer"), report)
    assert response.status_code == 302 and report.live and finished(report)


def test_an_agency_reviewer_publishes_the_reports_of_their_subtree_only(demo):
    """The publish rule is per report, never model-wide: Wagtail's own publish buttons (which ask
    the model permission) stay the installation-wide groups'."""
    policy = UnitReportPermissionPolicy(UnitReport)
    reviewer = demo.user("agri_reviewer")
    assert not policy.user_has_permission(reviewer, "publish")
    assert policy.user_has_permission_for_instance(reviewer, "publish", demo.report("สกช./กค."))
    assert not policy.user_has_permission_for_instance(reviewer, "publish", demo.report("สสบ./กค."))
    for username in ("agri_editor", "agri_executive", "staff_agri-finance", "head_agri-finance"):
        assert not policy.user_has_permission_for_instance(demo.user(username), "publish", demo.report("สกช./กค.")), username
    assert policy.user_has_permission_for_instance(demo.user("reviewer"), "publish", demo.report("สกช./กค."))


def test_the_migration_converts_an_old_group_step_with_its_waiting_reports_and_back(demo):
    """An installation before 0009: step 3 a GroupApprovalTask of "ผู้ทบทวน กพร." with a report
    waiting on it. The conversion moves the report to the new step (the installation-wide
    reviewers still act: the demo's สสบ. has no reviewers of its own), keeps one step 3 when run
    again, and the reverse puts the group step back with the report on it."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Task, WorkflowTask

    migration = importlib.import_module("reporting.migrations.0009_report_step_three_by_department_reviewers")
    report = first_report(demo)
    state = current_task_state(report)
    # put the pre-0009 shape back: the group step in the workflow, the report waiting on it
    migration.restore(apps, None)
    old = Task.objects.get(pk=WorkflowTask.objects.get(workflow__name=REPORT_WORKFLOW_NAME, sort_order=2).task_id).specific
    assert isinstance(old, GroupApprovalTask) and old.name == STEP_THREE and old.active
    assert list(old.groups.all()) == [Group.objects.get(name="ผู้ทบทวน กพร.")]
    assert TaskState.objects.get(pk=state.pk).task_id == old.pk
    assert not ReportReviewerTask.objects.exists()

    migration.convert(apps, None)
    migration.convert(apps, None)  # idempotent
    steps = [t.specific for t in Workflow.objects.get(name=REPORT_WORKFLOW_NAME).tasks.order_by("workflow_tasks__sort_order")]
    assert [type(t).__name__ for t in steps] == ["UnitHeadApprovalTask", "KpiSupervisorTask", "ReportReviewerTask"]
    assert TaskState.objects.get(pk=state.pk).task_id == steps[2].pk
    old = Task.objects.get(pk=old.pk)
    assert old.name == f"{STEP_THREE} (เดิม)" and not old.active
    report = UnitReport.objects.get(pk=report.pk)
    assert acts(report, demo.user("reviewer"))
    current_task_state(report).approve(user=demo.user("reviewer"))
    assert UnitReport.objects.get(pk=report.pk).live


def test_the_reviewer_approving_from_the_edit_form_lands_on_a_report_list_of_their_department(demo, client):
    """Found walking the year in the browser: the final approval from the edit form's footer
    published the report, then Wagtail's redirect to the report list answered สกช.'s reviewer
    "ขออภัย คุณไม่มีสิทธิ์เข้าถึงส่วนนี้" (an agency's roles saw their reports' cards, not the
    list). The list is theirs now: their department's reports, no other department's."""
    from tests.helpers.forms import form_fields

    report = second_report(demo)
    client.force_login(demo.user("agri_reviewer"))
    edit = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    data = form_fields(client.get(edit).content.decode(), largest=True)
    data.update({"action-workflow-action": "on", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"})
    response = client.post(edit, data)
    assert response.status_code == 302 and not refused(response)
    assert UnitReport.objects.get(pk=report.pk).live
    listing = client.get(response["Location"])
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "อนุมัติแล้ว" in html and report.organisation.name_th in html
    assert "สำนักบริการประชาชน" not in html and demo.unit("สสบ./กค.").full_abbreviation not in html
