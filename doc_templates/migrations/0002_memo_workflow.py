"""Memos follow the main moderation workflow; roles get their memo permissions;
the collection of generated documents is made on first use (login-only)."""
from django.db import migrations

MAIN_WORKFLOW = "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"
COLLECTION = "เอกสารที่สร้างจากระบบ"
ROLE_PERMISSIONS = {
    "บรรณาธิการ กพร.": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    "ผู้ทบทวน กพร.": ["change", "view"],
    "ผู้บริหาร": ["change", "view", "publish"],
    "ผู้เตรียมรับการตรวจประเมิน": ["view"],
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    memo_type, _ = ContentType.objects.get_or_create(app_label="doc_templates", model="memo")
    workflow = Workflow.objects.filter(name=MAIN_WORKFLOW).first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(content_type=memo_type, defaults={"workflow": workflow})

    names = {"add": "Can add", "change": "Can change", "delete": "Can delete", "view": "Can view",
             "publish": "Can publish", "lock": "Can lock", "unlock": "Can unlock"}
    for group_name, actions in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=memo_type, codename=f"{action}_memo",
                defaults={"name": f"{names[action]} บันทึกข้อความ/หนังสือ"},
            )
            group.permissions.add(permission)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    WorkflowContentType.objects.filter(content_type__app_label="doc_templates", content_type__model="memo").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("doc_templates", "0001_initial"),
        ("cms", "0002_workflows_and_roles"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
