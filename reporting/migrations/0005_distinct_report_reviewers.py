"""Steps 2 and 3 of the unit-report workflow belong to different people.

- Step 2 "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด" goes to its own group "ผู้กำกับดูแลตัวชี้วัด"
  (KPI supervisors acting for the KPI), no longer to the กพร. reviewers who hold step 3,
  so one person cannot approve both.
- Wagtail's own "Moderators approval" workflow (made by wagtailcore for a bare install and
  replaced by ours on the root page) is removed when nothing uses it.
"""
from django.db import migrations

SUPERVISORS = "ผู้กำกับดูแลตัวชี้วัด"
SUPERVISOR_TASK = "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
PERMISSIONS = ["change_unitreport", "view_unitreport", "view_reportinground"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    TaskState = apps.get_model("wagtailcore.TaskState")

    supervisors, _ = Group.objects.get_or_create(name=SUPERVISORS)
    for codename in PERMISSIONS:
        model = codename.split("_", 1)[1]
        content_type, _ = ContentType.objects.get_or_create(app_label="reporting", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"})
        supervisors.permissions.add(permission)
    task = GroupApprovalTask.objects.filter(name=SUPERVISOR_TASK).first()
    if task is not None:
        task.groups.set([supervisors])

    for workflow in Workflow.objects.filter(name__endswith=" approval"):
        in_use = (WorkflowState.objects.filter(workflow=workflow).exists()
                  or WorkflowPage.objects.filter(workflow=workflow).exists()
                  or WorkflowContentType.objects.filter(workflow=workflow).exists())
        if in_use:
            continue
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        for leftover in GroupApprovalTask.objects.filter(pk__in=task_ids, name__endswith=" approval"):
            if not TaskState.objects.filter(task_id=leftover.pk).exists() and not leftover.workflow_tasks.exists():
                leftover.delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    task = GroupApprovalTask.objects.filter(name=SUPERVISOR_TASK).first()
    reviewers = Group.objects.filter(name="ผู้ทบทวน กพร.").first()
    if task is not None and reviewers is not None:
        task.groups.set([reviewers])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_review_state_and_pinned_kpi"),
        ("wagtailcore", "0083_workflowcontenttype"),
        ("cms", "0012_kpi_milestone_steps"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
