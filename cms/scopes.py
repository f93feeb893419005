"""Which organisations a user acts for, reads and edits: ``reads_all``,
``organisations_acted_for``, ``user_unit_ids`` and the organisation choices of the admin forms
(``scoped_choices``). One definition, re-exported by ``cms.permissions`` (the policies built on
it); the models (``cms.models.structure``, ``cms.models.kpi_changes``) and the page and snippet
forms (``cms.forms``) read it here. It reads the organisations and their roles
(``cms.models.reference``) and the role names (``cms.role_names``), nothing else of the project.
"""
from .role_names import EDITORS, READ_ALL_EVIDENCE, user_in


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
    from .models.reference import Organisation, OrganisationRole

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


def scopes_choices(user) -> bool:
    """Whether ``scoped_choices`` narrows ``user``'s organisation choices to their editor
    subtree (anyone but superusers and the installation-wide editors)."""
    return not (user is None or user.is_superuser or user_in(user, EDITORS))


def scoped_choices(user, queryset, keep=None):
    """Organisation choices of a form: all for installation-wide editors, else the user's
    editor subtree (plus ``keep``, e.g. the current parent of an organisation being edited)."""
    if not scopes_choices(user):
        return queryset
    ids = organisations_acted_for(user, ("editor",))
    if keep is not None:
        ids = ids | {keep}
    return queryset.filter(pk__in=ids)
