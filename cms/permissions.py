"""Who may see what: "reads every unit" (``reads_all``), "acts for these organisations"
(``organisations_acted_for``), the unit-owned and organisation-scoped snippet policies, the
document policy and page titles. Evidence's own scope (built on these) is
``evidence.permissions``.
"""
from wagtail.permission_policies import ModelPermissionPolicy

from .roles import READ_ALL_EVIDENCE, user_in


def reads_all(user) -> bool:
    """Editors, reviewers, executives, site-visit preparers and superusers read every unit."""
    return user.is_authenticated and (user.is_superuser or user_in(user, *READ_ALL_EVIDENCE))


UNIT_ROLES = ("staff", "head")
EDITING_ROLES = ("staff", "head", "editor")


def organisations_acted_for(user, roles=None) -> set[int]:
    """The one answer to "which organisations does this user act for".

    A unit's staff or head act for that unit (roles "staff", "head"); a member of an
    organisation's own role group (``OrganisationRole``: "editor", "reviewer", "executive",
    "preparer") acts for that organisation and its whole subtree. ``roles`` limits the
    answer to some of these roles (None = any). Installation-wide roles are ``reads_all``.
    """
    from .models import Organisation, OrganisationRole

    if not user.is_authenticated:
        return set()
    wanted = set(roles) if roles is not None else None
    ids = set()
    if wanted is None or "staff" in wanted:
        ids |= set(Organisation.objects.filter(staff_group__user=user).values_list("pk", flat=True))
    if wanted is None or "head" in wanted:
        ids |= set(Organisation.objects.filter(head_group__user=user).values_list("pk", flat=True))
    scoped = OrganisationRole.objects.filter(group__user=user)
    if wanted is not None:
        scoped = scoped.filter(role__in=wanted)
    roots = set(scoped.values_list("organisation_id", flat=True))
    if roots:
        ids |= Organisation.subtree_ids(roots)
    return ids


def user_unit_ids(user) -> set[int]:
    """The organisations whose content the user edits: own unit (staff, head) and, for an
    organisation's own editors, its subtree."""
    return organisations_acted_for(user, EDITING_ROLES)


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
        from .models import Organisation

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


def scoped_choices(user, queryset, keep=None):
    """Organisation choices of a form: all for installation-wide editors, else the user's
    editor subtree (plus ``keep``, e.g. the current parent of an organisation being edited)."""
    from .roles import EDITORS, user_in

    if user is None or user.is_superuser or user_in(user, EDITORS):
        return queryset
    ids = organisations_acted_for(user, ("editor",))
    if keep is not None:
        ids = ids | {keep}
    return queryset.filter(pk__in=ids)


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
    from .roles import EDITORS, EXECUTIVES, REVIEWERS

    return user.is_authenticated and (user.is_superuser or user_in(user, EDITORS, REVIEWERS, EXECUTIVES))


def _draft_title_pages():
    """KPI templates, agreements and manuals not yet published or with unpublished changes."""
    from django.db.models import Q
    from wagtail.models import Page

    from .models import AgreementPage, KPIManualPage, KPITemplatePage

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

    from .models import OrganisationYearPage

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


class DocumentPermissionPolicy:
    """Wagtail's document permission policy with the project's document rule on top.

    Wagtail's documents app (index, edit, delete, usage, chooser, chosen, multiple upload,
    bulk actions) asks one object, ``wagtail.documents.permissions.permission_policy``, in
    ``get_object`` and for its listings. ``install_document_policy`` gives that object this
    class: Wagtail's collection-and-owner permissions as before, and besides, every instance
    check needs ``cms.documents.can_view_document`` (generated documents: the source's rule;
    signed scans: the agreement's; other uploads: uploader or collection permission) and every
    listing is cut to ``cms.documents.visible_documents``. A document the rule hides answers
    Wagtail's 404/permission-denied, as one that does not exist."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        from .documents import can_view_document

        return super().user_has_any_permission_for_instance(user, actions, instance) and can_view_document(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        from .documents import visible_documents

        return visible_documents(user, super().instances_user_has_any_permission_for(user, actions))


def install_document_policy():
    """Put ``DocumentPermissionPolicy`` in front of Wagtail's own policy object (every
    Wagtail document view imported that one object, so it is changed in place)."""
    from wagtail.documents import permissions

    policy = permissions.permission_policy
    if not isinstance(policy, DocumentPermissionPolicy):
        policy.__class__ = type("KhamrapDocumentPermissionPolicy", (DocumentPermissionPolicy, policy.__class__), {})
