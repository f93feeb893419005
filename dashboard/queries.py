"""What each role's home page shows, as plain queries (no rendering)."""
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page, WorkflowState

from cms.models import KPITemplatePage, Organisation, OrganisationYearPage, kpi_sort_key
from evidence.models import EvidenceFile, EvidencePage
from cms.permissions import user_unit_ids
from reporting.models import ReportingRound, UnitReport
from reporting.rounds import Calendar


def today() -> dt.date:
    return timezone.localdate()


def open_rounds(on: dt.date | None = None):
    on = on or today()
    return list(ReportingRound.objects.filter(opens_on__lte=on, closes_on__gte=on).select_related("fiscal_year").order_by("closes_on"))


@dataclass
class KpiLine:
    kpi: KPITemplatePage
    files: int


@dataclass
class UnitRound:
    """One unit in one open round: days left, the report, and each KPI with its evidence count."""

    round: ReportingRound
    organisation: Organisation
    folder: OrganisationYearPage | None
    report: UnitReport | None
    days_left: int
    kpis: list[KpiLine] = field(default_factory=list)

    @property
    def lacking(self) -> list[KpiLine]:
        return [line for line in self.kpis if not line.files]


def unit_rounds(user, on: dt.date | None = None) -> list[UnitRound]:
    on = on or today()
    units = list(Organisation.objects.filter(pk__in=user_unit_ids(user)).order_by("name_th"))
    out = []
    calendar = Calendar()  # one read of the rounds and the tree for every unit × round
    for rnd in open_rounds(on):
        for unit in units:
            if not calendar.applies_to(rnd, unit):  # another organisation's calendar (reporting.rounds)
                continue
            folder = _folder(unit, rnd.fiscal_year)
            report = UnitReport.objects.filter(round=rnd, organisation=unit).first()
            row = UnitRound(round=rnd, organisation=unit, folder=folder, report=report, days_left=(rnd.closes_on - on).days)
            if folder is not None:
                kpis = sorted(KPITemplatePage.objects.child_of(folder), key=lambda k: kpi_sort_key(k.code))
                counts = {}
                for kpi_id in EvidenceFile.objects.filter(
                    page__in=EvidencePage.objects.descendant_of(folder).filter(round=rnd.month)
                ).values_list("page__kpi_id", flat=True):
                    counts[kpi_id] = counts.get(kpi_id, 0) + 1
                row.kpis = [KpiLine(kpi=k, files=counts.get(k.pk, 0)) for k in kpis]
            out.append(row)
    return out


def _folder(organisation, fiscal_year):
    year_page = getattr(fiscal_year, "page", None)
    if year_page is None:
        return None
    return OrganisationYearPage.objects.child_of(year_page).filter(organisation=organisation).first()


def sent_back(user):
    """Workflow states that need changes on pages of the user's units (or that the user submitted)."""
    unit_ids = user_unit_ids(user)
    folders = OrganisationYearPage.objects.filter(organisation_id__in=unit_ids)
    pages = Page.objects.none()
    for folder in folders:
        pages = pages | Page.objects.descendant_of(folder)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    states = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
    from django.db.models import Q

    return list(states.filter(Q(base_content_type__model="page", object_id__in=page_ids) | Q(requested_by=user)).order_by("-created_at")[:20])


def latest_scored_round():
    return ReportingRound.objects.filter(reports__isnull=False).distinct().order_by("-fiscal_year__year_be", "-month").first()


@dataclass
class PreparationRow:
    folder: OrganisationYearPage
    kpis: int
    missing: int


def current_year_folders(on: dt.date | None = None):
    from cms.models import FiscalYear, FiscalYearPage

    on = on or today()
    year_page = FiscalYearPage.objects.filter(fiscal_year__year_be=FiscalYear.be_year_for(on)).first() or (
        FiscalYearPage.objects.order_by("-fiscal_year__year_be").first()
    )
    if year_page is None:
        return None, []
    folders = OrganisationYearPage.objects.child_of(year_page).select_related("organisation").order_by("organisation__level", "organisation__name_th")
    return year_page, [f for f in folders if f.organisation.level == Organisation.UNIT]


def preparation_rows(on: dt.date | None = None):
    """Every unit of the current fiscal year with its KPI count and the KPIs still missing a required document."""
    from evidence.checklist import checklist_for

    year_page, folders = current_year_folders(on)
    rows = []
    for folder in folders:
        checklist = checklist_for(folder)
        rows.append(PreparationRow(folder=folder, kpis=len(checklist), missing=sum(r.missing for r in checklist)))
    return year_page, rows


@dataclass
class SupervisedLine:
    """One KPI line a supervisor still has to score: its report, and the report revision to compare."""

    line: "object"
    previous_revision_id: int | None = None


def supervises_kpis(user) -> bool:
    return user.is_authenticated and KPITemplatePage.objects.filter(supervisor_users=user).exists()


def supervisor_queue(user, on: dt.date | None = None) -> list[SupervisedLine]:
    """The lines of KPIs ``user`` supervises (``KPITemplatePage.supervisor_users``) that still wait
    for their score: the unit sent the report (or its round has closed), no reviewer score yet,
    and the score not frozen by the announcement (``reporting.scores.scores_frozen``)."""
    from django.db.models import Q

    from cms.models import kpi_sort_key
    from reporting.models import KpiReportLine
    from reporting.scores import scores_frozen

    on = on or today()
    if not supervises_kpis(user):
        return []
    lines = (
        KpiReportLine.objects.filter(kpi__supervisor_users=user, reviewer_score__isnull=True)
        .filter(~Q(report__status=UnitReport.DRAFT) | Q(report__round__closes_on__lt=on))
        .select_related("report__round__fiscal_year", "report__organisation", "kpi")
    )
    out = []
    for line in lines:
        if scores_frozen(line.report, on):
            continue
        out.append(SupervisedLine(line=line, previous_revision_id=line_revisions(line.report)[1]))
    out.sort(key=lambda s: (s.line.report.round.closes_on, s.line.report.organisation.name_th, kpi_sort_key(s.line.kpi.code)))
    return out


def line_revisions(report):
    """(latest, previous) revision ids of a report (None where there is none)."""
    ids = list(report.revisions.order_by("-created_at", "-pk").values_list("pk", flat=True)[:2])
    return (ids + [None, None])[0], (ids + [None, None])[1]


LINE_FIELDS = [
    ("result_value", "ผลการดำเนินงาน (ค่า)"), ("steps_done", "ขั้นตอนที่ทำแล้ว"), ("performance", "ผลการดำเนินงาน"),
    ("supporting_factors", "ปัจจัยสนับสนุน"), ("obstacles", "อุปสรรค"), ("improvements", "แนวทางแก้ไข/พัฒนา"),
]


def line_in_revision(revision, kpi_id):
    if revision is None:
        return None
    try:
        report = revision.as_object()
    except Exception:  # a revision that no longer loads
        return None
    return next((line for line in report.lines.all() if line.kpi_id == kpi_id), None)


def previous_round_line(line):
    """The same KPI's line in the unit's report of the round before (same fiscal year), if any."""
    from reporting.models import KpiReportLine

    return (
        KpiReportLine.objects.filter(
            report__organisation=line.report.organisation_id, kpi_id=line.kpi_id,
            report__round__fiscal_year=line.report.round.fiscal_year_id, report__round__month__lt=line.report.round.month,
        ).select_related("report__round").order_by("-report__round__month").first()
    )


def field_text(line, name) -> str:
    """A line field as the compare table shows it ("-" when empty)."""
    if line is None:
        return "-"
    value = getattr(line, name)
    if value in (None, "", []):
        return "-"
    if name == "steps_done":
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return f"ระดับ {value}"
    if name == "result_value":
        return format(value.normalize(), "f")
    return str(value)


def compare_rows(line, previous_revision_id):
    """Field by field: the line in the report's previous revision beside the line now."""
    from wagtail.models import Revision

    before = line_in_revision(Revision.objects.filter(pk=previous_revision_id).first(), line.kpi_id) if previous_revision_id else None
    rows = []
    milestone = line.kpi.kind == "milestone"
    for name, label in LINE_FIELDS:
        if name == ("result_value" if milestone else "steps_done"):
            continue  # a milestone KPI reports steps, the others a value
        old, new = field_text(before, name), field_text(line, name)
        rows.append({"label": label, "before": old, "now": new, "changed": old != new})
    return before, rows
