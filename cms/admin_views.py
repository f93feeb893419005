"""The base of the project's custom admin screens: Wagtail's admin furniture (header,
breadcrumbs "หน้าแรก › <page title>", icon) from ``WagtailAdminTemplateMixin``; each app
groups its screens in a ``wagtail.admin.viewsets.base.ViewSet`` registered with
``register_admin_viewset``. Permission checks stay in each screen's ``dispatch``."""
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreen(WagtailAdminTemplateMixin):
    """A screen of the admin: its templates extend ``wagtailadmin/generic/base.html``."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_header_title()}]

