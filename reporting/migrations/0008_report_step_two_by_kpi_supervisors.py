"""Step 2 of the unit-report workflow taken by the report's own KPI supervisors (issue 11).

Adds ``KpiSupervisorTask`` and puts it in place of the group-approval step
"รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด" under the same name and position; the group the old
step had ("ผู้กำกับดูแลตัวชี้วัด") is its fallback, so organisations that keep
``global_reviewers_fallback`` on (every installation before this) are moderated by the same
people as before, and a report already on step 2 moves to the new step. The old step is
renamed "… (เดิม)" and deactivated once no workflow uses it. Also creates the group
"ผู้กำกับดูแลตัวชี้วัดรายตัวชี้วัด" (admin sign-in only): a KPI's own supervisor signs in
through it without holding the installation-wide group's permissions on every report.
"""
import importlib

import django.db.models.deletion
from django.db import migrations, models

# the page workflow's same change of steps (cms 0018)
replace_group_steps = importlib.import_module(
    "cms.migrations.0018_page_workflow_steps_by_organisation_role").replace_group_steps


WORKFLOW = "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร."
STEP = "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
SUPERVISORS = "ผู้กำกับดูแลตัวชี้วัด"
OWN_KPI_SUPERVISORS = "ผู้กำกับดูแลตัวชี้วัดรายตัวชี้วัด"


def convert(apps, schema_editor):
    """Idempotent. (After a flush ``reporting.workflows.ensure`` makes the current shape.)"""
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    own, _ = Group.objects.get_or_create(name=OWN_KPI_SUPERVISORS)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(content_type=admin_type, codename="access_admin",
                                                 defaults={"name": "Can access Wagtail admin"})
    own.permissions.add(access)

    replace_group_steps(apps, WORKFLOW, apps.get_model("reporting.KpiSupervisorTask"), {STEP: {}},
                        Group.objects.filter(name=SUPERVISORS))


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('reporting', '0007_round_owned_by_organisation'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('wagtailadmin', '0001_create_admin_access_permissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='KpiSupervisorTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('fallback_groups', models.ManyToManyField(blank=True, help_text='ผู้กำกับดูแลตัวชี้วัดส่วนกลาง พิจารณาได้เฉพาะรายงานของหน่วยงานที่เลือก "ให้ผู้ทบทวนส่วนกลางพิจารณาแทนผู้กำกับดูแลตัวชี้วัดได้"', related_name='+', to='auth.group', verbose_name='กลุ่มส่วนกลาง (สำรองเมื่อหน่วยงานเปิดให้ใช้)')),
            ],
            options={
                'verbose_name': 'ตรวจสอบโดยผู้กำกับดูแลตัวชี้วัดของตัวชี้วัดในรายงาน',
                'verbose_name_plural': 'ตรวจสอบโดยผู้กำกับดูแลตัวชี้วัดของตัวชี้วัดในรายงาน',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop),
    ]
