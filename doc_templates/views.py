"""Admin screens: generate a document from a source, list a source's documents,
and start a Memo from a standard memo; grouped in :class:`DocumentsViewSet` (URLs
``/admin/documents-generate/…``, names ``doc_templates_…``)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from cms.admin_views import AdminScreen, FlatNamesViewSet

from .errors import DocumentError, PdfUnavailable
from .from_pages import STANDARD_MEMO_TITLES, standard_memo_fields
from .generate import KINDS, TITLE_PREFIX, adapters_for, can_generate, default_kind, generate, kinds_for
from .models import GeneratedDocument, Memo
from .permissions import MemoPermissionPolicy

SOURCE_MODELS = {
    ("cms", "agreementpage"), ("cms", "kpimanualpage"), ("doc_templates", "memo"),
    ("reporting", "unitreport"), ("reporting", "reportinground"),
}


def _forbidden():
    # an explicit 403: Wagtail would turn PermissionDenied into a redirect to the dashboard
    return HttpResponseForbidden("คุณไม่มีสิทธิ์สร้างเอกสารจากต้นเรื่องนี้".encode(), content_type="text/plain; charset=utf-8")


def _source(app_label, model_name, pk):
    if (app_label, model_name) not in SOURCE_MODELS:
        raise Http404("ไม่พบต้นเรื่อง")
    content_type = get_object_or_404(ContentType, app_label=app_label, model=model_name)
    model = content_type.model_class()
    return get_object_or_404(model, pk=pk)


def _list_url(source):
    meta = source._meta
    return reverse("doc_templates_list", args=[meta.app_label, meta.model_name, source.pk])


class SourceScreen(AdminScreen, TemplateView):
    """A screen about one source (page or snippet): only users who may generate from it."""

    header_icon = "doc-full"

    def dispatch(self, request, app_label, model_name, pk):
        self.source = _source(app_label, model_name, pk)
        if not can_generate(request.user, self.source):
            return _forbidden()
        return super().dispatch(request, app_label, model_name, pk)

    def get_page_subtitle(self):
        return str(self.source)


class GenerateView(SourceScreen):
    template_name = "doc_templates/generate.html"
    page_title = "สร้างเอกสาร"

    @cached_property
    def kinds(self):
        return kinds_for(self.source)

    def get_context_data(self, **kwargs):
        source, kinds = self.source, self.kinds
        return super().get_context_data(
            source=source, kinds=[(k, TITLE_PREFIX[k]) for k in kinds],
            default_kind=kinds[0] if not isinstance(source, Memo) else source.kind, list_url=_list_url(source), **kwargs)

    def post(self, request, *args, **kwargs):
        source = self.source
        kind = request.POST.get("kind") or default_kind(source)
        if kind not in self.kinds or kind not in KINDS:
            messages.error(request, f"ไม่รู้จักชนิดเอกสาร '{kind}'")
            return redirect(request.path)
        try:
            generated = generate(source, kind, user=request.user, pdf=bool(request.POST.get("pdf")))
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(_list_url(source))
        except DocumentError as exc:
            messages.error(request, str(exc))
            return redirect(_list_url(source))
        messages.success(request, f"สร้างเอกสาร '{generated.document.title}' แล้ว")
        return redirect(_list_url(source))


class ListView(SourceScreen):
    template_name = "doc_templates/list.html"
    page_title = "เอกสารที่สร้างแล้ว"

    def get_context_data(self, **kwargs):
        source = self.source
        back = [a.back_url for a in adapters_for(source) if a.back_url is not None]
        if back:
            edit_url = back[0](source)
        elif hasattr(source, "permissions_for_user"):
            edit_url = reverse("wagtailadmin_pages:edit", args=[source.pk])
        else:
            edit_url = reverse("wagtailsnippets_doc_templates_memo:edit", args=[source.pk])
        documents = list(
            GeneratedDocument.objects.filter(
                source_content_type=ContentType.objects.get_for_model(source), source_object_id=str(source.pk)
            ).select_related("document", "pdf", "source_revision", "created_by")
        )
        for item in documents:
            # kinds added after the model's choices (SAR, score memo) are named from TITLE_PREFIX
            if item.kind not in dict(GeneratedDocument._meta.get_field("kind").choices):
                item.get_kind_display = lambda kind=item.kind: TITLE_PREFIX.get(kind, kind)
        return super().get_context_data(
            source=source, documents=documents, edit_url=edit_url,
            generate_url=reverse("doc_templates_generate", args=[source._meta.app_label, source._meta.model_name, source.pk]),
            **kwargs)


class StartFromStandardView(AdminScreen, TemplateView):
    template_name = "doc_templates/start_from_standard.html"
    page_title = "สร้างบันทึกจากแบบมาตรฐาน"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        # the same rule as the memo snippet's "add": a unit's staff for their own unit, model
        # permission holders (editors) for every unit; read-only roles (preparers) for none
        self.units = MemoPermissionPolicy(Memo).organisations_for(request.user, "add")
        if not self.units.exists():
            return _forbidden()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        from cms.models import FiscalYear, Organisation

        units = self.units
        key = request.POST.get("standard")
        unit = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
        sender = Organisation.objects.filter(pk=request.POST.get("sender") or 0).first()
        addressee = Organisation.objects.filter(pk=request.POST.get("addressee") or 0).first()
        if key not in STANDARD_MEMO_TITLES or unit is None:
            messages.error(request, "กรุณาเลือกแบบบันทึกและหน่วยงาน")
            return self.get(request, *args, **kwargs)
        year = FiscalYear.objects.filter(is_current=True).first() or FiscalYear.objects.first()
        fields = standard_memo_fields(key, unit, year.year_be if year else 2569, sender=sender,
                                      addressee=addressee)
        if not units.filter(pk=fields["organisation"].pk).exists():
            # the memo belongs to its sender: only the sender's staff may write it
            messages.error(request, f"บันทึกนี้เป็นของ{fields['organisation'].name_th} ซึ่งคุณไม่มีสิทธิ์จัดทำ")
            return self.get(request, *args, **kwargs)
        memo = Memo(kind=Memo.MEMO, standard=key, live=False, **fields)
        memo.save()
        memo.save_revision(user=request.user, log_action=True)
        messages.success(request, f"สร้างร่างบันทึก '{memo.subject}' แล้ว")
        return redirect(reverse("wagtailsnippets_doc_templates_memo:edit", args=[memo.pk]))

    def get_context_data(self, **kwargs):
        from cms.models import Organisation

        from .standard_memos import DIRECTIONS

        direction_labels = {"opdc_to_unit": "กพร. ถึงหน่วยงาน", "unit_to_opdc": "หน่วยงานถึง กพร.",
                            "opdc_to_executive": "กพร. ถึงผู้บริหาร"}
        return super().get_context_data(
            standards=[(k, f"{label} ({direction_labels[DIRECTIONS[k]]})") for k, label in STANDARD_MEMO_TITLES.items()],
            units=self.units, all_organisations=Organisation.objects.all(), **kwargs)


class DocumentsViewSet(FlatNamesViewSet):
    """The document screens, and the menu "สร้างบันทึกจากแบบมาตรฐาน"."""

    name = "doc_templates"
    url_prefix = "documents-generate"
    icon = "doc-full"
    add_to_admin_menu = True
    menu_label = "สร้างบันทึกจากแบบมาตรฐาน"
    menu_order = 1050

    def get_urlpatterns(self):
        return [
            path("standard-memo/", StartFromStandardView.as_view(), name="doc_templates_start_standard"),
            path("<str:app_label>/<str:model_name>/<int:pk>/", GenerateView.as_view(), name="doc_templates_generate"),
            path("<str:app_label>/<str:model_name>/<int:pk>/list/", ListView.as_view(), name="doc_templates_list"),
        ]
