"""Report lines and appeals link to ``evidence.EvidencePage`` (the model moved from ``cms``,
issue 16; ``evidence`` 0003). State only: the link tables and their ``evidencepage_id``
columns are unchanged."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0003_evidence_models_from_cms"),
        ("reporting", "0009_report_step_three_by_department_reviewers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="appeal",
                    name="evidence",
                    field=models.ManyToManyField(blank=True, related_name="appeals", to="evidence.evidencepage", verbose_name="หลักฐานประกอบ"),
                ),
                migrations.AlterField(
                    model_name="kpireportline",
                    name="evidence",
                    field=models.ManyToManyField(blank=True, related_name="report_lines", to="evidence.evidencepage", verbose_name="หลักฐานอ้างอิง"),
                ),
            ],
        ),
    ]
