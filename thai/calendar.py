"""The Buddhist Era (พ.ศ.) and the Thai government fiscal year (1 October – 30 September)."""
import datetime as dt

#: พ.ศ. = ค.ศ. + 543.
BE_OFFSET = 543


def be_year(ce_year: int) -> int:
    """ปี ค.ศ. → ปี พ.ศ.: 2026 → 2569."""
    return ce_year + BE_OFFSET


def ce_year(be_year_: int) -> int:
    """ปี พ.ศ. → ปี ค.ศ.: 2569 → 2026."""
    return be_year_ - BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year (พ.ศ.) ``day`` falls in: from 1 October it is the next year's."""
    return be_year(day.year) + (1 if day.month >= 10 else 0)


def fiscal_year_period(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """ช่วงปีงบประมาณ: 2569 → (1 Oct 2025, 30 Sep 2026)."""
    ce = ce_year(fiscal_year_be)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)
