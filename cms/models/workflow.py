"""Moderation task types of our own (a Task subclass is a model, so it lives here)."""
from django.db import models
from wagtail.models import Task, TaskState


def organisation_of(obj):
    """The organisation a page belongs to, or None for pages outside an organisation folder."""
    specific = getattr(obj, "specific", obj)
    return getattr(specific, "organisation", None)


class ActorDependsOnPage:
    """What a moderation step does when who may act depends on the page, not on the task:
    subclasses say who in ``user_acts_for(obj, user)``; editing, locking, the actions offered
    and the moderation queue all follow it."""

    def user_acts_for(self, obj, user) -> bool:
        raise NotImplementedError

    def user_can_access_editor(self, obj, user):
        return self.user_acts_for(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_acts_for(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_acts_for(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_acts_for(obj, user):
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
        keep = [s.pk for s in states.select_related("revision") if s.revision and self.user_acts_for(s.revision.content_object, user)]
        return states.filter(pk__in=keep)


class ActingGroupsTask(ActorDependsOnPage):
    """A step taken by groups (and users) that depend on the object, not on the task.

    Subclasses say which in ``acting_group_ids(obj)`` and, when named users act besides the
    groups, ``acting_user_ids(obj)``; ``moderated(obj)`` gives the object the step applies to
    (None: nobody but a superuser acts). Active users only; superusers always. As Wagtail's
    ``GroupApprovalTask``, an object locked by someone who cannot act on the step is unlocked
    when the step starts, so that its moderators can edit it. Used by the page steps
    (``OrganisationRoleTask``) and the unit-report steps 2 and 3 (``reporting.models``)."""

    def moderated(self, obj):
        return obj

    def acting_user_ids(self, obj) -> set:
        return set()

    def acting_group_ids(self, obj) -> set:
        raise NotImplementedError

    def user_acts_for(self, obj, user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        obj = self.moderated(obj)
        if obj is None:
            return False
        if user.pk in self.acting_user_ids(obj):
            return True
        ids = self.acting_group_ids(obj)
        return bool(ids) and user.groups.filter(pk__in=ids).exists()

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        if getattr(obj, "locked_by", None) and not self.user_acts_for(obj, obj.locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)


class UnitHeadApprovalTask(ActorDependsOnPage, Task):
    """Approval by the head of the page's own unit (members of that unit's head group).

    One task serves every unit: who may approve depends on the page, not on the task.
    """

    def user_acts_for(self, obj, user):
        if user.is_superuser:
            return True
        organisation = organisation_of(obj)
        return bool(organisation and organisation.head_group_id and user.groups.filter(pk=organisation.head_group_id).exists())

    @classmethod
    def get_description(cls):
        return "หัวหน้าหน่วยงานเจ้าของหน้าเป็นผู้อนุมัติ"

    class Meta:
        verbose_name = "อนุมัติโดยหัวหน้าหน่วยงาน"
        verbose_name_plural = "อนุมัติโดยหัวหน้าหน่วยงาน"


class OrganisationRoleTask(ActingGroupsTask, Task):
    """A review or approval step taken by the page's own organisation (issue 11).

    Who acts is the role group (``OrganisationRole``: reviewer or executive) of the nearest
    organisation on the page's way up that has members in that role: a department's KPI
    template goes to that department's reviewers, then its executives, never to another
    department's. Pages of an organisation with nobody in that role of its own (a one-department
    installation, OPDC's own pages, pages outside any organisation folder) go to
    ``fallback_groups``, the installation-wide groups the step had before.
    """

    REVIEWER, EXECUTIVE = "reviewer", "executive"
    role = models.CharField(
        "บทบาทที่พิจารณา", max_length=20,
        choices=[(REVIEWER, "ผู้ทบทวนของหน่วยงานเจ้าของหน้า"), (EXECUTIVE, "ผู้บริหารของหน่วยงานเจ้าของหน้า")],
    )
    fallback_groups = models.ManyToManyField(
        "auth.Group", verbose_name="กลุ่มส่วนกลาง (เมื่อหน่วยงานไม่มีผู้รับบทบาทนี้)", blank=True, related_name="+",
        help_text="ใช้เมื่อหน่วยงานเจ้าของหน้าและหน่วยงานต้นสังกัดไม่มีผู้ใดอยู่ในบทบาทนี้",
    )

    admin_form_fields = Task.admin_form_fields + ["role", "fallback_groups"]

    def acting_group_ids(self, obj) -> set:
        """The groups whose members take this step for ``obj``."""
        from .reference import OrganisationRole

        group_id = OrganisationRole.nearest_acting_group_id(organisation_of(obj), self.role)
        if group_id is not None:
            return {group_id}
        return set(self.fallback_groups.values_list("pk", flat=True))

    @classmethod
    def get_description(cls):
        return "ผู้ทบทวนหรือผู้บริหารของหน่วยงานเจ้าของหน้าเป็นผู้พิจารณา (กลุ่มส่วนกลางเมื่อหน่วยงานไม่มีผู้รับบทบาทนี้)"

    class Meta:
        verbose_name = "พิจารณาโดยบทบาทของหน่วยงานเจ้าของหน้า"
        verbose_name_plural = "พิจารณาโดยบทบาทของหน่วยงานเจ้าของหน้า"
