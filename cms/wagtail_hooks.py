"""Admin: reference data as snippets grouped under one menu."""
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from .forms import FrameworkForm, OrganisationForm
from .templatetags.thai import thai_date
from .models import EvaluationFramework, FiscalYear, Organisation, UnitGroup


class FiscalYearViewSet(SnippetViewSet):
    model = FiscalYear
    icon = "date"
    list_display = [
        "__str__",
        Column("start_date", label="วันเริ่มต้น", accessor=lambda year: thai_date(year.start_date)),
        Column("end_date", label="วันสิ้นสุด", accessor=lambda year: thai_date(year.end_date)),
        BooleanColumn("is_current", label="ปีปัจจุบัน"),
    ]


class ScopedEditView(EditView):
    """The edit view asks the permission policy about the object itself (Wagtail's checks the
    model permission only), so one agency's editors never open another's."""

    def get_object(self, queryset=None):
        from django.core.exceptions import PermissionDenied

        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class ScopedReferenceViewSet(SnippetViewSet):
    """An agency's own editors manage the reference data of their subtree."""

    edit_view_class = ScopedEditView

    @property
    def permission_policy(self):
        from .permissions import OrganisationScopedPolicy

        return OrganisationScopedPolicy(self.model)


class OrganisationViewSet(ScopedReferenceViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name_th", "abbreviation", "level", "parent", "group"]
    list_filter = ["level", "group"]
    search_fields = ["name_th", "abbreviation"]
    # the model's panels with the admin form: named here, not on the model (``base_form_class``),
    # since the form reads the organisation scopes (``cms.scopes``), which read the model
    edit_handler = ObjectList(Organisation.panels, base_form_class=OrganisationForm)


class UnitGroupViewSet(SnippetViewSet):
    model = UnitGroup
    icon = "list-ul"


class FrameworkViewSet(ScopedReferenceViewSet):
    model = EvaluationFramework
    icon = "table"
    list_display = ["name", "fiscal_year", "level"]
    list_filter = ["fiscal_year", "level"]
    edit_handler = ObjectList(EvaluationFramework.panels, base_form_class=FrameworkForm)  # as OrganisationViewSet's


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


@hooks.register("construct_page_chooser_queryset")
def chooser_lists_visible_pages(pages, request):
    """The page chooser (browse and search) lists only pages the user may see (cms.page_gate)."""
    from .permissions import visible_pages

    return visible_pages(request.user, pages)


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

    from wagtail.images import permissions as image_permissions
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    class PermittedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
        """Wagtail listed every image to any admin user: only images the caller may choose or change."""

        def get_queryset(self):
            allowed = image_permissions.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["choose", "change"])
            return super().get_queryset().filter(pk__in=allowed.values("pk"))

    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)


@hooks.register("register_log_actions")
def register_kpi_change_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("cms.kpi_change_decided")
    class KpiChangeFormatter(LogFormatter):
        label = "พิจารณาคำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            status = {"approved": "อนุมัติ", "rejected": "ไม่อนุมัติ"}.get(data.get("status"), data.get("status", ""))
            return f"{status}คำขอเปลี่ยนแปลงตัวชี้วัด: {data.get('reason', '')}"


@hooks.register("before_edit_page")
def refuse_stale_page_save(request, page):
    """A post from a form older than the page's latest revision is shown back, not saved."""
    from .stale_save import refuse_stale_page_save as refuse

    return refuse(request, page)


@hooks.register("before_create_page")
def repeated_create_opens_the_page_already_created(request, parent_page, page_class):
    """Creates under one parent run one at a time (parent row locked): a repeated create
    opens the page already made, a concurrent one gets the form's slug/code error."""
    from .double_create import answer_repeated_create
    from .row_lock import rerun_with_page_locked

    if request.method != "POST":
        return None
    def inside():
        parent_page.refresh_from_db()  # read before the lock: its child count may be stale
        return answer_repeated_create(request, parent_page, page_class)

    return rerun_with_page_locked(request, parent_page.pk, inside)


@hooks.register("insert_global_admin_js")
def thai_slugs_keep_their_marks():
    """Wagtail's slug controller with Thai vowels and tone marks kept (cms/slugs.py)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}"></script>', static("cms/js/thai_slug.js"))
