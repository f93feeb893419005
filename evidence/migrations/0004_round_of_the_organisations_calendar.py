"""The evidence page's round is any month of a reporting round (reporting's labels "รอบ N
เดือน"), not only 6/9/12: a department's own 5- and 7-month rounds. Which months a page accepts
is its organisation's calendar for its fiscal year, checked by the page (no data changes)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0003_evidence_models_from_cms'),
    ]

    operations = [
        migrations.AlterField(
            model_name='evidencepage',
            name='round',
            field=models.PositiveSmallIntegerField(choices=[(1, 'รอบ 1 เดือน'), (2, 'รอบ 2 เดือน'), (3, 'รอบ 3 เดือน'), (4, 'รอบ 4 เดือน'), (5, 'รอบ 5 เดือน'), (6, 'รอบ 6 เดือน'), (7, 'รอบ 7 เดือน'), (8, 'รอบ 8 เดือน'), (9, 'รอบ 9 เดือน'), (10, 'รอบ 10 เดือน'), (11, 'รอบ 11 เดือน'), (12, 'รอบ 12 เดือน')], default=12, help_text='รอบการรายงานของหน่วยงานในปีงบประมาณนี้ ตามปฏิทินรอบการรายงาน (รวมรอบของหน่วยงานต้นสังกัด)', verbose_name='รอบการรายงาน'),
        ),
    ]
