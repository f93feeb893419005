"""Admin wiring of the evidence archive: its screens (:class:`views.EvidenceViewSet`, with the
menu "ค้นหาหลักฐาน"), the page header buttons, the upload log action, the public-files warning."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from cms.models import OrganisationYearPage

from .models import EvidencePage
from .views import EvidenceViewSet


@hooks.register("register_admin_viewset")
def register_evidence_viewset():
    return EvidenceViewSet()  # /admin/evidence/…, names evidence_admin:…, the menu "ค้นหาหลักฐาน"


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
