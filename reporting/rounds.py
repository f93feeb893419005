"""Which reporting round an organisation reports in (issue 11: rounds belong to the
organisation that runs them).

A round with ``organisation`` set is that organisation's own calendar, for it and its whole
subtree (a department's 5- and 7-month rounds for its units); a round without one is the
installation-wide calendar (OPDC's 6/9/12 months) that every organisation uses unless it, or
an organisation above it, runs its own round in that month. ``round_for`` is the one answer
to "the round for this organisation and month": the organisation's own round first, then its
ancestors' nearest first, then the installation-wide one. Reporting, scoring, rankings,
dashboards, reminders, e-SAR and documents all ask it (directly or through ``applies_to`` /
``rounds_for`` / ``organisations_in``).
"""
from __future__ import annotations


def _lineage_ids(organisation) -> list:
    """[own pk, parent pk, …, None]: the calendars an organisation sees, nearest first."""
    if organisation is None:
        return [None]
    return [o.pk for o in organisation.lineage()] + [None]


def rounds_for(organisation, fiscal_year=None) -> list:
    """Every round the organisation reports in (one per fiscal year and month, the nearest
    calendar's), ordered by year then month. ``organisation`` None = the installation-wide calendar."""
    from .models import ReportingRound

    lineage = _lineage_ids(organisation)
    ids = [pk for pk in lineage if pk is not None]
    qs = ReportingRound.objects.filter(organisation_id__in=ids) | ReportingRound.objects.filter(organisation__isnull=True)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    rank = {pk: i for i, pk in enumerate(lineage)}
    best: dict = {}
    for round_ in qs.select_related("fiscal_year", "organisation"):
        key = (round_.fiscal_year_id, round_.month)
        if key not in best or rank[round_.organisation_id] < rank[best[key].organisation_id]:
            best[key] = round_
    return sorted(best.values(), key=lambda r: (-r.fiscal_year.year_be, r.month))


def round_for(organisation, fiscal_year, month):
    """The round ``organisation`` reports in at ``month`` of ``fiscal_year``, or None."""
    for round_ in rounds_for(organisation, fiscal_year):
        if round_.month == month:
            return round_
    return None


def applies_to(round_, organisation) -> bool:
    """Whether ``organisation`` reports in ``round_``: the round is the nearest calendar's
    round of its month for it (a department's own 6-month round hides OPDC's from its units)."""
    found = round_for(organisation, round_.fiscal_year, round_.month)
    return found is not None and found.pk == round_.pk


def runs_round(round_, organisation) -> bool:
    """Whether the round's calendar reaches ``organisation`` at all (its own, an ancestor's or
    the installation-wide one), whatever a nearer calendar says."""
    return round_.organisation_id is None or round_.organisation_id in _lineage_ids(organisation)


def organisations_in(round_, organisations):
    """The organisations of ``organisations`` that report in ``round_``."""
    return [o for o in organisations if applies_to(round_, o)]


def round_no(round_, organisation=None) -> int:
    """The round's place among the year's rounds ``organisation`` reports in (default: the
    round's own organisation's calendar): 1, 2, 3 for OPDC's 6, 9, 12; a unit whose department
    adds 5 and 7 reports in 5, 6, 7, 9, 12, so OPDC's 6-month round is its round 2."""
    calendar = round_.organisation if organisation is None else organisation
    months = [r.month for r in rounds_for(calendar, round_.fiscal_year) if r.pk != round_.pk]
    return sum(1 for m in months if m < round_.month) + 1


def wrong_round_message(round_, organisation) -> str:
    own = round_for(organisation, round_.fiscal_year, round_.month)
    runner = round_.organisation.name_th if round_.organisation_id else "ส่วนกลาง"
    if own is not None:
        return (f"{organisation.name_th} รายงานผล{own} ตามปฏิทินของ"
                f"{own.organisation.name_th if own.organisation_id else 'ส่วนกลาง'} ไม่ใช่{round_}ของ{runner}")
    return f"{round_}เป็นรอบการรายงานของ{runner} {organisation.name_th} ไม่ได้รายงานผลในรอบนี้"
