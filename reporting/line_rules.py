"""Which KPIs a unit report may carry: only KPIs of the unit's own agreement for the report's
fiscal year (the agreement that covers its round), each at most once, and the agency KPIs the
unit reports as their responsible unit (``reporting.cascade``). One place, used by
``KpiReportLine.clean`` and by the admin form's line formset (which also sees the other lines).

The rules read the agreements and KPI templates (``cms.models``) and the objects they are
given, never ``reporting.models``: the report model's ``clean()`` and its admin form call
them, so the reporting services that query the reports (``scores``, ``cascade``, ``rounds``)
import the models one way."""
from __future__ import annotations

from django.core.exceptions import ValidationError


def agreement_for(organisation, fiscal_year):
    """The organisation's agreement of the fiscal year (its year folder's), None if none or cancelled."""
    from cms.models import AgreementPage, OrganisationYearPage

    folder = OrganisationYearPage.objects.filter(
        organisation=organisation, path__startswith=fiscal_year.page.path
    ).first() if hasattr(fiscal_year, "page") else None
    if folder is None:
        return None
    return AgreementPage.objects.child_of(folder).exclude(status=AgreementPage.CANCELLED).first()


def agency_kpis_reported_by(organisation, fiscal_year):
    """Agency KPI templates of the year whose responsible unit is ``organisation``."""
    from cms.models import KPITemplatePage

    page = getattr(fiscal_year, "page", None)
    if page is None or organisation is None:
        return KPITemplatePage.objects.none()
    return (KPITemplatePage.objects.descendant_of(page).filter(responsible_unit=organisation)
            .exclude(path__startswith=_own_folder_paths(organisation, page)))


def _own_folder_paths(organisation, year_page):
    from cms.models import OrganisationYearPage

    folder = OrganisationYearPage.objects.child_of(year_page).filter(organisation=organisation).first()
    return folder.path if folder is not None else "-"


def is_for_agency(line, report) -> bool:
    """A line a responsible unit reports for its agency: outside the unit's own agreement
    (no agreement line), not part of the unit's own score, ranking or card."""
    return line.agreement_line_id is None and line.kpi.responsible_unit_id == report.organisation_id


def own_lines(report, lines) -> list:
    """The report's lines less those a responsible unit reports for its agency
    (``reporting.cascade``): those are scored in the agency's report, not the unit's."""
    return [line for line in lines if not is_for_agency(line, report)]


def agreement_kpi_ids(organisation, round_) -> set[int]:
    return own_agreement_kpi_ids(organisation, round_) | agency_kpi_ids(organisation, round_)


def own_agreement_kpi_ids(organisation, round_) -> set[int]:
    agreement = agreement_for(organisation, round_.fiscal_year)
    if agreement is None:
        return set()
    return set(agreement.kpi_lines.values_list("kpi_id", flat=True))


def agency_kpi_ids(organisation, round_) -> set[int]:
    """Agency KPIs the organisation reports as their responsible unit (``reporting.cascade``)."""
    return set(agency_kpis_reported_by(organisation, round_.fiscal_year).values_list("pk", flat=True))


def kpi_error(organisation, round_, kpi, allowed=None) -> str | None:
    """The Thai reason ``kpi`` cannot be a line of this unit's report for ``round_``, or None."""
    if organisation is None or round_ is None or kpi is None:
        return None
    allowed = agreement_kpi_ids(organisation, round_) if allowed is None else allowed
    if kpi.pk not in allowed:
        return (f"ตัวชี้วัด: “{kpi.code} {kpi.title}” ไม่อยู่ในคำรับรองของ{organisation.name_th}"
                f" ปีงบประมาณ {round_.fiscal_year} เลือกได้เฉพาะตัวชี้วัดในคำรับรองของหน่วยงานเอง")
    return None


def duplicate_error(kpi, first_kpi) -> str:
    if kpi.pk == first_kpi.pk:
        return f"ตัวชี้วัด: “{kpi.code} {kpi.title}” อยู่ในรายงานนี้แล้ว รายงานหนึ่งมีตัวชี้วัดแต่ละตัวได้ครั้งเดียว"
    return f"ตัวชี้วัด: รหัส {kpi.code} ซ้ำกับตัวชี้วัด “{first_kpi.title}” ในรายงานนี้ รหัสตัวชี้วัดในรายงานต้องไม่ซ้ำกัน"


def check_lines(organisation, round_, kpis):
    """``kpis`` in form order; returns ``[(index, message)]`` for every line that breaks a rule."""
    allowed = agreement_kpi_ids(organisation, round_) if organisation is not None and round_ is not None else None
    agency = agency_kpi_ids(organisation, round_) if allowed else set()
    errors, seen_pk, seen_code = [], {}, {}
    for i, kpi in enumerate(kpis):
        if kpi is None:
            continue
        message = kpi_error(organisation, round_, kpi, allowed) if allowed is not None else None
        first = seen_pk.get(kpi.pk) or seen_code.get(kpi.code)
        if message is None and first is not None:
            message = duplicate_error(kpi, first)
        if message:
            errors.append((i, message))
        seen_pk.setdefault(kpi.pk, kpi)
        if kpi.pk not in agency:  # an agency KPI's code is the agency's numbering, not the unit's
            seen_code.setdefault(kpi.code, kpi)
    return errors


def validate_line(line) -> None:
    """Model-level check of one line against its report (raises on the kpi field). Duplicates
    need every line of the form at once: :func:`check_lines`, called by the admin formset."""
    report = getattr(line, "report", None) if line.report_id or "report" in line._state.fields_cache else None
    if report is None or not line.kpi_id:
        return
    organisation = report.organisation if report.organisation_id else None
    round_ = report.round if report.round_id else None
    message = kpi_error(organisation, round_, line.kpi)
    if message:
        raise ValidationError({"kpi": message})
