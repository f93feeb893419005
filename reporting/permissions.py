"""Who sees and edits what in reporting.

- Read-all roles (editors, reviewers, executives, site-visit preparers) and superusers see
  every round table and every unit's card.
- Unit staff and heads see only their own unit's card and reports; they add and edit
  their own unit's reports.
- Reviewers and editors decide appeals and enter reviewer scores.
"""
from __future__ import annotations

from cms.permissions import UnitOwnedPermissionPolicy, reads_all, user_unit_ids  # noqa: F401

UNIT_ACTIONS = UnitOwnedPermissionPolicy.unit_actions


def can_view_round(user) -> bool:
    return reads_all(user)


def can_view_card(user, organisation) -> bool:
    return reads_all(user) or organisation.pk in user_unit_ids(user)


def can_decide_appeals(user) -> bool:
    from cms.roles import EDITORS, REVIEWERS, user_in

    return user.is_authenticated and (user.is_superuser or user_in(user, REVIEWERS, EDITORS))


class UnitReportPermissionPolicy(UnitOwnedPermissionPolicy):
    """Model permissions (given to roles by migration 0002), plus: unit staff and heads
    add, edit, view and lock their own unit's reports."""

