"""Create the role groups and the two moderation workflows a fresh install needs.

- "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร" (review by the administrative-development group,
  then executive approval) for KPI templates, manuals, agreements and every other page;
  assigned to the root page, so it covers the whole tree.
- "อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน" (unit head approval) for evidence pages, which pick
  it themselves (EvidencePage.get_workflow).
"""
from django.db import migrations

EDITORS = "บรรณาธิการ กพร."
REVIEWERS = "ผู้ทบทวน กพร."
EXECUTIVES = "ผู้บริหาร"
PREPARERS = "ผู้เตรียมรับการตรวจประเมิน"
MAIN_WORKFLOW = "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"
EVIDENCE_WORKFLOW = "อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    UnitHeadApprovalTask = apps.get_model("cms.UnitHeadApprovalTask")
    Page = apps.get_model("wagtailcore.Page")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, REVIEWERS, EXECUTIVES, PREPARERS)}
    group_task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    head_task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="unitheadapprovaltask")

    main, _ = Workflow.objects.get_or_create(name=MAIN_WORKFLOW, defaults={"active": True})
    # steps only for a workflow that has none: once 0018 has moved them to the organisation's
    # own roles, a re-run must not add the old group steps back (after a flush the current
    # shape is made by cms.workflows.ensure, not by this migration)
    if not WorkflowTask.objects.filter(workflow=main).exists():
        review, _ = GroupApprovalTask.objects.get_or_create(
            name="ทบทวนโดย กพร.", defaults={"content_type": group_task_type, "active": True}
        )
        review.groups.set([groups[REVIEWERS]])
        approve, _ = GroupApprovalTask.objects.get_or_create(
            name="อนุมัติโดยผู้บริหาร", defaults={"content_type": group_task_type, "active": True}
        )
        approve.groups.set([groups[EXECUTIVES]])
        for order, task in enumerate([review, approve]):
            WorkflowTask.objects.get_or_create(workflow=main, task=task, defaults={"sort_order": order})

    head, _ = UnitHeadApprovalTask.objects.get_or_create(
        name="อนุมัติโดยหัวหน้าหน่วยงาน", defaults={"content_type": head_task_type, "active": True}
    )
    evidence, _ = Workflow.objects.get_or_create(name=EVIDENCE_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=evidence, task=head, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": main})


def remove(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    Workflow.objects.filter(name__in=[MAIN_WORKFLOW, EVIDENCE_WORKFLOW]).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(create, remove)]
