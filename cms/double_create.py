"""A second "create" of the same new page answers with that page, never a 500 (issue 12, defect 6).

Wagtail's autosave and the "บันทึกฉบับร่าง" click both POST to the create view. The first
creates the page; the second carried the same slug and failed ("The slug … is already in
use"). Before the create view validates the slug, ``existing_draft_for`` looks for a
sibling with that slug which the same user created moments ago and which was never
published: the second POST is then sent to that page's edit view with a Thai note.

Both run with the parent row locked (``cms.row_lock``, hook in ``cms.wagtail_hooks``): two
creates posted at the same instant run one after the other, so the second sees the first
page and answers with it (same user) or with the form's Thai slug / KPI code error (another
user), never with the 500 of a slug found taken only at save time.
"""
import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from .slugs import thai_slugify

RECENT = dt.timedelta(minutes=30)


def posted_slug(request) -> str:
    slug = (request.POST.get("slug") or "").strip()
    return slug or thai_slugify(request.POST.get("title") or "")


def existing_draft_for(request, parent_page):
    slug = posted_slug(request)
    if not slug:
        return None
    # Not ``parent_page.get_children()``: the parent was read before the lock was taken, and
    # treebeard answers "no children" from its stored ``numchild`` alone; a folder that was
    # empty then hid the page the other tab had just made (the Thai slug error, not the page).
    return (
        Page.objects.filter(path__startswith=parent_page.path, depth=parent_page.depth + 1)
        .filter(slug=slug, owner=request.user, live=False, first_published_at__isnull=True,
                latest_revision_created_at__gte=timezone.now() - RECENT)
        .first()
    )


def answer_repeated_create(request, parent_page, page_class):
    """``before_create_page`` hook: a response when this POST repeats a create, else None."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    page = existing_draft_for(request, parent_page)
    if page is None or page.specific_class is not page_class:
        return None
    if request.headers.get("accept", "").startswith("application/json"):
        return None  # autosave: Wagtail's own JSON validation answer, handled by its script
    messages.info(request, "หน้านี้ถูกบันทึกไว้แล้ว (บันทึกอัตโนมัติ) ระบบเปิดหน้าแก้ไขให้ โปรดตรวจสอบและบันทึกอีกครั้ง")
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
