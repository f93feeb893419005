"""Evidence visibility becomes a choice (issue 14): new evidence is internal by default.

Until now every evidence page was public once it was live and its unit's agreement was live.
Existing pages keep exactly that behaviour: they are set to "public" (a draft or an evidence
page of an unpublished agreement stays non-public, as before, because ``is_public`` still
requires both to be live). Their stored revisions get the same value, so publishing an older
draft later does not silently switch a page to internal either.
"""
from django.db import migrations, models


def existing_evidence_stays_public(apps, schema_editor):
    EvidencePage = apps.get_model("cms", "EvidencePage")
    EvidencePage.objects.update(visibility="public")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="cms", model="evidencepage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content or {}
        if "visibility" not in content:
            content["visibility"] = "public"
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0014_cycle_agreement_signed_kpi'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='evidencepage',
            name='visibility',
            field=models.CharField(choices=[('internal', 'ภายใน: เฉพาะหน่วยงาน ผู้ตรวจประเมิน และผู้บริหาร'), ('public', 'สาธารณะ: ทุกคนดาวน์โหลดไฟล์ได้เมื่อหน้านี้เผยแพร่')], default='internal', help_text='ค่าเริ่มต้นคือ “ภายใน” เลือก “สาธารณะ” เฉพาะเมื่อไฟล์ไม่มีข้อมูลส่วนบุคคลและควรเผยแพร่บนเว็บไซต์', max_length=10, verbose_name='การเปิดเผยไฟล์'),
        ),
        migrations.RunPython(existing_evidence_stays_public, migrations.RunPython.noop),
    ]
