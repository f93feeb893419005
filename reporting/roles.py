"""Model permissions of the fixed role groups on reporting's models.

Migration 0002 granted them once; a database emptied by ``flush`` (Django's transactional
tests do it after every test) came back with the groups but without these grants, so an
editor could no longer reopen a report. ``grant_role_permissions`` runs after every migrate
and flush (post_migrate, wired in ``reporting.signals.connect``)."""
import importlib

# What 0002 and 0005 granted, read from those migrations (their frozen role names are checked
# against cms.roles by tests/test_vocabulary.py): this module grants it again after a flush.
ROLE_PERMISSIONS = importlib.import_module("reporting.migrations.0002_report_workflow").ROLE_PERMISSIONS
_supervisors_migration = importlib.import_module("reporting.migrations.0005_distinct_report_reviewers")
SUPERVISORS = _supervisors_migration.SUPERVISORS  # "ผู้กำกับดูแลตัวชี้วัด", step 2 of the report workflow
SUPERVISOR_PERMISSIONS = _supervisors_migration.PERMISSIONS
OWN_KPI_SUPERVISORS = importlib.import_module("reporting.migrations.0008_report_step_two_by_kpi_supervisors").OWN_KPI_SUPERVISORS


def grant_role_permissions(app_config, using="default", **kwargs):
    if app_config.label != "reporting":
        return
    from django.contrib.auth.models import Group, Permission

    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*(_permission(codename, using) for codename in codenames))
    # KPI supervisors are people of their own group only (a host's supervisor, issue 11): without
    # admin access they could not sign in to score their KPI or decide an appeal on it.
    supervisors, _ = Group.objects.using(using).get_or_create(name=SUPERVISORS)
    supervisors.permissions.add(*Permission.objects.using(using).filter(
        content_type__app_label="reporting", codename__in=SUPERVISOR_PERMISSIONS))
    access_admin = Permission.objects.using(using).filter(content_type__app_label="wagtailadmin", codename="access_admin")
    supervisors.permissions.add(*access_admin)
    # a KPI's own supervisor (``supervisor_users``) signs in through this group: no permission
    # on reports of its own, ``UnitReportPermissionPolicy`` gives them the reports of their KPIs
    own, _ = Group.objects.using(using).get_or_create(name=OWN_KPI_SUPERVISORS)
    own.permissions.add(*access_admin)


def _permission(codename, using):
    """A permission on a reporting model, made as 0002 made it when missing: publish, lock,
    unlock and reopen are no model's default permissions, so a flush takes them away for good."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    action, model = codename.split("_", 1)
    content_type, _ = ContentType.objects.db_manager(using).get_or_create(app_label="reporting", model=model)
    return Permission.objects.using(using).get_or_create(content_type=content_type, codename=codename,
                                                          defaults={"name": f"Can {action} {model}"})[0]
