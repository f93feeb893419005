"""The reporting calendar's rules (issue 11): which round an organisation reports in, read
from the rounds it is given. ``reporting.rounds`` is the service everyone calls (it reads
``ReportingRound``); the report model's ``clean()`` and the report's admin form use this
module directly with the rounds at hand, so neither imports the services that import them.
"""
from __future__ import annotations


class Calendar:
    """Every round of ``rounds`` (a ``ReportingRound`` queryset; of one fiscal year, or all) and
    the tree's parent links, read once: the answers of ``rounds_for`` / ``round_for`` /
    ``applies_to`` for many organisations in two queries, memoised per organisation (the home
    page and the rankings ask for every unit of every open round; one query per organisation
    and ancestor made that grow with the tree)."""

    def __init__(self, rounds, fiscal_year=None):
        from cms.models import Organisation

        rounds = rounds.select_related("fiscal_year", "organisation")
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


def round_no(round_, calendar: Calendar, organisation=None) -> int:
    """The round's place among the year's rounds ``organisation`` reports in (default: the
    round's own organisation's calendar): 1, 2, 3 for OPDC's 6, 9, 12; a unit whose department
    adds 5 and 7 reports in 5, 6, 7, 9, 12, so OPDC's 6-month round is its round 2."""
    calendar_of = round_.organisation_id if organisation is None else organisation
    months = [r.month for r in calendar.rounds_for(calendar_of, round_.fiscal_year_id) if r.pk != round_.pk]
    return sum(1 for m in months if m < round_.month) + 1


def wrong_round_message(round_, organisation, calendar: Calendar) -> str:
    """Why ``organisation`` does not report in ``round_`` (Thai)."""
    own = calendar.round_for(organisation, round_.fiscal_year_id, round_.month)
    runner = round_.organisation.name_th if round_.organisation_id else "ส่วนกลาง"
    if own is not None:
        return (f"{organisation.name_th} รายงานผล{own} ตามปฏิทินของ"
                f"{own.organisation.name_th if own.organisation_id else 'ส่วนกลาง'} ไม่ใช่{round_}ของ{runner}")
    return f"{round_}เป็นรอบการรายงานของ{runner} {organisation.name_th} ไม่ได้รายงานผลในรอบนี้"
