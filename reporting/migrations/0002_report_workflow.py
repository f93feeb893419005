"""The unit-report workflow and role permissions.

"รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร." has three tasks:
1. the head of the report's own unit (a new instance of ``cms.UnitHeadApprovalTask``);
2. the KPI supervisor (ผู้กำกับดูแลตัวชี้วัด). KPI templates name their supervisor only as a
   contact (name, e-mail), not as a user account, so this step is a GroupApprovalTask
   for the reviewers' group "ผู้ทบทวน กพร." acting for the supervisors;
3. กพร.: a GroupApprovalTask for "ผู้ทบทวน กพร." (its final approval publishes the report).
Assigned to the UnitReport content type via WorkflowContentType.
"""
from django.db import migrations

REVIEWERS = "ผู้ทบทวน กพร."
EDITORS = "บรรณาธิการ กพร."
EXECUTIVES = "ผู้บริหาร"
PREPARERS = "ผู้เตรียมรับการตรวจประเมิน"
WORKFLOW = "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร."
HEAD_TASK = "รายงานผล: อนุมัติโดยหัวหน้าหน่วยงาน"
SUPERVISOR_TASK = "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
OPDC_TASK = "รายงานผล: อนุมัติโดย กพร."
ROLE_PERMISSIONS = {
    EDITORS: ["add_unitreport", "change_unitreport", "view_unitreport", "publish_unitreport", "lock_unitreport",
              "unlock_unitreport", "reopen_unitreport", "add_reportinground", "change_reportinground",
              "view_reportinground", "add_scoreband", "change_scoreband", "delete_scoreband", "view_scoreband"],
    REVIEWERS: ["change_unitreport", "view_unitreport", "publish_unitreport", "view_reportinground"],
    EXECUTIVES: ["view_unitreport", "view_reportinground"],
    PREPARERS: ["view_unitreport", "view_reportinground"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    UnitHeadApprovalTask = apps.get_model("cms.UnitHeadApprovalTask")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    group_task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    head_task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="unitheadapprovaltask")
    head, _ = UnitHeadApprovalTask.objects.get_or_create(name=HEAD_TASK, defaults={"content_type": head_task_type, "active": True})
    supervisor, _ = GroupApprovalTask.objects.get_or_create(name=SUPERVISOR_TASK, defaults={"content_type": group_task_type, "active": True})
    supervisor.groups.set([reviewers])
    opdc, _ = GroupApprovalTask.objects.get_or_create(name=OPDC_TASK, defaults={"content_type": group_task_type, "active": True})
    opdc.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    for order, task in enumerate([head, supervisor, opdc]):
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    report_type, _ = ContentType.objects.get_or_create(app_label="reporting", model="unitreport")
    WorkflowContentType.objects.update_or_create(content_type=report_type, defaults={"workflow": workflow})

    types = {}
    for codenames in ROLE_PERMISSIONS.values():
        for codename in codenames:
            model = codename.split("_", 1)[1]
            if model not in types:
                types[model], _ = ContentType.objects.get_or_create(app_label="reporting", model=model)
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            action, model = codename.split("_", 1)
            permission, _ = Permission.objects.get_or_create(
                content_type=types[model], codename=codename, defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(permission)


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    WorkflowContentType.objects.filter(content_type__app_label="reporting", content_type__model="unitreport").delete()
    Workflow.objects.filter(name=WORKFLOW).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("cms", "0002_workflows_and_roles"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
