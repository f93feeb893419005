"""Workflow submit → unit head → KPI supervisor → กพร.; locking after the close date; reopen."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, WorkflowState

from reporting.models import REPORT_WORKFLOW_NAME, RoundClosedLock, UnitReport, today
from reporting.scores import start_report
from tests.helpers.http import refused


def current_task_state(report):
    return WorkflowState.objects.for_instance(report).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state.specific


def test_report_goes_head_then_supervisor_then_opdc(demo):
    round_ = demo.open_round(9)
    staff, head, other_head, reviewer = (demo.user(u) for u in ("staff_finance", "head_finance", "head_plan", "reviewer"))
    report = start_report(round_, demo.unit("กค."), staff)
    assert report.lines.count() == 4
    workflow = report.get_workflow()
    assert workflow.name == REPORT_WORKFLOW_NAME
    report.save_revision(user=staff)
    workflow.start(report, staff)
    report.refresh_from_db()
    assert report.status == UnitReport.SUBMITTED and report.submitted_at is not None

    state = current_task_state(report)
    assert state.task.name == "รายงานผล: อนุมัติโดยหัวหน้าหน่วยงาน"
    assert state.task.specific.get_actions(report, staff) == []
    assert state.task.specific.get_actions(report, other_head) == []  # another unit's head
    assert [a[0] for a in state.task.specific.get_actions(report, head)][:2] == ["reject", "approve"]
    state.approve(user=head)

    state = current_task_state(report)
    assert state.task.name == "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
    assert state.task.specific.get_actions(report, head) == []
    assert state.task.specific.get_actions(report, reviewer) == []  # step 3's group is not step 2's
    state.approve(user=supervisor_user(demo))

    state = current_task_state(report)
    assert state.task.name == "รายงานผล: อนุมัติโดย กพร."
    state.approve(user=reviewer)

    report = UnitReport.objects.get(pk=report.pk)
    assert report.status == UnitReport.APPROVED and report.live
    assert not WorkflowState.objects.for_instance(report).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


def supervisor_user(demo):
    from django.contrib.auth.models import Group

    user, _ = demo.User.objects.get_or_create(username="kpi_supervisor", defaults={"first_name": "กมลชนก"})
    user.groups.add(Group.objects.get(name="ผู้กำกับดูแลตัวชี้วัด"))
    return user


def test_rejection_sends_report_back_to_draft(demo):
    round_ = demo.open_round(9)
    staff, head = demo.user("staff_finance"), demo.user("head_finance")
    report = start_report(round_, demo.unit("กค."), staff)
    report.save_revision(user=staff)
    report.get_workflow().start(report, staff)
    current_task_state(report).reject(user=head, comment="โปรดแนบหลักฐานตัวชี้วัดที่ 3")
    report.refresh_from_db()
    assert report.status == UnitReport.DRAFT


def close_round(demo):
    round_ = demo.round(6)
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=30), today() - dt.timedelta(days=1)
    round_.save()
    return demo.report("กค.")


def test_closed_round_report_cannot_be_edited(demo, client):
    report = close_round(demo)
    with pytest.raises(ValidationError) as exc:
        report.full_clean()
    assert "ปิดรับรายงาน" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        report.save_revision(user=demo.user("staff_finance"))
    assert isinstance(report.get_lock(), RoundClosedLock)
    assert report.display_status == "ปิดรอบ (แก้ไขไม่ได้)"
    client.force_login(demo.user("staff_finance"))
    html = client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])).content.decode()
    assert "ต้องขอเปิดรายงานใหม่ก่อนแก้ไข" in html


def test_open_round_report_can_be_edited(demo):
    round_ = demo.round(6)
    round_.closes_on = today() + dt.timedelta(days=1)
    round_.save()
    report = demo.report("กค.")
    report.full_clean()
    assert not isinstance(report.get_lock(), RoundClosedLock)


def test_reopen_needs_permission_and_reason_and_is_logged(demo):
    report = close_round(demo)
    with pytest.raises(PermissionDenied):
        report.reopen(demo.user("staff_finance"), "ขอแก้ไขผลตัวชี้วัดที่ 1")
    with pytest.raises(PermissionDenied):
        report.reopen(demo.user("reviewer"), "ขอแก้ไขผลตัวชี้วัดที่ 1")
    editor = demo.user("editor")
    with pytest.raises(ValidationError):
        report.reopen(editor, "  ")
    assert not ModelLogEntry.objects.filter(action="reporting.reopen").exists()

    report.reopen(editor, "หน่วยงานส่งหลักฐานการเบิกจ่ายไม่ครบเพราะระบบ GFMIS ขัดข้อง")
    report = UnitReport.objects.get(pk=report.pk)
    report.full_clean()  # editable again
    entry = ModelLogEntry.objects.get(action="reporting.reopen", object_id=str(report.pk))
    assert entry.user == editor
    assert entry.data["reason"] == "หน่วยงานส่งหลักฐานการเบิกจ่ายไม่ครบเพราะระบบ GFMIS ขัดข้อง"
    assert "GFMIS" in entry.message


def test_reopen_view_refuses_without_permission(demo, client):
    report = close_round(demo)
    client.force_login(demo.user("staff_finance"))
    response = client.post(reverse("reporting_reopen", args=[report.pk]), {"reason": "ขอแก้ไข"})
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message
    assert refused(response) and response.get("Location") != reverse("reporting_card", args=[report.pk])
    assert UnitReport.objects.get(pk=report.pk).reopen_reason == ""
    assert not ModelLogEntry.objects.filter(action="reporting.reopen").exists()
    client.force_login(demo.user("editor"))
    response = client.post(reverse("reporting_reopen", args=[report.pk]), {"reason": "ระบบขัดข้องวันปิดรอบ"})
    assert response.status_code == 302
    assert UnitReport.objects.get(pk=report.pk).reopen_reason == "ระบบขัดข้องวันปิดรอบ"
