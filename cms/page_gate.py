"""Wagtail admin views that name pages before checking the user may see them, behind
``cms.permissions.visible_pages`` / ``can_see_page`` (issue 9, item 11).

Wagtail's page chooser lists every page (drafts of other units included) and names the
parent it browses; "chosen" answers any page id with its title; the workflow preview and
action views put the page's title in their "not awaiting moderation" message before any
permission check; bulk actions list the titles of the pages the user may not act on; the
page-types report names the latest edited page of each type. These URL patterns come before
Wagtail's admin (``khamrap/urls.py``) and put the one rule in front of Wagtail's own views:
a page the user may not see is a 404, and lists hold only visible pages.
"""
from django.apps import apps
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action import index as bulk_action_index
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages import workflow
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from .permissions import UnitOwnedPermissionPolicy, can_see_page, visible_pages

NOT_FOUND = "ไม่พบหน้านี้"


def page_must_be_visible(view, kwarg):
    """``view`` (a Wagtail view) only for a page named by ``kwarg`` that the user may see."""

    def gated(request, *args, **kwargs):
        page = Page.objects.filter(pk=kwargs[kwarg]).first()
        if page is None or not can_see_page(request.user, page):
            raise Http404(NOT_FOUND)
        return view(request, *args, **kwargs)

    return gated


def with_visible_ids(request, model, ids):
    """Replace the request's ``id`` parameters by those of visible objects (404 if none)."""
    ids = [str(pk) for pk in ids if str(pk).isdigit()]
    if issubclass(model, Page):
        visible = visible_pages(request.user, Page.objects.filter(pk__in=ids))
    elif (policy := media_policy(model)) is not None:
        # documents (the project's document rule on Wagtail's policy) and images (Wagtail's
        # collection policy): the confirmation page lists no object the user holds no right on
        visible = policy.instances_user_has_any_permission_for(request.user, ["change", "choose"]).filter(pk__in=ids)
    else:
        policy = getattr(getattr(model, "snippet_viewset", None), "permission_policy", None)
        if not isinstance(policy, UnitOwnedPermissionPolicy):
            return  # other models: Wagtail's own checks (they name no other unit's objects)
        visible = policy.instances_user_has_permission_for(request.user, "view").filter(pk__in=ids)
    kept = [str(pk) for pk in visible.values_list("pk", flat=True)]
    if not kept:
        raise Http404(NOT_FOUND)
    query = request.GET.copy()
    query.setlist("id", kept)
    query.pop("childOf", None)
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def media_policy(model):
    """Wagtail's permission policy for documents or images (None for other models)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if issubclass(model, get_document_model()):
        from wagtail.documents.permissions import permission_policy

        return permission_policy
    if issubclass(model, get_image_model()):
        from wagtail.images import permissions

        return permissions.permission_policy
    return None


def image_select_format(request, image_id):
    """Wagtail's image "select format" step opened any image by id (title, preview) without a
    permission check: only an image the user may choose or change."""
    from wagtail.images import get_image_model, permissions
    from wagtail.images.views.chooser import viewset as image_chooser_viewset

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None or not permissions.permission_policy.user_has_any_permission_for_instance(
            request.user, ["choose", "change"], image):
        raise Http404(NOT_FOUND)
    return image_chooser_viewset.select_format_view(request, image_id=image_id)


def chosen_multiple(request):
    with_visible_ids(request, Page, request.GET.getlist("id"))
    return chooser.ChosenMultipleView.as_view()(request)


def bulk_action(request, app_label, model_name, action):
    """Bulk actions on the visible objects only ("all" expanded first, as Wagtail would)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404(NOT_FOUND) from exc
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404(NOT_FOUND)
    ids = request.GET.getlist("id")
    if "all" in ids:
        ids = list(action_class(request, model).get_all_objects_in_listing_query(request.GET.get("childOf")))
    with_visible_ids(request, model, ids)
    return bulk_action_index(request, app_label, model_name, action)


class VisiblePageTypesUsageReportView(PageTypesUsageReportView):
    """"Last edited page" of each type: only a page the user may see (else left empty)."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        shown = [item.last_edited_page.pk for item in page_types if item.last_edited_page is not None]
        visible = set(visible_pages(self.request.user, Page.objects.filter(pk__in=shown)).values_list("pk", flat=True))
        for item in page_types:
            if item.last_edited_page is not None and item.last_edited_page.pk not in visible:
                item.last_edited_page = None
        return page_types


def _admin_view(view):
    """Decorated as Wagtail decorates its own admin views (login, Thai 404, no caching)."""
    return never_cache(display_custom_404(require_admin_access(view)))


ROUTES = [
    ("admin/choose-page/<int:parent_page_id>/",
         page_must_be_visible(chooser.BrowseView.as_view(), "parent_page_id")),
    ("admin/choose-page/chosen-multiple/", chosen_multiple),
    ("admin/pages/workflow/preview/<int:page_id>/<int:task_id>/",
         page_must_be_visible(workflow.PreviewRevisionForTask.as_view(), "page_id")),
    ("admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
         page_must_be_visible(workflow.WorkflowAction.as_view(), "page_id")),
    ("admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
         page_must_be_visible(workflow.CollectWorkflowActionData.as_view(), "page_id")),
    ("admin/pages/workflow/confirm_cancellation/<int:page_id>/",
         page_must_be_visible(workflow.ConfirmWorkflowCancellation.as_view(), "page_id")),
    ("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action),
    ("admin/images/chooser/<int:image_id>/select_format/", image_select_format),
    ("admin/reports/page-types-usage/", VisiblePageTypesUsageReportView.as_view()),
    ("admin/reports/page-types-usage/results/", VisiblePageTypesUsageReportView.as_view(results_only=True)),
]
urlpatterns = [path(route, _admin_view(view)) for route, view in ROUTES]
