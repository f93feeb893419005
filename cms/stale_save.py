"""The stale-save guard: two editors on one page must not silently overwrite each other.

What Wagtail 7.4 does by itself: the edit form carries hidden ``loaded_revision_id`` and
``loaded_revision_created_at``; editing sessions ping the server and show "this page has been
updated by …" to the other editor; and an *autosave* (JSON) request built on an out-of-date
revision is refused ("Saving will overwrite a newer version."). A normal *Save*/*Submit*/
*Publish* post from a stale form is NOT refused: it simply becomes the newest revision.

This hook refuses that stale post too: the editor gets the edit form back with what they
typed and a Thai message. The re-shown form carries the newest revision's id, so saving it
again is a deliberate overwrite after having been told.

The check and the save are one step: every edit post runs inside a transaction that first
locks the page row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the transaction is
``BEGIN IMMEDIATE``, see ``settings.base``, which takes the database write lock), so of two
posts sent at the same instant from the same revision one saves and the other waits, then
sees the new revision and is refused. Wagtail's own autosave check (JSON) runs inside the
same lock.
"""
from django.utils import timezone
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from .row_lock import rerun_with_page_locked

CONFLICT_MESSAGE = (
    "มีผู้แก้ไขหน้านี้หลังจากที่คุณเปิดแบบฟอร์ม ({who} บันทึกเมื่อ {when}) "
    "ระบบจึงยังไม่บันทึกการแก้ไขของคุณเพื่อไม่ให้ทับงานของผู้อื่น: "
    "เปิดหน้านี้ในแท็บใหม่เพื่อดูฉบับล่าสุด หากยังต้องการใช้ฉบับของคุณแทน ให้กดบันทึกอีกครั้ง"
)


def stale_revision(request, page):
    """The newer revision the posted form did not know about, or None (same rule as Wagtail's
    ``EditView.is_out_of_date``, applied to every post)."""
    latest = page.get_latest_revision()
    if latest is None:
        return None
    if overwrite := request.POST.get("overwrite_revision_id"):  # the editor's own autosave
        return None if overwrite == str(latest.pk) else latest
    loaded = request.POST.get("loaded_revision_id")
    if loaded is None:  # not a form from the editor (e.g. a script): nothing to compare
        return None
    if loaded != str(latest.pk):
        return latest
    if request.POST.get("loaded_revision_created_at", "") != latest.created_at.isoformat():
        return latest
    return None


class ConflictEditView(EditView):
    """Wagtail's own edit view, but the post is shown back as not saved."""

    conflict = None

    def post(self, request, *args, **kwargs):
        self.form = self.form_class(
            request.POST, request.FILES, instance=self.page, subscription=self.subscription,
            parent_page=self.parent, for_user=request.user,
        )
        self.form.is_valid()
        user = self.conflict.user
        self.form.add_error(None, CONFLICT_MESSAGE.format(
            who=(user.get_full_name() or user.get_username()) if user else "ผู้ใช้อื่น",
            when=_be_datetime(timezone.localtime(self.conflict.created_at)),
        ))
        response = self.form_invalid(self.form)
        response.status_code = 409
        return response


def refuse_stale_page_save(request, page):
    """``before_edit_page`` hook (registered in ``cms.wagtail_hooks``): re-run the edit view (Wagtail's, or the revert view) with the page locked, refusing a
    stale post inside the lock."""
    if request.method != "POST":
        return None

    def refuse_if_stale():
        if not request.accepts("text/html"):  # autosave (JSON): Wagtail refuses stale posts itself
            return None
        latest = stale_revision(request, Page.objects.get(pk=page.pk))
        if latest is None:
            return None
        return ConflictEditView.as_view(conflict=latest)(request, page_id=page.pk)

    return rerun_with_page_locked(request, page.pk, refuse_if_stale)


def _be_datetime(value) -> str:
    from cms.widgets import be_date

    return f"{be_date(value)} {value:%H:%M:%S}"
