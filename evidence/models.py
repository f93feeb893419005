"""Text pulled out of evidence files, kept so the index can be rebuilt without
extracting every file again."""
from django.db import models


class ExtractedText(models.Model):
    evidence_file = models.ForeignKey("cms.EvidenceFile", on_delete=models.CASCADE, related_name="text_pages")
    number = models.PositiveIntegerField("หน้า/ส่วนที่")
    text = models.TextField("ข้อความ")
    method = models.CharField("วิธีดึงข้อความ", max_length=20, help_text="text, repaired หรือ ocr")

    class Meta:
        ordering = ["evidence_file", "number"]
        constraints = [models.UniqueConstraint(fields=["evidence_file", "number"], name="one_text_per_file_page")]
        verbose_name = "ข้อความจากไฟล์หลักฐาน"
