"""Cascade: an agency KPI reported by the internal unit responsible for it (issue 11).

A department's (or ministry's) KPI template may name a ``responsible_unit``. That unit puts
the KPI in its own agreement (``AgreementPage.rule_errors`` allows it), attaches evidence to
it (``EvidencePage.rule_errors``) and reports it in its own report; the agency's report
draws the result from there: whenever the agency's report is scored, each of its lines whose
KPI has a responsible unit takes that unit's result, narrative and evidence of the same round
(the responsible unit is the one source of the figure; an agency line whose unit has not
reported yet keeps what it has).

The rules (which KPIs a unit reports for its agency, which lines are the agency's) are in
``reporting.line_rules``, which the report model's ``clean()`` uses; this module writes the
lines and reads the reports (``reporting.models``, one way).
"""
from __future__ import annotations

from .line_rules import agency_kpis_reported_by, is_for_agency  # noqa: F401

NARRATIVE_FIELDS = ("performance", "supporting_factors", "obstacles", "improvements")


def add_agency_lines(report) -> int:
    """The responsible unit's report gets a line for each agency KPI it reports."""
    from .models import KpiReportLine

    have = set(report.lines.values_list("kpi_id", flat=True))
    added = 0
    for i, kpi in enumerate(agency_kpis_reported_by(report.organisation, report.round.fiscal_year)):
        if kpi.pk not in have:
            KpiReportLine.objects.create(report=report, agreement_line=None, kpi=kpi, sort_order=1000 + i,
                                         kpi_revision_id=kpi.live_revision_id)
            added += 1
    return added


def _has_result(line) -> bool:
    return line.result_value is not None or bool(line.steps_done)


def draw_from_responsible_units(report) -> int:
    """Copy into ``report``'s lines the results their responsible units reported; returns
    how many lines changed."""
    from .models import KpiReportLine

    lines = [line for line in report.lines.select_related("kpi")
             if line.kpi.responsible_unit_id and line.kpi.responsible_unit_id != report.organisation_id]
    if not lines:
        return 0
    sources = {
        (source.report.organisation_id, source.kpi_id): source
        for source in KpiReportLine.objects.filter(
            report__round_id=report.round_id,
            report__organisation_id__in={line.kpi.responsible_unit_id for line in lines},
            kpi_id__in={line.kpi_id for line in lines},
        ).select_related("report").prefetch_related("evidence")
    }
    changed = 0
    for line in lines:
        source = sources.get((line.kpi.responsible_unit_id, line.kpi_id))
        if source is None or not _has_result(source):
            continue
        fields = {"result_value": source.result_value, "steps_done": source.steps_done,
                  **{name: getattr(source, name) for name in NARRATIVE_FIELDS}}
        evidence = set(source.evidence.values_list("pk", flat=True))
        if all(getattr(line, k) == v for k, v in fields.items()) and set(line.evidence.values_list("pk", flat=True)) >= evidence:
            continue
        for name, value in fields.items():
            setattr(line, name, value)
        line.save(update_fields=list(fields))
        line.evidence.add(*evidence)
        changed += 1
    return changed
