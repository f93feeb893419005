"""Admin views for snippets owned by one unit (memos, unit reports): one gate for all of them.

``UnitOwnedSnippetViewSet`` puts ``UnitOwnedViewMixin`` in front of every view it builds
(Wagtail builds each one through ``construct_view``): edit, revert, history, usage, inspect,
workflow history and its detail, revisions preview and compare, unpublish, unschedule,
lock/unlock, delete, preview, workflow actions, and the chooser's views. The mixin

- finds the object a URL names and checks the viewset's permission policy for *that*
  instance (``get_object``) before the view runs: another unit's object is a 404, whatever
  the model permissions say;
- filters every listing by the policy (the viewset's ``get_queryset`` for the index and its
  exports, the chooser's ``get_object_list``);
- on create and edit, checks the object as it would be saved (a unit's staff cannot move
  a memo to, or create one for, another unit).

Wagtail's own checks (model permissions, workflow tasks, locks) still run after this gate.
"""
from __future__ import annotations

import copy

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

NOT_YOURS = "ไม่พบรายการนี้ หรือคุณไม่มีสิทธิ์เข้าถึงรายการของหน่วยงานอื่น"
WRONG_UNIT = "คุณบันทึกรายการให้หน่วยงานนี้ไม่ได้ (เลือกได้เฉพาะหน่วยงานของคุณ)"

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# (view class, the actions of which the user must hold one on the instance); first match wins.
VIEW_ACTIONS = [
    (snippet_views.DeleteView, ("delete",)),
    (snippet_views.LockView, ("lock",)),
    (snippet_views.UnlockView, ("lock", "unlock")),
    (snippet_views.UnpublishView, ("publish",)),
    (snippet_views.RevisionsUnscheduleView, ("publish",)),
    # workflow tasks decide who may act; the gate only keeps other units out
    (snippet_views.WorkflowActionView, ("view",)),
    (snippet_views.CollectWorkflowActionDataView, ("view",)),
    (snippet_views.ConfirmWorkflowCancellationView, ("change",)),
    (snippet_views.WorkflowPreviewView, ("view",)),
    # a copy shows the source's content: the source must be readable; the copy is checked as submitted
    (snippet_views.CopyView, ("view",)),
    (snippet_views.CreateView, ("add",)),
]


def actions_for(view_class, method: str) -> tuple[str, ...]:
    for klass, actions in VIEW_ACTIONS:
        if issubclass(view_class, klass):
            return actions
    return ("view",) if method in SAFE_METHODS else ("change",)


class UnitOwnedViewMixin:
    """Put in front of a snippet view class; needs ``self.model`` and ``self.permission_policy``."""

    gated_view_class = None  # the Wagtail class this one wraps (set by the viewset)

    def _policy(self):
        # some Wagtail views (workflow ones) carry no permission_policy: use the viewset's
        return getattr(self, "permission_policy", None) or self.model.snippet_viewset.permission_policy

    def allowed(self, instance, actions) -> bool:
        user = self.request.user
        return any(self._policy().user_has_permission_for_instance(user, action, instance) for action in actions)

    def check_instance(self, instance):
        actions = actions_for(self.gated_view_class or type(self), self.request.method)
        if actions == ("add",):
            return instance  # a new object is checked as submitted, in form_valid
        if not self.allowed(instance, actions):
            raise Http404(NOT_YOURS)
        return instance

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            try:
                instance = self.model._default_manager.get(pk=unquote(str(pk)))
            except (self.model.DoesNotExist, ValueError, TypeError):
                raise Http404(NOT_YOURS)
            self.check_instance(instance)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, *args, **kwargs):
        return self.check_instance(super().get_object(*args, **kwargs))

    def save_instance(self):
        """An approval from the edit form ("อนุมัติ" in its footer) with nothing changed saves
        no revision: Wagtail's snippet edit view saves one on every POST, and with
        ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` that new revision voided the approval
        just given, so the same step started again, for ever (found walking a report through
        its workflow in the browser, issue 11). Wagtail's page edit view saves only changes."""
        if getattr(self, "view_name", None) == "edit" and getattr(self, "action", None) == "workflow-action" \
                and not self.form.has_changed():
            self.has_content_changes, self.new_revision = False, None
            return self.object
        return super().save_instance()

    def get_form(self, *args, **kwargs):
        """Create and edit forms refuse an object the user may not save for its unit."""
        form = super().get_form(*args, **kwargs)
        if "organisation" not in form.fields:
            return form
        view, form_clean = self, form.clean

        def clean():
            cleaned = form_clean()
            organisation = form.cleaned_data.get("organisation")
            if organisation is not None:
                probe = copy.copy(form.instance)
                probe.organisation, probe.organisation_id = organisation, organisation.pk
                action = "add" if form.instance.pk is None else "change"
                if not view._policy().user_has_permission_for_instance(view.request.user, action, probe):
                    form.add_error("organisation", WRONG_UNIT)
            return cleaned

        form.clean = clean
        return form


class UnitOwnedChooserMixin:
    """The chooser's views: list, results and chosen only the objects the user may view."""

    def _visible(self, queryset):
        policy = self.model.snippet_viewset.permission_policy
        allowed = policy.instances_user_has_permission_for(self.request.user, "view")
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_object_list(self, *args, **kwargs):
        return self._visible(super().get_object_list(*args, **kwargs))

    def get_object(self, pk):
        policy = self.model.snippet_viewset.permission_policy
        instance = super().get_object(pk)
        if not policy.user_has_permission_for_instance(self.request.user, "view", instance):
            raise Http404(NOT_YOURS)
        return instance

    def get_objects(self, pks):
        return self._visible(super().get_objects(pks))


def _gated(view_class, mixin, cache={}):  # noqa: B006  (one subclass per view class)
    if issubclass(view_class, mixin):
        return view_class
    key = (view_class, mixin)
    if key not in cache:
        cache[key] = type(f"UnitOwned{view_class.__name__}", (mixin, view_class), {"gated_view_class": view_class})
    return cache[key]


class UnitOwnedSnippetChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_gated(view_class, UnitOwnedChooserMixin), **kwargs)


class UnitOwnedSnippetViewSet(SnippetViewSet):
    """A snippet viewset for a model with ``organisation``; subclasses give ``permission_policy``."""

    chooser_viewset_class = UnitOwnedSnippetChooserViewSet
    search_backend_name = None  # search with the ORM, inside the filtered queryset

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_gated(view_class, UnitOwnedViewMixin), **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        allowed = self.permission_policy.instances_user_has_permission_for(request.user, "view")
        return queryset.filter(pk__in=allowed.values("pk"))

