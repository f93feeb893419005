"""Who may see what: "reads every unit" (``reads_all``), "acts for these organisations"
(``organisations_acted_for``), the unit-owned and organisation-scoped snippet policies and
page titles. The document policy (built on these) is ``cms.documents``, evidence's own scope
``evidence.permissions``.
"""
from wagtail.permission_policies import ModelPermissionPolicy

from .role_names import user_in
# the organisation scopes (``cms.scopes``: the models and forms read them too), re-exported here
from .scopes import (  # noqa: F401
    EDITING_ROLES, UNIT_ROLES, organisations_acted_for, reads_all, scoped_choices, scopes_choices, user_unit_ids,
)


class UnitOwnedPermissionPolicy(ModelPermissionPolicy):
    """Permission policy for snippets that belong to one organisation (``organisation_id``).

    Django model permissions as usual, plus: a unit's staff and head may do
    ``unit_actions`` on their own unit's objects, never on another unit's. With
    ``model_permission_needs_read_all`` a model permission reaches every unit's objects only
    for the read-all roles (memos: a unit's head may hold "change memo" for their own unit).
    """

    unit_actions = {"add", "change", "view", "lock"}
    model_permission_needs_read_all = False

    def _granted_for_all_units(self, user, action) -> bool:
        if user.is_superuser:
            return True
        if not super().user_has_permission(user, action):
            return False
        return reads_all(user) if self.model_permission_needs_read_all else True

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in self.unit_actions and bool(user_unit_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active or not user.is_authenticated:
            return False
        if self._granted_for_all_units(user, action):
            return True
        return action in self.unit_actions and instance.organisation_id in user_unit_ids(user)

    def instances_user_has_permission_for(self, user, action):
        queryset = self.model._default_manager.all()
        if self._granted_for_all_units(user, action):
            return queryset
        if action in self.unit_actions:
            return queryset.filter(organisation_id__in=user_unit_ids(user))
        return queryset.none()


    def organisations_for(self, user, action):
        """The organisations for which ``user`` may do ``action`` (e.g. "add" a memo)."""
        from .models.reference import Organisation

        if not user.is_authenticated or not user.is_active:
            return Organisation.objects.none()
        if self._granted_for_all_units(user, action):
            return Organisation.objects.all()
        if action in self.unit_actions:
            return Organisation.objects.filter(pk__in=user_unit_ids(user))
        return Organisation.objects.none()


class OrganisationScopedPolicy(ModelPermissionPolicy):
    """Reference snippets an agency's own editors manage for their subtree (organisations,
    frameworks): model permissions as usual (installation-wide editors), plus: an
    organisation's editors add, change and view the objects anchored in their subtree
    (``anchor(instance)``: the organisation itself, a framework's ``organisation``)."""

    scoped_actions = {"add", "change", "view"}

    @staticmethod
    def anchor(instance):
        return instance if instance.__class__.__name__ == "Organisation" else getattr(instance, "organisation", None)

    def _scoped_ids(self, user):
        return organisations_acted_for(user, ("editor",))

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in self.scoped_actions and bool(self._scoped_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active or not user.is_authenticated:
            return False
        if super().user_has_permission(user, action):
            return True
        anchor = self.anchor(instance)
        return action in self.scoped_actions and anchor is not None and anchor.pk in self._scoped_ids(user)

    def instances_user_has_permission_for(self, user, action):
        queryset = self.model._default_manager.all()
        if super().user_has_permission(user, action):
            return queryset
        if action not in self.scoped_actions:
            return queryset.none()
        ids = self._scoped_ids(user)
        if self.model.__name__ == "Organisation":
            return queryset.filter(pk__in=ids)
        return queryset.filter(organisation_id__in=ids)


def may_approve_current_step(user, obj) -> bool:
    """True when ``user`` may approve the workflow step ``obj`` is on right now.

    Such a user may compare the revisions the step approves (defect 7 of issue 12), even
    without any page permission (กพร. reviewers hold none)."""
    if not user.is_authenticated:
        return False
    from wagtail.models import TaskState

    workflow_state = obj.current_workflow_state if hasattr(obj, "current_workflow_state") else None
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return False
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return False
    actions = task_state.task.specific.get_actions(obj, user)
    return any(action[0] == "approve" for action in actions)


def reads_all_page_titles(user) -> bool:
    """Read-all roles that also see every draft page title: superusers, editors, reviewers and
    executives. Installation-wide preparers read every unit's evidence, drafts included (that
    is preparing a site visit), but not the titles of other units' unpublished KPI templates,
    agreements and manuals (``DRAFT_TITLE_TYPES``)."""
    from .role_names import EDITORS, EXECUTIVES, REVIEWERS

    return user.is_authenticated and (user.is_superuser or user_in(user, EDITORS, REVIEWERS, EXECUTIVES))


def _draft_title_pages():
    """KPI templates, agreements and manuals not yet published or with unpublished changes."""
    from django.db.models import Q
    from wagtail.models import Page

    from .models.agreement import AgreementPage
    from .models.kpi import KPIManualPage, KPITemplatePage

    return Page.objects.type(KPITemplatePage, AgreementPage, KPIManualPage).filter(
        Q(live=False) | Q(has_unpublished_changes=True)).values("pk")


def visible_pages(user, pages):
    """The pages of ``pages`` whose admin (draft) title ``user`` may see.

    Every page for ``reads_all_page_titles``; for the other read-all roles (installation-wide
    preparers) every page but other units' unpublished KPI templates, agreements and manuals.
    Anyone else: the pages of the organisations the user acts for (their year folders'
    subtrees) and the pages above them, the subtrees the user holds a page permission on, and
    live public pages without unpublished changes (the public site shows those titles anyway).
    Wagtail's chooser, bulk actions and workflow messages otherwise name any page, drafts of
    other units included.
    """
    if not user.is_authenticated:
        return pages.none()
    if reads_all_page_titles(user):
        return pages
    from django.db.models import Q
    from wagtail.models import Page
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models.structure import OrganisationYearPage

    roots = set(OrganisationYearPage.objects.filter(organisation_id__in=organisations_acted_for(user))
                .values_list("path", flat=True))
    roots |= {perm.page.path for perm in PagePermissionPolicy().get_cached_permissions_for_user(user)}
    own = Q(pk__in=[])
    for path in roots:
        above = [path[:end] for end in range(Page.steplen, len(path), Page.steplen)]
        own |= Q(path__startswith=path) | Q(path__in=above)
    if reads_all(user):  # installation-wide preparers
        others = ~Q(pk__in=_draft_title_pages())
    else:
        others = Q(pk__in=Page.objects.live().public().filter(has_unpublished_changes=False).values("pk"))
    visible = Page.objects.filter(own | others).values("pk")
    return pages.filter(pk__in=visible)


def can_see_page(user, page) -> bool:
    """One page by the rule of ``visible_pages``; also the approver of its current workflow
    step (a supervisor of another unit's KPI previews what they approve)."""
    from wagtail.models import Page

    return visible_pages(user, Page.objects.filter(pk=page.pk)).exists() or may_approve_current_step(user, page)
