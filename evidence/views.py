"""Views of the evidence archive: the download of one file (public URL
``/evidence/file/<id>/``, ``evidence.download_urls``) and the admin views: upload, file status
and retry, search, the site-visit checklist and the binder export. Every view checks
permissions itself."""
import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cms.models import FiscalYear, KPITemplatePage, Organisation, OrganisationYearPage
from search.extraction import UploadRejected

from .checklist import checklist_for, required_item_from
from .indexing import file_id
from .ingest import Upload, attach_files, can_retry, retry_file
from .models import ROUND_CHOICES, BinderExport, EvidenceFile, EvidencePage
from .permissions import can_view_evidence, evidence_scope, visibility_for
from .search_service import run_search, search_arguments

FILE_TYPES = [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("pptx", "PowerPoint"), ("doc", "Word รุ่นเก่า"), ("xls", "Excel รุ่นเก่า"), ("jpeg", "JPEG"), ("png", "PNG"), ("tiff", "TIFF"), ("text", "ข้อความ")]


def download_evidence_file(request, file_id):
    """An evidence file, for whoever may read its page (evidence files are never under MEDIA_URL)."""
    evidence_file = get_object_or_404(EvidenceFile.objects.select_related("page"), pk=file_id)
    if not can_view_evidence(request.user, evidence_file.page):
        # 404, not 403: a guessed id says nothing about what exists.
        raise Http404("ไม่พบไฟล์")
    content_type = mimetypes.guess_type(evidence_file.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        evidence_file.file.open("rb"), as_attachment=True, filename=evidence_file.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def editable_evidence_page(request, page_id):
    page = get_object_or_404(EvidencePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def may_read_unit(user, organisation) -> bool:
    scope = evidence_scope(user)
    return scope.all_units or organisation.pk in scope.unit_ids


def upload(request, page_id):
    page = editable_evidence_page(request, page_id)
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "ไม่ได้เลือกไฟล์: โปรดเลือกไฟล์หลักฐานอย่างน้อย 1 ไฟล์")
        else:
            try:
                with transaction.atomic():
                    created = attach_files(page, [Upload(f.name, f) for f in files], user=request.user,
                                           required_item=required_item_from(request, page.kpi))
            except UploadRejected as exc:
                for line in exc.message.splitlines():
                    messages.error(request, line)
            else:
                messages.success(request, f"รับไฟล์แล้ว {len(created)} ไฟล์ ระบบกำลังดึงข้อความเพื่อการค้นหา")
                return redirect("evidence_admin:files", page.pk)
    return render(request, "evidence/upload.html", {"page": page, "title": "อัปโหลดไฟล์หลักฐาน", "icon": "upload",
                                                    "required_items": page.kpi.required_evidence_items() if page.kpi else []})


def files(request, page_id):
    page = get_object_or_404(EvidencePage, pk=page_id)
    if not (page.permissions_for_user(request.user).can_edit() or may_read_unit(request.user, page.organisation)):
        raise PermissionDenied
    rows = [(f, can_retry(f)) for f in page.files.all()]
    return render(request, "evidence/files.html", {
        "title": "สถานะไฟล์หลักฐาน", "page": page, "rows": rows, "can_edit": page.permissions_for_user(request.user).can_edit(),
        "required_items": page.kpi.required_evidence_items() if page.kpi else [],
    })


@require_POST
def link_required_item(request, file_id):
    """Link an attached file to one required document of its KPI (or to none): the checklist ticks by it."""
    evidence_file = get_object_or_404(EvidenceFile.objects.select_related("page"), pk=file_id)
    page = editable_evidence_page(request, evidence_file.page_id)
    evidence_file.required_item = required_item_from(request, page.kpi)
    evidence_file.save(update_fields=["required_item"])
    if evidence_file.required_item:
        messages.success(request, f"ระบุแล้ว: {evidence_file.original_name} เป็นหลักฐาน “{evidence_file.required_item}”")
    else:
        messages.success(request, f"ยกเลิกการระบุรายการของ {evidence_file.original_name} แล้ว")
    return redirect("evidence_admin:files", page.pk)


@require_POST
def retry(request, file_id):
    evidence_file = get_object_or_404(EvidenceFile, pk=file_id)
    editable_evidence_page(request, evidence_file.page_id)
    if retry_file(evidence_file.pk):
        messages.success(request, f"ส่งไฟล์ {evidence_file.original_name} เข้าคิวประมวลผลอีกครั้งแล้ว")
    else:
        messages.warning(request, f"ไฟล์ {evidence_file.original_name} กำลังประมวลผลอยู่ จึงยังไม่ส่งเข้าคิวซ้ำ")
    return redirect("evidence_admin:files", evidence_file.page_id)


def search(request):
    params = request.GET
    query = params.get("q", "").strip()
    context = {
        "query": query, "years": FiscalYear.objects.all(), "units": Organisation.objects.filter(level=Organisation.UNIT).select_related("parent__parent"),
        "rounds": ROUND_CHOICES, "file_types": FILE_TYPES, "params": params, "title": "ค้นหาหลักฐาน", "icon": "search",
    }
    if query:
        arguments = search_arguments(params, page="p")
        page_number = arguments["page"]
        try:
            results = run_search(query, visibility=visibility_for(request.user), **arguments)
        except Organisation.MultipleObjectsReturned as exc:
            messages.error(request, f"หน่วยงาน: {exc}")
            return render(request, "evidence/search.html", context)
        context.update(results=results, page_number=page_number, hits=[(h, file_id(h.document_id)) for h in results.hits])
    return render(request, "evidence/search.html", context)


def readable_organisation_year(request, folder_id):
    folder = get_object_or_404(OrganisationYearPage, pk=folder_id)
    if not may_read_unit(request.user, folder.organisation):
        raise PermissionDenied
    return folder


def checklist(request, folder_id):
    folder = readable_organisation_year(request, folder_id)
    rows = checklist_for(folder)
    exports = BinderExport.objects.filter(organisation_year=folder).order_by("-created_at")[:5]
    return render(request, "evidence/checklist.html", {"title": "รายการตรวจสอบหลักฐานสำหรับการตรวจประเมิน", "icon": "tasks", "folder": folder, "rows": rows, "missing": sum(r.missing for r in rows), "exports": exports})


@require_POST
def start_binder(request, folder_id):
    from .tasks import build_binder_export

    folder = readable_organisation_year(request, folder_id)
    export = BinderExport.objects.create(organisation_year=folder, requested_by=request.user)
    transaction.on_commit(lambda: build_binder_export.enqueue(export.pk))
    return redirect("evidence_admin:binder", export.pk)


def binder(request, export_id):
    export = get_object_or_404(BinderExport, pk=export_id)
    readable_organisation_year(request, export.organisation_year_id)
    if request.GET.get("download") and export.status == BinderExport.DONE:
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])
    return render(request, "evidence/binder.html", {"export": export, "title": "ส่งออกแฟ้มหลักฐาน"})
