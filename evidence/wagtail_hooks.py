from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from cms.models import OrganisationYearPage

from . import urls
from .models import EvidencePage


@hooks.register("register_admin_urls")
def register_evidence_urls():
    return [path("evidence/", include((urls, "evidence_admin"), namespace="evidence_admin"))]


@hooks.register("register_admin_menu_item")
def evidence_search_menu_item():
    return MenuItem("ค้นหาหลักฐาน", reverse("evidence_admin:search"), icon_name="search", order=150)


@hooks.register("register_page_header_buttons")
def evidence_buttons(page, user, view_name=None, next_url=None):
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if isinstance(specific, EvidencePage):
        if page.permissions_for_user(user).can_edit():
            yield Button("อัปโหลดไฟล์หลักฐาน", reverse("evidence_admin:upload", args=[page.pk]), icon_name="upload", priority=5)
        yield Button("สถานะไฟล์", reverse("evidence_admin:files", args=[page.pk]), icon_name="list-ul", priority=6)
    elif isinstance(specific, OrganisationYearPage):
        yield Button("รายการตรวจสอบหลักฐาน", reverse("evidence_admin:checklist", args=[page.pk]), icon_name="tasks", priority=6)


@hooks.register("register_log_actions")
def register_evidence_log_actions(actions):
    actions.register_action("khamrap.evidence_upload", "อัปโหลดไฟล์หลักฐาน", "อัปโหลดไฟล์หลักฐานแล้ว")


def _warn_if_files_become_public(request, page):
    """After saving or publishing an evidence page chosen "public": say, in Thai, that its
    files are (or will be, once approved) downloadable by anyone."""
    from django.contrib import messages

    page = page.specific
    if not isinstance(page, EvidencePage):
        return
    latest = page.get_latest_revision_as_object()
    if latest.visibility != EvidencePage.PUBLIC:
        return
    count = page.files.count()
    if page.is_public():
        messages.warning(request, f"คำเตือน: ไฟล์หลักฐาน {count} ไฟล์ของ “{page.title}” เปิดให้ทุกคนบนเว็บไซต์ดาวน์โหลดได้แล้ว "
                                  "หากมีข้อมูลส่วนบุคคล ให้เปลี่ยนเป็น “ภายใน” แล้วเผยแพร่อีกครั้ง")
    else:
        messages.warning(request, f"คำเตือน: “{page.title}” ตั้งเป็นสาธารณะ เมื่ออนุมัติและเผยแพร่แล้ว ไฟล์หลักฐาน {count} ไฟล์"
                                  "จะเปิดให้ทุกคนบนเว็บไซต์ดาวน์โหลดได้ (เมื่อคำรับรองของหน่วยงานเผยแพร่แล้ว)")


@hooks.register("after_edit_page")
def warn_public_evidence_after_edit(request, page):
    _warn_if_files_become_public(request, page)


@hooks.register("after_create_page")
def warn_public_evidence_after_create(request, page):
    _warn_if_files_become_public(request, page)
