"""The page revisions compare view, opened also to whoever may approve the current step.

Wagtail's own view (``wagtailadmin_pages:revisions_compare``) asks for a page edit or
publish permission, so a กพร. reviewer approving a step saw "ขออภัย, คุณไม่สามารถเปิดหน้านี้ได้"
on the dashboard's compare links. This view is routed at the same address, before Wagtail's
admin URLs (``site/khamrap/urls.py``); the rule itself is
``cms.permissions.may_approve_current_step``.
"""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.revisions import RevisionsCompare
from wagtail.models import Page

from .permissions import may_approve_current_step

COMPARE_PATH = r"^admin/pages/(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$"


def may_compare(user, page) -> bool:
    perms = page.permissions_for_user(user)
    return perms.can_publish() or perms.can_edit() or may_approve_current_step(user, page)


class ApproverRevisionsCompare(RevisionsCompare):
    # Wagtail's dispatch also requires "any page permission"; get_object checks the page.
    def dispatch(self, request, *args, **kwargs):
        return super(RevisionsCompare, self).dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, id=self.pk).specific
        if not may_compare(self.request.user, page):
            raise PermissionDenied
        return page


# The login redirect and admin-access check Wagtail wraps around every admin URL.
approver_revisions_compare = require_admin_access(ApproverRevisionsCompare.as_view())
