"""Step 3 of the unit-report workflow taken by the report's own กพร. reviewers (issue 11).

Adds ``ReportReviewerTask`` and puts it in place of the group-approval step
"รายงานผล: อนุมัติโดย กพร." under the same name and position: the reviewers
(``OrganisationRole``) of the nearest agency on the report's way up with an active member
approve, and their approval publishes the report. The group the old step had ("ผู้ทบทวน กพร.")
is its fallback, acting while the report's lineage keeps ``global_reviewers_fallback`` on
(every installation before this) and whenever no organisation on the way has reviewers of its
own, so a one-department installation (OPDC's groups only) is moderated by the same people as
before. A report already on step 3 moves to the new step. The old step is renamed "… (เดิม)"
and deactivated once no workflow uses it.

Reversible: backwards puts the old group step back in its place (named and active again) with
the reports waiting on the new step and the history of the new step, then drops the new model.
"""
import importlib

import django.db.models.deletion
from django.db import migrations, models

# the page workflow's same change of steps (cms 0018); restore below undoes it
replace_group_steps = importlib.import_module(
    "cms.migrations.0018_page_workflow_steps_by_organisation_role").replace_group_steps


WORKFLOW = "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร."
STEP = "รายงานผล: อนุมัติโดย กพร."
OLD_SUFFIX = " (เดิม)"
REVIEWERS = "ผู้ทบทวน กพร."


def convert(apps, schema_editor):
    """Idempotent. (After a flush ``reporting.workflows.ensure`` makes the current shape.)"""
    Group = apps.get_model("auth.Group")
    replace_group_steps(apps, WORKFLOW, apps.get_model("reporting.ReportReviewerTask"), {STEP: {}},
                        Group.objects.filter(name=REVIEWERS))


def restore(apps, schema_editor):
    """Backwards: the group step again, with every state of the new step (the new model's
    table is dropped next)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Task = apps.get_model("wagtailcore.Task")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore.TaskState")
    ReportReviewerTask = apps.get_model("reporting.ReportReviewerTask")

    group_task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for new in ReportReviewerTask.objects.all():
        old = (GroupApprovalTask.objects.filter(name=f"{new.name}{OLD_SUFFIX}").first()
               or GroupApprovalTask.objects.create(name=new.name, content_type=group_task_type, active=True))
        if not old.groups.exists():
            old.groups.set(new.fallback_groups.all() or Group.objects.filter(name=REVIEWERS))
        Task.objects.filter(pk=old.pk).update(name=new.name, active=True)
        WorkflowTask.objects.filter(task_id=new.pk).update(task_id=old.pk)
        TaskState.objects.filter(task_id=new.pk).update(task_id=old.pk)
        new.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('reporting', '0008_report_step_two_by_kpi_supervisors'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportReviewerTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('fallback_groups', models.ManyToManyField(blank=True, help_text='ผู้ทบทวนส่วนกลาง อนุมัติได้เฉพาะรายงานของหน่วยงานที่เลือก "ให้ผู้ทบทวนส่วนกลางพิจารณาแทนผู้กำกับดูแลตัวชี้วัดได้" หรือของหน่วยงานที่ไม่มีผู้ทบทวน กพร. ของตนเอง', related_name='+', to='auth.group', verbose_name='กลุ่มส่วนกลาง (สำรองเมื่อหน่วยงานเปิดให้ใช้)')),
            ],
            options={
                'verbose_name': 'อนุมัติโดยผู้ทบทวน กพร. ของหน่วยงานเจ้าของรายงาน',
                'verbose_name_plural': 'อนุมัติโดยผู้ทบทวน กพร. ของหน่วยงานเจ้าของรายงาน',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(convert, restore),
    ]
