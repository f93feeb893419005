"""Short paths from the home page: evidence for a KPI of an open round, the preparers' overview."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from cms.models import KPITemplatePage
from evidence.models import EvidenceFolderPage, EvidencePage
from cms.permissions import reads_all, user_unit_ids
from evidence.checklist import required_item_from
from evidence.ingest import Upload, attach_files
from reporting.models import ReportingRound
from search.extraction import UploadRejected

from . import queries


def evidence_page_for(kpi, rnd, user):
    """The KPI's evidence page for the round, created (as a draft) in the unit's evidence folder when missing."""
    folder = EvidenceFolderPage.for_organisation_year(kpi.organisation_year, user=user)
    page = EvidencePage.objects.child_of(folder).filter(kpi=kpi, round=rnd.month).order_by("pk").first()
    if page is None:
        page = EvidencePage(
            title=f"หลักฐานตัวชี้วัดที่ {kpi.code} {rnd}", slug=f"kpi-{kpi.code.replace('.', '-')}-round-{rnd.month}-{rnd.fiscal_year.year_be}",
            kpi=kpi, round=rnd.month, owner=user, live=False, has_unpublished_changes=True,
        )
        folder.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page


def quick_evidence(request, round_id, kpi_id):
    rnd = get_object_or_404(ReportingRound, pk=round_id)
    kpi = get_object_or_404(KPITemplatePage, pk=kpi_id)
    folder = kpi.organisation_year
    if folder is None or folder.organisation_id not in user_unit_ids(request.user):
        raise PermissionDenied  # only the KPI's own unit attaches its evidence
    if not folder.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    existing = EvidencePage.objects.descendant_of(folder).filter(kpi=kpi, round=rnd.month).order_by("pk").first()
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "ไม่ได้เลือกไฟล์: โปรดเลือกหรือลากไฟล์หลักฐานมาวางอย่างน้อย 1 ไฟล์")
        else:
            try:
                with transaction.atomic():
                    page = evidence_page_for(kpi, rnd, request.user)
                    created = attach_files(page, [Upload(f.name, f) for f in files], user=request.user,
                                           required_item=required_item_from(request, kpi))
            except UploadRejected as exc:
                for line in exc.message.splitlines():
                    messages.error(request, line)
            else:
                messages.success(
                    request,
                    f"แนบไฟล์แล้ว {len(created)} ไฟล์ในตัวชี้วัดที่ {kpi.code} {rnd} หลักฐานยังเป็นฉบับร่าง "
                    "ส่งให้หัวหน้าหน่วยงานอนุมัติได้จากหน้าหลักฐาน",
                )
                return redirect("wagtailadmin_home")
    return render(request, "dashboard/quick_evidence.html", {
        "title": "แนบไฟล์หลักฐาน", "icon": "upload", "kpi": kpi, "round": rnd, "existing": existing,
        "required_items": kpi.required_evidence_items(),
    })


def preparation(request):
    if not reads_all(request.user):
        raise PermissionDenied
    year_page, rows = queries.preparation_rows()
    return render(request, "dashboard/preparation_page.html", {
        "title": "เตรียมรับการตรวจประเมิน: หลักฐานทุกหน่วยงาน", "icon": "tasks", "year_page": year_page, "rows": rows,
    })


def line_compare(request, line_id):
    """A KPI supervisor's compare of one KPI line: the report's previous revision beside the
    line as sent now, and the unit's figure of the round before, with the link to score it."""
    from reporting.models import KpiReportLine
    from reporting.permissions import can_score_line

    line = get_object_or_404(KpiReportLine.objects.select_related("report__round__fiscal_year", "report__organisation", "kpi"), pk=line_id)
    if not can_score_line(request.user, line):
        raise PermissionDenied
    latest_id, previous_id = queries.line_revisions(line.report)
    before, rows = queries.compare_rows(line, previous_id)
    return render(request, "dashboard/line_compare.html", {
        "title": f"เปรียบเทียบตัวชี้วัดที่ {line.kpi.code} {line.report.organisation.name_th} {line.report.round}",
        "icon": "history", "line": line, "rows": rows, "has_previous": previous_id is not None,
        "previous_round_line": queries.previous_round_line(line),
    })
