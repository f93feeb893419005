"""Who may generate documents from a source, and who may edit which Memo."""
from __future__ import annotations

from cms.permissions import UnitOwnedPermissionPolicy, reads_all, user_unit_ids  # noqa: F401

READ_ALL_ACTIONS = {"view"}


class MemoPermissionPolicy(UnitOwnedPermissionPolicy):
    """Staff and heads of a unit add, edit and view their own unit's memos (never another
    unit's); a "change memo" model permission reaches every unit only for read-all roles."""

    model_permission_needs_read_all = True


def can_generate(user, source) -> bool:
    """Pages: users who may edit the page, or read-all roles (preparers…) who view it.
    Memos: users who may change that memo."""
    if not user.is_authenticated or not user.is_active:
        return False
    specific = getattr(source, "specific", source)
    if hasattr(specific, "permissions_for_user"):
        if specific.permissions_for_user(user).can_edit():
            return True
        return reads_all(user)
    from .models import Memo

    if isinstance(specific, Memo):
        return MemoPermissionPolicy(Memo).user_has_permission_for_instance(user, "change", specific)
    return False


def can_choose_unit(user, organisation) -> bool:
    return user.is_superuser or reads_all(user) or organisation.pk in user_unit_ids(user)
