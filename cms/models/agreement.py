"""Agreements (คำรับรองการปฏิบัติราชการ) and the action plans they serve."""
from decimal import Decimal

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from .. import validation
from ..forms import AgreementPageForm
from .kpi import KPITemplatePage, kpi_sort_key
from .reference import EvaluationFramework
from .structure import UnitContentPage


class ActionPlanPage(UnitContentPage):
    """แผนปฏิบัติราชการ: public once published."""

    summary = models.TextField("สาระสำคัญโดยย่อ", blank=True)
    body = RichTextField("รายละเอียดแผน")
    budget_baht = models.DecimalField("งบประมาณ (บาท)", max_digits=16, decimal_places=2, null=True, blank=True)

    content_panels = UnitContentPage.content_panels + [
        FieldPanel("summary"), FieldPanel("body"), FieldPanel("budget_baht"),
        InlinePanel("projects", label="โครงการ/กิจกรรม (งบประมาณ ผู้รับผิดชอบ ระยะเวลา)"),
    ]
    search_fields = UnitContentPage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    listed_as = "action_plans"  # listed by the year pages (``structure.listed_content``)

    class Meta:
        verbose_name = "แผนปฏิบัติราชการ"
        verbose_name_plural = "แผนปฏิบัติราชการ"

    @property
    def projects_budget(self):
        """The projects' budgets added up (None when no project gives one)."""
        budgets = [p.budget_baht for p in self.projects.all() if p.budget_baht is not None]
        return sum(budgets, Decimal(0)) if budgets else None


class ActionPlanProject(Orderable):
    """One project (โครงการ) or activity of an action plan: budget, owner and period."""

    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField("ชื่อโครงการ/กิจกรรม", max_length=500)
    budget_baht = models.DecimalField("งบประมาณ (บาท)", max_digits=16, decimal_places=2, null=True, blank=True)
    owner = models.CharField("ผู้รับผิดชอบ", max_length=255, blank=True, help_text="หน่วยงานหรือตำแหน่งผู้รับผิดชอบ")
    start = models.DateField("เริ่ม", null=True, blank=True)
    end = models.DateField("สิ้นสุด", null=True, blank=True)
    output = models.TextField("ผลผลิต/ตัวชี้วัดของโครงการ", blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("budget_baht"), FieldPanel("owner")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("output"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "โครงการ/กิจกรรม"
        verbose_name_plural = "โครงการ/กิจกรรม"

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"})


class AgreementPage(UnitContentPage):
    base_form_class = AgreementPageForm
    DRAFT, NEGOTIATING, SIGNED, CANCELLED = "draft", "negotiating", "signed", "cancelled"
    STATUS_CHOICES = [(DRAFT, "ร่าง"), (NEGOTIATING, "อยู่ระหว่างเจรจา"), (SIGNED, "ลงนามแล้ว"), (CANCELLED, "ยกเลิก")]

    framework = models.ForeignKey(EvaluationFramework, verbose_name="กรอบการประเมิน", on_delete=models.PROTECT, related_name="agreements")
    period_start = models.DateField("เริ่มต้น", null=True, blank=True, help_text="เว้นว่าง = วันเริ่มปีงบประมาณ")
    period_end = models.DateField("สิ้นสุด", null=True, blank=True, help_text="เว้นว่าง = วันสิ้นปีงบประมาณ")
    action_plan = models.ForeignKey(
        ActionPlanPage, verbose_name="แผนปฏิบัติราชการ", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = RichTextField("ข้อความคำรับรอง", blank=True)
    signed_scan = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="ฉบับลงนาม (ไฟล์สแกน)", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_on = models.DateField("วันที่ลงนาม", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=STATUS_CHOICES, default=DRAFT)

    content_panels = UnitContentPage.content_panels + [
        InlinePanel("parties", label="คู่คำรับรอง (ผู้ทำ ผู้รับ และพยาน ตามลำดับในคำรับรอง)", min_num=2),
        FieldRowPanel([FieldPanel("framework"), FieldPanel("action_plan")]),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("body"),
        InlinePanel("kpi_lines", label="ตารางตัวชี้วัด", min_num=1),
        FieldRowPanel([FieldPanel("status"), FieldPanel("signed_on"), FieldPanel("signed_scan")]),
    ]

    listed_as = "agreements"  # listed by the year pages (``structure.listed_content``)

    class Meta:
        verbose_name = "คำรับรองการปฏิบัติราชการ"
        verbose_name_plural = "คำรับรองการปฏิบัติราชการ"

    @property
    def start(self):
        return self.period_start or (self.fiscal_year.start_date if self.fiscal_year else None)

    @property
    def end(self):
        return self.period_end or (self.fiscal_year.end_date if self.fiscal_year else None)

    def parties_of(self, role):
        return [p for p in self.parties.all() if p.role == role]

    @property
    def makers(self):
        return self.parties_of(AgreementParty.MAKER)

    @property
    def receivers(self):
        return self.parties_of(AgreementParty.RECEIVER)

    @property
    def witnesses(self):
        return self.parties_of(AgreementParty.WITNESS)

    def party_errors(self, roles=None):
        """One maker and at least one receiver; ``roles``: the submitted rows' roles."""
        roles = [p.role for p in self.parties.all()] if roles is None else roles
        errors = []
        if roles.count(AgreementParty.MAKER) != 1:
            errors.append(validation.RuleError("parties", "คำรับรองต้องมีผู้ทำคำรับรอง 1 ราย"))
        if roles.count(AgreementParty.RECEIVER) < 1:
            errors.append(validation.RuleError("parties", "คำรับรองต้องมีผู้รับคำรับรองอย่างน้อย 1 ราย"))
        return errors

    def sorted_lines(self):
        lines = self.kpi_lines.all()
        if hasattr(lines, "select_related"):  # stored rows (not a revision held in memory)
            lines = lines.select_related("kpi", "kpi__dimension")
        return sorted(lines, key=lambda line: kpi_sort_key(line.kpi.code))

    def rule_errors(self, lines=None):
        """``lines``: (kpi page, weight) pairs; defaults to the page's own KPI table."""
        if lines is None:
            lines = getattr(self, "_lines_from_form", None)
        if lines is None:
            lines = [(line.kpi, line.weight) for line in self.kpi_lines.all() if line.kpi_id]
        errors = []
        if self.framework_id:
            errors += self.year_errors(self.framework.fiscal_year, "framework", "กรอบการประเมิน")
            organisation = self.organisation
            if organisation is not None and organisation.level != self.framework.level:
                errors.append(validation.RuleError("framework", "กรอบการประเมินไม่ตรงกับระดับของหน่วยงาน"))
            elif organisation is not None and not self.framework.applies_to(organisation):
                errors.append(validation.RuleError(
                    "framework", f"กรอบการประเมินนี้ใช้กับ{self.framework.organisation.name_th}และหน่วยงานในสังกัดเท่านั้น"
                ))
        parent = self.organisation_year
        for kpi, _weight in lines:
            kpi_folder = kpi.get_parent()
            shared = (
                parent is not None and (kpi.shared_with(self.organisation) or kpi.reported_by(self.organisation))
                and kpi_folder.get_parent().pk == parent.get_parent().pk  # same fiscal year
            )
            if parent is not None and kpi_folder.pk != parent.pk and not shared:
                errors.append(validation.RuleError("kpi_lines", f"ตัวชี้วัด {kpi.code} ไม่ใช่ตัวชี้วัดของหน่วยงานนี้ในปีงบประมาณนี้"))
            elif self.framework_id and kpi.framework_id != self.framework_id:
                errors.append(validation.RuleError("kpi_lines", f"ตัวชี้วัด {kpi.code} อยู่ในกรอบการประเมินอื่น"))
        kpi_lines = [
            validation.KpiLine(
                code=kpi.code,
                weight=Decimal(weight),
                parent_code=kpi.parent_kpi.code if kpi.parent_kpi_id else None,
                dimension_number=kpi.dimension.number if kpi.dimension_id else None,
            )
            for kpi, weight in lines
        ]
        framework = self.framework if self.framework_id else None
        weights = None
        if framework is not None:
            weights, weight_errors = framework.dimension_weights_and_errors(self.organisation)
            errors += weight_errors
        errors += validation.check_agreement_lines(
            kpi_lines,
            weights,
            framework.rule_pairs() if framework else (),
        )
        return errors

    def pin_signed_kpis(self):
        """A signed agreement keeps, per line, the KPI revision live when it was signed, so a
        KPI edited later does not change the signed target (printed in the booklet, the
        e-SAR and the SAR). Unsigned, the lines follow the live templates (pins cleared);
        a line whose KPI was changed is pinned again. Runs before every revision is saved
        (the pin travels in the agreement's revisions) and on a plain save of lines held
        in memory (scripts, the demo loader)."""
        lines = list(self.kpi_lines.all())
        changed = False
        for line in lines:
            pinned = line.kpi_revision_id
            if self.status != self.SIGNED or not line.kpi_id:
                line.kpi_revision = None
            elif line.kpi_revision_id is None or line.kpi_revision.object_id != str(line.kpi_id):
                kpi = line.kpi
                line.kpi_revision_id = kpi.live_revision_id or kpi.latest_revision_id
            changed = changed or line.kpi_revision_id != pinned
        if changed and "kpi_lines" not in getattr(self, "_cluster_related_objects", {}):
            # lines read from the database (a page without draft changes is its own latest
            # revision): hold them in memory so the revision and the next save carry the pins
            self.kpi_lines = lines

    def save_revision(self, *args, **kwargs):
        self.pin_signed_kpis()
        return super().save_revision(*args, **kwargs)

    def save(self, *args, **kwargs):
        if "kpi_lines" in getattr(self, "_cluster_related_objects", {}):
            self.pin_signed_kpis()
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if getattr(self, "_lines_from_form", None) is None:  # the admin form has checked them already
            self.raise_if(self.rule_errors() + ([] if getattr(self, "_parties_from_form", False) else self.party_errors()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lines"] = self.sorted_lines()
        context["total_weight"] = sum((line.weight for line in context["lines"] if not line.kpi.parent_kpi_id), Decimal(0))
        return context


class AgreementKPI(Orderable):
    page = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="kpi_lines")
    kpi = models.ForeignKey(KPITemplatePage, verbose_name="ตัวชี้วัด", on_delete=models.PROTECT, related_name="agreement_lines")
    weight = models.DecimalField("น้ำหนัก (ร้อยละ)", max_digits=6, decimal_places=2)
    target = models.CharField("ค่าเป้าหมาย", max_length=255, blank=True, help_text="เว้นว่าง = ตามรายละเอียดตัวชี้วัด")

    kpi_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name="ฉบับของตัวชี้วัดที่ลงนาม", null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("kpi"), FieldPanel("weight"), FieldPanel("target")])]

    class Meta(Orderable.Meta):
        verbose_name = "ตัวชี้วัดในคำรับรอง"

    @property
    def signed_kpi(self):
        """The KPI template as it stood when the agreement was signed (``AgreementPage.
        pin_signed_kpis``); the live template while unsigned or when nothing was pinned."""
        cached = getattr(self, "_signed_kpi", None)
        if cached is None:
            cached = self.kpi
            if self.kpi_revision_id and self.kpi_revision.object_id == str(self.kpi_id):
                try:
                    cached = self.kpi_revision.as_object()
                except Exception:  # a revision that no longer loads: the live template
                    cached = self.kpi
            self._signed_kpi = cached
        return cached

    def target_display(self):
        return self.target or self.signed_kpi.target_display()


class AgreementParty(Orderable):
    """One party of an agreement: the maker, a receiver or a witness, in the agreement's order.

    A department's agreement may be received by two people (the permanent secretary and the
    deputy heading the mission group); each party gets its own signature block."""

    MAKER, RECEIVER, WITNESS = "maker", "receiver", "witness"
    ROLE_CHOICES = [(MAKER, "ผู้ทำคำรับรอง"), (RECEIVER, "ผู้รับคำรับรอง"), (WITNESS, "พยาน")]

    page = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("ฐานะ", max_length=20, choices=ROLE_CHOICES)
    position = models.CharField("ตำแหน่ง", max_length=255)
    name = models.CharField("ชื่อ-สกุล", max_length=255, blank=True)
    organisation_name = models.CharField("ส่วนราชการ", max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("role"), FieldPanel("position"), FieldPanel("name"), FieldPanel("organisation_name")])]

    class Meta(Orderable.Meta):
        verbose_name = "คู่คำรับรอง"
        verbose_name_plural = "คู่คำรับรอง"

    def __str__(self):
        return f"{self.get_role_display()}: {self.position}"
