"""The evidence models move from ``cms`` to ``evidence`` (issue 16): state only.

The tables keep their names (``cms_evidencefolderpage``, ``cms_evidencepage``,
``cms_evidencefile``: ``db_table`` on the models) and no column changes, so the database is
not touched but for one thing: the three content type rows are renamed from app ``cms`` to
``evidence`` in place. Their ids stay, so every row that names a content type by id (pages,
revisions, workflow and task states, log entries, permissions and the groups holding them,
the search and reference indexes) keeps pointing at the same model.

Order of the move: this migration creates the models in ``evidence``'s state and points
``ExtractedText`` at the new ``EvidenceFile``; ``reporting``'s
``*_evidence_links_to_the_evidence_app`` points its evidence links at the new ``EvidencePage``; ``cms`` 0020 then removes the models from ``cms``'s state.
"""
import django.db.models.deletion
from django.db import migrations, models

import cms.slugs
import cms.storage
import evidence.models

MODELS = ("evidencefolderpage", "evidencepage", "evidencefile")


def rename_content_types(old_label, new_label):
    def rename(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            if not ContentType.objects.using(db).filter(app_label=new_label, model=model).exists():
                ContentType.objects.using(db).filter(app_label=old_label, model=model).update(app_label=new_label)
        ContentType.objects.clear_cache()

    return rename


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0019_fallback_switch_covers_report_step_two"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evidence", "0002_binderexport"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="EvidenceFolderPage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to="wagtailcore.page")),
                    ],
                    options={
                        "verbose_name": "แฟ้มหลักฐาน",
                        "db_table": "cms_evidencefolderpage",
                    },
                    bases=(cms.slugs.ThaiSlugPage, "wagtailcore.page"),
                ),
                migrations.CreateModel(
                    name="EvidencePage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to="wagtailcore.page")),
                        ("round", models.PositiveSmallIntegerField(choices=[(6, "รอบ 6 เดือน"), (9, "รอบ 9 เดือน"), (12, "รอบ 12 เดือน")], default=12, verbose_name="รอบการรายงาน")),
                        ("description", models.TextField(blank=True, verbose_name="คำอธิบาย")),
                        ("visibility", models.CharField(choices=[("internal", "ภายใน: เฉพาะหน่วยงาน ผู้ตรวจประเมิน และผู้บริหาร"), ("public", "สาธารณะ: ทุกคนดาวน์โหลดไฟล์ได้เมื่อหน้านี้เผยแพร่")], default="internal", help_text="ค่าเริ่มต้นคือ “ภายใน” เลือก “สาธารณะ” เฉพาะเมื่อไฟล์ไม่มีข้อมูลส่วนบุคคลและควรเผยแพร่บนเว็บไซต์", max_length=10, verbose_name="การเปิดเผยไฟล์")),
                        ("kpi", models.ForeignKey(blank=True, help_text="เว้นว่างได้สำหรับหลักฐานที่ยังไม่ได้จัดเข้าตัวชี้วัด", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="evidence_pages", to="cms.kpitemplatepage", verbose_name="ตัวชี้วัด")),
                    ],
                    options={
                        "verbose_name": "หลักฐานประกอบตัวชี้วัด",
                        "verbose_name_plural": "หลักฐานประกอบตัวชี้วัด",
                        "db_table": "cms_evidencepage",
                    },
                    bases=(cms.slugs.ThaiSlugPage, "wagtailcore.page"),
                ),
                migrations.CreateModel(
                    name="EvidenceFile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("file", models.FileField(max_length=255, storage=cms.storage.private_storage, upload_to=evidence.models.evidence_upload_to, verbose_name="ไฟล์")),
                        ("original_name", models.CharField(blank=True, max_length=255, verbose_name="ชื่อไฟล์เดิม")),
                        ("file_type", models.CharField(blank=True, max_length=20, verbose_name="ชนิดไฟล์")),
                        ("size", models.PositiveBigIntegerField(default=0, verbose_name="ขนาด (ไบต์)")),
                        ("sha256", models.CharField(blank=True, editable=False, max_length=64)),
                        ("required_item", models.CharField(blank=True, max_length=500, verbose_name="เป็นหลักฐานตามรายการ")),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="อัปโหลดเมื่อ")),
                        ("status", models.CharField(choices=[("queued", "รอประมวลผล"), ("extracting", "กำลังดึงข้อความ"), ("ocr", "กำลังอ่านภาพ (OCR)"), ("indexed", "พร้อมค้นหา"), ("failed", "ล้มเหลว")], default="queued", editable=False, max_length=20, verbose_name="สถานะ")),
                        ("status_message", models.TextField(blank=True, editable=False, verbose_name="รายละเอียดสถานะ")),
                        ("worker", models.CharField(blank=True, editable=False, max_length=200, verbose_name="ตัวประมวลผลที่กำลังทำงาน")),
                        ("heartbeat_at", models.DateTimeField(blank=True, editable=False, null=True, verbose_name="ตัวประมวลผลรายงานตัวล่าสุด")),
                        ("page", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="files", to="evidence.evidencepage")),
                    ],
                    options={
                        "verbose_name": "ไฟล์หลักฐาน",
                        "verbose_name_plural": "ไฟล์หลักฐาน",
                        "db_table": "cms_evidencefile",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.AlterField(
                    model_name="extractedtext",
                    name="evidence_file",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="text_pages", to="evidence.evidencefile"),
                ),
            ],
        ),
        migrations.RunPython(rename_content_types("cms", "evidence"), rename_content_types("evidence", "cms")),
    ]
