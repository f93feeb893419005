"""Who may generate documents from a source, and who may edit which Memo."""
from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

READ_ALL_ACTIONS = {"view"}
UNIT_ACTIONS = {"add", "change", "view", "lock"}


def _reads_all(user) -> bool:
    from cms.roles import READ_ALL_EVIDENCE, user_in

    return user.is_superuser or user_in(user, *READ_ALL_EVIDENCE)


def user_unit_ids(user) -> set[int]:
    from cms.models import Organisation

    if not user.is_authenticated:
        return set()
    return set(
        Organisation.objects.filter(staff_group__user=user).values_list("pk", flat=True)
    ) | set(Organisation.objects.filter(head_group__user=user).values_list("pk", flat=True))


class MemoPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, plus: staff and heads of a unit add, edit and view
    their own unit's memos (never another unit's)."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in UNIT_ACTIONS and bool(user_unit_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not user.is_active or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        if super().user_has_permission(user, action) and _reads_all(user):
            return True
        return action in UNIT_ACTIONS and instance.organisation_id in user_unit_ids(user)

    def instances_user_has_permission_for(self, user, action):
        qs = self.model._default_manager.all()
        if user.is_superuser or (super().user_has_permission(user, action) and _reads_all(user)):
            return qs
        if action in UNIT_ACTIONS:
            return qs.filter(organisation_id__in=user_unit_ids(user))
        return qs.none()


def can_generate(user, source) -> bool:
    """Pages: users who may edit the page, or read-all roles (preparers…) who view it.
    Memos: users who may change that memo."""
    if not user.is_authenticated or not user.is_active:
        return False
    specific = getattr(source, "specific", source)
    if hasattr(specific, "permissions_for_user"):
        if specific.permissions_for_user(user).can_edit():
            return True
        return _reads_all(user)
    from .models import Memo

    if isinstance(specific, Memo):
        return MemoPermissionPolicy(Memo).user_has_permission_for_instance(user, "change", specific)
    return False


def can_choose_unit(user, organisation) -> bool:
    return user.is_superuser or _reads_all(user) or organisation.pk in user_unit_ids(user)
