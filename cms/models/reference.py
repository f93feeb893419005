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
from thai.calendar import ce_year, fiscal_year_of, fiscal_year_period



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
        return ce_year(self.year_be)

    @property
    def start_date(self) -> date:
        return fiscal_year_period(self.year_be)[0]

    @property
    def end_date(self) -> date:
        return fiscal_year_period(self.year_be)[1]

    @classmethod
    def be_year_for(cls, day: date) -> int:
        """The fiscal year (B.E.) that a calendar day falls in."""
        return fiscal_year_of(day)


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
    """A node of the tree ministry → mission group → department → unit → (sub-unit …).

    Levels are data: every level may sign agreements, report and be ranked among its
    siblings. ``ALLOWED_PARENTS`` says which level may hold which; a unit (สำนัก/กอง/ศูนย์)
    may hold units of its own (groups, sections) to any depth.
    """

    MINISTRY, MISSION_GROUP, DEPARTMENT, UNIT = "ministry", "mission_group", "department", "unit"
    LEVEL_CHOICES = [
        (MINISTRY, "กระทรวง"), (MISSION_GROUP, "กลุ่มภารกิจ"), (DEPARTMENT, "กรม"),
        (UNIT, "หน่วยงาน (สำนัก/กอง/ศูนย์)"),
    ]
    ALLOWED_PARENTS = {
        MINISTRY: (),
        MISSION_GROUP: (MINISTRY,),
        DEPARTMENT: (MINISTRY, MISSION_GROUP),
        UNIT: (DEPARTMENT, UNIT),
    }
    # Levels above the unit run a cycle of their own: they have their own กพร. roles.
    AGENCY_LEVELS = (MINISTRY, MISSION_GROUP, DEPARTMENT)
    # admin form: ``cms.forms.OrganisationForm``, given with the panels by the snippet viewset
    # (``cms.wagtail_hooks.OrganisationViewSet``; the form reads the scopes, which read this model)

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
    global_reviewers_fallback = models.BooleanField(
        "ให้ผู้ทบทวนส่วนกลางพิจารณาแทนผู้กำกับดูแลตัวชี้วัดและผู้ทบทวนของหน่วยงานได้", default=True,
        help_text="ไม่เลือก = เฉพาะผู้กำกับดูแลตัวชี้วัดเป็นผู้ตรวจสอบรายงานผล (ขั้นที่ 2) ให้คะแนน และพิจารณาอุทธรณ์ตัวชี้วัดที่มีผู้กำกับดูแล "
                  "และเฉพาะผู้ทบทวน กพร. ของหน่วยงานเป็นผู้อนุมัติรายงานผล (ขั้นที่ 3) ทั้งของหน่วยงานนี้และหน่วยงานในสังกัด",
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
        FieldPanel("global_reviewers_fallback"),
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
            models.UniqueConstraint(
                fields=["parent", "abbreviation"], name="unique_abbreviation_per_parent",
                violation_error_message="อักษรย่อนี้มีอยู่แล้วในหน่วยงานต้นสังกัดเดียวกัน",
            ),
            models.UniqueConstraint(
                fields=["abbreviation"], condition=models.Q(parent__isnull=True), name="unique_abbreviation_at_top",
                violation_error_message="อักษรย่อนี้มีอยู่แล้วในหน่วยงานระดับบนสุด",
            ),
        ]

    def __str__(self):
        # กองคลัง (กค. สกช.): choosers and lists tell two departments' กค. apart
        return f"{self.name_th} ({self.full_abbreviation})"

    def clean(self):
        errors = []
        allowed = self.ALLOWED_PARENTS.get(self.level, ())
        if not allowed and self.parent_id:
            errors.append(validation.RuleError("parent", "กระทรวงต้องไม่มีหน่วยงานต้นสังกัด"))
        if allowed:
            if not self.parent_id:
                errors.append(validation.RuleError("parent", f"{self.get_level_display()}ต้องระบุหน่วยงานต้นสังกัด"))
            elif self.parent.level not in allowed:
                labels = " หรือ ".join(dict(self.LEVEL_CHOICES)[level] for level in allowed)
                errors.append(validation.RuleError("parent", f"หน่วยงานต้นสังกัดของ{self.get_level_display()}ต้องเป็นระดับ{labels}"))
            elif self.pk and self.parent_id and self.pk in {o.pk for o in [self.parent, *self.parent.ancestors()]}:
                errors.append(validation.RuleError("parent", "หน่วยงานต้นสังกัดต้องไม่เป็นหน่วยงานนี้เองหรือหน่วยงานในสังกัด"))
        if self.group_id and self.level == self.MINISTRY:
            errors.append(validation.RuleError("group", "กำหนดกลุ่มหน่วยงานได้เฉพาะหน่วยงานที่มีต้นสังกัด"))
        if self.abbreviation and self.parent_id is not None:
            clash = Organisation.objects.filter(parent_id=self.parent_id, abbreviation=self.abbreviation).exclude(pk=self.pk)
            if clash.exists():
                errors.append(validation.RuleError("abbreviation", f"อักษรย่อ {self.abbreviation} มีอยู่แล้วในหน่วยงานต้นสังกัดเดียวกัน"))
        if errors:
            raise validation.to_validation_error(errors)

    def ancestors(self):
        node, chain, seen = self.parent, [], {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def lineage(self):
        """This organisation and its ancestors, nearest first."""
        return [self, *self.ancestors()]

    PATH_SEPARATOR = "/"

    @property
    def path_abbreviation(self):
        """พสบ./สสบ./กค.: the abbreviations from the top of the tree down to this one, the
        only name that is unique installation-wide (an abbreviation is unique among siblings)."""
        return self.PATH_SEPARATOR.join(o.abbreviation for o in reversed(self.lineage()))

    @classmethod
    def find(cls, path, queryset=None):
        """The organisation at ``path`` ("สสบ./กค." or the whole "พสบ./สสบ./กค.").

        The first abbreviation may be anywhere in the tree, each next one is a child of the
        one before. A path that names more than one organisation (two departments' กค.) is
        refused with a Thai message giving the paths to choose from, never answered with
        the first match. Raises ``DoesNotExist`` / ``MultipleObjectsReturned``."""
        parts = [p.strip() for p in str(path).split(cls.PATH_SEPARATOR) if p.strip()]
        if not parts:
            raise cls.DoesNotExist("ไม่ได้ระบุอักษรย่อหน่วยงาน")
        base = cls.objects.all() if queryset is None else queryset
        found = cls.objects.filter(abbreviation=parts[0])
        for part in parts[1:]:
            found = cls.objects.filter(parent__in=found, abbreviation=part)
        matches = list(base.filter(pk__in=found.values("pk")).select_related("parent")[:10])
        if not matches:
            raise cls.DoesNotExist(f"ไม่พบหน่วยงานอักษรย่อ {path}")
        if len(matches) > 1:
            choices = " หรือ ".join(m.path_abbreviation for m in matches)
            raise cls.MultipleObjectsReturned(f"อักษรย่อ {path} ซ้ำกันหลายหน่วยงาน ให้ระบุหน่วยงานต้นสังกัดด้วย เช่น {choices}")
        return matches[0]

    @property
    def full_abbreviation(self):
        """กค. สสบ.: the abbreviation with its parent's, to tell repeated abbreviations apart."""
        return f"{self.abbreviation} {self.parent.abbreviation}" if self.parent_id else self.abbreviation

    @classmethod
    def subtree_ids(cls, root_ids) -> set[int]:
        """The given organisations and every organisation below them, to any depth."""
        found = set(root_ids)
        frontier = set(found)
        while frontier:
            frontier = set(cls.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
            found |= frontier
        return found

    def subtree(self):
        return Organisation.objects.filter(pk__in=self.subtree_ids([self.pk]))

    def admin_development_unit(self):
        """The กพร. that runs this organisation's cycle: the nearest one on the way up
        (the organisation itself, or a กพร. unit among its own units)."""
        for node in self.lineage():
            if node.is_admin_development:
                return node
            own = Organisation.objects.filter(parent=node, is_admin_development=True).order_by("pk").first()
            if own is not None:
                return own
        return None

    def inherited(self, field):
        """Address, phone or fax: the organisation's own, else the nearest ancestor's."""
        for node in self.lineage():
            if getattr(node, field):
                return getattr(node, field)
        return ""


class OrganisationRole(models.Model):
    """One role group of one organisation (a ministry's, mission group's or department's own
    กพร. editors, reviewers, executives, site-visit preparers). Members act for the
    organisation's whole subtree and nowhere else. Groups are keyed by organisation, so two
    departments may both have a กค. or a กพร."""

    EDITOR, REVIEWER, EXECUTIVE, PREPARER = "editor", "reviewer", "executive", "preparer"
    ROLE_CHOICES = [
        (EDITOR, "บรรณาธิการ กพร."), (REVIEWER, "ผู้ทบทวน กพร."), (EXECUTIVE, "ผู้บริหาร"),
        (PREPARER, "ผู้เตรียมรับการตรวจประเมิน"),
    ]
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField("บทบาท", max_length=20, choices=ROLE_CHOICES)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="organisation_role")

    class Meta:
        verbose_name = "บทบาทของหน่วยงาน"
        verbose_name_plural = "บทบาทของหน่วยงาน"
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="one_group_per_organisation_role")]

    def __str__(self):
        return f"{self.get_role_display()} {self.organisation.full_abbreviation}"

    @classmethod
    def nearest_acting_group_id(cls, organisation, role) -> int | None:
        """The group of the nearest organisation up ``organisation``'s lineage (itself first)
        whose ``role`` group has an active member: who takes a moderation step for it. None
        when no organisation on the way has one."""
        for node in organisation.lineage() if organisation is not None else []:
            row = cls.objects.filter(organisation=node, role=role).select_related("group").first()
            if row is not None and row.group.user_set.filter(is_active=True).exists():
                return row.group_id
        return None


class EvaluationFramework(ClusterableModel):
    """กรอบการประเมินผล of one fiscal year and level: dimensions, weights and rules.

    With ``organisation`` set the framework applies only to that organisation and the
    organisations below it (a ministry's framework for one department, or a department's
    framework for its own units); without it, to every organisation of the level.
    """

    # admin form: ``cms.forms.FrameworkForm``, given by the snippet viewset (``cms.wagtail_hooks``)

    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="frameworks")
    level = models.CharField("ระดับที่ประเมิน", max_length=20, choices=Organisation.LEVEL_CHOICES)
    organisation = models.ForeignKey(
        Organisation, verbose_name="ใช้กับหน่วยงาน", null=True, blank=True, on_delete=models.PROTECT,
        related_name="frameworks",
        help_text="เว้นว่าง = ใช้กับทุกหน่วยงานในระดับนี้; ระบุ = ใช้กับหน่วยงานนี้และหน่วยงานในสังกัด",
    )
    name = models.CharField("ชื่อกรอบการประเมิน", max_length=255)
    description = models.TextField("คำอธิบาย", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("level"), FieldPanel("organisation")]),
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("dimensions", label="มิติการประเมิน", min_num=1),
        InlinePanel("weight_rules", label="กฎน้ำหนักระหว่างมิติ"),
        InlinePanel("parameter_values", label="ค่าพารามิเตอร์น้ำหนักมิติรายหน่วยงาน (เช่น P, Q)"),
    ]

    class Meta:
        ordering = ["-fiscal_year__year_be", "level"]
        verbose_name = "กรอบการประเมินผล"
        verbose_name_plural = "กรอบการประเมินผล"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "level"], condition=models.Q(organisation__isnull=True),
                name="one_framework_per_year_level",
                violation_error_message="มีกรอบการประเมินทั่วไปของปีงบประมาณและระดับนี้อยู่แล้ว",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "level", "organisation"], condition=models.Q(organisation__isnull=False),
                name="one_framework_per_year_level_organisation",
                violation_error_message="หน่วยงานนี้มีกรอบการประเมินของปีงบประมาณและระดับนี้อยู่แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"

    def applies_to(self, organisation) -> bool:
        if organisation is None or organisation.level != self.level:
            return False
        return self.organisation_id is None or self.organisation_id in {o.pk for o in organisation.lineage()}

    @classmethod
    def for_organisation(cls, fiscal_year, organisation):
        """The most specific framework of the year for the organisation (own, then ancestors', then general)."""
        candidates = {f.organisation_id: f for f in cls.objects.filter(fiscal_year=fiscal_year, level=organisation.level)}
        for node in organisation.lineage():
            if node.pk in candidates:
                return candidates[node.pk]
        return candidates.get(None)

    def parameters_for(self, organisation) -> dict[str, Decimal]:
        """Named parameters for one organisation: its own values, else the nearest ancestor's."""
        values = {}
        by_org = {}
        for row in self.parameter_values.all():
            by_org.setdefault(row.organisation_id, {})[row.name] = row.value
        for node in reversed(organisation.lineage() if organisation is not None else []):
            values.update(by_org.get(node.pk, {}))
        return values

    def dimension_weights(self, organisation=None) -> dict[int, Decimal]:
        """Each dimension's weight; formula weights are worked out for ``organisation``.

        Raises ``validation.to_validation_error`` errors naming the dimension when a
        parameter has no value for the organisation."""
        weights, errors = self.dimension_weights_and_errors(organisation)
        if errors:
            raise validation.to_validation_error(errors)
        return weights

    def dimension_weights_and_errors(self, organisation=None):
        weights, errors = {}, []
        parameters = self.parameters_for(organisation) if organisation is not None else {}
        for d in self.dimensions.all():
            if not d.weight_formula:
                weights[d.number] = d.weight
                continue
            try:
                weights[d.number] = validation.evaluate_formula(d.weight_formula, parameters).quantize(Decimal("0.01"))
            except KeyError as missing:
                who = organisation.name_th if organisation is not None else "หน่วยงาน"
                errors.append(validation.RuleError(
                    "framework", f"มิติที่ {d.number} กำหนดน้ำหนักเป็น {d.weight_formula} แต่ยังไม่ได้กำหนดค่า {missing.args[0]} ของ{who}"
                ))
            except (ValueError, ArithmeticError):
                errors.append(validation.RuleError("framework", f"สูตรน้ำหนักของมิติที่ {d.number} ({d.weight_formula}) ไม่ถูกต้อง"))
        return weights, errors

    def rule_pairs(self):
        return [(r.greater(), r.lesser()) for r in self.weight_rules.all()]

    def rule_errors(self, dimensions=None, rules=None):
        """Check the framework's own shape; used by the model and by its admin form."""
        dimensions = list(self.dimensions.all()) if dimensions is None else dimensions
        rules = self.rule_pairs() if rules is None else rules
        errors = []
        for d in dimensions:
            if d.weight_formula:
                try:
                    validation.formula_names(d.weight_formula)
                except ValueError:
                    errors.append(validation.RuleError("dimensions", f"สูตรน้ำหนักของมิติที่ {d.number} ({d.weight_formula}) ไม่ถูกต้อง ใช้ได้เฉพาะตัวเลข ชื่อพารามิเตอร์ และ + - × ÷ ( )"))
            elif d.weight is None:
                errors.append(validation.RuleError("dimensions", f"มิติที่ {d.number} ต้องระบุน้ำหนักหรือสูตรน้ำหนัก"))
        fixed = all(not d.weight_formula for d in dimensions)
        if fixed and not errors:
            # with formula weights the sum depends on each organisation's parameters: checked per agreement
            errors += validation.check_weights_sum_to_100(
                [d.weight for d in dimensions], field="dimensions", what="น้ำหนักมิติการประเมิน"
            )
        numbers = [d.number for d in dimensions]
        if len(set(numbers)) != len(numbers):
            errors.append(validation.RuleError("dimensions", "หมายเลขมิติซ้ำกัน"))
        if fixed and not errors:
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
    weight = models.DecimalField("น้ำหนัก (ร้อยละ)", max_digits=6, decimal_places=2, null=True, blank=True)
    weight_formula = models.CharField(
        "สูตรน้ำหนัก", max_length=100, blank=True,
        help_text="เว้นว่าง = ใช้น้ำหนักที่ระบุ; เช่น P + 10 หรือ 2 × Q โดยกำหนดค่า P, Q รายหน่วยงานด้านล่าง",
    )
    KPI_TYPE_CHOICES = [("any", "ภาคบังคับและเจรจา"), ("mandatory", "ภาคบังคับเท่านั้น"), ("negotiated", "เจรจาเท่านั้น")]
    kpi_type = models.CharField("ประเภทตัวชี้วัดที่อยู่ในมิตินี้", max_length=20, choices=KPI_TYPE_CHOICES, default="any")

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("name"), FieldPanel("weight"), FieldPanel("weight_formula"), FieldPanel("kpi_type")])]

    class Meta(Orderable.Meta):
        verbose_name = "มิติการประเมิน"

    def __str__(self):
        return f"มิติที่ {self.number} {self.name}"


class FrameworkParameterValue(Orderable):
    """The value of a named weight parameter (P, Q …) for one organisation (and its subtree)."""

    framework = ParentalKey(EvaluationFramework, on_delete=models.CASCADE, related_name="parameter_values")
    organisation = models.ForeignKey(Organisation, verbose_name="หน่วยงาน", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("ชื่อพารามิเตอร์", max_length=30, help_text="เช่น P")
    value = models.DecimalField("ค่า", max_digits=6, decimal_places=2)

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("name"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = "ค่าพารามิเตอร์น้ำหนักมิติ"
        constraints = [models.UniqueConstraint(fields=["framework", "organisation", "name"], name="one_parameter_value_per_organisation")]

    def __str__(self):
        return f"{self.name} = {self.value} ({self.organisation})"


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
