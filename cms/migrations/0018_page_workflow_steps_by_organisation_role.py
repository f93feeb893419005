"""The main page workflow's two steps taken by the page's own organisation (issue 11).

Adds ``OrganisationRoleTask`` and moves the main workflow ("ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร")
from its two group-approval steps to two such steps, in the same order and under the same
names: "ทบทวนโดย กพร." (role reviewer) and "อนุมัติโดยผู้บริหาร" (role executive). Each keeps
the groups the old step had as its fallback, so an installation whose organisations have no
reviewers or executives of their own (every installation before organisation roles) is
moderated by the same people as before. Pages already in review move to the new step they
were on; the old steps are renamed "… (เดิม)" and deactivated once no workflow uses them.
"""

import django.db.models.deletion
from django.db import migrations, models


MAIN_WORKFLOW = "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"
STEPS = {"ทบทวนโดย กพร.": "reviewer", "อนุมัติโดยผู้บริหาร": "executive"}


def replace_group_steps(apps, workflow_name, task_model, steps, fallback=()):
    """Put a ``task_model`` task in place of each group-approval step of the workflow named
    ``workflow_name`` whose name is a key of ``steps``, under the same name and position,
    created with the fields ``steps[name]``; its fallback groups are the old step's groups
    (``fallback`` when it had none). What waits on the old step waits on the new one; the
    old step is renamed "… (เดิม)" and deactivated once no workflow uses it. Idempotent.
    Also used by reporting's migrations 0008 and 0009 (imported with importlib)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Task = apps.get_model("wagtailcore.Task")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore.TaskState")

    workflow = Workflow.objects.filter(name=workflow_name).first()
    if workflow is None:
        return
    task_type, _ = ContentType.objects.get_or_create(app_label=task_model._meta.app_label,
                                                     model=task_model._meta.model_name)
    for link in WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order"):
        old = GroupApprovalTask.objects.filter(pk=link.task_id).first()
        if old is None or old.name not in steps:
            continue
        new = task_model.objects.create(name=old.name, content_type=task_type, active=True, **steps[old.name])
        new.fallback_groups.set(old.groups.all() or fallback)
        link.task_id = new.pk
        link.save()
        TaskState.objects.filter(task_id=old.pk, status="in_progress").update(task_id=new.pk)
        if not WorkflowTask.objects.filter(task_id=old.pk).exists():
            Task.objects.filter(pk=old.pk).update(active=False, name=f"{old.name} (เดิม)")


def convert(apps, schema_editor):
    """Idempotent. (After a flush ``cms.workflows.ensure`` makes the current shape.)"""
    replace_group_steps(apps, MAIN_WORKFLOW, apps.get_model("cms.OrganisationRoleTask"),
                        {name: {"role": role} for name, role in STEPS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cms', '0017_action_plan_projects'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='OrganisationRoleTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('role', models.CharField(choices=[('reviewer', 'ผู้ทบทวนของหน่วยงานเจ้าของหน้า'), ('executive', 'ผู้บริหารของหน่วยงานเจ้าของหน้า')], max_length=20, verbose_name='บทบาทที่พิจารณา')),
                ('fallback_groups', models.ManyToManyField(blank=True, help_text='ใช้เมื่อหน่วยงานเจ้าของหน้าและหน่วยงานต้นสังกัดไม่มีผู้ใดอยู่ในบทบาทนี้', related_name='+', to='auth.group', verbose_name='กลุ่มส่วนกลาง (เมื่อหน่วยงานไม่มีผู้รับบทบาทนี้)')),
            ],
            options={
                'verbose_name': 'พิจารณาโดยบทบาทของหน่วยงานเจ้าของหน้า',
                'verbose_name_plural': 'พิจารณาโดยบทบาทของหน่วยงานเจ้าของหน้า',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
