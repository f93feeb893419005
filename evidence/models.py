"""Text pulled out of evidence files, kept so the index can be rebuilt without
extracting every file again."""
from django.db import models

from cms.models.evidence import evidence_storage


class ExtractedText(models.Model):
    evidence_file = models.ForeignKey("cms.EvidenceFile", on_delete=models.CASCADE, related_name="text_pages")
    number = models.PositiveIntegerField("หน้า/ส่วนที่")
    text = models.TextField("ข้อความ")
    method = models.CharField("วิธีดึงข้อความ", max_length=20, help_text="text, repaired หรือ ocr")

    class Meta:
        ordering = ["evidence_file", "number"]
        constraints = [models.UniqueConstraint(fields=["evidence_file", "number"], name="one_text_per_file_page")]
        verbose_name = "ข้อความจากไฟล์หลักฐาน"


class BinderExport(models.Model):
    """One request for a site-visit binder ZIP, built in the background with progress."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    organisation_year = models.ForeignKey("cms.OrganisationYearPage", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, default=QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=evidence_storage, upload_to="binders/", blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "แฟ้มหลักฐานสำหรับการตรวจประเมิน"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.DONE else int(100 * self.done / self.total) if self.total else 0
