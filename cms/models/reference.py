"""Reference data that changes every year: fiscal years, organisations, frameworks.

These are snippets (edited in the admin under "ข้อมูลอ้างอิง"), not pages: they are not
published to the public on their own, the pages that use them are.
"""
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from .. import validation
from ..forms import FrameworkForm

BE_OFFSET = 543


class FiscalYear(models.Model):
    """ปีงบประมาณ: 1 October of the previous C.E. year to 30 September."""

    year_be = models.PositiveIntegerField(
        "ปีงบประมาณ (พ.ศ.)", unique=True, validators=[MinValueValidator(2500)],
        help_text="เช่น 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569)",
    )
    is_current = models.BooleanField("ปีปัจจุบัน", default=False)

    panels = [FieldPanel("year_be"), FieldPanel("is_current")]

    class Meta:
        ordering = ["-year_be"]
        verbose_name = "ปีงบประมาณ"
        verbose_name_plural = "ปีงบประมาณ"

    def __str__(self):
        return f"ปีงบประมาณ {self.year_be}"

    @property
    def year_ce(self) -> int:
        return self.year_be - BE_OFFSET

    @property
    def start_date(self) -> date:
        return date(self.year_ce - 1, 10, 1)

    @property
    def end_date(self) -> date:
        return date(self.year_ce, 9, 30)

    @classmethod
    def be_year_for(cls, day: date) -> int:
        """The fiscal year (B.E.) that a calendar day falls in."""
        return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


class UnitGroup(models.Model):
    """กลุ่มหน่วยงาน: units are ranked within their group."""

    name = models.CharField("ชื่อกลุ่ม", max_length=200, unique=True)
    description = models.TextField("คำอธิบาย", blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "กลุ่มหน่วยงาน"
        verbose_name_plural = "กลุ่มหน่วยงาน"

    def __str__(self):
        return self.name


class Organisation(index.Indexed, models.Model):
    """A node of the tree ministry → department → unit."""

    MINISTRY, DEPARTMENT, UNIT = "ministry", "department", "unit"
    LEVEL_CHOICES = [(MINISTRY, "กระทรวง"), (DEPARTMENT, "กรม"), (UNIT, "หน่วยงาน (สำนัก/กอง/ศูนย์)")]
    PARENT_LEVEL = {MINISTRY: None, DEPARTMENT: MINISTRY, UNIT: DEPARTMENT}

    name_th = models.CharField("ชื่อหน่วยงาน", max_length=255)
    abbreviation = models.CharField("อักษรย่อ", max_length=50, help_text="เช่น กพร.")
    level = models.CharField("ระดับ", max_length=20, choices=LEVEL_CHOICES)
    parent = models.ForeignKey(
        "self", verbose_name="สังกัด", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name="กลุ่มหน่วยงาน", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="units",
    )
    head_position = models.CharField("ตำแหน่งหัวหน้าหน่วยงาน", max_length=255, help_text="เช่น ผู้อำนวยการกองแผนงาน")
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)
    fax = models.CharField("โทรสาร", max_length=50, blank=True)
    address = models.TextField("ที่อยู่", blank=True)
    is_admin_development = models.BooleanField(
        "เป็นกลุ่มพัฒนาระบบบริหาร (กพร.)", default=False,
        help_text="หน่วยงานที่ทบทวนตัวชี้วัดและจัดทำคู่มือ",
    )
    staff_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="staff_of"
    )
    head_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="head_of"
    )

    panels = [
        FieldRowPanel([FieldPanel("name_th"), FieldPanel("abbreviation")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("parent"), FieldPanel("group")]),
        FieldPanel("head_position"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
        FieldPanel("address"),
        FieldPanel("is_admin_development"),
    ]
    search_fields = [
        index.SearchField("name_th"),
        index.AutocompleteField("name_th"),
        index.SearchField("abbreviation"),
        index.FilterField("level"),
    ]

    class Meta:
        ordering = ["level", "name_th"]
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        constraints = [
            models.UniqueConstraint(fields=["parent", "abbreviation"], name="unique_abbreviation_per_parent"),
        ]

    def __str__(self):
        return f"{self.name_th} ({self.abbreviation})"

    def clean(self):
        errors = []
        expected = self.PARENT_LEVEL.get(self.level)
        if expected is None and self.parent_id:
            errors.append(validation.RuleError("parent", "กระทรวงต้องไม่มีหน่วยงานต้นสังกัด"))
        if expected is not None:
            if not self.parent_id:
                errors.append(validation.RuleError("parent", f"{self.get_level_display()}ต้องระบุหน่วยงานต้นสังกัด"))
            elif self.parent.level != expected:
                label = dict(self.LEVEL_CHOICES)[expected]
                errors.append(validation.RuleError("parent", f"หน่วยงานต้นสังกัดของ{self.get_level_display()}ต้องเป็นระดับ{label}"))
        if self.group_id and self.level != self.UNIT:
            errors.append(validation.RuleError("group", "กำหนดกลุ่มหน่วยงานได้เฉพาะหน่วยงานระดับสำนัก/กอง/ศูนย์"))
        if errors:
            raise validation.to_validation_error(errors)

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class EvaluationFramework(ClusterableModel):
    """กรอบการประเมินผล of one fiscal year and level: dimensions, weights and rules."""

    base_form_class = FrameworkForm

    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="frameworks")
    level = models.CharField(
        "ระดับที่ประเมิน", max_length=20,
        choices=[(Organisation.DEPARTMENT, "กรม"), (Organisation.UNIT, "หน่วยงาน (สำนัก/กอง/ศูนย์)")],
    )
    name = models.CharField("ชื่อกรอบการประเมิน", max_length=255)
    description = models.TextField("คำอธิบาย", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("level")]),
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("dimensions", label="มิติการประเมิน", min_num=1),
        InlinePanel("weight_rules", label="กฎน้ำหนักระหว่างมิติ"),
    ]

    class Meta:
        ordering = ["-fiscal_year__year_be", "level"]
        verbose_name = "กรอบการประเมินผล"
        verbose_name_plural = "กรอบการประเมินผล"
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "level"], name="one_framework_per_year_level")]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"

    def dimension_weights(self) -> dict[int, Decimal]:
        return {d.number: d.weight for d in self.dimensions.all()}

    def rule_pairs(self):
        return [(r.greater(), r.lesser()) for r in self.weight_rules.all()]

    def rule_errors(self, dimensions=None, rules=None):
        """Check the framework's own shape; used by the model and by its admin form."""
        dimensions = list(self.dimensions.all()) if dimensions is None else dimensions
        rules = self.rule_pairs() if rules is None else rules
        errors = validation.check_weights_sum_to_100(
            [d.weight for d in dimensions], field="dimensions", what="น้ำหนักมิติการประเมิน"
        )
        numbers = [d.number for d in dimensions]
        if len(set(numbers)) != len(numbers):
            errors.append(validation.RuleError("dimensions", "หมายเลขมิติซ้ำกัน"))
        errors += validation.check_dimension_weight_rules({d.number: d.weight for d in dimensions}, rules)
        return errors

    def clean(self):
        if getattr(self, "_rows_from_form", False):
            return  # FrameworkForm checked the submitted rows
        if self.pk or self.dimensions.all():
            errors = self.rule_errors()
            if errors:
                raise validation.to_validation_error(errors)


class FrameworkDimension(Orderable):
    framework = ParentalKey(EvaluationFramework, on_delete=models.CASCADE, related_name="dimensions")
    number = models.PositiveSmallIntegerField("มิติที่")
    name = models.CharField("ชื่อมิติ", max_length=255)
    weight = models.DecimalField("น้ำหนัก (ร้อยละ)", max_digits=6, decimal_places=2)
    KPI_TYPE_CHOICES = [("any", "ภาคบังคับและเจรจา"), ("mandatory", "ภาคบังคับเท่านั้น"), ("negotiated", "เจรจาเท่านั้น")]
    kpi_type = models.CharField("ประเภทตัวชี้วัดที่อยู่ในมิตินี้", max_length=20, choices=KPI_TYPE_CHOICES, default="any")

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("name"), FieldPanel("weight"), FieldPanel("kpi_type")])]

    class Meta(Orderable.Meta):
        verbose_name = "มิติการประเมิน"

    def __str__(self):
        return f"มิติที่ {self.number} {self.name}"


class FrameworkWeightRule(Orderable):
    """"มิติที่ 1+2 ต้องมีน้ำหนักมากกว่ามิติที่ 3+4"."""

    framework = ParentalKey(EvaluationFramework, on_delete=models.CASCADE, related_name="weight_rules")
    greater_dimensions = models.CharField("มิติที่ต้องมีน้ำหนักมากกว่า", max_length=50, help_text="เช่น 1,2")
    lesser_dimensions = models.CharField("มิติที่ต้องมีน้ำหนักน้อยกว่า", max_length=50, help_text="เช่น 3,4")

    panels = [FieldRowPanel([FieldPanel("greater_dimensions"), FieldPanel("lesser_dimensions")])]

    def greater(self):
        return validation.parse_dimension_list(self.greater_dimensions)

    def lesser(self):
        return validation.parse_dimension_list(self.lesser_dimensions)

    def clean(self):
        errors = {}
        for field in ("greater_dimensions", "lesser_dimensions"):
            try:
                if not validation.parse_dimension_list(getattr(self, field)):
                    errors[field] = "ต้องระบุหมายเลขมิติอย่างน้อย 1 มิติ"
            except ValueError as exc:
                errors[field] = f"'{exc}' ไม่ใช่หมายเลขมิติ ให้ระบุเป็นตัวเลขคั่นด้วยจุลภาค เช่น 1,2"
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)

    def __str__(self):
        return f"มิติ {self.greater_dimensions} > มิติ {self.lesser_dimensions}"
