"""Admin wiring: Memo snippet, "สร้างเอกสาร" buttons, the standard-memo entry.

The snippet buttons appear for every snippet model with a registered document adapter
(:func:`doc_templates.generate.register`): Memo, and the reporting UnitReport / ReportingRound."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet

from cms.snippet_views import UnitOwnedSnippetViewSet

from .generate import adapters_for, can_generate
from .models import Memo
from .permissions import MemoPermissionPolicy
from .views import DocumentsViewSet


@hooks.register("register_admin_viewset")
def register_documents_viewset():
    return DocumentsViewSet()  # with the standard-memo menu entry


def generate_url(obj):
    meta = obj._meta
    return reverse("doc_templates_generate", args=[meta.app_label, meta.model_name, obj.pk])


@hooks.register("register_page_header_buttons")
def page_header_generate_button(page, user, view_name=None, next_url=None):
    if type(page.specific_deferred).__name__ in ("AgreementPage", "KPIManualPage") and can_generate(user, page):
        yield Button("สร้างเอกสาร", generate_url(page.specific), icon_name="doc-full", priority=60)


@hooks.register("register_page_listing_more_buttons")
def page_listing_generate_button(page, user, next_url=None):
    if type(page.specific_deferred).__name__ in ("AgreementPage", "KPIManualPage") and can_generate(user, page):
        yield Button("สร้างเอกสาร", generate_url(page.specific), icon_name="doc-full", priority=60)


class MemoViewSet(UnitOwnedSnippetViewSet):
    model = Memo
    icon = "mail"
    menu_label = "บันทึกข้อความ/หนังสือ"
    menu_name = "memos"
    add_to_admin_menu = True
    menu_order = 1040
    list_display = ["__str__", "organisation", "kind", "date"]
    list_filter = ["kind", "organisation"]
    search_fields = ["subject", "body"]

    @property
    def permission_policy(self):
        return MemoPermissionPolicy(self.model)


register_snippet(MemoViewSet)


@hooks.register("register_snippet_listing_buttons")
def snippet_listing_generate_button(snippet, user, next_url=None):
    if adapters_for(snippet) and can_generate(user, snippet):
        yield ListingButton("สร้างเอกสาร", generate_url(snippet), icon_name="doc-full", priority=60)


class GenerateDocumentMenuItem(ActionMenuItem):
    """"สร้างเอกสาร" in a snippet's edit view action menu (a link to the generate view)."""

    name = "action-generate-document"
    label = "สร้างเอกสาร"
    icon_name = "doc-full"

    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context.get("view") == "edit" and instance is not None and instance.pk is not None
            and adapters_for(instance) and can_generate(context["request"].user, instance)
        )

    def get_url(self, parent_context):
        return generate_url(parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def snippet_generate_action(model):
    return GenerateDocumentMenuItem(order=90) if adapters_for(model) else None


@hooks.register("before_serve_document")
def guard_generated_documents(document, request):
    """A generated document is served only to users who may generate from its source
    (a unit's staff for their own unit, the read-all roles for every unit); anyone else
    gets the same 404 as for a document that does not exist."""
    from django.db.models import Q
    from django.http import Http404

    from .generate import can_generate
    from .models import GeneratedDocument

    generated = GeneratedDocument.objects.filter(Q(document=document) | Q(pdf=document)).first()
    if generated is not None and (generated.source is None or not can_generate(request.user, generated.source)):
        raise Http404("ไม่พบเอกสาร")
