"""Who sees and edits what in reporting.

- Read-all roles (editors, reviewers, executives, site-visit preparers) and superusers see
  every round table and every unit's card.
- Unit staff and heads see only their own unit's card and reports; they add and edit
  their own unit's reports.
- Reviewers and editors decide appeals and enter reviewer scores.
"""
from __future__ import annotations

from cms.permissions import UnitOwnedPermissionPolicy, reads_all, user_unit_ids  # noqa: F401

from .roles import SUPERVISORS

UNIT_ACTIONS = UnitOwnedPermissionPolicy.unit_actions


# An agency's own roles that see the rankings of its subtree (``cms.models.OrganisationRole``).
RANKING_ROLES = ("editor", "reviewer", "executive", "preparer")


def ranking_scope(user):
    """None = every ranking (read-all roles); else the organisations whose children's ranking
    the user sees: the subtrees of their agency roles (a department's กพร. sees its units'
    table, not the ministry's table of departments, nor another department's)."""
    from cms.permissions import organisations_acted_for

    if reads_all(user):
        return None
    return organisations_acted_for(user, RANKING_ROLES)


def can_view_ranking(user, parent) -> bool:
    """May ``user`` see the ranking of ``parent``'s children (None = the top level)."""
    scope = ranking_scope(user)
    return scope is None or (parent is not None and parent.pk in scope)


def can_view_round(user) -> bool:
    scope = ranking_scope(user)
    return scope is None or bool(scope)


def can_view_card(user, organisation) -> bool:
    """Read-all roles; a unit's own staff and head; an agency's own roles for its subtree."""
    from cms.permissions import organisations_acted_for

    return reads_all(user) or organisation.pk in organisations_acted_for(user)


def keeps_global_fallback(organisation) -> bool:
    """Whether the installation-wide reviewers and supervisors still act for ``organisation``'s
    supervised KPIs: every organisation on its way up keeps ``global_reviewers_fallback`` on
    (a department switching it off switches it off for its whole subtree)."""
    return all(o.global_reviewers_fallback for o in organisation.lineage())


def supervises_a_line(user, report) -> bool:
    """A KPI supervisor (a user on a template's ``supervisor_users``, e.g. a host's KPI shared by
    many units) opens the card of a report that carries one of their KPIs, to score it there."""
    return user.is_authenticated and report.has_line_supervised_by(user)


def can_decide_appeals(user) -> bool:
    from cms.roles import EDITORS, REVIEWERS, user_in

    return user.is_authenticated and (user.is_superuser or user_in(user, REVIEWERS, EDITORS))


def can_score_line(user, line) -> bool:
    """Who enters the reviewer score of one KPI line and decides appeals on it.

    A KPI with supervisors (user accounts on its template, a host's KPI shared by many
    units): its supervisors, and the installation-wide reviewers/editors only while the
    report's organisations keep ``global_reviewers_fallback`` on. A KPI without: the
    reviewers/editors, installation-wide or of an organisation above the report's."""
    from cms.models import OrganisationRole
    from cms.permissions import organisations_acted_for

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organisation = line.report.organisation
    supervisors = set(line.kpi.supervisor_users.values_list("pk", flat=True))
    if supervisors:
        if user.pk in supervisors:
            return True
        return keeps_global_fallback(organisation) and can_decide_appeals(user)
    if can_decide_appeals(user):
        return True
    return organisation.pk in organisations_acted_for(user, (OrganisationRole.REVIEWER, OrganisationRole.EDITOR))


class UnitReportPermissionPolicy(UnitOwnedPermissionPolicy):
    """Model permissions (given to roles by migration 0002), plus: unit staff and heads
    add, edit, view and lock their own unit's reports; whoever takes the workflow step a
    report waits on (``may_approve_current_step``: step 2's KPI supervisors, step 3's
    department reviewers) views and edits that report while it waits there; and a KPI's
    supervisor (a user on a template's ``supervisor_users``, with no model permission on
    reports) views the reports that carry one of their KPIs; an agency's own roles view the
    reports of its subtree (as its card, ``can_view_card``). Never another report of the
    department. (Wagtail's edit view lets the step's actor in without a model permission:
    ``Task.user_can_access_editor``.)

    Publish: an agency's own reviewers (``OrganisationRole`` reviewer) publish the reports of
    their subtree, per report only (``UnitReport.publish`` asks this for step 3's final
    approval); the model permission stays the installation-wide groups'. The installation-wide
    KPI supervisors ("ผู้กำกับดูแลตัวชี้วัด", step 2's fallback) hold ``change_unitreport`` for
    step 2 only: it reaches a report while they take the step it waits on, not every report."""

    step_actions = {"view", "change"}
    # groups whose model permission to change reports is for the workflow step they take only
    step_only_change_groups = (SUPERVISORS,)

    @staticmethod
    def _supervises_any(user) -> bool:
        return user.is_authenticated and user.supervised_kpis.exists()

    def _granted_for_all_units(self, user, action) -> bool:
        if not super()._granted_for_all_units(user, action):
            return False
        if action != "change" or user.is_superuser:
            return True
        from django.contrib.auth.models import Permission

        change = Permission.objects.filter(content_type__app_label=self.model._meta.app_label,
                                           codename=f"change_{self.model._meta.model_name}")
        return (change.filter(user=user).exists()
                or change.filter(group__in=user.groups.exclude(name__in=self.step_only_change_groups)).exists())

    def user_has_permission(self, user, action):
        if action == "change":
            # Wagtail's edit view asks this first; a step's actor is let in by the step itself
            # (``Task.user_can_access_editor``), so step-only groups need no model-wide "change"
            return self._granted_for_all_units(user, action) or bool(user_unit_ids(user))
        if super().user_has_permission(user, action):
            return True
        return action == "view" and user.is_active and (self._supervises_any(user) or bool(self._viewed_ids(user)))

    @staticmethod
    def _viewed_ids(user) -> set:
        """The card's rule (``can_view_card``): an agency's own roles (its reviewers taking step 3
        among them) view the reports of its subtree, in the admin's report list as on the card."""
        from cms.permissions import organisations_acted_for

        return organisations_acted_for(user)

    @staticmethod
    def _publishes_for(user, instance) -> bool:
        from cms.models import OrganisationRole
        from cms.permissions import organisations_acted_for

        return instance.organisation_id in organisations_acted_for(user, (OrganisationRole.REVIEWER,))

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        if not user.is_active or not user.is_authenticated or not instance.pk:
            return False
        if action == "publish":
            return self._publishes_for(user, instance)
        if action not in self.step_actions:
            return False
        from cms.permissions import may_approve_current_step

        if action == "view" and (instance.organisation_id in self._viewed_ids(user)
                                 or self._supervises_any(user) and supervises_a_line(user, instance)):
            return True
        return may_approve_current_step(user, instance)

    def instances_user_has_permission_for(self, user, action):
        queryset = super().instances_user_has_permission_for(user, action)
        if action != "view" or not user.is_active or self._granted_for_all_units(user, action):
            return queryset
        queryset = queryset | self.model._default_manager.filter(organisation_id__in=self._viewed_ids(user))
        if self._supervises_any(user):
            queryset = queryset | self.model._default_manager.filter(
                pk__in=self.model._default_manager.filter(lines__kpi__supervisor_users=user).values("pk"))
        return queryset


def round_policy(model):
    """Reporting rounds: the installation-wide editors manage every calendar (model
    permissions); an organisation's own editors add and change the rounds of their subtree and
    view those and the installation-wide calendar (``cms.permissions.OrganisationScopedPolicy``)."""
    from wagtail.permission_policies import ModelPermissionPolicy

    from cms.permissions import OrganisationScopedPolicy

    class RoundPolicy(OrganisationScopedPolicy):
        def user_has_permission_for_instance(self, user, action, instance):
            if action == "view" and instance.organisation_id is None and self._scoped_ids(user):
                return True
            return super().user_has_permission_for_instance(user, action, instance)

        def instances_user_has_permission_for(self, user, action):
            queryset = super().instances_user_has_permission_for(user, action)
            if action == "view" and not ModelPermissionPolicy.user_has_permission(self, user, action) and self._scoped_ids(user):
                queryset = queryset | self.model._default_manager.filter(organisation__isnull=True)
            return queryset

    return RoundPolicy(model)
