"""Keep groups and page permissions in step with organisations and their year folders.

The handlers are plain functions; `connect()` (called once from `CmsConfig.ready`) wires
them, each with a dispatch_uid so a second call never doubles a handler."""
from django.db.models.signals import post_migrate, post_save
from wagtail.signals import page_published, page_unpublished

from .models import Organisation, OrganisationYearPage
from .roles import (
    ensure_fixed_roles,
    ensure_role_groups,
    ensure_unit_groups,
    grant_unit_folder_permissions,
)


def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_unit_groups(instance)
        ensure_role_groups(instance)


def organisation_year_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_unit_folder_permissions(instance)


def attach_role_permissions(app_config, using="default", **kwargs):
    """After migrate: the fixed role groups get their model permissions.

    Permissions are created by post_migrate themselves, so they are made here first.
    """
    if app_config.label != "cms":
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    from .models import HomePage

    ensure_fixed_roles(HomePage.objects.first())
    # Installations from before scoped roles: every agency gets its own role groups.
    for organisation in Organisation.objects.filter(level__in=Organisation.AGENCY_LEVELS):
        ensure_role_groups(organisation)



def clear_page_cache(sender, **kwargs):
    """Readers never see a stale page: any publication empties the public page cache."""
    from django.conf import settings
    from django.core.cache import caches

    if getattr(settings, "KHAMRAP_PAGE_CACHE_SECONDS", 0):
        caches["pages"].clear()



def connect():
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="cms-organisation-saved")
    post_save.connect(organisation_year_page_saved, sender=OrganisationYearPage, dispatch_uid="cms-year-folder-saved")
    post_migrate.connect(attach_role_permissions, dispatch_uid="cms-attach-role-permissions")
    page_published.connect(clear_page_cache, dispatch_uid="khamrap-clear-page-cache-publish")
    page_unpublished.connect(clear_page_cache, dispatch_uid="khamrap-clear-page-cache-unpublish")
