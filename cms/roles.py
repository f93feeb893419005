"""Roles as Django groups, and the page permissions each one holds.

Fixed roles (created by a data migration): editors (กพร.), reviewers, executives,
site-visit preparers; they act installation-wide (OPDC, or a one-department installation).
Scoped roles (``OrganisationRole``, created when a ministry, mission group or department is
saved): the same four roles for one organisation's subtree only. Per-unit roles (created when a unit is saved): the unit's staff and
the unit's head. Page permissions for a unit are granted on each of its
``OrganisationYearPage`` folders, so staff edit only their own unit's subtree.
"""
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

# the fixed roles' names and ``user_in`` (``cms.role_names``: read by the permission rules and
# the models, which this module's group setup reads in turn)
from .role_names import EDITORS, EXECUTIVES, FIXED_ROLES, PREPARERS, READ_ALL_EVIDENCE, REVIEWERS, user_in  # noqa: F401

UNIT_PAGE_PERMISSIONS = ["add", "change", "lock"]
EDITOR_PAGE_PERMISSIONS = ["add", "change", "lock", "unlock"]
REFERENCE_MODELS = ["fiscalyear", "unitgroup", "organisation", "evaluationframework"]


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _page_permission(kind):
    from wagtail.models import Page

    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=f"{kind}_page")


def ensure_fixed_roles(home_page=None):
    """Create the fixed role groups; give editors the whole tree when a home page is given."""
    groups = {}
    admin_access = _admin_access()
    for name in FIXED_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        groups[name] = group
    editor_perms = Permission.objects.filter(
        content_type__app_label="cms",
        codename__in=[f"{action}_{model}" for model in REFERENCE_MODELS for action in ("add", "change", "delete", "view")],
    )
    groups[EDITORS].permissions.add(*editor_perms)
    if home_page is not None:
        grant_page_permissions(groups[EDITORS], home_page, EDITOR_PAGE_PERMISSIONS)
        # Wagtail lets only a user who may publish give a workflow its final approval.
        grant_page_permissions(groups[EXECUTIVES], home_page, ["publish"])
    return groups


def grant_page_permissions(group, page, kinds):
    from wagtail.models import GroupPagePermission

    for kind in kinds:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(kind))


def organisation_group_name(prefix, organisation):
    """A group name that is free: "เจ้าหน้าที่ กค. สสบ." (the parent's abbreviation tells two
    departments' กค. apart), with the organisation's id added if even that is taken."""
    name = f"{prefix} {organisation.full_abbreviation}"[:140]
    if Group.objects.filter(name=name).exists():
        name = f"{name} #{organisation.pk}"
    return name


def new_organisation_group(prefix, organisation):
    """Role groups are keyed by organisation: always a new group, never one found by name."""
    return Group.objects.create(name=organisation_group_name(prefix, organisation))


def ensure_unit_groups(organisation):
    """Staff and head groups for a unit (or department); idempotent."""
    from .models import Organisation

    changed = False
    admin_access = _admin_access()
    if organisation.staff_group_id is None:
        organisation.staff_group = new_organisation_group("เจ้าหน้าที่", organisation)
        changed = True
    if organisation.head_group_id is None:
        organisation.head_group = new_organisation_group("หัวหน้า", organisation)
        changed = True
    organisation.staff_group.permissions.add(admin_access)
    organisation.head_group.permissions.add(admin_access)
    if changed:
        Organisation.objects.filter(pk=organisation.pk).update(
            staff_group=organisation.staff_group, head_group=organisation.head_group
        )


SCOPED_ROLE_PAGE_PERMISSIONS = {
    "editor": EDITOR_PAGE_PERMISSIONS,
    "executive": ["publish"],
    "reviewer": [],
    "preparer": [],
}


def ensure_role_groups(organisation):
    """The organisation's own editors, reviewers, executives and preparers (agency levels
    only); idempotent. Page permissions follow on every year folder of the subtree."""
    from .models import Organisation, OrganisationRole, OrganisationYearPage

    if organisation.level not in Organisation.AGENCY_LEVELS:
        return {}
    admin_access = _admin_access()
    existing = {r.role: r.group for r in OrganisationRole.objects.filter(organisation=organisation).select_related("group")}
    labels = dict(OrganisationRole.ROLE_CHOICES)
    created = False
    for role, label in labels.items():
        if role not in existing:
            group = new_organisation_group(label, organisation)
            OrganisationRole.objects.create(organisation=organisation, role=role, group=group)
            existing[role] = group
            created = True
        existing[role].permissions.add(admin_access)
    if created:
        subtree = Organisation.subtree_ids([organisation.pk])
        for folder in OrganisationYearPage.objects.filter(organisation_id__in=subtree):
            grant_scoped_role_permissions(folder, roles_of=[organisation])
    return existing


def grant_scoped_role_permissions(organisation_year_page, roles_of=None):
    """Page permissions of the role groups of the folder's organisation and its ancestors."""
    from .models import OrganisationRole

    organisations = roles_of if roles_of is not None else organisation_year_page.organisation.lineage()
    for role in OrganisationRole.objects.filter(organisation__in=organisations).select_related("group"):
        kinds = SCOPED_ROLE_PAGE_PERMISSIONS.get(role.role, [])
        if kinds:
            grant_page_permissions(role.group, organisation_year_page, kinds)


def role_group(organisation, role):
    """The group of one role of one organisation (e.g. the department's editors)."""
    return ensure_role_groups(organisation).get(role)


def grant_evidence_folder_permissions(evidence_folder):
    """Unit heads publish (approve) their unit's evidence, and nothing else of the unit."""
    organisation = evidence_folder.organisation
    ensure_unit_groups(organisation)
    grant_page_permissions(organisation.head_group, evidence_folder, ["publish"])


def grant_unit_folder_permissions(organisation_year_page):
    organisation = organisation_year_page.organisation
    ensure_unit_groups(organisation)
    for group in (organisation.staff_group, organisation.head_group):
        grant_page_permissions(group, organisation_year_page, UNIT_PAGE_PERMISSIONS)
    grant_scoped_role_permissions(organisation_year_page)


