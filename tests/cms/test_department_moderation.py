"""A department's pages are reviewed and approved by that department's own reviewers and
executives (issue 11): the main workflow's steps are ``OrganisationRoleTask``s; pages of an
organisation with nobody of its own in a role go to the installation-wide groups as before."""
from django.urls import reverse
from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowState, WorkflowTask

from cms.models import KPITemplatePage, OrganisationRoleTask
from cms.roles import EXECUTIVES, REVIEWERS

from tests.helpers.moderation import current_task_state, submit
from tests.helpers.http import refused

MAIN = "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"


def can_act(page, user):
    state = current_task_state(page)
    return [a[0] for a in state.task.specific.get_actions(page, user)][:2] == ["reject", "approve"]


def approve_in_admin(client, page, user):
    client.force_login(user)
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return client.post(url, {"comment": ""})


def test_the_main_workflow_steps_are_the_page_organisations_roles(db):
    tasks = [t.specific for t in Workflow.objects.get(name=MAIN).tasks.order_by("workflow_tasks__sort_order")]
    assert [(type(t), t.name, t.role) for t in tasks] == [
        (OrganisationRoleTask, "ทบทวนโดย กพร.", "reviewer"), (OrganisationRoleTask, "อนุมัติโดยผู้บริหาร", "executive")]
    assert [set(t.fallback_groups.values_list("name", flat=True)) for t in tasks] == [{REVIEWERS}, {EXECUTIVES}]


def test_the_second_departments_page_goes_to_its_own_reviewer_and_executive(demo, client):
    editor, own_reviewer, own_executive = demo.user("agri_editor"), demo.user("agri_reviewer"), demo.user("agri_executive")
    other_reviewer, other_executive = demo.user("reviewer"), demo.user("executive")
    kpi = demo.kpi("agri-plan", "1")
    submit(kpi, editor, "ตัวชี้วัดกองแผนงาน สกช. ฉบับทบทวน")
    assert current_task_state(kpi).task.name == "ทบทวนโดย กพร."
    assert can_act(kpi, own_reviewer) and not can_act(kpi, other_reviewer) and not can_act(kpi, editor)
    # the department's reviewer opens the page in the editor (no page permission of their own)
    client.force_login(own_reviewer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[kpi.pk])).status_code == 200
    client.force_login(other_reviewer)
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[kpi.pk])))
    # the first department's reviewer is refused the action; the department's own reviewer approves
    approve_in_admin(client, kpi, other_reviewer)
    assert current_task_state(kpi).task.name == "ทบทวนโดย กพร."
    assert approve_in_admin(client, kpi, own_reviewer).status_code in (200, 302)
    assert current_task_state(kpi).task.name == "อนุมัติโดยผู้บริหาร"
    assert can_act(kpi, own_executive) and not can_act(kpi, other_executive) and not can_act(kpi, own_reviewer)
    pending = {s.pk for s in current_task_state(kpi).task.specific.get_task_states_user_can_moderate(other_executive)}
    assert current_task_state(kpi).pk not in pending
    assert approve_in_admin(client, kpi, own_executive).status_code in (200, 302)
    kpi = KPITemplatePage.objects.get(pk=kpi.pk)
    assert kpi.title == "ตัวชี้วัดกองแผนงาน สกช. ฉบับทบทวน" and not kpi.has_unpublished_changes


def test_the_first_departments_page_keeps_the_installation_wide_reviewers(demo, client):
    """สสบ. has no reviewers or executives of its own: its pages go to the fallback groups."""
    staff, reviewer, executive = demo.user("staff_finance"), demo.user("reviewer"), demo.user("executive")
    kpi = demo.kpi("finance", "2")
    submit(kpi, staff, "ตัวชี้วัดกองคลัง สสบ. ฉบับทบทวน")
    assert can_act(kpi, reviewer) and not can_act(kpi, demo.user("agri_reviewer"))
    assert approve_in_admin(client, kpi, demo.user("agri_reviewer")).status_code in (200, 302, 403, 404)  # 404: page gate
    assert current_task_state(kpi).task.name == "ทบทวนโดย กพร."
    current_task_state(kpi).approve(user=reviewer)
    assert can_act(kpi, executive) and not can_act(kpi, demo.user("agri_executive"))
    current_task_state(kpi).approve(user=executive)
    assert not KPITemplatePage.objects.get(pk=kpi.pk).has_unpublished_changes


def test_the_migration_moves_group_steps_and_pages_in_review_to_role_steps(demo):
    """An installation migrated from group steps: the page in review stays on its step, now
    taken by its organisation's own reviewer."""
    import importlib

    from django.apps import apps

    convert = importlib.import_module("cms.migrations.0018_page_workflow_steps_by_organisation_role").convert
    main = Workflow.objects.get(name=MAIN)
    WorkflowTask.objects.filter(workflow=main).delete()
    old_steps = []
    for order, (name, group) in enumerate([("ทบทวนโดย กพร.", REVIEWERS), ("อนุมัติโดยผู้บริหาร", EXECUTIVES)]):
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([demo.user("reviewer" if group == REVIEWERS else "executive").groups.get(name=group)])
        WorkflowTask.objects.create(workflow=main, task=task, sort_order=order)
        old_steps.append(task)
    kpi = demo.kpi("agri-finance", "1")
    submit(kpi, demo.user("agri_editor"), "ตัวชี้วัดระหว่างการย้ายขั้นตอน")
    assert current_task_state(kpi).task_id == old_steps[0].pk

    convert(apps, None)
    convert(apps, None)  # idempotent
    tasks = [t.specific for t in main.tasks.order_by("workflow_tasks__sort_order")]
    assert [type(t) for t in tasks] == [OrganisationRoleTask, OrganisationRoleTask]
    assert current_task_state(kpi).task_id == tasks[0].pk
    assert can_act(kpi, demo.user("agri_reviewer")) and not can_act(kpi, demo.user("reviewer"))
    for old in old_steps:
        old.refresh_from_db()
        assert not old.active and old.name.endswith("(เดิม)")
    assert not TaskState.objects.filter(task__in=old_steps, status=TaskState.STATUS_IN_PROGRESS).exists()
    assert WorkflowState.objects.for_instance(kpi).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()
