"""Approving public evidence from the home page (issue 14): the plain "อนุมัติ" opens the dialog,
and the dialog warns in Thai that the files become downloadable by anyone."""
import json

from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.models import KPITemplatePage, OrganisationYearPage
from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage

WARNING = "คำเตือน: หลักฐานนี้ตั้งเป็น “สาธารณะ”"


def submitted_evidence(user, visibility, slug):
    folder_year = OrganisationYearPage.objects.get(slug="finance")
    folder = EvidenceFolderPage.for_organisation_year(folder_year)
    staff = user("staff_finance")
    page = EvidencePage(title=f"ผลสำรวจ {slug}", slug=slug, kpi=KPITemplatePage.objects.child_of(folder_year).get(code="2"),
                        round=9, live=False, visibility=EvidencePage.INTERNAL)
    folder.add_child(instance=page)
    for name in ("ผลสำรวจ.txt", "ภาพกิจกรรม.txt"):
        record = EvidenceFile(page=page, original_name=name)
        record.file.save(name, ContentFile("ผลสำรวจความพึงพอใจ ร้อยละ 86.5".encode()), save=False)
        record.save()
    draft = page.get_latest_revision_as_object() if page.get_latest_revision() else page
    draft.visibility = visibility  # chosen in the draft sent for approval, not yet on the stored page
    draft.save_revision(user=staff)
    page.get_workflow().start(page, staff)
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    return page, state.current_task_state


def test_approving_public_evidence_from_the_dashboard_shows_the_public_files_warning(client, user):
    public, public_task = submitted_evidence(user, EvidencePage.PUBLIC, "ev-dash-public")
    internal, internal_task = submitted_evidence(user, EvidencePage.INTERNAL, "ev-dash-internal")
    head = user("head_finance")
    assert public.get_workflow() is not None and public_task.task.specific.get_actions(public, head)
    client.force_login(head)
    home = client.get("/admin/").content.decode()
    approve_public = reverse("wagtailadmin_pages:workflow_action", args=[public.pk, "approve", public_task.pk])
    approve_internal = reverse("wagtailadmin_pages:workflow_action", args=[internal.pk, "approve", internal_task.pk])
    # the public page's plain approval opens the dialog; the internal page's posts at once as before
    assert f'data-workflow-action-url="{approve_public}" data-launch-modal>อนุมัติ (ไฟล์จะเปิดเป็นสาธารณะ)' in home
    assert f'data-workflow-action-url="{approve_internal}" >' in home

    dialog = json.loads(client.get(approve_public, HTTP_X_REQUESTED_WITH="XMLHttpRequest").content)["html"]
    assert WARNING in dialog and "PDPA" in dialog and "ไฟล์ทั้ง 2 ไฟล์" in dialog
    internal_dialog = json.loads(client.get(approve_internal, HTTP_X_REQUESTED_WITH="XMLHttpRequest").content)["html"]
    assert WARNING not in internal_dialog
    # approving through the dialog still works
    client.post(approve_public, {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert not WorkflowState.objects.filter(object_id=str(public.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_a_group_approval_step_on_the_dashboard_reads_approve_in_thai(client, user):
    """Wagtail's catalogue turns "Approve" into "ยืนยัน" (confirm); a กพร. reviewer's step reads "อนุมัติ"."""
    staff = user("staff_finance")
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    kpi.save_revision(user=staff)
    kpi.get_workflow().start(kpi, staff)
    state = WorkflowState.objects.for_instance(kpi).get(status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(user("reviewer"))
    home = client.get("/admin/").content.decode()
    approve = reverse("wagtailadmin_pages:workflow_action", args=[kpi.pk, "approve", state.current_task_state.pk])
    assert f'data-workflow-action-url="{approve}" >อนุมัติ</button>' in home
    assert ">ยืนยัน</button>" not in home
