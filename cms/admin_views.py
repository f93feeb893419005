"""The base of the project's custom admin screens: Wagtail's admin furniture (header,
breadcrumbs "หน้าแรก › <page title>", icon) from ``WagtailAdminTemplateMixin``; each app
groups its screens in a ``wagtail.admin.viewsets.base.ViewSet`` registered with
``register_admin_viewset``. Permission checks stay in each screen's ``dispatch``."""
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet


class AdminScreen(WagtailAdminTemplateMixin):
    """A screen of the admin: its templates extend ``wagtailadmin/generic/base.html``."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_header_title()}]


class FlatNamesViewSet(ViewSet):
    """A viewset whose URL names carry no namespace (``reporting_card``, not ``reporting:card``):
    the names these screens had before they were grouped in viewsets, used by templates, code
    and tests. ``url_prefix`` is still the path under ``/admin/``."""

    url_namespace = None  # include((patterns, None)): the names stay top-level

    def get_url_name(self, view_name):
        return view_name
