"""Views of the evidence archive: the download of one file (public URL
``/evidence/file/<id>/``, ``evidence.download_urls``) and the admin screens, grouped in
:class:`EvidenceViewSet` (URLs ``/admin/evidence/…``, names ``evidence_admin:…``): upload, file
status and retry, search, the site-visit checklist and the binder export. Each view checks its
permission once (``dispatch``, or ``post`` for the POST-only actions), with the rules of
``evidence.permissions`` and the pages' own permission testers."""
import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import TemplateView, View
from wagtail.admin.viewsets.base import ViewSet

from cms.admin_views import AdminScreen
from cms.models import FiscalYear, Organisation, OrganisationYearPage
from evidence_search.extraction import UploadRejected

from .checklist import checklist_for, required_item_from
from .indexing import file_id
from .ingest import Upload, attach_files, can_retry, retry_file
from .models import BinderExport, EvidenceFile, EvidencePage
from .rounds import rounds_present
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


def readable_organisation_year(request, folder_id):
    folder = get_object_or_404(OrganisationYearPage, pk=folder_id)
    if not may_read_unit(request.user, folder.organisation):
        raise PermissionDenied
    return folder


class UploadView(AdminScreen, TemplateView):
    template_name = "evidence/upload.html"
    page_title = "อัปโหลดไฟล์หลักฐาน"
    header_icon = "upload"

    def dispatch(self, request, page_id):
        self.page = editable_evidence_page(request, page_id)
        return super().dispatch(request, page_id)

    def post(self, request, *args, **kwargs):
        page = self.page
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, "ไม่ได้เลือกไฟล์: โปรดเลือกไฟล์หลักฐานอย่างน้อย 1 ไฟล์")
            return self.get(request, *args, **kwargs)
        try:
            with transaction.atomic():
                created = attach_files(page, [Upload(f.name, f) for f in files], user=request.user,
                                       required_item=required_item_from(request, page.kpi))
        except UploadRejected as exc:
            for line in exc.message.splitlines():
                messages.error(request, line)
            return self.get(request, *args, **kwargs)
        messages.success(request, f"รับไฟล์แล้ว {len(created)} ไฟล์ ระบบกำลังดึงข้อความเพื่อการค้นหา")
        return redirect("evidence_admin:files", page.pk)

    def get_context_data(self, **kwargs):
        page = self.page
        return super().get_context_data(
            page=page, required_items=page.kpi.required_evidence_items() if page.kpi else [], **kwargs)


class FilesView(AdminScreen, TemplateView):
    template_name = "evidence/files.html"
    page_title = "สถานะไฟล์หลักฐาน"
    header_icon = "doc-full"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(EvidencePage, pk=page_id)
        self.can_edit = self.page.permissions_for_user(request.user).can_edit()
        if not (self.can_edit or may_read_unit(request.user, self.page.organisation)):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_context_data(self, **kwargs):
        page = self.page
        return super().get_context_data(
            page=page, rows=[(f, can_retry(f)) for f in page.files.all()], can_edit=self.can_edit,
            required_items=page.kpi.required_evidence_items() if page.kpi else [], **kwargs)


class LinkRequiredItemView(View):
    """Link an attached file to one required document of its KPI (or to none): the checklist ticks by it."""

    http_method_names = ["post"]

    def post(self, request, file_id):
        evidence_file = get_object_or_404(EvidenceFile.objects.select_related("page"), pk=file_id)
        page = editable_evidence_page(request, evidence_file.page_id)
        evidence_file.required_item = required_item_from(request, page.kpi)
        evidence_file.save(update_fields=["required_item"])
        if evidence_file.required_item:
            messages.success(request, f"ระบุแล้ว: {evidence_file.original_name} เป็นหลักฐาน “{evidence_file.required_item}”")
        else:
            messages.success(request, f"ยกเลิกการระบุรายการของ {evidence_file.original_name} แล้ว")
        return redirect("evidence_admin:files", page.pk)


class RetryView(View):
    http_method_names = ["post"]

    def post(self, request, file_id):
        evidence_file = get_object_or_404(EvidenceFile, pk=file_id)
        editable_evidence_page(request, evidence_file.page_id)
        if retry_file(evidence_file.pk):
            messages.success(request, f"ส่งไฟล์ {evidence_file.original_name} เข้าคิวประมวลผลอีกครั้งแล้ว")
        else:
            messages.warning(request, f"ไฟล์ {evidence_file.original_name} กำลังประมวลผลอยู่ จึงยังไม่ส่งเข้าคิวซ้ำ")
        return redirect("evidence_admin:files", evidence_file.page_id)


class SearchView(AdminScreen, TemplateView):
    template_name = "evidence/search.html"
    page_title = "ค้นหาหลักฐาน"
    header_icon = "search"

    def get_context_data(self, **kwargs):
        request, params = self.request, self.request.GET
        query = params.get("q", "").strip()
        context = super().get_context_data(
            query=query, years=FiscalYear.objects.all(),
            units=Organisation.objects.filter(level=Organisation.UNIT).select_related("parent__parent"),
            rounds=rounds_present(), file_types=FILE_TYPES, params=params, **kwargs)
        if query:
            arguments = search_arguments(params, page="p")
            try:
                results = run_search(query, visibility=visibility_for(request.user), **arguments)
            except Organisation.MultipleObjectsReturned as exc:
                messages.error(request, f"หน่วยงาน: {exc}")
                return context
            context.update(results=results, page_number=arguments["page"],
                           hits=[(h, file_id(h.document_id)) for h in results.hits])
        return context


class ChecklistView(AdminScreen, TemplateView):
    template_name = "evidence/checklist.html"
    page_title = "รายการตรวจสอบหลักฐานสำหรับการตรวจประเมิน"
    header_icon = "tasks"

    def dispatch(self, request, folder_id):
        self.folder = readable_organisation_year(request, folder_id)
        return super().dispatch(request, folder_id)

    def get_context_data(self, **kwargs):
        rows = checklist_for(self.folder)
        exports = BinderExport.objects.filter(organisation_year=self.folder).order_by("-created_at")[:5]
        return super().get_context_data(
            folder=self.folder, rows=rows, missing=sum(r.missing for r in rows), exports=exports, **kwargs)


class StartBinderView(View):
    http_method_names = ["post"]

    def post(self, request, folder_id):
        from .tasks import build_binder_export

        folder = readable_organisation_year(request, folder_id)
        export = BinderExport.objects.create(organisation_year=folder, requested_by=request.user)
        transaction.on_commit(lambda: build_binder_export.enqueue(export.pk))
        return redirect("evidence_admin:binder", export.pk)


class BinderView(AdminScreen, TemplateView):
    template_name = "evidence/binder.html"
    page_title = "ส่งออกแฟ้มหลักฐาน"
    header_icon = "doc-full"

    def dispatch(self, request, export_id):
        self.export = get_object_or_404(BinderExport, pk=export_id)
        readable_organisation_year(request, self.export.organisation_year_id)
        return super().dispatch(request, export_id)

    def get(self, request, *args, **kwargs):
        export = self.export
        if request.GET.get("download") and export.status == BinderExport.DONE:
            return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(export=self.export, **kwargs)


class EvidenceViewSet(ViewSet):
    """The evidence screens (``evidence_admin:…`` under ``/admin/evidence/``), and the menu "ค้นหาหลักฐาน"."""

    name = "evidence_admin"
    url_prefix = "evidence"
    icon = "search"
    add_to_admin_menu = True
    menu_label = "ค้นหาหลักฐาน"
    menu_order = 150

    def get_urlpatterns(self):
        return [
            path("search/", SearchView.as_view(), name="search"),
            path("page/<int:page_id>/upload/", UploadView.as_view(), name="upload"),
            path("page/<int:page_id>/files/", FilesView.as_view(), name="files"),
            path("file/<int:file_id>/retry/", RetryView.as_view(), name="retry"),
            path("file/<int:file_id>/required-item/", LinkRequiredItemView.as_view(), name="link_required_item"),
            path("checklist/<int:folder_id>/", ChecklistView.as_view(), name="checklist"),
            path("checklist/<int:folder_id>/binder/", StartBinderView.as_view(), name="start_binder"),
            path("binder/<int:export_id>/", BinderView.as_view(), name="binder"),
        ]
