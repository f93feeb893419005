"""Moderation task types of our own (a Task subclass is a model, so it lives here)."""
from django.db import models
from wagtail.models import Task, TaskState


def organisation_of(obj):
    """The organisation a page belongs to, or None for pages outside an organisation folder."""
    specific = getattr(obj, "specific", obj)
    return getattr(specific, "organisation", None)


class UnitHeadApprovalTask(Task):
    """Approval by the head of the page's own unit (members of that unit's head group).

    One task serves every unit: who may approve depends on the page, not on the task.
    """

    def user_is_head_for(self, obj, user):
        if user.is_superuser:
            return True
        organisation = organisation_of(obj)
        return bool(organisation and organisation.head_group_id and user.groups.filter(pk=organisation.head_group_id).exists())

    def user_can_access_editor(self, obj, user):
        return self.user_is_head_for(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_is_head_for(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_is_head_for(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_is_head_for(obj, user):
            return [
                ("reject", "ขอให้แก้ไข", True),
                ("approve", "อนุมัติ", False),
                ("approve", "อนุมัติพร้อมความเห็น", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        keep = [s.pk for s in states.select_related("revision") if self.user_is_head_for(s.revision.content_object, user)]
        return states.filter(pk__in=keep)

    @classmethod
    def get_description(cls):
        return "หัวหน้าหน่วยงานเจ้าของหน้าเป็นผู้อนุมัติ"

    class Meta:
        verbose_name = "อนุมัติโดยหัวหน้าหน่วยงาน"
        verbose_name_plural = "อนุมัติโดยหัวหน้าหน่วยงาน"
