"""Wagtail's own migrations create data with English names that every admin screen shows:
the groups "Editors" and "Moderators", the workflow and task "Moderators approval", the root
page "Root". They get Thai names here (only when they still carry Wagtail's names)."""
from django.db import migrations

GROUPS = {"Editors": "ผู้แก้ไขเนื้อหา (กลุ่มตั้งต้นของระบบ)", "Moderators": "ผู้ตรวจทานเนื้อหา (กลุ่มตั้งต้นของระบบ)"}
WORKFLOW = ("Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)")
ROOT = ("Root", "รากของระบบ")


def thai_names(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in GROUPS.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    Workflow.objects.filter(name=WORKFLOW[0]).update(name=WORKFLOW[1])
    Task.objects.filter(name=WORKFLOW[0]).update(name=WORKFLOW[1])
    Page.objects.filter(depth=1, title=ROOT[0]).update(title=ROOT[1], draft_title=ROOT[1])


def english_names(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in GROUPS.items():
        Group.objects.filter(name=new).update(name=old)
    Workflow.objects.filter(name=WORKFLOW[1]).update(name=WORKFLOW[0])
    Task.objects.filter(name=WORKFLOW[1]).update(name=WORKFLOW[0])
    Page.objects.filter(depth=1, title=ROOT[1]).update(title=ROOT[0], draft_title=ROOT[0])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("cms", "0002_workflows_and_roles"),
    ]
    operations = [migrations.RunPython(thai_names, english_names)]
