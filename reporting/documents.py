"""Adapters for the two documents that close a reporting round.

- ``sar_context(report)``: a :class:`~reporting.models.UnitReport` → the engine's
  ``SarReportContext`` (รายงานการประเมินผลตนเอง; for the 12-month round the SAR booklet):
  per KPI its template (kind, weight of the agreement, levels/steps), the result, the four
  OPDC narrative fields, evidence, the self score and the reviewer's (final) score.
  The totals printed are the unit scores of :mod:`reporting.scores` (4 decimals), not a
  re-computation: sub-KPIs, the missing-KPI rule of the round and KPIs that count only
  in some rounds are the scoring engine's business.
- ``score_announcement_context(round_)``: a :class:`~reporting.models.ReportingRound` →
  ``ScoreAnnouncementContext`` (บันทึกข้อความประกาศผลคะแนน) from the standard memo
  ``score_announcement``, addressed to every unit, with the ranked table of
  :func:`reporting.scores.round_table` (the round dashboard's figures and order).

Both are registered with :mod:`doc_templates.generate` (kinds ``sar_report`` and
``score_announcement``), so ``generate(source, kind, user, pdf)`` stores them as Wagtail
documents like the other official documents.
"""
from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from doc_templates import contexts as c
from doc_templates.from_pages import BLANK_NAME, kpi_context
from doc_templates.generate import register

from . import scores
from .permissions import can_view_card, can_view_round

SIGN_NAME = "...................................................."


class UnitSarContext(c.SarReportContext):
    """SarReportContext whose totals are the unit scores of :mod:`reporting.scores`."""

    def __init__(self, *, self_unit_score=None, reviewed_unit_score=None, **kwargs):
        super().__init__(**kwargs)
        self._self_unit_score = self_unit_score
        self._reviewed_unit_score = reviewed_unit_score

    @property
    def self_total(self):
        return self._self_unit_score

    @property
    def reviewer_total(self):
        return self._reviewed_unit_score


# The KPI's weighted score (score × weight ÷ total weight counted) is KpiReport.weighted_score.
UnitKpiReport = c.KpiReport


def _text(value) -> str | None:
    value = (value or "").strip()
    return value or None


def _number(value):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def _steps(line) -> list[c.MilestoneStep]:
    """Every step of every level, as the KPI template (as reported) defines them, ticked
    when the unit checked it."""
    kpi = line.reported_kpi
    ladder = kpi.milestone_ladder()
    checked = line.checked_steps(tuple(len(steps) for _, steps in ladder))
    steps = []
    for level, texts in ladder:
        for i, text in enumerate(texts, 1):
            label = f"ระดับ {level}: {text}" if len(texts) == 1 else f"ระดับ {level} ขั้นตอนที่ {i}: {text}"
            steps.append(c.MilestoneStep(text=label, done=f"{level}.{i}" in checked, level=level))
    return steps


def sar_context(report) -> UnitSarContext:
    from cms.models import kpi_sort_key

    report._scored_lines = scores.own_lines(
        report, report.lines.select_related("kpi", "kpi__parent_kpi", "kpi__dimension", "agreement_line")
        .prefetch_related("kpi__baselines", "kpi__contacts", "evidence")
    )
    result = scores.compute(report)
    self_unit, reviewed_unit = result.self_unit, result.reviewed_unit
    reviewed = result.is_reviewed
    total_weight = reviewed_unit.weight_total if reviewed else self_unit.weight_total
    unit_scores = reviewed_unit.kpi_scores if reviewed else self_unit.kpi_scores
    parents = {line.kpi.parent_kpi_id for line in result.lines if line.kpi.parent_kpi_id}
    reports = []
    for line in sorted(result.lines, key=lambda ln: kpi_sort_key(ln.kpi.code)):
        kpi = line.kpi
        weight = scores.line_weight(line)
        target = line.agreement_line.target_display() if line.agreement_line_id else None
        self_score = self_unit.kpi_scores.get(kpi.code, line.self_score)
        # the reviewer's column is the final score (appeal > reviewer), as counted in the total
        # (a KPI not reviewed yet has no reviewer figure; its self-assessment counts in the total)
        reviewer_score = (reviewed_unit.kpi_scores.get(kpi.code, line.final_score)
                          if reviewed and (scores.is_line_reviewed(line) or kpi.pk in parents) else None)
        basis = unit_scores.get(kpi.code)
        weighted = None
        if not kpi.parent_kpi_id and basis is not None and total_weight:
            weighted = (basis * weight / total_weight).quantize(scores.FOUR)
        kind = kpi.kind
        reports.append(UnitKpiReport(
            kpi=kpi_context(kpi, weight=_number(weight), target=target),
            result=(None if kpi.pk in parents and line.result_value is None
                    else _number(line.result_value) if kind != "milestone" else None),
            judged_by_sub_kpis=kpi.pk in parents,
            narrative=scores.result_display(line) if kind == "qualitative" and line.result_value is not None else None,
            steps=_steps(line) if kind == "milestone" else [],
            performance=_text(line.performance),
            supporting_factors=_text(line.supporting_factors),
            obstacles=_text(line.obstacles),
            improvements=_text(line.improvements),
            evidence=[page.title for page in line.evidence.all()],
            self_score=self_score,
            reviewer_score=reviewer_score,
            weighted_score=weighted,
        ))
    organisation = report.organisation
    round_ = report.round
    return UnitSarContext(
        fiscal_year_be=round_.fiscal_year.year_be,
        round_months=round_.month,
        organisation=organisation.name_th,
        reports=reports,
        reporter=c.Person(name=BLANK_NAME, position=organisation.head_position or f"ผู้อำนวยการ{organisation.name_th}"),
        report_date=timezone.localdate(report.submitted_at) if report.submitted_at else None,
        self_unit_score=self_unit.score,
        reviewed_unit_score=reviewed_unit.score if reviewed else None,
    )


def announcing_parent(round_, parent=None):
    """Whose ranking an announcement gives: ``parent``, else the one parent organisation of
    the round's scored reports; a round scored in several departments needs it named
    (each department's กพร. announces its own units' ranking)."""
    from .agency import sibling_tables

    if parent is not None:
        return parent
    parents = [p for p, rows in sibling_tables(round_).items() if any(r.score is not None for r in rows)]
    if len(parents) > 1:
        from doc_templates.errors import DocumentError

        names = " ".join(p.name_th if p is not None else "ระดับบนสุด" for p in parents)
        raise DocumentError(f"รอบนี้มีผลคะแนนของหน่วยงานหลายต้นสังกัด ({names}) "
                            "ให้สร้างบันทึกประกาศผลคะแนนจากหน้าคะแนนของรอบ แยกตามหน่วยงานต้นสังกัด")
    return parents[0] if parents else None


def score_announcement_context(round_, parent=None) -> c.ScoreAnnouncementContext:
    """The ranking of ``parent``'s children (see ``announcing_parent``), signed by the กพร.
    that runs that organisation's cycle (``Organisation.admin_development_unit``)."""
    from .agency import sibling_table

    from doc_templates.numbering import next_ref_no
    from doc_templates.standard_memos import score_announcement
    from doc_templates.thai_format import thai_date, thai_list

    year_be = round_.fiscal_year.year_be
    parent = announcing_parent(round_, parent)
    rows = sibling_table(round_, parent)
    ranked = [r for r in rows if r.score is not None]
    unscored = [r for r in rows if r.score is None]
    fields = score_announcement(year_be)
    if not round_.is_final:
        fields["subject"] = f"{fields['subject']} รอบ {round_.month} เดือน"
    opdc = parent.admin_development_unit() if parent is not None else None
    after = []
    groups: dict = {}
    for r in ranked:
        if r.group is not None:
            groups.setdefault(r.group.name, []).append(r)
    for name, members in groups.items():
        # Thai official prose: spaces and words, no commas or colons
        listed = thai_list(
            f"อันดับ {m.group_rank} {m.organisation.name_th} คะแนน {m.score:.4f}"
            for m in sorted(members, key=lambda m: (m.group_rank is None, m.group_rank or 0))
        )
        after.append(f"ผลการจัดอันดับภายใน{name} ได้แก่ {listed}")
    if unscored:
        after.append("หน่วยงานที่ยังไม่มีผลคะแนนในรอบนี้ ได้แก่ " + thai_list(r.organisation.name_th for r in unscored))
    if round_.appeal_deadline:
        after.append(
            "หากหน่วยงานใดไม่เห็นด้วยกับผลคะแนน ขอให้ยื่นอุทธรณ์พร้อมเหตุผลและหลักฐานประกอบผ่านระบบ "
            f"ภายในวันที่ {thai_date(round_.appeal_deadline, thai_digits=False)}"
        )
    after.append("จึงเรียนมาเพื่อโปรดทราบ")
    memo = c.MemoContext(
        section=opdc.name_th if opdc else "กลุ่มพัฒนาระบบบริหาร",
        section_phone=(opdc.phone or None) if opdc else None,
        ref_no=next_ref_no(opdc, year_be) if opdc else f"กพร 1/{year_be}",
        date=round_.announced_on or timezone.localdate(),
        signer=c.Person(name=SIGN_NAME, position=opdc.head_position if opdc and opdc.head_position
                        else "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"),
        **fields,
    )
    return c.ScoreAnnouncementContext(
        memo=memo,
        rows=[
            c.ScoreRow(unit=r.organisation.name_th, score=r.score, rank=r.rank,
                       group=r.group.name if r.group is not None else None)
            for r in ranked
        ],
        after_table=after,
        table_title=f"ผลคะแนนการประเมินผลการปฏิบัติราชการ รอบ {round_.month} เดือน ประจำปีงบประมาณ พ.ศ. {year_be}",
    )


def _sar_title(report) -> str:
    return f"{report.organisation.abbreviation} รอบ {report.round.month} เดือน"


def _round_title(round_, parent=None) -> str:
    who = f"{parent.abbreviation} " if parent is not None else ""
    return f"{who}รอบ {round_.month} เดือน ปีงบประมาณ {round_.fiscal_year.year_be}"


def can_generate_sar(user, report) -> bool:
    """Unit staff and heads for their own unit's report; read-all roles for every report."""
    return can_view_card(user, report.organisation)


def can_generate_announcement(user, round_) -> bool:
    """Those who see the round dashboard (reviewers, executives, editors, preparers)."""
    return can_view_round(user)


register("reporting.unitreport", "sar_report", sar_context, title=_sar_title, can_generate=can_generate_sar,
         back_url=lambda report: reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk]))
register("reporting.reportinground", "score_announcement", score_announcement_context, title=_round_title,
         can_generate=can_generate_announcement,
         back_url=lambda round_: reverse("reporting_round", args=[round_.pk]))
