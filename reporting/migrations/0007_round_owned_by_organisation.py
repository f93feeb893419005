"""Rounds belong to the organisation that runs them (issue 11).

Adds ``ReportingRound.organisation`` (empty = the installation-wide calendar) and replaces the
one-round-per-(year, month) constraint by one per (organisation, year, month) plus one per
(year, month) among installation-wide rounds. Existing rounds keep an empty organisation: they
are the installation-wide calendar every organisation reports in, as before.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0017_action_plan_projects'),
        ('reporting', '0006_remove_default_workflow_by_its_thai_name'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reportinground',
            name='one_round_per_year_month',
        ),
        migrations.AddField(
            model_name='reportinground',
            name='organisation',
            field=models.ForeignKey(blank=True, help_text='ว่าง = ปฏิทินส่วนกลาง (สำนักงาน ก.พ.ร.) ที่ทุกหน่วยงานใช้ เลือกหน่วยงาน = รอบของหน่วยงานนั้นและหน่วยงานในสังกัด ซึ่งใช้แทนรอบส่วนกลางของเดือนเดียวกัน', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reporting_rounds', to='cms.organisation', verbose_name='หน่วยงานเจ้าของรอบ'),
        ),
        migrations.AddConstraint(
            model_name='reportinground',
            constraint=models.UniqueConstraint(condition=models.Q(('organisation__isnull', False)), fields=('organisation', 'fiscal_year', 'month'), name='one_round_per_organisation_year_month', violation_error_message='หน่วยงานนี้มีรอบการรายงานของเดือนนี้ในปีงบประมาณนี้แล้ว'),
        ),
        migrations.AddConstraint(
            model_name='reportinground',
            constraint=models.UniqueConstraint(condition=models.Q(('organisation__isnull', True)), fields=('fiscal_year', 'month'), name='one_installation_round_per_year_month', violation_error_message='ปฏิทินส่วนกลางมีรอบการรายงานของเดือนนี้ในปีงบประมาณนี้แล้ว'),
        ),
    ]
