"""Evidence (เอกสารหลักฐาน): a page per piece of evidence, with one or many files; the text
pulled out of them; site-visit binder exports.

The models came from ``cms`` (``cms/migrations/0020``, ``evidence/migrations/0003``): their
tables keep the ``cms_`` names and the pages their content types. Files are kept in the
private storage (never under MEDIA_URL) and served only through the permission-checked
download view in ``evidence.views``.
"""
from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.models.kpi import KPITemplatePage
from cms.models.structure import UnitContentPage, not_found_unless
from cms.storage import private_storage
from reporting.models import MONTH_CHOICES

from .forms import EvidencePageForm
from .rounds import round_error

EVIDENCE_WORKFLOW_NAME = "อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน"


def evidence_upload_to(instance, filename):
    # The stored name is opaque: the original name is kept in original_name.
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{suffix}"


class EvidenceFolderPage(UnitContentPage):
    """The evidence of one organisation-year, kept in its own subtree.

    Unit heads hold the publish permission here (and only here), which Wagtail requires of
    whoever gives a workflow its final approval; the rest of the unit's pages stay under
    the กพร. review and executive approval workflow.
    """

    subpage_types = ["evidence.EvidencePage"]
    max_count_per_parent = 1

    class Meta:
        db_table = "cms_evidencefolderpage"  # the table from before the model moved here
        verbose_name = "แฟ้มหลักฐาน"

    @classmethod
    def for_organisation_year(cls, organisation_year, user=None):
        folder = cls.objects.child_of(organisation_year).first()
        if folder is None:
            folder = cls(title="หลักฐานประกอบตัวชี้วัด", slug="evidence", owner=user)
            organisation_year.add_child(instance=folder)
            folder.save_revision(user=user).publish(user=None)
            folder.refresh_from_db()
        return folder

    def serve(self, request, *args, **kwargs):
        not_found_unless(False)  # a folder, nothing to read on its own


class PublicFilesWarningPanel(HelpPanel):
    """A warning shown on an evidence page whose (saved) choice is "public": approving and
    publishing it lets anyone download its files."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            self.content = self.warning_html(page) if self.is_shown() else ""

        def is_shown(self):
            page = self.instance
            return bool(page is not None and page.pk and page.visibility == EvidencePage.PUBLIC)

        @staticmethod
        def warning_html(page):
            from django.utils.html import format_html

            state = "หน้านี้เผยแพร่อยู่แล้ว:" if page.is_public() else "เมื่อหัวหน้าหน่วยงานอนุมัติและเผยแพร่หน้านี้"
            return format_html(
                '<div class="help-block help-warning"><p><strong>คำเตือน: หลักฐานนี้ตั้งเป็น “สาธารณะ”</strong> '
                "{} ไฟล์ทั้ง {} ไฟล์ของหน้านี้จะเปิดให้ทุกคนบนเว็บไซต์ดาวน์โหลดได้ (เมื่อคำรับรองของหน่วยงานเผยแพร่แล้ว) "
                "โปรดตรวจว่าไม่มีข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล (PDPA) หากไม่แน่ใจ ให้เลือก “ภายใน”</p></div>",
                state, page.files.count(),
            )


class EvidencePage(UnitContentPage):
    parent_page_types = ["evidence.EvidenceFolderPage"]
    INTERNAL, PUBLIC = "internal", "public"
    VISIBILITY_CHOICES = [
        (INTERNAL, "ภายใน: เฉพาะหน่วยงาน ผู้ตรวจประเมิน และผู้บริหาร"),
        (PUBLIC, "สาธารณะ: ทุกคนดาวน์โหลดไฟล์ได้เมื่อหน้านี้เผยแพร่"),
    ]
    kpi = models.ForeignKey(
        KPITemplatePage, verbose_name="ตัวชี้วัด", null=True, blank=True, on_delete=models.PROTECT,
        related_name="evidence_pages", help_text="เว้นว่างได้สำหรับหลักฐานที่ยังไม่ได้จัดเข้าตัวชี้วัด",
    )
    # the month of a round (reporting's labels "รอบ N เดือน"); which months are accepted is the
    # page's organisation's calendar for its fiscal year (round_error, EvidencePageForm)
    round = models.PositiveSmallIntegerField(
        "รอบการรายงาน", choices=MONTH_CHOICES, default=12,
        help_text="รอบการรายงานของหน่วยงานในปีงบประมาณนี้ ตามปฏิทินรอบการรายงาน (รวมรอบของหน่วยงานต้นสังกัด)",
    )
    description = models.TextField("คำอธิบาย", blank=True)
    visibility = models.CharField(
        "การเปิดเผยไฟล์", max_length=10, choices=VISIBILITY_CHOICES, default=INTERNAL,
        help_text="ค่าเริ่มต้นคือ “ภายใน” เลือก “สาธารณะ” เฉพาะเมื่อไฟล์ไม่มีข้อมูลส่วนบุคคลและควรเผยแพร่บนเว็บไซต์",
    )

    content_panels = UnitContentPage.content_panels + [
        FieldRowPanel([FieldPanel("kpi"), FieldPanel("round")]),
        FieldPanel("description"),
        FieldPanel("visibility", widget=forms.RadioSelect),
        PublicFilesWarningPanel(heading="คำเตือนการเผยแพร่"),
        HelpPanel(
            content="<p>แนบไฟล์ด้วยปุ่ม “อัปโหลดไฟล์หลักฐาน” ด้านบนหลังบันทึกหน้านี้แล้ว "
            "ระบบจะตรวจชนิดไฟล์ ดึงข้อความ และจัดทำดัชนีค้นหาให้</p>",
            heading="ไฟล์หลักฐาน",
        ),
    ]
    search_fields = UnitContentPage.search_fields + [index.SearchField("description"), index.FilterField("round")]
    base_form_class = EvidencePageForm

    class Meta:
        db_table = "cms_evidencepage"
        verbose_name = "หลักฐานประกอบตัวชี้วัด"
        verbose_name_plural = "หลักฐานประกอบตัวชี้วัด"

    def rule_errors(self):
        from cms.validation import RuleError

        errors = []
        organisation, year = self.organisation, self.fiscal_year
        if organisation is not None and year is not None:
            message = round_error(organisation, year, self.round)
            if message:
                errors.append(RuleError("round", message))
        if self.kpi_id:
            parent = self.organisation_year
            if parent is not None and self.kpi.organisation_year.pk != parent.pk:
                year_errors = self.year_errors(self.kpi.fiscal_year, "kpi", "ตัวชี้วัด")
                if year_errors or not self.kpi.reported_by(self.organisation):  # a responsible unit's agency KPI is its own
                    errors += year_errors or [RuleError("kpi", "ตัวชี้วัดที่เลือกเป็นของหน่วยงานอื่น")]
        return errors

    def clean(self):
        super().clean()
        self.raise_if(self.rule_errors())

    def get_workflow(self):
        """Evidence takes the lighter workflow (unit head approval), wherever it sits."""
        from wagtail.models import Workflow

        return Workflow.objects.filter(name=EVIDENCE_WORKFLOW_NAME, active=True).first()

    def is_public(self) -> bool:
        """The public sees evidence only when it was chosen public, is live, and its unit's
        agreement is live too."""
        from cms.models import AgreementPage

        if self.visibility != self.PUBLIC or not self.live:
            return False
        parent = self.organisation_year
        return bool(parent and AgreementPage.objects.child_of(parent).live().exists())

    def serve(self, request, *args, **kwargs):
        from .permissions import can_view_evidence

        not_found_unless(can_view_evidence(request.user, self))
        return super().serve(request, *args, **kwargs)


class EvidenceFile(Orderable):
    """An uploaded file of an evidence page.

    A plain foreign key, not a ParentalKey: files are immutable records attached at once
    (each upload is logged), not part of the page's revisions, so publishing an older or
    newer revision of the page can never drop a file or reset its extraction status.
    """

    QUEUED, EXTRACTING, OCR, INDEXED, FAILED = "queued", "extracting", "ocr", "indexed", "failed"
    STATUS_CHOICES = [
        (QUEUED, "รอประมวลผล"), (EXTRACTING, "กำลังดึงข้อความ"), (OCR, "กำลังอ่านภาพ (OCR)"),
        (INDEXED, "พร้อมค้นหา"), (FAILED, "ล้มเหลว"),
    ]

    page = models.ForeignKey(EvidencePage, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("ไฟล์", storage=private_storage, upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255, blank=True)
    file_type = models.CharField("ชนิดไฟล์", max_length=20, blank=True)
    size = models.PositiveBigIntegerField("ขนาด (ไบต์)", default=0)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # Which required document of the KPI template (``KPITemplatePage.required_evidence_items``)
    # this file is; chosen when attaching or later on the files page; the checklist ticks by it.
    required_item = models.CharField("เป็นหลักฐานตามรายการ", max_length=500, blank=True)
    uploaded_at = models.DateTimeField("อัปโหลดเมื่อ", auto_now_add=True)
    status = models.CharField("สถานะ", max_length=20, choices=STATUS_CHOICES, default=QUEUED, editable=False)
    status_message = models.TextField("รายละเอียดสถานะ", blank=True, editable=False)
    # While extracting: which worker process holds the file ("host:pid:start") and when it last
    # said it is alive; a file extracting under a dead worker is requeued (evidence.recovery).
    worker = models.CharField("ตัวประมวลผลที่กำลังทำงาน", max_length=200, blank=True, editable=False)
    heartbeat_at = models.DateTimeField("ตัวประมวลผลรายงานตัวล่าสุด", null=True, blank=True, editable=False)

    panels = [FieldPanel("file")]

    class Meta(Orderable.Meta):
        db_table = "cms_evidencefile"
        verbose_name = "ไฟล์หลักฐาน"
        verbose_name_plural = "ไฟล์หลักฐาน"

    def __str__(self):
        return self.original_name or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not self.original_name:
            self.original_name = getattr(self.file, "name", "").rsplit("/", 1)[-1]
        if self.file and not self.size:
            try:
                self.size = self.file.size
            except (OSError, ValueError):
                pass
        super().save(*args, **kwargs)


# Text pulled out of evidence files, kept so the index can be rebuilt without extracting
# every file again.
class ExtractedText(models.Model):
    evidence_file = models.ForeignKey(EvidenceFile, on_delete=models.CASCADE, related_name="text_pages")
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
    file = models.FileField(storage=private_storage, upload_to="binders/", blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "แฟ้มหลักฐานสำหรับการตรวจประเมิน"

    @property
    def percent(self) -> int:
        return 100 if self.status == self.DONE else int(100 * self.done / self.total) if self.total else 0
