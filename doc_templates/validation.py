"""ตรวจข้อมูลก่อนสร้างเอกสาร (validate a context before rendering).

Generic over the context dataclasses: a field whose metadata says
``required`` must not be None, a blank string or an empty list. Nested
dataclasses (signer, KPIs, sub-KPIs …) are checked too and the message says
where ("ตัวชี้วัด 1.1"). Then the rules that are not about one field: top-level
KPI weights sum to 100, sub-KPI weights add up to their parent's, a SAR round
is 6, 9 or 12 months.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation

from . import contexts as c
from .errors import DocumentError
from .thai_format import format_number

HUNDRED = Decimal(100)


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def _where(obj) -> str | None:
    if isinstance(obj, c.KpiContext) and obj.code:
        return f"ตัวชี้วัด {obj.code}"
    if isinstance(obj, c.KpiReport) and obj.kpi is not None and obj.kpi.code:
        return f"รายงานตัวชี้วัด {obj.kpi.code}"
    return None


def check_required(obj, path: tuple[str, ...] = ()) -> None:
    """Raise DocumentError for the first empty required field (depth-first).

    ``path`` is where we are, e.g. ("ตัวชี้วัด 1.1", "ผู้กำกับดูแลตัวชี้วัด").
    """
    here = _where(obj)
    if here:
        path = path + (here,)
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        label = f.metadata.get("label", f.name)
        if f.metadata.get("required") and _blank(value):
            where = f" ({' / '.join(path)})" if path else ""
            raise DocumentError(f"ไม่ได้ระบุ '{label}'{where}")
        children = value if isinstance(value, list) else [value]
        for child in children:
            if dataclasses.is_dataclass(child):
                # KPIs name themselves ("ตัวชี้วัด 1.1"); other objects are
                # named by the field that holds them ("ผู้ลงนาม").
                check_required(child, path if _where(child) else path + (label,))


def _dec(value, label: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DocumentError(f"'{label}' ต้องเป็นตัวเลข แต่ได้รับ '{value}'") from None


def check_kpi(kpi: c.KpiContext) -> None:
    if kpi.kind not in c.KPI_KINDS:
        raise DocumentError(
            f"ประเภทตัวชี้วัด '{kpi.kind}' ไม่ถูกต้อง (ตัวชี้วัด {kpi.code}) "
            f"ต้องเป็น {', '.join(c.KPI_KINDS)}"
        )
    if kpi.direction is not None and kpi.direction not in c.DIRECTIONS:
        raise DocumentError(f"ทิศทาง '{kpi.direction}' ไม่ถูกต้อง (ตัวชี้วัด {kpi.code})")
    for level in kpi.levels:
        if level.level not in range(1, 6):
            raise DocumentError(
                f"ระดับเกณฑ์การให้คะแนนต้องอยู่ระหว่าง 1-5 แต่ได้รับ {level.level} (ตัวชี้วัด {kpi.code})"
            )
    weighted_subs = [s for s in kpi.sub_kpis if s.weight is not None]
    if weighted_subs and kpi.weight is not None:
        total = sum(_dec(s.weight, "น้ำหนัก") for s in weighted_subs)
        if total != _dec(kpi.weight, "น้ำหนัก"):
            raise DocumentError(
                f"น้ำหนักของตัวชี้วัดย่อยของตัวชี้วัด {kpi.code} รวมกันได้ "
                f"{format_number(total)} ไม่เท่ากับน้ำหนักของตัวชี้วัดหลัก ({format_number(kpi.weight)})"
            )
    for sub in kpi.sub_kpis:
        check_kpi(sub)


def check_weights(kpis: list[c.KpiContext]) -> None:
    """น้ำหนักตัวชี้วัดระดับบนสุดรวมกันต้องเท่ากับ 100."""
    total = sum(_dec(k.weight, "น้ำหนัก") for k in kpis)
    if total != HUNDRED:
        raise DocumentError(
            f"น้ำหนักของตัวชี้วัดรวมกันได้ {format_number(total)} ไม่เท่ากับ 100"
        )


def validate(kind: str, ctx) -> None:
    """ตรวจทุกกฎของเอกสารชนิด ``kind``; raise DocumentError on the first problem."""
    check_required(ctx)
    if isinstance(ctx, (c.AgreementBookletContext, c.ManualBookletContext)):
        for kpi in ctx.kpis:
            check_kpi(kpi)
    if isinstance(ctx, c.AgreementBookletContext):
        check_weights(ctx.kpis)
    if isinstance(ctx, c.SarReportContext):
        if ctx.round_months not in (6, 9, 12):
            raise DocumentError(
                f"รอบการรายงานต้องเป็น 6, 9 หรือ 12 เดือน แต่ได้รับ {ctx.round_months}"
            )
        for report in ctx.reports:
            check_kpi(report.kpi)
