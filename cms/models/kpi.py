"""KPI templates (รายละเอียดตัวชี้วัด) and the KPI manual that collects them."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from scoring.types import Direction, Kind

from .. import validation
from .reference import EvaluationFramework, FrameworkDimension
from .structure import UnitContentPage

LEVELS = range(1, 6)
phone_validator = RegexValidator(r"^[0-9๐-๙\-\s+(),ต่อ.]{6,40}$", "หมายเลขโทรศัพท์ไม่ถูกต้อง")


def kpi_sort_key(code: str):
    return tuple(int(part) for part in code.split(".") if part.isdigit())


class KPITemplatePage(UnitContentPage):
    # the values are the scoring engine's (scoring.types): one vocabulary for kinds and directions
    QUANTITATIVE, QUALITATIVE, MILESTONE = Kind.QUANTITATIVE.value, Kind.QUALITATIVE.value, Kind.MILESTONE.value
    KIND_CHOICES = [(QUANTITATIVE, "เชิงปริมาณ"), (QUALITATIVE, "เชิงคุณภาพ"), (MILESTONE, "ระดับความสำเร็จ (ขั้นตอน)")]
    HIGHER, LOWER = Direction.HIGHER_IS_BETTER.value, Direction.LOWER_IS_BETTER.value
    DIRECTION_CHOICES = [(HIGHER, "ค่ามากดี"), (LOWER, "ค่าน้อยดี")]
    BELOW_LEVEL_1_CHOICES = [("one", "ได้ 1 คะแนน"), ("zero", "ได้ 0 คะแนน")]

    code = models.CharField("รหัสตัวชี้วัด", max_length=20, help_text="เช่น 1 หรือ 1.1")
    parent_kpi = models.ForeignKey(
        "self", verbose_name="ตัวชี้วัดหลัก", null=True, blank=True, on_delete=models.PROTECT,
        related_name="sub_kpis", help_text="เฉพาะตัวชี้วัดย่อย",
    )
    framework = models.ForeignKey(EvaluationFramework, verbose_name="กรอบการประเมิน", on_delete=models.PROTECT, related_name="kpis")
    dimension = models.ForeignKey(FrameworkDimension, verbose_name="มิติ", on_delete=models.PROTECT, related_name="kpis")
    kind = models.CharField("ประเภทตัวชี้วัด", max_length=20, choices=KIND_CHOICES)
    is_mandatory = models.BooleanField("ตัวชี้วัดภาคบังคับ", default=False, help_text="ไม่เลือก = ตัวชี้วัดที่เจรจา")
    unit_of_measure = models.CharField("หน่วยวัด", max_length=100)
    weight = models.DecimalField("น้ำหนัก (ร้อยละ)", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    direction = models.CharField("ทิศทาง", max_length=10, choices=DIRECTION_CHOICES, default=HIGHER)
    target_level = models.PositiveSmallIntegerField("ค่าเป้าหมายอยู่ที่ระดับ", default=3, choices=[(i, str(i)) for i in LEVELS])
    below_level_1 = models.CharField("ผลต่ำกว่าระดับ 1", max_length=10, choices=BELOW_LEVEL_1_CHOICES, default="one")
    partial_credit = models.BooleanField("ให้คะแนนบางส่วนระหว่างขั้นตอน", default=False)
    level_1 = models.DecimalField("ระดับ 1", max_digits=14, decimal_places=4, null=True, blank=True)
    level_2 = models.DecimalField("ระดับ 2", max_digits=14, decimal_places=4, null=True, blank=True)
    level_3 = models.DecimalField("ระดับ 3", max_digits=14, decimal_places=4, null=True, blank=True)
    level_4 = models.DecimalField("ระดับ 4", max_digits=14, decimal_places=4, null=True, blank=True)
    level_5 = models.DecimalField("ระดับ 5", max_digits=14, decimal_places=4, null=True, blank=True)
    level_1_description = models.TextField("รายละเอียดระดับ 1", blank=True)
    level_2_description = models.TextField("รายละเอียดระดับ 2", blank=True)
    level_3_description = models.TextField("รายละเอียดระดับ 3", blank=True)
    level_4_description = models.TextField("รายละเอียดระดับ 4", blank=True)
    level_5_description = models.TextField("รายละเอียดระดับ 5", blank=True)
    description = RichTextField("คำอธิบายตัวชี้วัด", blank=True)
    definitions = RichTextField("นิยาม", blank=True)
    formula = models.TextField("สูตรการคำนวณ", blank=True)
    conditions = models.TextField("เงื่อนไข", blank=True)
    required_evidence = models.TextField("เอกสาร/หลักฐานอ้างอิง", blank=True, help_text="หนึ่งรายการต่อหนึ่งบรรทัด")
    data_source = models.TextField("แหล่งข้อมูล", blank=True)
    collection_method = models.TextField("วิธีการจัดเก็บข้อมูล", blank=True)
    host_organisation = models.ForeignKey(
        "cms.Organisation", verbose_name="เจ้าภาพตัวชี้วัด", null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_kpis",
        help_text="ระบุเมื่อเป็นตัวชี้วัดร่วม: ใช้แม่แบบเดียวกันในคำรับรองของทุกหน่วยงานในสังกัดเดียวกัน และเจ้าภาพเป็นผู้ประเมิน",
    )
    responsible_unit = models.ForeignKey(
        "cms.Organisation", verbose_name="หน่วยงานภายในที่รับผิดชอบ", null=True, blank=True, on_delete=models.PROTECT,
        related_name="responsible_kpis", help_text="สำหรับตัวชี้วัดระดับกรม/กระทรวง: หน่วยงานในสังกัดที่รายงานและแนบหลักฐาน",
    )
    supervisor_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="ผู้กำกับดูแลตัวชี้วัด (บัญชีผู้ใช้)", blank=True, related_name="supervised_kpis",
        help_text="ผู้ทบทวนผลรายงาน ให้คะแนน และพิจารณาอุทธรณ์ของตัวชี้วัดนี้",
    )
    collector_users = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="ผู้จัดเก็บข้อมูล (บัญชีผู้ใช้)", blank=True, related_name="collected_kpis",
    )

    content_panels = UnitContentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("parent_kpi")]),
                FieldRowPanel([FieldPanel("framework"), FieldPanel("dimension")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("is_mandatory")]),
                FieldRowPanel([FieldPanel("unit_of_measure"), FieldPanel("weight"), FieldPanel("direction")]),
            ],
            heading="ข้อมูลหลัก",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"level_{i}") for i in LEVELS]),
                *[FieldPanel(f"level_{i}_description") for i in LEVELS],
                FieldRowPanel([FieldPanel("target_level"), FieldPanel("below_level_1"), FieldPanel("partial_credit")]),
            ],
            heading="เกณฑ์การให้คะแนน",
        ),
        InlinePanel(
            "milestone_steps", label="ขั้นตอนของแต่ละระดับ (ตัวชี้วัดระดับความสำเร็จ)",
            help_text="ระดับใดไม่ได้กำหนดขั้นตอน ถือว่ามี 1 ขั้นตอนตามรายละเอียดของระดับนั้น",
        ),
        InlinePanel("baselines", label="ข้อมูลพื้นฐาน (ผลการดำเนินงานย้อนหลัง)", max_num=3),
        FieldPanel("description"),
        FieldPanel("definitions"),
        FieldPanel("formula"),
        FieldPanel("conditions"),
        FieldPanel("required_evidence"),
        FieldPanel("data_source"),
        FieldPanel("collection_method"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("host_organisation"), FieldPanel("responsible_unit")]),
                FieldRowPanel([FieldPanel("supervisor_users"), FieldPanel("collector_users")]),
            ],
            heading="เจ้าภาพและผู้รับผิดชอบตัวชี้วัด",
        ),
        InlinePanel("contacts", label="ผู้กำกับดูแลและผู้จัดเก็บข้อมูล (ข้อมูลติดต่อ)", min_num=1),
    ]
    search_fields = UnitContentPage.search_fields + [
        index.SearchField("code"),
        index.SearchField("description"),
        index.SearchField("definitions"),
        index.SearchField("formula"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = "รายละเอียดตัวชี้วัด"
        verbose_name_plural = "รายละเอียดตัวชี้วัด"

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def levels(self):
        return [getattr(self, f"level_{i}") for i in LEVELS]

    @property
    def level_descriptions(self):
        return [getattr(self, f"level_{i}_description") for i in LEVELS]

    @property
    def target_value(self):
        if self.kind == self.QUANTITATIVE:
            return self.levels[self.target_level - 1]
        return None

    def target_display(self):
        if self.kind == self.QUANTITATIVE and self.target_value is not None:
            return f"{validation.fmt(self.target_value)} {self.unit_of_measure}".strip()
        return f"ระดับ {self.target_level}"

    def shared_with(self, organisation) -> bool:
        """A hosted KPI is shared with every organisation under the host's own parent."""
        own = self.organisation
        if not self.host_organisation_id or own is None or organisation is None:
            return False
        root = own.parent_id or own.pk
        return organisation.pk in own.subtree_ids([root])

    def reported_by(self, organisation) -> bool:
        """An agency KPI is reported by its responsible unit (``reporting.cascade``)."""
        return organisation is not None and self.responsible_unit_id == organisation.pk

    def required_evidence_items(self):
        return [line.strip(" -•\t") for line in self.required_evidence.splitlines() if line.strip(" -•\t")]

    def rule_errors(self):
        errors = []
        parent_code = self.parent_kpi.code if self.parent_kpi_id else None
        errors += validation.check_kpi_code(self.code, parent_code)
        if (folder := self.organisation_year) is not None:
            taken = KPITemplatePage.objects.child_of(folder).exclude(pk=self.pk).values_list("code", flat=True)
            errors += validation.check_kpi_code_free(self.code, taken)
        if self.framework_id:
            errors += self.year_errors(self.framework.fiscal_year, "framework", "กรอบการประเมิน")
            if self.dimension_id and self.dimension.framework_id != self.framework_id:
                errors.append(validation.RuleError("dimension", "มิติที่เลือกไม่อยู่ในกรอบการประเมินของตัวชี้วัดนี้"))
        if self.dimension_id:
            kpi_type = self.dimension.kpi_type
            if kpi_type == "mandatory" and not self.is_mandatory:
                errors.append(validation.RuleError("is_mandatory", f"มิติที่ {self.dimension.number} รับเฉพาะตัวชี้วัดภาคบังคับ"))
            if kpi_type == "negotiated" and self.is_mandatory:
                errors.append(validation.RuleError("is_mandatory", f"มิติที่ {self.dimension.number} รับเฉพาะตัวชี้วัดที่เจรจา"))
        own = self.organisation
        if self.responsible_unit_id and own is not None and self.responsible_unit_id not in own.subtree_ids([own.pk]):
            errors.append(validation.RuleError("responsible_unit", f"หน่วยงานที่รับผิดชอบต้องเป็นหน่วยงานในสังกัดของ{own.name_th}"))
        if self.kind == self.QUANTITATIVE:
            errors += validation.check_levels_monotonic(self.levels, self.direction == self.HIGHER)
        elif self.kind == self.MILESTONE:
            errors += validation.check_level_descriptions(self.level_descriptions, "ระดับความสำเร็จ")
        elif self.kind == self.QUALITATIVE:
            errors += validation.check_level_descriptions(self.level_descriptions, "เชิงคุณภาพ")
        if self.parent_kpi_id:
            parent = self.parent_kpi
            own_parent = self.organisation_year
            if own_parent is not None and parent.get_parent().pk != own_parent.pk:
                errors.append(validation.RuleError("parent_kpi", "ตัวชี้วัดหลักต้องเป็นของหน่วยงานและปีงบประมาณเดียวกัน"))
            siblings = KPITemplatePage.objects.filter(parent_kpi=parent).exclude(pk=self.pk)
            total = sum((s.weight for s in siblings), Decimal(0)) + (self.weight or 0)
            if total > parent.weight:
                errors.append(
                    validation.RuleError(
                        "weight",
                        f"น้ำหนักตัวชี้วัดย่อยของ {parent.code} รวมกัน ({validation.fmt(total)}) "
                        f"เกินน้ำหนักของตัวชี้วัดหลัก ({validation.fmt(parent.weight)})",
                    )
                )
        return errors

    def clean(self):
        super().clean()
        self.raise_if(self.rule_errors())

    # --- milestone steps (ระดับความสำเร็จ) --------------------------------------------
    def milestone_ladder(self) -> list[tuple[int, list[str]]]:
        """[(level, [step text, ...])] for levels 1–5. A level with no step rows has one
        step: its level description (or "ขั้นตอนระดับ n")."""
        rows: dict[int, list[str]] = {}
        for step in sorted(self.milestone_steps.all(), key=lambda st: (st.level, st.sort_order or 0, st.pk or 0)):
            rows.setdefault(step.level, []).append(step.text)
        return [
            (n, rows.get(n) or [description or f"ขั้นตอนระดับ {n}"])
            for n, description in zip(LEVELS, self.level_descriptions)
        ]

    def milestone_step_counts(self) -> tuple[int, ...]:
        return tuple(len(steps) for _, steps in self.milestone_ladder())

    @property
    def level_rows(self):
        """(level number, value, description) for the five levels, for tables."""
        return list(zip(LEVELS, self.levels, self.level_descriptions))


class KPIMilestoneStep(Orderable):
    """One step of one level of a milestone KPI (level n is reached when every step of
    levels 1..n is done)."""

    page = ParentalKey(KPITemplatePage, on_delete=models.CASCADE, related_name="milestone_steps")
    level = models.PositiveSmallIntegerField("ระดับ", choices=[(i, f"ระดับ {i}") for i in LEVELS])
    text = models.CharField("ขั้นตอน", max_length=500)

    panels = [FieldRowPanel([FieldPanel("level"), FieldPanel("text")])]

    class Meta(Orderable.Meta):
        verbose_name = "ขั้นตอนของระดับ"
        verbose_name_plural = "ขั้นตอนของระดับ"

    def __str__(self):
        return f"ระดับ {self.level}: {self.text}"


class KPIBaseline(Orderable):
    page = ParentalKey(KPITemplatePage, on_delete=models.CASCADE, related_name="baselines")
    year_be = models.PositiveIntegerField("ปีงบประมาณ (พ.ศ.)")
    value = models.CharField("ผลการดำเนินงาน", max_length=100)
    note = models.CharField("หมายเหตุ", max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("year_be"), FieldPanel("value"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = "ข้อมูลพื้นฐาน"


class KPIContact(Orderable):
    SUPERVISOR, COLLECTOR = "supervisor", "collector"
    page = ParentalKey(KPITemplatePage, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField("บทบาท", max_length=20, choices=[(SUPERVISOR, "ผู้กำกับดูแลตัวชี้วัด"), (COLLECTOR, "ผู้จัดเก็บข้อมูล")])
    name = models.CharField("ชื่อ-สกุล", max_length=255)
    position = models.CharField("ตำแหน่ง", max_length=255, blank=True)
    phone = models.CharField("โทรศัพท์", max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField("อีเมล", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "ผู้รับผิดชอบตัวชี้วัด"


class KPIManualPage(UnitContentPage):
    """คู่มือตัวชี้วัด: the published collection of one organisation's templates for the year."""

    intro = RichTextField("บทนำ", blank=True)
    include_sub_units = models.BooleanField(
        "รวมตัวชี้วัดของหน่วยงานในสังกัด", default=False,
        help_text="สำหรับคู่มือระดับกรม: รวมตัวชี้วัดของทุกหน่วยงานในสังกัดในปีเดียวกัน",
    )

    content_panels = UnitContentPage.content_panels + [FieldPanel("intro"), FieldPanel("include_sub_units")]

    listed_as = "manuals"  # listed by the year pages (``structure.listed_content``)

    class Meta:
        verbose_name = "คู่มือตัวชี้วัด"
        verbose_name_plural = "คู่มือตัวชี้วัด"

    def templates(self, live_only=True):
        """The KPI templates this manual collects, in code order (1, 1.1, 1.2, 2, …)."""
        from functools import reduce
        from operator import or_

        from .structure import OrganisationYearPage

        parent = self.organisation_year
        if parent is None:
            return []
        folders = [parent]
        if self.include_sub_units:
            folders = list(
                OrganisationYearPage.objects.child_of(parent.get_parent()).filter(
                    models.Q(organisation=parent.organisation) | models.Q(organisation__parent=parent.organisation)
                )
            )
        qs = KPITemplatePage.objects.filter(reduce(or_, [KPITemplatePage.objects.child_of_q(f) for f in folders]))
        if live_only:
            qs = qs.live()
        return sorted(qs.select_related("dimension"), key=lambda p: (p.get_parent().pk != parent.pk, kpi_sort_key(p.code)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["templates"] = self.templates()
        return context
