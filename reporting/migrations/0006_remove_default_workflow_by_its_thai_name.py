"""Wagtail's own "Moderators approval" workflow, left in a fresh install (issue 12, defect 8).

0005 removed it by its English name, but ``dashboard`` 0001 has by then given it a Thai name
("อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"), so a fresh install kept it. Removed here
under either name, with its task, when nothing uses them.
"""
from django.db import migrations

NAMES = ["Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"]


def forwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    Task = apps.get_model("wagtailcore.Task")
    TaskState = apps.get_model("wagtailcore.TaskState")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")

    for workflow in Workflow.objects.filter(name__in=NAMES):
        if (WorkflowState.objects.filter(workflow=workflow).exists()
                or WorkflowPage.objects.filter(workflow=workflow).exists()
                or WorkflowContentType.objects.filter(workflow=workflow).exists()):
            continue
        workflow.delete()
    for task in Task.objects.filter(name__in=NAMES):
        if not TaskState.objects.filter(task=task).exists() and not WorkflowTask.objects.filter(task=task).exists():
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_distinct_report_reviewers"),
        ("dashboard", "0001_thai_names_for_wagtail_defaults"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
