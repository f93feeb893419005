"""Moderation: submit → review (กพร.) → executive approval → published; rejection; evidence."""
import pytest
from wagtail.models import TaskState, WorkflowState

from cms.models import KPITemplatePage
from evidence.models import EvidenceFolderPage, EvidencePage
from tests.helpers.moderation import current_task_state, submit


def test_kpi_template_goes_through_review_then_executive_then_is_published(demo, client):
    staff, reviewer, executive = demo.user("staff_finance"), demo.user("reviewer"), demo.user("executive")
    kpi = demo.kpi("finance", "1")
    submit(kpi, staff, "ร้อยละของการเบิกจ่ายที่ตรวจสอบแล้วเสร็จภายใน 3 วันทำการ")

    state = current_task_state(kpi)
    assert state.task.name == "ทบทวนโดย กพร."
    assert state.task.specific.get_actions(kpi, staff) == []  # the author cannot approve
    assert [a[0] for a in state.task.specific.get_actions(kpi, reviewer)][:2] == ["reject", "approve"]
    state.approve(user=reviewer)

    state = current_task_state(kpi)
    assert state.task.name == "อนุมัติโดยผู้บริหาร"
    assert state.task.specific.get_actions(kpi, reviewer) == []
    assert client.get(kpi.url).content.decode().count("ภายใน 3 วันทำการ") == 0  # not public yet
    state.approve(user=executive)

    kpi = KPITemplatePage.objects.get(pk=kpi.pk)
    assert kpi.title == "ร้อยละของการเบิกจ่ายที่ตรวจสอบแล้วเสร็จภายใน 3 วันทำการ"
    assert not kpi.has_unpublished_changes
    assert "ภายใน 3 วันทำการ" in client.get(kpi.url).content.decode()


def test_rejected_submission_stays_unpublished(demo):
    staff, reviewer = demo.user("staff_plan"), demo.user("reviewer")
    kpi = demo.kpi("plan", "5")
    old_title = kpi.title
    submit(kpi, staff, "ชื่อใหม่ที่ต้องแก้ไข")
    current_task_state(kpi).reject(user=reviewer, comment="โปรดระบุสูตรการคำนวณให้ชัดเจน")

    workflow_state = WorkflowState.objects.for_instance(kpi).latest("created_at")
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_REJECTED).exists()
    assert KPITemplatePage.objects.get(pk=kpi.pk).title == old_title  # live version untouched


def test_agreements_and_manuals_use_the_main_workflow(demo):
    for slug in ("finance", "service"):
        assert demo.agreement(slug).get_workflow().name == "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"


def test_evidence_is_approved_by_its_own_unit_head_only(demo):
    kpi = demo.kpi("finance", "3")
    evidence = EvidencePage(title="รายงานผลการเบิกจ่าย ณ 31 มีนาคม 2569", slug="ev-budget-6m", kpi=kpi, round=6, live=False)
    EvidenceFolderPage.for_organisation_year(demo.folder("finance")).add_child(instance=evidence)
    staff = demo.user("staff_finance")
    evidence.save_revision(user=staff)
    assert evidence.get_workflow().name == "อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน"
    evidence.get_workflow().start(evidence, staff)

    state = current_task_state(evidence)
    task = state.task.specific
    assert task.get_actions(evidence, demo.user("head_service")) == []  # another unit's head
    assert task.get_actions(evidence, staff) == []
    head = demo.user("head_finance")
    assert [a[0] for a in task.get_actions(evidence, head)][:2] == ["reject", "approve"]
    assert list(task.get_task_states_user_can_moderate(head)) == [state]
    assert list(task.get_task_states_user_can_moderate(demo.user("head_service"))) == []
    state.approve(user=head)
    assert EvidencePage.objects.get(pk=evidence.pk).live
