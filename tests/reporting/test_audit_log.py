"""The audit log (Wagtail's log entries, shown under Reports → Site history) records every
approval, publication, score change and reopen, with who did it."""
from decimal import Decimal as D

from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

from reporting.scores import score_report, set_reviewer_score


def test_score_changes_reach_the_audit_log(demo):
    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "1")
    reviewer = demo.user("reviewer")
    set_reviewer_score(line, D(3), "หลักฐานยืนยันผลได้ร้อยละ 91", reviewer)
    entries = ModelLogEntry.objects.filter(action="reporting.score_change", object_id=str(report.pk))
    mine = [e for e in entries if e.user_id == reviewer.pk]
    assert mine and any(e.data["kpi"] == "1" and e.data["new"].startswith("3") for e in mine)
    assert "ตัวชี้วัด 1" in mine[-1].message


def test_page_approval_and_publication_are_logged(demo):
    from cms.models import KPITemplatePage, OrganisationYearPage

    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="2")
    staff, reviewer, executive = demo.user("staff_finance"), demo.user("reviewer"), demo.user("executive")
    kpi.title += " (แก้ไข)"
    kpi.save_revision(user=staff)
    kpi.get_workflow().start(kpi, staff)
    for approver in (reviewer, executive):
        state = WorkflowState.objects.for_instance(kpi).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state
        state.approve(user=approver)
    actions = {(e.action, e.user_id) for e in PageLogEntry.objects.filter(page=kpi)}
    assert ("wagtail.workflow.start", staff.pk) in actions
    assert ("wagtail.workflow.approve", reviewer.pk) in actions
    assert ("wagtail.workflow.approve", executive.pk) in actions
    assert ("wagtail.publish", executive.pk) in actions
