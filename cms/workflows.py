"""The page moderation workflow in its current shape, and the helper every app's
``workflows.ensure()`` builds its own workflows with.

Data migrations made these workflows step by step (cms 0002 made group-approval steps, 0018
put ``OrganisationRoleTask`` steps in their place); they stay frozen as history. What a fresh
``migrate`` leaves is defined once here, for a database emptied since (``manage.py flush``,
transactional tests, ``load_demo`` on an emptied database): ``khamrap.workflows.ensure_workflows``
calls every app's ``ensure()``, and tests/test_workflows.py checks that flush + ensure gives
what a fresh migrate gives.
"""
from . import roles

MAIN_WORKFLOW = "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"
REVIEW_STEP = "ทบทวนโดย กพร."
APPROVE_STEP = "อนุมัติโดยผู้บริหาร"


def ensure_workflow(name, steps):
    """The active workflow ``name``, made when missing, with ``steps`` when it has no step yet
    (a workflow that has steps is left as it is: an editor may have changed it in the admin).

    ``steps``: (task model, task name, field values, {many-to-many field: [group names]}) in
    order. A step's task is the one of that model and name, made (active) when missing; the
    groups are made when missing too. Idempotent; returns the workflow."""
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if WorkflowTask.objects.filter(workflow=workflow).exists():
        return workflow
    for order, (model, task_name, fields, groups) in enumerate(steps):
        task = model.objects.filter(name=task_name).first() or model.objects.create(name=task_name, active=True, **fields)
        for field, group_names in groups.items():
            getattr(task, field).set([Group.objects.get_or_create(name=group)[0] for group in group_names])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def ensure():
    """The main workflow (KPI templates, manuals, agreements, every other page; memos follow
    it too): review by the page organisation's own reviewers, then approval by its executives,
    the installation-wide groups acting where the organisation has nobody in the role.
    Assigned to the root page, so it covers the whole tree."""
    from wagtail.models import Page, WorkflowPage

    from .models import OrganisationRoleTask

    main = ensure_workflow(MAIN_WORKFLOW, [
        (OrganisationRoleTask, REVIEW_STEP, {"role": OrganisationRoleTask.REVIEWER}, {"fallback_groups": [roles.REVIEWERS]}),
        (OrganisationRoleTask, APPROVE_STEP, {"role": OrganisationRoleTask.EXECUTIVE}, {"fallback_groups": [roles.EXECUTIVES]}),
    ])
    root = Page.get_first_root_node()
    if root is not None:
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": main})
    return main
