"""Content for official documents: per-site document settings, memos/letters as
snippets (drafts, revisions, locking, workflow) and the generated files."""
from __future__ import annotations

from django.conf import settings as django_settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

KIND_CHOICES = [
    ("agreement_booklet", "เล่มคำรับรองการปฏิบัติราชการ"),
    ("manual_booklet", "คู่มือตัวชี้วัด"),
    ("memo", "บันทึกข้อความ"),
    ("letter", "หนังสือภายนอก"),
]


@register_setting(icon="doc-full")
class OrganisationDocumentSettings(BaseSiteSetting):
    """ค่าตั้งเอกสารราชการของเว็บไซต์ (ตราครุฑ, เลขไทย)."""

    emblem = models.ForeignKey(
        "wagtailimages.Image", verbose_name="ตราครุฑ", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="เว้นว่าง = ใช้ภาพตัวอย่างที่มีคำว่า 'ตราครุฑ (ตัวอย่าง)'",
    )
    FONT_CHOICES = [("TH Sarabun New", "TH Sarabun New"), ("TH SarabunPSK", "TH SarabunPSK")]

    thai_digits = models.BooleanField(
        "ใช้เลขไทย", default=True,
        help_text="ตัวเลขทุกตัวในเอกสารเป็นเลขไทย ยกเว้นอีเมล เว็บไซต์ รหัสภาษาอังกฤษ และเลขมาตรฐาน เช่น ISO 9001:2015",
    )
    font_name = models.CharField("ฟอนต์", max_length=50, choices=FONT_CHOICES, default="TH Sarabun New")
    email = models.EmailField(
        "ไปรษณีย์อิเล็กทรอนิกส์", blank=True,
        help_text="พิมพ์ในบรรทัดติดต่อของหนังสือภายนอก เมื่อหนังสือไม่ได้ระบุเอง",
    )

    panels = [FieldPanel("emblem"), FieldPanel("thai_digits"), FieldPanel("font_name"), FieldPanel("email")]

    class Meta:
        verbose_name = "ค่าตั้งเอกสารราชการ"

    def to_engine(self):
        """The engine's :class:`~doc_templates.engine.DocumentSettings`."""
        from .engine import DocumentSettings

        emblem = None
        if self.emblem_id:
            with self.emblem.file.open("rb") as fh:
                emblem = fh.read()
        return DocumentSettings(emblem=emblem, thai_digits=self.thai_digits, font_name=self.font_name)


class Memo(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """บันทึกข้อความ / หนังสือภายนอก เป็นเนื้อหาที่แก้ไข ทบทวน และอนุมัติได้."""

    MEMO, LETTER = "memo", "letter"
    KIND_CHOICES = [(MEMO, "บันทึกข้อความ (ภายใน)"), (LETTER, "หนังสือภายนอก")]

    kind = models.CharField("ชนิดหนังสือ", max_length=10, choices=KIND_CHOICES, default=MEMO)
    organisation = models.ForeignKey(
        "cms.Organisation", verbose_name="หน่วยงานเจ้าของเรื่อง", on_delete=models.PROTECT, related_name="memos",
    )
    standard = models.CharField("แบบมาตรฐาน", max_length=50, blank=True, editable=False)
    section = models.CharField("ส่วนราชการ", max_length=255, blank=True, help_text="เว้นว่าง = ชื่อหน่วยงาน")
    phone = models.CharField("โทร.", max_length=50, blank=True, help_text="เว้นว่าง = โทรศัพท์ของหน่วยงาน")
    ref_no = models.CharField("ที่", max_length=100, blank=True, help_text="เลขที่หนังสือ เช่น กค 0501/123")
    date = models.DateField("วันที่", null=True, blank=True)
    subject = models.CharField("เรื่อง", max_length=500, blank=True)
    to = models.CharField("เรียน", max_length=255, blank=True)
    body = models.TextField("เนื้อความ", blank=True, help_text="เว้นบรรทัดว่างระหว่างย่อหน้า")
    signer_name = models.CharField("ชื่อผู้ลงนาม", max_length=255, blank=True)
    signer_position = models.CharField("ตำแหน่งผู้ลงนาม", max_length=255, blank=True)
    enclosures = models.TextField("สิ่งที่ส่งมาด้วย", blank=True, help_text="หนึ่งรายการต่อหนึ่งบรรทัด")
    references = models.TextField("อ้างถึง", blank=True, help_text="หนึ่งรายการต่อหนึ่งบรรทัด")
    address = models.TextField(
        "ที่อยู่ส่วนราชการ (หนังสือภายนอก)", blank=True,
        help_text="เว้นว่าง = ชื่อและที่อยู่ของส่วนราชการที่ลงนาม (กรม)",
    )
    email = models.EmailField(
        "ไปรษณีย์อิเล็กทรอนิกส์", blank=True, help_text="เว้นว่าง = ตามค่าตั้งเอกสารราชการ",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="memo")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type", object_id_field="object_id",
        related_query_name="memo", for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("section"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("ref_no"), FieldPanel("date")]),
        FieldPanel("subject"),
        FieldPanel("to"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_position")]),
        MultiFieldPanel(
            [FieldPanel("references"), FieldPanel("enclosures"), FieldPanel("address"), FieldPanel("email")],
            heading="หนังสือภายนอก", classname="collapsed",
        ),
    ]
    search_fields = [index.SearchField("subject"), index.SearchField("body"), index.FilterField("kind")]

    class Meta:
        verbose_name = "บันทึกข้อความ/หนังสือ"
        verbose_name_plural = "บันทึกข้อความ/หนังสือ"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.subject or f"({self.get_kind_display()} ยังไม่มีเรื่อง)"

    @property
    def revisions(self):
        return self._revisions

    def paragraphs(self) -> list[str]:
        """One entry per line typed: each line is a paragraph or a list item
        ("- ", "• ", "1. ", "(1) "); blank lines only separate."""
        text = self.body.replace("\r\n", "\n")
        return [line.strip() for line in text.split("\n") if line.strip()]


class GeneratedDocument(models.Model):
    """เอกสารที่สร้างจากเนื้อหา: one rendering of a source at one revision."""

    source_content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_object_id = models.CharField(max_length=255)
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name="ฉบับแก้ไขของต้นเรื่อง", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    kind = models.CharField("ชนิดเอกสาร", max_length=30, choices=KIND_CHOICES)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name="ไฟล์ .docx", on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="ไฟล์ PDF", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, verbose_name="ผู้สร้าง", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = "เอกสารที่สร้าง"
        verbose_name_plural = "เอกสารที่สร้าง"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source_content_type", "source_object_id"])]

    def __str__(self):
        return self.document.title

    @classmethod
    def for_source(cls, source):
        ct = ContentType.objects.get_for_model(source, for_concrete_model=False)
        if hasattr(source, "specific") and hasattr(source, "path"):  # pages: always the specific type
            ct = ContentType.objects.get_for_model(source.specific)
        return cls.objects.filter(source_content_type=ct, source_object_id=str(source.pk))
