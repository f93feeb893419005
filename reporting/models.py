"""Reporting rounds (รอบการรายงาน 6/9/12 เดือน), unit reports (e-SAR), appeals and score history.

- ``ReportingRound``: one per organisation (None = the installation-wide calendar), fiscal
  year and month; opening/closing dates, the announcement date and the appeal deadline.
  Which round an organisation reports in: ``reporting.rounds.round_for``.
- ``UnitReport``: a unit's self-assessment report in a round, a Wagtail snippet with
  revisions, drafts, locking and the workflow "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร.".
  After the round's closing date the report is locked (``clean()`` refuses, the admin shows
  a lock) until someone holding ``reporting.reopen_unitreport`` reopens it with a reason.
- ``KpiReportLine``: one row per KPI of the unit's agreement: result, milestone steps,
  the four narrative fields of the OPDC report form, evidence, self and reviewer scores.
- ``Appeal``: อุทธรณ์ of one line's score, filed between announcement and deadline, decided
  by a reviewer with a written reason.
- ``ScoreHistory``: every change of a KPI's self, reviewer, appeal or final score (old and
  new figures are both kept).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.locks import BaseLock
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, Task, WorkflowMixin

from cms.models.workflow import ActingGroupsTask

from .calendars import Calendar, round_no, wrong_round_message
from .forms import LinesInlinePanel, ReportingRoundForm, UnitReportForm
from .line_rules import own_lines, validate_line

MONTH_CHOICES = [(m, f"รอบ {m} เดือน") for m in range(1, 13)]
EXCLUDE_MISSING, ZERO_MISSING = "exclude", "zero"
MISSING_CHOICES = [
    (EXCLUDE_MISSING, "ไม่นำมาคิด (คิดน้ำหนักใหม่จากตัวชี้วัดที่มีผล)"),
    (ZERO_MISSING, "ได้ 0 คะแนน"),
]
REPORT_WORKFLOW_NAME = "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร."
SCORE_FIELD = dict(max_digits=7, decimal_places=4, null=True, blank=True)


def today() -> dt.date:
    return timezone.localdate()


class ReportingRound(models.Model):
    organisation = models.ForeignKey(
        "cms.Organisation", verbose_name="หน่วยงานเจ้าของรอบ", null=True, blank=True, on_delete=models.PROTECT,
        related_name="reporting_rounds",
        help_text="ว่าง = ปฏิทินส่วนกลาง (สำนักงาน ก.พ.ร.) ที่ทุกหน่วยงานใช้ เลือกหน่วยงาน = รอบของหน่วยงานนั้นและหน่วยงานในสังกัด "
                  "ซึ่งใช้แทนรอบส่วนกลางของเดือนเดียวกัน",
    )
    fiscal_year = models.ForeignKey("cms.FiscalYear", verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="reporting_rounds")
    month = models.PositiveSmallIntegerField("รอบการรายงาน", choices=MONTH_CHOICES)
    opens_on = models.DateField("เปิดรับรายงาน")
    closes_on = models.DateField("ปิดรับรายงาน")
    announced_on = models.DateField("ประกาศผลคะแนน", null=True, blank=True)
    appeal_deadline = models.DateField("กำหนดยื่นอุทธรณ์ภายใน", null=True, blank=True)
    is_evaluation = models.BooleanField(
        "เป็นรอบประเมินผล", default=False,
        help_text="รอบที่ใช้ประเมินผลการปฏิบัติราชการ (โดยทั่วไปคือรอบ 12 เดือน บางหน่วยงานประเมินที่รอบ 9 เดือน)",
    )
    missing_rule = models.CharField(
        "ตัวชี้วัดที่ยังไม่มีผลการดำเนินงาน", max_length=10, choices=MISSING_CHOICES, default=EXCLUDE_MISSING,
        help_text="รอบติดตามความก้าวหน้ามักไม่นำมาคิด รอบประเมินผลมักให้ 0 คะแนน",
    )

    base_form_class = ReportingRoundForm
    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("month")]),
        FieldRowPanel([FieldPanel("is_evaluation"), FieldPanel("missing_rule")]),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        FieldRowPanel([FieldPanel("announced_on"), FieldPanel("appeal_deadline")]),
    ]

    class Meta:
        ordering = ["-fiscal_year__year_be", "month"]
        verbose_name = "รอบการรายงานผล"
        verbose_name_plural = "รอบการรายงานผล"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "month"], condition=models.Q(organisation__isnull=False),
                name="one_round_per_organisation_year_month",
                violation_error_message="หน่วยงานนี้มีรอบการรายงานของเดือนนี้ในปีงบประมาณนี้แล้ว",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "month"], condition=models.Q(organisation__isnull=True),
                name="one_installation_round_per_year_month",
                violation_error_message="ปฏิทินส่วนกลางมีรอบการรายงานของเดือนนี้ในปีงบประมาณนี้แล้ว",
            ),
        ]

    def __str__(self):
        own = f" ({self.organisation.abbreviation})" if self.organisation_id else ""
        return f"รอบ {self.month} เดือน ปีงบประมาณ {self.fiscal_year.year_be}{own}"

    @property
    def round_no(self) -> int:
        """The scoring engine's ordinal: this round's place among the year's rounds of the
        same cycle (1, 2, 3 for 6, 9, 12 months; 1, 2, 3 for 5, 7, 12 months): the calendar
        the round's organisation sees (``reporting.rounds.round_no``)."""
        return round_no(self, self.calendar())

    def calendar(self) -> Calendar:
        """The rounds of this round's fiscal year and the tree (``reporting.calendars``)."""
        return Calendar(ReportingRound.objects.all(), self.fiscal_year_id)

    @property
    def is_final(self) -> bool:
        """The evaluation round (รอบประเมินผล), as set on the round, not by its month."""
        return self.is_evaluation

    @property
    def scores_missing_as_zero(self) -> bool:
        return self.missing_rule == ZERO_MISSING

    def is_closed(self, on: dt.date | None = None) -> bool:
        return (on or today()) > self.closes_on

    def appeal_window_open(self, on: dt.date | None = None) -> bool:
        on = on or today()
        return bool(self.announced_on and self.appeal_deadline and self.announced_on <= on <= self.appeal_deadline)

    def clean(self):
        from cms.widgets import be_date

        errors = {}
        if self.fiscal_year_id:
            # a round's dates lie in its fiscal year; the evaluation round's closing,
            # announcement and appeals may run into the following year
            first = self.fiscal_year.start_date
            last = self.fiscal_year.end_date.replace(year=self.fiscal_year.end_date.year + 1)
            for name in ("opens_on", "closes_on", "announced_on", "appeal_deadline"):
                value = getattr(self, name)
                if value and not first <= value <= last:
                    label = self._meta.get_field(name).verbose_name
                    errors[name] = (
                        f"{label} {be_date(value)} อยู่นอกปีงบประมาณ {self.fiscal_year.year_be} "
                        f"(ระบุได้ระหว่าง {be_date(first)} ถึง {be_date(last)}; ปี พ.ศ. = ค.ศ. + 543)"
                    )
        if errors:
            raise ValidationError(errors)
        if self.is_evaluation and self.fiscal_year_id:
            other = ReportingRound.objects.filter(
                fiscal_year_id=self.fiscal_year_id, organisation_id=self.organisation_id, is_evaluation=True,
            ).exclude(pk=self.pk).first()
            if other is not None:  # scores, ranking and the announcement read one evaluation round a year
                errors["is_evaluation"] = (
                    f"ปีงบประมาณ {self.fiscal_year.year_be} มีรอบประเมินผลแล้ว ({other}) "
                    "กำหนดรอบประเมินผลได้ปีละหนึ่งรอบ โปรดยกเลิกที่รอบเดิมก่อน"
                )
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "วันปิดรับรายงานต้องไม่ก่อนวันเปิดรับรายงาน"
        if self.appeal_deadline and not self.announced_on:
            errors["appeal_deadline"] = "ต้องกำหนดวันประกาศผลคะแนนก่อนกำหนดวันยื่นอุทธรณ์"
        elif self.appeal_deadline and self.appeal_deadline < self.announced_on:
            errors["appeal_deadline"] = "กำหนดยื่นอุทธรณ์ต้องไม่ก่อนวันประกาศผลคะแนน"
        if errors:
            raise ValidationError(errors)


class RoundClosedLock(BaseLock):
    """The admin shows a report of a closed round as locked for everyone."""

    def for_user(self, user):
        return True

    def get_message(self, user):
        from cms.widgets import be_date

        return f"ปิดรับรายงาน{self.object.round} แล้ว (วันที่ {be_date(self.object.round.closes_on)}) ต้องขอเปิดรายงานใหม่ก่อนแก้ไข"

    def get_description(self, user, can_lock=False):
        return "ปิดรอบการรายงานแล้ว"

    def get_icon(self, user):
        return "lock"


class UnitReport(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    DRAFT, SUBMITTED, APPROVED, LOCKED = "draft", "submitted", "approved", "locked"
    STATUS_CHOICES = [(DRAFT, "ร่าง"), (SUBMITTED, "ส่งแล้ว (อยู่ระหว่างพิจารณา)"), (APPROVED, "อนุมัติแล้ว"), (LOCKED, "ปิดรอบ (แก้ไขไม่ได้)")]

    round = models.ForeignKey(ReportingRound, verbose_name="รอบการรายงาน", on_delete=models.PROTECT, related_name="reports")
    organisation = models.ForeignKey("cms.Organisation", verbose_name="หน่วยงาน", on_delete=models.PROTECT, related_name="unit_reports")
    status = models.CharField("สถานะ", max_length=20, choices=STATUS_CHOICES, default=DRAFT, editable=False)
    self_score = models.DecimalField("คะแนนประเมินตนเอง", editable=False, **SCORE_FIELD)
    reviewed_score = models.DecimalField("คะแนนหลังทบทวน", editable=False, **SCORE_FIELD)
    review_state = models.CharField(
        "การทบทวนคะแนน", max_length=10, editable=False, default="none",
        choices=[("none", "ยังไม่ได้ทบทวน"), ("partial", "ทบทวนบางส่วน (ยังไม่เป็นที่สุด)"), ("complete", "ทบทวนครบแล้ว")],
    )
    submitted_at = models.DateTimeField("ส่งรายงานเมื่อ", null=True, blank=True, editable=False)
    reopened_until = models.DateField("เปิดให้แก้ไขได้ถึง", null=True, blank=True, editable=False)
    reopen_reason = models.TextField("เหตุผลการเปิดรายงานใหม่", blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="unitreport")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type", object_id_field="object_id",
        related_query_name="unitreport", for_concrete_model=False,
    )

    base_form_class = UnitReportForm
    panels = [
        FieldRowPanel([FieldPanel("round"), FieldPanel("organisation")]),
        LinesInlinePanel("lines", label="ผลการดำเนินงานรายตัวชี้วัด",
                    help_text="บันทึกครั้งแรกแล้ว ระบบจะเพิ่มตัวชี้วัดทุกตัวตามคำรับรองของหน่วยงานให้"),
    ]

    class Meta:
        verbose_name = "รายงานผลการดำเนินงาน (e-SAR)"
        verbose_name_plural = "รายงานผลการดำเนินงาน (e-SAR)"
        ordering = ["round", "organisation__name_th"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_report_per_round_unit")]
        permissions = [("reopen_unitreport", "เปิดรายงานผลที่ปิดรอบแล้วให้แก้ไขใหม่")]

    def __str__(self):
        return f"รายงานผล{self.organisation.name_th} {self.round}" if self.round_id and self.organisation_id else "รายงานผล"

    @property
    def revisions(self):
        return self._revisions

    # Set by the system (workflow, scoring, reopen), never by a revision: an object built
    # from a revision keeps the live values, so a revision saved before a reopen cannot
    # bring the lock back, and publishing it cannot undo a reopen or a score.
    LIVE_FIELDS = ("status", "self_score", "reviewed_score", "review_state", "submitted_at", "reopened_until", "reopen_reason")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.LIVE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    # --- locking by the round's dates -------------------------------------------------
    def closed_for_editing(self, on: dt.date | None = None) -> bool:
        """True after the round's close date, unless reopened (until ``reopened_until``)."""
        if not self.round_id:
            return False
        on = on or today()
        if not self.round.is_closed(on):
            return False
        return not (self.reopened_until and on <= self.reopened_until)

    @property
    def display_status(self) -> str:
        if self.status not in (self.APPROVED,) and self.closed_for_editing():
            return dict(self.STATUS_CHOICES)[self.LOCKED]
        return self.get_status_display()

    def get_lock(self):
        if self.pk and self.closed_for_editing():
            return RoundClosedLock(self)
        return super().get_lock()

    def clean(self):
        super().clean()
        from cms.widgets import be_date

        if self.round_id and self.closed_for_editing():
            raise ValidationError(
                f"ปิดรับรายงาน{self.round}แล้วเมื่อวันที่ {be_date(self.round.closes_on)} "
                "ไม่สามารถแก้ไขรายงานได้ หากจำเป็นต้องแก้ไขให้ขอเปิดรายงานใหม่จาก กพร."
            )
        # every level reports (ministry, mission group, department, unit): levels are data (issue 11)
        if self.round_id and self.organisation_id:
            calendar = self.round.calendar()
            if not calendar.applies_to(self.round, self.organisation):
                raise ValidationError({"round": wrong_round_message(self.round, self.organisation, calendar)})

    def reopen(self, user, reason: str, until: dt.date | None = None):
        """Let the unit edit a closed report again; needs ``reporting.reopen_unitreport``."""
        from wagtail.log_actions import log

        if not user.has_perm("reporting.reopen_unitreport"):
            raise PermissionDenied("ไม่มีสิทธิ์เปิดรายงานที่ปิดรอบแล้วให้แก้ไขใหม่")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reopen_reason": "ต้องระบุเหตุผลในการเปิดรายงานใหม่"})
        self.reopened_until = until or today() + dt.timedelta(days=7)
        self.reopen_reason = reason
        UnitReport.objects.filter(pk=self.pk).update(reopened_until=self.reopened_until, reopen_reason=reason)
        log(self, "reporting.reopen", user=user, data={"reason": reason, "until": self.reopened_until.isoformat()})

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None,
                skip_permission_checks=False):
        """Wagtail's ``PublishRevisionAction`` asks only the model permission
        ``publish_unitreport`` (held installation-wide by the fixed editors and reviewers); the
        report's own rule is ``UnitReportPermissionPolicy`` (a department's reviewers publish
        their subtree's reports: step 3's final approval calls this). Checked here, once."""
        if user is not None and not skip_permission_checks:
            from wagtail.actions.publish_revision import PublishPermissionError

            from .permissions import UnitReportPermissionPolicy

            if not UnitReportPermissionPolicy(type(self)).user_has_permission_for_instance(user, "publish", self):
                raise PublishPermissionError("ไม่มีสิทธิ์เผยแพร่รายงานผลของหน่วยงานนี้")
        return super().publish(revision, user=user, changed=changed, log_action=log_action,
                               previous_revision=previous_revision, skip_permission_checks=True)

    def has_line_supervised_by(self, user) -> bool:
        """Whether one of the report's stored lines carries a KPI ``user`` supervises
        (``reporting.permissions.supervises_a_line``). The stored lines: ``self.lines`` of an
        object read from a revision is modelcluster's in-memory set, which cannot follow a
        many-to-many."""
        return KpiReportLine.objects.filter(report_id=self.pk, kpi__supervisor_users=user).exists()

    def lines_in_order(self):
        from cms.models import kpi_sort_key

        return sorted(own_lines(self, self.lines.all()), key=lambda line: kpi_sort_key(line.kpi.code))


def criteria_revision_id(agreement_line, kpi):
    """The KPI revision a report line is scored by while its report is open: the one its
    agreement line was signed on (``AgreementPage.pin_signed_kpis``), else the live one."""
    if (agreement_line is not None and agreement_line.kpi_id == kpi.pk and agreement_line.kpi_revision_id
            and agreement_line.kpi_revision.object_id == str(kpi.pk)):
        return agreement_line.kpi_revision_id
    return kpi.live_revision_id


class KpiReportLine(Orderable):
    report = ParentalKey(UnitReport, on_delete=models.CASCADE, related_name="lines")
    agreement_line = models.ForeignKey(
        "cms.AgreementKPI", verbose_name="ตัวชี้วัดในคำรับรอง", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kpi = models.ForeignKey("cms.KPITemplatePage", verbose_name="ตัวชี้วัด", on_delete=models.PROTECT, related_name="report_lines")
    result_value = models.DecimalField(
        "ผลการดำเนินงาน (ค่า)", max_digits=14, decimal_places=4, null=True, blank=True,
        help_text="เชิงปริมาณ: ค่าที่วัดได้; เชิงคุณภาพ: ระดับ 1–5",
    )
    steps_done = models.JSONField(
        "ขั้นตอนที่ทำแล้ว (ระดับความสำเร็จ)", null=True, blank=True,
        help_text="เลือกขั้นตอนที่ดำเนินการแล้วของแต่ละระดับ",
    )
    kpi_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name="ฉบับของรายละเอียดตัวชี้วัดที่ใช้รายงาน", null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )
    performance = models.TextField("ผลการดำเนินงาน", blank=True)
    supporting_factors = models.TextField("ปัจจัยสนับสนุน", blank=True)
    obstacles = models.TextField("อุปสรรค", blank=True)
    improvements = models.TextField("แนวทางแก้ไข/พัฒนา", blank=True)
    evidence = models.ManyToManyField("evidence.EvidencePage", verbose_name="หลักฐานอ้างอิง", blank=True, related_name="report_lines")
    self_score = models.DecimalField("คะแนนประเมินตนเอง", editable=False, **SCORE_FIELD)
    reviewer_score = models.DecimalField("คะแนนผู้ทบทวน", **SCORE_FIELD)
    reviewer_note = models.TextField("ความเห็นผู้ทบทวน", blank=True)
    appeal_score = models.DecimalField("คะแนนหลังอุทธรณ์", editable=False, **SCORE_FIELD)
    final_score = models.DecimalField("คะแนนสุดท้าย", editable=False, **SCORE_FIELD)

    panels = [
        FieldPanel("kpi"),
        FieldRowPanel([FieldPanel("result_value"), FieldPanel("steps_done")]),
        FieldPanel("performance"),
        FieldRowPanel([FieldPanel("supporting_factors"), FieldPanel("obstacles")]),
        FieldPanel("improvements"),
        # reviewer_score / reviewer_note are entered on the e-SAR card by reviewers only
        # (reporting.views.ReviewLineView), never in the unit's own form.
    ]

    class Meta(Orderable.Meta):
        verbose_name = "ผลการดำเนินงานรายตัวชี้วัด"
        verbose_name_plural = "ผลการดำเนินงานรายตัวชี้วัด"

    def __str__(self):
        return f"{self.kpi.code} {self.kpi.title}" if self.kpi_id else "ตัวชี้วัด"

    def full_clean(self, exclude=None, *args, **kwargs):
        self._clean_exclude = set(exclude or ())  # a caller that excludes "kpi" is not choosing it
        try:
            return super().full_clean(exclude, *args, **kwargs)
        finally:
            del self._clean_exclude

    def clean(self):
        if "kpi" not in getattr(self, "_clean_exclude", ()):
            validate_line(self)
        if self.reviewer_score is not None and not 0 <= self.reviewer_score <= 5:
            raise ValidationError({"reviewer_score": "คะแนนผู้ทบทวนต้องอยู่ระหว่าง 0 ถึง 5"})
        steps = self.steps_done
        if steps is not None and not (
            (isinstance(steps, int) and 0 <= steps <= 5)
            or (isinstance(steps, list) and all(isinstance(s, str) for s in steps))
            or (isinstance(steps, list) and len(steps) == 5 and all(isinstance(s, int) and s >= 0 for s in steps))
        ):
            raise ValidationError({"steps_done": "เลือกขั้นตอนที่ดำเนินการแล้วจากรายการของแต่ละระดับ"})

    @property
    def reported_kpi(self):
        """The KPI template whose criteria (levels, milestone steps, target) this line is
        scored and shown against: once the round is closed, the revision pinned while the
        report was open; while it is open, the revision its agreement line was signed on
        (``AgreementKPI.signed_kpi``); the live template when the agreement is not signed."""
        cached = getattr(self, "_reported_kpi", None)
        if cached is None:
            cached = None
            if self.kpi_revision_id and self.report_id and self.report.closed_for_editing():
                try:
                    cached = self.kpi_revision.as_object()
                except Exception:  # a revision that no longer loads: as if not pinned
                    cached = None
            if cached is None:
                cached = self.signed_kpi()
            self._reported_kpi = cached
        return cached

    def signed_kpi(self):
        """The agreement line's signed KPI revision when it is this line's KPI, else the live template."""
        agreement_line = self.agreement_line if self.agreement_line_id else None
        if agreement_line is not None and agreement_line.kpi_id == self.kpi_id:
            return agreement_line.signed_kpi
        return self.kpi

    def criteria_revision_id(self):
        """The revision pinned while the report is open (see ``reported_kpi``)."""
        return criteria_revision_id(self.agreement_line if self.agreement_line_id else None, self.kpi)

    def steps_tuple(self, counts=None):
        """Done steps per level (5 ints) against ``counts`` (steps per level; default the
        KPI's own ladder). Stored forms: a list of checked step keys "level.step" (the
        checklist), a level count n (levels 1..n done), or 5 per-level counts. Checks of
        steps the ladder no longer has are ignored, never an error."""
        steps = self.steps_done
        if steps is None or steps == "":
            return None
        if counts is None:
            counts = self.reported_kpi.milestone_step_counts()
        counts = tuple(counts)
        if isinstance(steps, int):
            return tuple(c if i < steps else 0 for i, c in enumerate(counts))
        if all(isinstance(s, str) for s in steps):
            done = [set() for _ in counts]
            for key in steps:
                level, _, index = key.partition(".")
                if level.isdigit() and index.isdigit() and 1 <= int(level) <= len(counts) and 1 <= int(index) <= counts[int(level) - 1]:
                    done[int(level) - 1].add(int(index))
            return tuple(len(d) for d in done)
        return tuple(min(int(s), c) for s, c in zip(steps, counts))

    def checked_steps(self, counts=None) -> set[str]:
        """The checklist keys "level.step" of the done steps (for the form and documents)."""
        steps = self.steps_done
        if steps is None or steps == "":
            return set()
        if isinstance(steps, list) and all(isinstance(s, str) for s in steps):
            return set(steps)
        done = self.steps_tuple(counts)
        return {f"{level}.{i}" for level, n in enumerate(done, 1) for i in range(1, n + 1)}


class Appeal(models.Model):
    PENDING, ACCEPTED, PARTLY, REJECTED = "pending", "accepted", "partly", "rejected"
    STATUS_CHOICES = [(PENDING, "รอพิจารณา"), (ACCEPTED, "เห็นชอบตามที่อุทธรณ์"), (PARTLY, "เห็นชอบบางส่วน"), (REJECTED, "ไม่เห็นชอบ")]

    line = models.ForeignKey(KpiReportLine, verbose_name="ตัวชี้วัดที่อุทธรณ์", on_delete=models.CASCADE, related_name="appeals")
    reason = models.TextField("เหตุผลการอุทธรณ์")
    requested_score = models.DecimalField("คะแนนที่ขอ", **SCORE_FIELD)
    evidence = models.ManyToManyField("evidence.EvidencePage", verbose_name="หลักฐานประกอบ", blank=True, related_name="appeals")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ผู้ยื่น", null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField("ยื่นเมื่อ", default=timezone.now)
    status = models.CharField("ผลการพิจารณา", max_length=20, choices=STATUS_CHOICES, default=PENDING)
    decision_score = models.DecimalField("คะแนนตามผลการพิจารณา", **SCORE_FIELD)
    decision_reason = models.TextField("เหตุผลการพิจารณา", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ผู้พิจารณา", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = "อุทธรณ์คะแนน"
        verbose_name_plural = "อุทธรณ์คะแนน"

    def __str__(self):
        return f"อุทธรณ์ {self.line} ({self.get_status_display()})"


class ScoreHistory(models.Model):
    SELF, REVIEWER, APPEAL, FINAL = "self", "reviewer", "appeal", "final"
    KIND_CHOICES = [(SELF, "ประเมินตนเอง"), (REVIEWER, "ผู้ทบทวน"), (APPEAL, "ผลอุทธรณ์"), (FINAL, "คะแนนสุดท้าย")]

    line = models.ForeignKey(KpiReportLine, on_delete=models.CASCADE, related_name="score_history")
    kind = models.CharField("ชนิดคะแนน", max_length=10, choices=KIND_CHOICES)
    old_score = models.DecimalField("คะแนนเดิม", **SCORE_FIELD)
    new_score = models.DecimalField("คะแนนใหม่", **SCORE_FIELD)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("หมายเหตุ", blank=True)
    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.SET_NULL, related_name="history")

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "ประวัติคะแนน"
        verbose_name_plural = "ประวัติคะแนน"


class ScoreBand(models.Model):
    """Traffic-light band: scores >= ``min_score`` take ``colour`` (highest band wins).

    When the table is empty the setting ``KHAMRAP_SCORE_BANDS`` (or its default) applies.
    """

    min_score = models.DecimalField("คะแนนตั้งแต่", max_digits=6, decimal_places=4, unique=True)
    colour = models.CharField("สี", max_length=30, help_text="เช่น แดง เหลือง เขียว")
    css_colour = models.CharField("รหัสสี (CSS)", max_length=30, blank=True, help_text="เว้นว่าง = ตามชื่อสี")

    panels = [FieldRowPanel([FieldPanel("min_score"), FieldPanel("colour"), FieldPanel("css_colour")])]

    class Meta:
        ordering = ["min_score"]
        verbose_name = "เกณฑ์สีสัญญาณไฟ"
        verbose_name_plural = "เกณฑ์สีสัญญาณไฟ"

    def __str__(self):
        return f"ตั้งแต่ {self.min_score}: {self.colour}"



class ReportStep(ActingGroupsTask):
    """What the unit-report workflow's steps 2 and 3 share: they moderate ``UnitReport``s,
    their ``fallback_groups`` are installation-wide groups, and the reviewers (``OrganisationRole``)
    of the nearest organisation on the report's way up with an active member are the
    department's own people for the step (``OrganisationRole.nearest_acting_group_id``)."""

    def moderated(self, obj):
        report = getattr(obj, "specific", obj)
        return report if isinstance(report, UnitReport) else None

    def fallback_group_ids(self) -> set:
        return set(self.fallback_groups.values_list("pk", flat=True))

    @staticmethod
    def keeps_fallback(report) -> bool:
        from .permissions import keeps_global_fallback

        return keeps_global_fallback(report.organisation)

    def reviewers_else_fallback(self, report) -> set:
        """The nearest reviewers role with an active member; the fallback groups when no
        organisation on the way has one (a step nobody may take would leave the report stuck)."""
        from cms.models import OrganisationRole

        group_id = OrganisationRole.nearest_acting_group_id(report.organisation, OrganisationRole.REVIEWER)
        return {group_id} if group_id is not None else self.fallback_group_ids()


class KpiSupervisorTask(ReportStep, Task):
    """Step 2 of the unit-report workflow, taken by the KPI supervisors of the report's own
    KPIs (issue 11): the user accounts on the templates' ``supervisor_users`` (a host's
    supervisor for a KPI it hosts for every unit). Nobody else of the department acts on it.

    ``fallback_groups`` (the installation-wide group "ผู้กำกับดูแลตัวชี้วัด") act as well while
    every organisation on the report's way up keeps ``global_reviewers_fallback`` on; a
    department switches it off to leave its reports to their KPIs' own supervisors. A report
    none of whose KPIs has a supervisor account goes to the fallback groups, or, when the
    fallback is off, to the reviewers of the nearest organisation on its way up that has any
    (a step nobody may take would leave the report stuck)."""

    fallback_groups = models.ManyToManyField(
        "auth.Group", verbose_name="กลุ่มส่วนกลาง (สำรองเมื่อหน่วยงานเปิดให้ใช้)", blank=True, related_name="+",
        help_text="ผู้กำกับดูแลตัวชี้วัดส่วนกลาง พิจารณาได้เฉพาะรายงานของหน่วยงานที่เลือก "
                  "\"ให้ผู้ทบทวนส่วนกลางพิจารณาแทนผู้กำกับดูแลตัวชี้วัดและผู้ทบทวนของหน่วยงานได้\"",
    )

    admin_form_fields = Task.admin_form_fields + ["fallback_groups"]

    def acting_user_ids(self, report) -> set:
        """Users named on the report's KPIs (active accounts)."""
        from django.contrib.auth import get_user_model

        return set(get_user_model().objects.filter(
            is_active=True, supervised_kpis__report_lines__report_id=report.pk).values_list("pk", flat=True))

    def acting_group_ids(self, report, supervisors=None) -> set:
        """The groups whose members take the step for ``report`` besides its KPIs' supervisors."""
        if self.keeps_fallback(report):
            return self.fallback_group_ids()
        supervisors = self.acting_user_ids(report) if supervisors is None else supervisors
        if supervisors:
            return set()
        return self.reviewers_else_fallback(report)

    @classmethod
    def get_description(cls):
        return "ผู้กำกับดูแลตัวชี้วัดของตัวชี้วัดในรายงานเป็นผู้ตรวจสอบ (กลุ่มส่วนกลางเมื่อหน่วยงานเปิดให้ใช้)"

    class Meta:
        verbose_name = "ตรวจสอบโดยผู้กำกับดูแลตัวชี้วัดของตัวชี้วัดในรายงาน"
        verbose_name_plural = "ตรวจสอบโดยผู้กำกับดูแลตัวชี้วัดของตัวชี้วัดในรายงาน"


class ReportReviewerTask(ReportStep, Task):
    """Step 3 of the unit-report workflow, "รายงานผล: อนุมัติโดย กพร." (issue 11): the reviewers
    (``OrganisationRole``) of the nearest agency on the report's way up whose reviewers group
    has an active member, a department's own กพร. for its units' reports and its own. Its
    approval publishes the report (``UnitReport.publish`` asks ``UnitReportPermissionPolicy``:
    those reviewers publish the reports of their subtree).

    ``fallback_groups`` (the installation-wide "ผู้ทบทวน กพร.") act as well while every
    organisation on the report's way up keeps ``global_reviewers_fallback`` on, and always when
    no organisation on the way has reviewers of its own (OPDC's and one-department
    installations: the same people as before)."""

    fallback_groups = models.ManyToManyField(
        "auth.Group", verbose_name="กลุ่มส่วนกลาง (สำรองเมื่อหน่วยงานเปิดให้ใช้)", blank=True, related_name="+",
        help_text="ผู้ทบทวนส่วนกลาง อนุมัติได้เฉพาะรายงานของหน่วยงานที่เลือก "
                  "\"ให้ผู้ทบทวนส่วนกลางพิจารณาแทนผู้กำกับดูแลตัวชี้วัดและผู้ทบทวนของหน่วยงานได้\" "
                  "หรือของหน่วยงานที่ไม่มีผู้ทบทวน กพร. ของตนเอง",
    )

    admin_form_fields = Task.admin_form_fields + ["fallback_groups"]

    def acting_group_ids(self, report) -> set:
        ids = self.reviewers_else_fallback(report)
        if self.keeps_fallback(report):
            ids |= self.fallback_group_ids()
        return ids

    @classmethod
    def get_description(cls):
        return "ผู้ทบทวน กพร. ของหน่วยงานเจ้าของรายงานเป็นผู้อนุมัติและเผยแพร่ (กลุ่มส่วนกลางเมื่อหน่วยงานเปิดให้ใช้)"

    class Meta:
        verbose_name = "อนุมัติโดยผู้ทบทวน กพร. ของหน่วยงานเจ้าของรายงาน"
        verbose_name_plural = "อนุมัติโดยผู้ทบทวน กพร. ของหน่วยงานเจ้าของรายงาน"
