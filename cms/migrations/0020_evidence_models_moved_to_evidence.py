"""The evidence models now belong to ``evidence`` (``evidence`` 0003, issue 16): they leave
``cms``'s state. State only: the tables stay, under their ``cms_`` names. Runs after every
link to them was pointed at the new models (``evidence`` 0003, ``reporting`` ``*_evidence_links_to_the_evidence_app``)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0019_fallback_switch_covers_report_step_two"),
        ("evidence", "0003_evidence_models_from_cms"),
        ("reporting", "0010_evidence_links_to_the_evidence_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="EvidenceFile"),
                migrations.DeleteModel(name="EvidencePage"),
                migrations.DeleteModel(name="EvidenceFolderPage"),
            ],
        ),
    ]
