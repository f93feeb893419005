"""Wagtail's own migrations create data with English names that every admin screen shows:
the groups "Editors" and "Moderators", the workflow and task "Moderators approval", the root
page "Root". They get Thai names here (only when they still carry Wagtail's names)."""
from django.db import migrations

GROUPS = {"Editors": "ผู้แก้ไขเนื้อหา (กลุ่มตั้งต้นของระบบ)", "Moderators": "ผู้ตรวจทานเนื้อหา (กลุ่มตั้งต้นของระบบ)"}
WORKFLOW = ("Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)")
ROOT = ("Root", "รากของระบบ")


def rename(apps, to_thai):
    """Wagtail's English names to the Thai ones (``to_thai``), or back. Going to Thai, a group
    is left alone when its Thai name is taken already."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    swap = (lambda pair: pair) if to_thai else (lambda pair: pair[::-1])
    for old, new in map(swap, GROUPS.items()):
        if not (to_thai and Group.objects.filter(name=new).exists()):
            Group.objects.filter(name=old).update(name=new)
    old, new = swap(WORKFLOW)
    Workflow.objects.filter(name=old).update(name=new)
    Task.objects.filter(name=old).update(name=new)
    old, new = swap(ROOT)
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def thai_names(apps, schema_editor):
    rename(apps, to_thai=True)


def english_names(apps, schema_editor):
    rename(apps, to_thai=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("cms", "0002_workflows_and_roles"),
    ]
    operations = [migrations.RunPython(thai_names, english_names)]
