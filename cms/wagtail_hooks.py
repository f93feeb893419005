"""Admin: reference data as snippets grouped under one menu."""
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import EvaluationFramework, FiscalYear, Organisation, UnitGroup


class FiscalYearViewSet(SnippetViewSet):
    model = FiscalYear
    icon = "date"
    list_display = ["__str__", "start_date", "end_date", "is_current"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_th", "abbreviation", "level", "parent", "group"]
    list_filter = ["level", "group"]
    search_fields = ["name_th", "abbreviation"]


class UnitGroupViewSet(SnippetViewSet):
    model = UnitGroup
    icon = "list-ul"


class FrameworkViewSet(SnippetViewSet):
    model = EvaluationFramework
    icon = "table"
    list_display = ["name", "fiscal_year", "level"]
    list_filter = ["fiscal_year", "level"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = "ข้อมูลอ้างอิง"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (FiscalYearViewSet, OrganisationViewSet, UnitGroupViewSet, FrameworkViewSet)


register_snippet(ReferenceDataGroup)


@hooks.register("before_serve_document")
def guard_documents(document, request):
    """Every Wagtail document is private unless a rule below opens it (cms.documents)."""
    from django.http import Http404

    from .documents import can_view_document

    if not can_view_document(request.user, document):
        raise Http404("ไม่พบเอกสาร")


@hooks.register("construct_admin_api", order=100)
def documents_admin_api_for_the_caller(router):
    """Wagtail's admin documents API listed every document to any admin user; it now lists
    only documents the caller may download (cms.documents.visible_documents)."""
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

    from .documents import visible_documents

    class VisibleDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return visible_documents(self.request.user, super().get_queryset())

    router.register_endpoint("documents", VisibleDocumentsAdminAPIViewSet)
