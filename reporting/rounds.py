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


class Calendar:
    """Every round (of one fiscal year, or all) and the tree's parent links, read once: the
    answers of ``rounds_for`` / ``round_for`` / ``applies_to`` for many organisations in two
    queries, memoised per organisation (the home page and the rankings ask for every unit of
    every open round; one query per organisation and ancestor made that grow with the tree)."""

    def __init__(self, fiscal_year=None):
        from cms.models import Organisation

        from .models import ReportingRound

        rounds = ReportingRound.objects.select_related("fiscal_year", "organisation")
        if fiscal_year is not None:
            rounds = rounds.filter(fiscal_year=fiscal_year)
        self.fiscal_year_id = getattr(fiscal_year, "pk", fiscal_year)
        self.rounds = list(rounds)
        self.parents = dict(Organisation.objects.values_list("pk", "parent_id"))
        self._memo: dict = {}

    def lineage_ids(self, organisation) -> list:
        """[own pk, parent pk, …, None]: the calendars an organisation sees, nearest first."""
        if organisation is None:
            return [None]
        pk = getattr(organisation, "pk", organisation)
        chain, seen = [], set()
        while pk is not None and pk not in seen:
            chain.append(pk)
            seen.add(pk)
            pk = self.parents.get(pk)
        return chain + [None]

    def rounds_for(self, organisation, fiscal_year=None) -> list:
        fiscal_year_id = getattr(fiscal_year, "pk", fiscal_year)
        key = (getattr(organisation, "pk", organisation), fiscal_year_id)
        if key not in self._memo:
            lineage = self.lineage_ids(organisation)
            rank = {pk: i for i, pk in enumerate(lineage)}
            best: dict = {}
            for round_ in self.rounds:
                if round_.organisation_id not in rank or (fiscal_year_id is not None and round_.fiscal_year_id != fiscal_year_id):
                    continue
                slot = (round_.fiscal_year_id, round_.month)
                if slot not in best or rank[round_.organisation_id] < rank[best[slot].organisation_id]:
                    best[slot] = round_
            self._memo[key] = sorted(best.values(), key=lambda r: (-r.fiscal_year.year_be, r.month))
        return self._memo[key]

    def round_for(self, organisation, fiscal_year, month):
        for round_ in self.rounds_for(organisation, fiscal_year):
            if round_.month == month:
                return round_
        return None

    def applies_to(self, round_, organisation) -> bool:
        found = self.round_for(organisation, round_.fiscal_year_id, round_.month)
        return found is not None and found.pk == round_.pk

    def organisations_in(self, round_, organisations):
        return [o for o in organisations if self.applies_to(round_, o)]


def _lineage_ids(organisation) -> list:
    """[own pk, parent pk, …, None]: the calendars an organisation sees, nearest first."""
    if organisation is None:
        return [None]
    return [o.pk for o in organisation.lineage()] + [None]


def rounds_for(organisation, fiscal_year=None, calendar: Calendar | None = None) -> list:
    """Every round the organisation reports in (one per fiscal year and month, the nearest
    calendar's), ordered by year then month. ``organisation`` None = the installation-wide
    calendar. ``calendar``: a ``Calendar`` already read (many organisations in a row)."""
    return (calendar or Calendar(fiscal_year)).rounds_for(organisation, fiscal_year)


def round_for(organisation, fiscal_year, month, calendar: Calendar | None = None):
    """The round ``organisation`` reports in at ``month`` of ``fiscal_year``, or None."""
    return (calendar or Calendar(fiscal_year)).round_for(organisation, fiscal_year, month)


def applies_to(round_, organisation, calendar: Calendar | None = None) -> bool:
    """Whether ``organisation`` reports in ``round_``: the round is the nearest calendar's
    round of its month for it (a department's own 6-month round hides OPDC's from its units)."""
    return (calendar or Calendar(round_.fiscal_year_id)).applies_to(round_, organisation)


def runs_round(round_, organisation) -> bool:
    """Whether the round's calendar reaches ``organisation`` at all (its own, an ancestor's or
    the installation-wide one), whatever a nearer calendar says."""
    return round_.organisation_id is None or round_.organisation_id in _lineage_ids(organisation)


def organisations_in(round_, organisations, calendar: Calendar | None = None):
    """The organisations of ``organisations`` that report in ``round_`` (one ``Calendar`` for all)."""
    return (calendar or Calendar(round_.fiscal_year_id)).organisations_in(round_, organisations)


def round_no(round_, organisation=None, calendar: Calendar | None = None) -> int:
    """The round's place among the year's rounds ``organisation`` reports in (default: the
    round's own organisation's calendar): 1, 2, 3 for OPDC's 6, 9, 12; a unit whose department
    adds 5 and 7 reports in 5, 6, 7, 9, 12, so OPDC's 6-month round is its round 2."""
    calendar_of = round_.organisation_id if organisation is None else organisation
    calendar = calendar or Calendar(round_.fiscal_year_id)
    months = [r.month for r in calendar.rounds_for(calendar_of, round_.fiscal_year_id) if r.pk != round_.pk]
    return sum(1 for m in months if m < round_.month) + 1


def wrong_round_message(round_, organisation) -> str:
    own = round_for(organisation, round_.fiscal_year, round_.month)
    runner = round_.organisation.name_th if round_.organisation_id else "ส่วนกลาง"
    if own is not None:
        return (f"{organisation.name_th} รายงานผล{own} ตามปฏิทินของ"
                f"{own.organisation.name_th if own.organisation_id else 'ส่วนกลาง'} ไม่ใช่{round_}ของ{runner}")
    return f"{round_}เป็นรอบการรายงานของ{runner} {organisation.name_th} ไม่ได้รายงานผลในรอบนี้"
