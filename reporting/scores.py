"""Scoring service: the database side of :mod:`scoring`.

- ``criteria_for(report)``: one :class:`scoring.KpiCriteria` per KPI of the unit's
  agreement, built from its KPI template as signed (``KpiReportLine.reported_kpi``: the
  agreement's pinned revision while the round is open, the report's pin once closed; kind, direction, levels, below-level-1 rule,
  partial credit; milestone steps per level from the ladder) and the agreement's weight;
  sub-KPIs name their parent (``parent_kpi``).
- ``score_report(report, user=None)``: recomputes every line's self score from its
  result, the final KPI score (``scoring.final_kpi_score``: appeal > reviewer), the
  self-assessed and reviewed unit scores (4 decimals) and caches them; every change of a
  line's score is written to ``ScoreHistory``.
- ``round_table(round)``: all units of the round ranked overall and within their
  ``UnitGroup``, coloured by the traffic-light bands.

Missing KPIs: each round says how a KPI without a result counts (``ReportingRound.missing_rule``):
left out with the weights renormalised (``MissingPolicy.EXCLUDE``, usual in progress rounds)
or scored 0 (``MissingPolicy.ZERO``, usual in the evaluation round, whichever month it is).

Traffic-light bands are data: rows of :class:`reporting.models.ScoreBand` when there are
any, else the setting ``KHAMRAP_SCORE_BANDS`` (list of ``(min_score, colour)``), else
``DEFAULT_BANDS``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction

import scoring
from scoring import BelowLevel1, Direction, Kind, KpiCriteria, KpiResult, MissingPolicy

from .line_rules import agreement_for, own_lines  # noqa: F401 (the report's own lines, its agreement)

DEFAULT_BANDS = [(Decimal(0), "แดง"), (Decimal(3), "เหลือง"), (Decimal(4), "เขียว")]
CSS_COLOURS = {"แดง": "#d64545", "เหลือง": "#e0b000", "เขียว": "#2e8b57", "ส้ม": "#f08c00", "น้ำเงิน": "#1c64b4"}
FOUR = Decimal("0.0001")


def bands() -> list[tuple[Decimal, str]]:
    from .models import ScoreBand

    rows = list(ScoreBand.objects.order_by("min_score").values_list("min_score", "colour"))
    if rows:
        return [(Decimal(m), c) for m, c in rows]
    configured = getattr(settings, "KHAMRAP_SCORE_BANDS", None) or DEFAULT_BANDS
    return [(Decimal(str(m)), c) for m, c in configured]


def css_colour(colour: str | None) -> str:
    from .models import ScoreBand

    if not colour:
        return "#999999"
    band = ScoreBand.objects.filter(colour=colour).exclude(css_colour="").first()
    return band.css_colour if band else CSS_COLOURS.get(colour, colour)


# --- criteria -------------------------------------------------------------------------
def criteria_from_kpi(kpi, weight) -> KpiCriteria:
    kind = Kind(kpi.kind)
    levels = tuple(kpi.levels) if kind is Kind.QUANTITATIVE else None
    return KpiCriteria(
        code=kpi.code,
        name=kpi.title,
        kind=kind,
        weight=Decimal(weight),
        levels=levels,
        direction=Direction(kpi.direction),
        below_level_1=BelowLevel1(kpi.below_level_1),
        milestone_steps=kpi.milestone_step_counts() if kind is Kind.MILESTONE else (1, 1, 1, 1, 1),
        partial_credit=kpi.partial_credit,
        parent=kpi.parent_kpi.code if kpi.parent_kpi_id else None,
    )


def line_weight(line) -> Decimal:
    if line.agreement_line_id:
        return line.agreement_line.weight
    return line.kpi.weight


def criteria_for_line(line) -> KpiCriteria:
    """The line's criteria from the KPI template as it stood for the report (pinned revision)."""
    return criteria_from_kpi(line.reported_kpi, line_weight(line))


def criteria_for(report) -> list[KpiCriteria]:
    return [criteria_for_line(line) for line in _lines(report)]


def _lines(report):
    lines = getattr(report, "_scored_lines", None)
    if lines is None:
        lines = own_lines(report, report.lines.select_related("kpi", "kpi__parent_kpi", "agreement_line", "kpi_revision"))
    return lines


def result_for(line, criteria: KpiCriteria | None = None) -> KpiResult | None:
    kind = criteria.kind.value if criteria is not None else line.reported_kpi.kind
    if kind == "milestone":
        counts = criteria.milestone_steps if criteria is not None else None
        steps = line.steps_tuple(counts)
        return None if steps is None else KpiResult(line.kpi.code, steps_done=steps)
    if line.result_value is None:
        return None
    if kind == "qualitative":
        return KpiResult(line.kpi.code, rating=line.result_value)
    return KpiResult(line.kpi.code, value=line.result_value)


def pin_kpi_revisions(report) -> None:
    """While a report can still be edited, its lines follow the KPI revision their agreement
    was signed on (the live template when unsigned); once the round closes the pins stay
    (the card is shown as it was made)."""
    from .models import KpiReportLine

    if report.closed_for_editing():
        return
    for line in report.lines.select_related("kpi", "agreement_line", "agreement_line__kpi_revision"):
        revision_id = line.criteria_revision_id()
        if revision_id and line.kpi_revision_id != revision_id:
            KpiReportLine.objects.filter(pk=line.pk).update(kpi_revision_id=revision_id)


def missing_policy(round_) -> MissingPolicy:
    """The round's own rule for a KPI with no result (data on the round, not its month)."""
    return MissingPolicy.ZERO if round_.scores_missing_as_zero else MissingPolicy.EXCLUDE


# --- scoring a report -----------------------------------------------------------------
NOT_REVIEWED, PARTLY_REVIEWED, FULLY_REVIEWED = "none", "partial", "complete"
REVIEW_STATE_LABELS = {
    NOT_REVIEWED: "คะแนนประเมินตนเอง (ยังไม่ได้ทบทวน)",
    PARTLY_REVIEWED: "คะแนนหลังทบทวนบางส่วน (ยังไม่เป็นที่สุด)",
    FULLY_REVIEWED: "คะแนนหลังทบทวนครบทุกตัวชี้วัด",
}
CARRIED_MARK = "ประเมินตนเอง (ยังไม่ทบทวน)"


def is_line_reviewed(line) -> bool:
    return line.reviewer_score is not None or line.appeal_score is not None


def review_state(reviewed: int, total: int) -> str:
    if reviewed == 0:
        return NOT_REVIEWED
    return FULLY_REVIEWED if reviewed >= total else PARTLY_REVIEWED


@dataclass
class ReportScores:
    """The one definition of a report's figures.

    - ``self_unit``: the unit's self-assessment.
    - ``reviewed_unit``: every KPI at its final figure (appeal > reviewer), a KPI nobody has
      reviewed yet carrying its self-assessment (``line.carried`` is True for it). Until every
      KPI is reviewed (``state`` is not FULLY_REVIEWED) this figure is not final.
    """

    criteria: list[KpiCriteria]
    self_unit: scoring.UnitScore
    reviewed_unit: scoring.UnitScore
    lines: list = field(default_factory=list)

    @property
    def reviewed_count(self) -> int:
        return sum(1 for line in self._leaves() if is_line_reviewed(line))

    @property
    def total_count(self) -> int:
        return len(self._leaves())

    def _leaves(self):
        parents = {c.parent for c in self.criteria if c.parent}
        return [line for line, c in zip(self.lines, self.criteria) if c.code not in parents]

    @property
    def state(self) -> str:
        return review_state(self.reviewed_count, self.total_count)

    @property
    def is_reviewed(self) -> bool:
        """Has any KPI a reviewer's or an appeal score? Until then there is no reviewed unit
        score (the ranking uses the self-assessment)."""
        return self.state != NOT_REVIEWED

    @property
    def is_final(self) -> bool:
        return self.state == FULLY_REVIEWED


def compute(report) -> ReportScores:
    """Score a report without saving anything (lines keep their computed figures)."""
    lines = _lines(report)
    criteria = [criteria_for_line(line) for line in lines]
    self_scores, final_scores = {}, {}
    for line, crit in zip(lines, criteria):
        line.self_score = scoring.score_kpi(crit, result_for(line, crit))
        line.final_score = scoring.final_kpi_score(
            line.self_score, line.reviewer_score, line.appeal_score, self_if_unreviewed=True)
        line.carried = not is_line_reviewed(line) and line.final_score is not None
        self_scores[crit.code] = line.self_score
        final_scores[crit.code] = line.final_score
    policy = missing_policy(report.round)
    from .rounds import round_no as round_ordinal

    round_no = round_ordinal(report.round, report.organisation)  # its place in the unit's own calendar
    return ReportScores(
        criteria=criteria,
        self_unit=scoring.score_unit(criteria, self_scores, round_no=round_no, missing=policy),
        reviewed_unit=scoring.score_unit(criteria, final_scores, round_no=round_no, missing=policy),
        lines=lines,
    )


def _record(line, kind, old, new, user, note="", appeal=None):
    from .models import ScoreHistory

    if old != new:
        ScoreHistory.objects.create(line=line, kind=kind, old_score=old, new_score=new, changed_by=user, note=note, appeal=appeal)


@transaction.atomic
def score_report(report, user=None, note="", appeal=None) -> ReportScores:
    """Recompute and store a report's line and unit scores; history keeps every change."""
    from .cascade import draw_from_responsible_units
    from .models import KpiReportLine, ScoreHistory, UnitReport

    pin_kpi_revisions(report)
    if not scores_frozen(report):
        draw_from_responsible_units(report)
    report._scored_lines = None
    stored = {
        line.pk: (line.self_score, line.final_score)
        for line in KpiReportLine.objects.filter(report=report).only("self_score", "final_score")
    }
    result = compute(report)
    for line in result.lines:
        old_self, old_final = stored.get(line.pk, (None, None))
        _record(line, ScoreHistory.SELF, old_self, line.self_score, user, note)
        _record(line, ScoreHistory.FINAL, old_final, line.final_score, user, note, appeal)
        KpiReportLine.objects.filter(pk=line.pk).update(self_score=line.self_score, final_score=line.final_score)
    report.self_score = result.self_unit.score
    report.reviewed_score = result.reviewed_unit.score if result.is_reviewed else None
    report.review_state = result.state
    UnitReport.objects.filter(pk=report.pk).update(
        self_score=report.self_score, reviewed_score=report.reviewed_score, review_state=report.review_state)
    return result


def scores_frozen(report, on=None) -> bool:
    """After the round's announcement a score changes only through an appeal decision or
    while the report is reopened (a reopen is recorded with its reason)."""
    from .models import today

    on = on or today()
    announced = report.round.announced_on
    if not announced or on < announced:
        return False
    return not (report.reopened_until and on <= report.reopened_until)


def frozen_message(report) -> str:
    from cms.widgets import be_date

    return (f"ประกาศผลคะแนน{report.round}แล้วเมื่อวันที่ {be_date(report.round.announced_on)} "
            "คะแนนจะเปลี่ยนได้เฉพาะตามผลการพิจารณาอุทธรณ์ หรือเมื่อ กพร. เปิดรายงานใหม่โดยบันทึกเหตุผล")


def set_reviewer_score(line, score, note: str, user):
    """The reviewer's (ผู้ทบทวน/ผู้กำกับตัวชี้วัด) score of one KPI; both figures are kept.
    Refused after the announcement unless the report was reopened (see ``scores_frozen``)."""
    from django.core.exceptions import ValidationError

    from .models import KpiReportLine, ScoreHistory, UnitReport

    report = UnitReport.objects.select_related("round").get(pk=line.report_id)
    if scores_frozen(report):
        raise ValidationError(frozen_message(report))

    score = None if score is None else Decimal(str(score)).quantize(FOUR)
    old = line.reviewer_score
    line.reviewer_score, line.reviewer_note = score, note
    line.full_clean(exclude=["report", "kpi", "agreement_line"])
    KpiReportLine.objects.filter(pk=line.pk).update(reviewer_score=score, reviewer_note=note)
    _record(line, ScoreHistory.REVIEWER, old, score, user, note)
    return score_report(line.report, user=user, note=note)


# --- building a report ----------------------------------------------------------------
def add_agreement_lines(report) -> int:
    """Add a line for every KPI of the unit's agreement that the report lacks; returns how many."""
    from cms.models import kpi_sort_key

    from .models import KpiReportLine, criteria_revision_id

    agreement = agreement_for(report.organisation, report.round.fiscal_year)
    if agreement is None:
        return 0
    have = set(report.lines.values_list("kpi_id", flat=True)) if report.pk else set()
    added = 0
    ordered = sorted(agreement.kpi_lines.select_related("kpi"), key=lambda al: kpi_sort_key(al.kpi.code))
    for i, agreement_line in enumerate(ordered):
        if agreement_line.kpi_id not in have:
            KpiReportLine.objects.create(report=report, agreement_line=agreement_line, kpi=agreement_line.kpi, sort_order=i,
                                         kpi_revision_id=criteria_revision_id(agreement_line, agreement_line.kpi))
            added += 1
    return added


def start_report(round_, organisation, user=None):
    """The unit's report for the round, created with one line per agreement KPI."""
    from .models import UnitReport

    report = UnitReport.objects.filter(round=round_, organisation=organisation).first()
    if report is not None:
        return report
    from django.core.exceptions import ValidationError

    from .cascade import add_agency_lines
    from .rounds import applies_to, wrong_round_message

    if not applies_to(round_, organisation):  # another organisation's calendar (reporting.rounds)
        raise ValidationError({"round": wrong_round_message(round_, organisation)})

    report = UnitReport.objects.create(round=round_, organisation=organisation, live=False)
    add_agreement_lines(report)
    add_agency_lines(report)
    report.save_revision(user=user, clean=False)  # created by the system, even for a closed round
    return report


# --- ranking a round ------------------------------------------------------------------
@dataclass
class RoundRow:
    report: object
    organisation: object
    group: object
    self_score: Decimal | None
    score: Decimal | None
    rank: int | None
    group_rank: int | None
    colour: str | None
    css: str
    review_state: str = NOT_REVIEWED

    @property
    def basis(self) -> str:
        """Which figure the ranking uses for this unit (Thai, shown beside the score)."""
        if self.report is None or self.score is None:
            return "-"
        return REVIEW_STATE_LABELS[self.review_state]

    @property
    def is_final(self) -> bool:
        return self.review_state == FULLY_REVIEWED


def round_table(round_, organisations=None) -> list[RoundRow]:
    """Every unit of the round (with or without a report), ranked on the final score.

    The figure is the reviewed one (KPIs not reviewed yet carry their self-assessment; it is
    not final until every KPI is reviewed); a unit nobody has reviewed yet is ranked on its
    self-assessment. ``RoundRow.basis`` says which (figures as stored by ``score_report``).
    """
    from cms.models import Organisation

    from .models import UnitReport

    reports = {r.organisation_id: r for r in UnitReport.objects.filter(round=round_).select_related("organisation")}
    for report in reports.values():
        report.round = round_  # one round object for every row (templates ask a report for its round)
    if organisations is None:
        organisations = list(
            Organisation.objects.filter(level=Organisation.UNIT, pk__in=_units_with_agreement(round_) | set(reports))
            .select_related("group")
        )
    scores, groups, by_id = {}, {}, {}
    for org in organisations:
        report = reports.get(org.pk)
        score = None
        if report is not None:
            score = report.reviewed_score if report.reviewed_score is not None else report.self_score
        scores[org.pk] = score
        by_id[org.pk] = org
        if org.group_id:
            groups[org.pk] = org.group_id
    colour_bands = bands()
    ranking = scoring.rank_units(scores, groups, bands=colour_bands)
    css = {colour: css_colour(colour) for _, colour in colour_bands}
    rows = []
    for r in ranking:
        org = by_id[r.unit]
        report = reports.get(r.unit)
        rows.append(RoundRow(
            report=report, organisation=org, group=org.group, self_score=report.self_score if report else None,
            score=r.score, rank=r.rank, group_rank=r.group_rank, colour=r.colour, css=css.get(r.colour, "#999999"),
            review_state=(report.review_state if report and report.reviewed_score is not None else NOT_REVIEWED),
        ))
    return rows


def _units_with_agreement(round_) -> set[int]:
    from cms.models import OrganisationYearPage

    page = getattr(round_.fiscal_year, "page", None)
    if page is None:
        return set()
    from .rounds import Calendar

    calendar = Calendar(round_.fiscal_year_id)
    with_agreement = folders_with_agreement(page)
    folders = OrganisationYearPage.objects.filter(path__startswith=page.path, organisation__level="unit")
    return {organisation_id for path, organisation_id in folders.values_list("path", "organisation_id")
            if path in with_agreement and calendar.applies_to(round_, organisation_id)}


def folders_with_agreement(year_page) -> set:
    """Paths of the year's organisation folders that hold an agreement (one query)."""
    from wagtail.models import Page

    from cms.models import AgreementPage

    steplen = Page.steplen
    return {path[:-steplen] for path in AgreementPage.objects.filter(path__startswith=year_page.path).values_list("path", flat=True)}


# --- the e-SAR card of one unit -------------------------------------------------------
@dataclass
class CardRow:
    line: object
    kpi: object
    weight: Decimal
    baseline: str
    target: str
    result: str
    score: Decimal | None
    weighted: Decimal | None
    is_sub: bool
    carried: bool = False  # not reviewed yet: the score is the self-assessment

    @property
    def score_basis(self) -> str:
        return CARRIED_MARK if self.carried else ""


@dataclass
class CardGroup:
    dimension: object
    rows: list
    weight: Decimal
    weighted: Decimal


def card(report):
    """Rows grouped by dimension. ``weighted`` = score × weight ÷ total top-level weight
    counted (4 decimals); the weighted column of top-level KPIs sums to the unit score
    (up to rounding of each product)."""
    from cms.models import kpi_sort_key

    report._scored_lines = own_lines(
        report, report.lines.select_related("kpi", "kpi__parent_kpi", "kpi__dimension", "agreement_line", "kpi_revision")
        .prefetch_related("kpi__baselines")
    )
    result = compute(report)
    unit = result.reviewed_unit
    total = unit.weight_total or Decimal(0)
    groups: dict[int, CardGroup] = {}
    for line in sorted(result.lines, key=lambda ln: (ln.kpi.dimension.number, kpi_sort_key(ln.kpi.code))):
        kpi = line.reported_kpi
        score = unit.kpi_scores.get(kpi.code, line.final_score)
        weight = line_weight(line)
        is_sub = bool(kpi.parent_kpi_id)
        weighted = None
        if not is_sub and score is not None and total:
            weighted = (score * weight / total).quantize(FOUR)
        baselines = sorted(kpi.baselines.all(), key=lambda b: b.year_be)
        baseline = f"{baselines[-1].value} ({baselines[-1].year_be})" if baselines else "-"
        group = groups.setdefault(line.kpi.dimension_id, CardGroup(line.kpi.dimension, [], Decimal(0), Decimal(0)))
        group.rows.append(CardRow(
            line=line, kpi=kpi, weight=weight, baseline=baseline,
            target=line.agreement_line.target_display() if line.agreement_line_id else kpi.target_display(),
            result=result_display(line), score=score, weighted=weighted, is_sub=is_sub,
            carried=bool(getattr(line, "carried", False)),
        ))
        if not is_sub:
            group.weight += weight
            group.weighted += weighted or 0
    return {
        "groups": list(groups.values()),
        "total_weight": sum((g.weight for g in groups.values()), Decimal(0)),
        "total_weighted": sum((g.weighted for g in groups.values()), Decimal(0)),
        "unit_score": unit.score,
        "self_unit_score": result.self_unit.score,
        "missing": unit.missing,
        "review_state": result.state,
        "review_label": REVIEW_STATE_LABELS[result.state],
        "reviewed_count": result.reviewed_count,
        "kpi_count": result.total_count,
    }


def result_display(line) -> str:
    kind = line.reported_kpi.kind
    if kind == "milestone":
        counts = line.reported_kpi.milestone_step_counts()
        steps = line.steps_tuple(counts)
        if steps is None:
            return "-"
        reached = 0
        for done, total in zip(steps, counts):
            if done < total:
                break
            reached += 1
        return f"ผ่านระดับ {reached}"
    if line.result_value is None:
        return "-"
    value = line.result_value.normalize()
    text = f"{value:f}"
    if kind == "qualitative":
        return f"ระดับ {text}"
    return f"{text} {line.kpi.unit_of_measure}".strip()
