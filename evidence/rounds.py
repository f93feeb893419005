"""Which rounds evidence may be filed for: the rounds of reporting's calendar
(``reporting.rounds``), never a list of its own. Used by the evidence page (its ``rule_errors``
and admin form), the search's round filter and the ``import_evidence`` / ``search_evidence``
commands' ``--round``."""
from __future__ import annotations

from reporting.models import MONTH_CHOICES


def round_months(organisation, fiscal_year) -> list[int]:
    """The months of the rounds ``organisation`` reports in during ``fiscal_year``: reporting's
    calendar (``reporting.rounds.rounds_for``: its own, its ancestors' and the installation-wide
    rounds), the one answer to which rounds evidence may be filed for."""
    from reporting.rounds import rounds_for

    return [r.month for r in rounds_for(organisation, fiscal_year)]


def rounds_present() -> list[tuple[int, str]]:
    """(month, "รอบ N เดือน") of every month some organisation has a reporting round in (any
    year, any calendar): the search's round filter and ``search_evidence --round``."""
    from reporting.models import ReportingRound

    present = set(ReportingRound.objects.values_list("month", flat=True).distinct())
    return [(month, label) for month, label in MONTH_CHOICES if month in present]


def round_error(organisation, fiscal_year, month) -> str | None:
    """A Thai message naming the field when ``month`` is not a round of ``organisation`` in
    ``fiscal_year`` (page form, ``import_evidence --round``), else None."""
    months = round_months(organisation, fiscal_year)
    if month in months:
        return None
    where = f"{organisation.name_th} ปีงบประมาณ {fiscal_year.year_be}"
    if not months:
        return f"รอบการรายงาน: {where} ยังไม่มีรอบการรายงาน ให้ผู้ดูแลระบบเพิ่มรอบการรายงานของปีนี้ก่อน"
    return (f"รอบการรายงาน: {where} ไม่มีรอบ {month} เดือน "
            f"เลือกได้เฉพาะรอบที่มี: {', '.join(f'รอบ {m} เดือน' for m in months)}")
