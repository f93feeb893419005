"""Who sees and edits what in reporting.

- Read-all roles (editors, reviewers, executives, site-visit preparers) and superusers see
  every round table and every unit's card.
- Unit staff and heads see only their own unit's card and reports; they add and edit
  their own unit's reports.
- Reviewers and editors decide appeals and enter reviewer scores.
"""
from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

UNIT_ACTIONS = {"add", "change", "view", "lock"}


def reads_all(user) -> bool:
    from cms.roles import READ_ALL_EVIDENCE, user_in

    return user.is_authenticated and (user.is_superuser or user_in(user, *READ_ALL_EVIDENCE))


def user_unit_ids(user) -> set[int]:
    from cms.models import Organisation

    if not user.is_authenticated:
        return set()
    return set(Organisation.objects.filter(staff_group__user=user).values_list("pk", flat=True)) | set(
        Organisation.objects.filter(head_group__user=user).values_list("pk", flat=True)
    )


def can_view_round(user) -> bool:
    return reads_all(user)


def can_view_card(user, organisation) -> bool:
    return reads_all(user) or organisation.pk in user_unit_ids(user)


def can_decide_appeals(user) -> bool:
    from cms.roles import EDITORS, REVIEWERS, user_in

    return user.is_authenticated and (user.is_superuser or user_in(user, REVIEWERS, EDITORS))


class UnitReportPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (given to roles by migration 0002), plus: unit staff and heads
    add, edit, view and lock their own unit's reports."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in UNIT_ACTIONS and bool(user_unit_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        if super().user_has_permission(user, action):
            return True
        return action in UNIT_ACTIONS and instance.organisation_id in user_unit_ids(user)

    def instances_user_has_permission_for(self, user, action):
        qs = self.model._default_manager.all()
        if user.is_superuser or super().user_has_permission(user, action):
            return qs
        if action in UNIT_ACTIONS:
            return qs.filter(organisation_id__in=user_unit_ids(user))
        return qs.none()
