"""Appeals: window enforced, decision with reason by a reviewer, final score changes, history kept."""
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.appeals import decide_appeal, file_appeal
from reporting.models import Appeal, ScoreHistory, UnitReport
from reporting.scores import score_report, set_reviewer_score
from tests.helpers.reporting import announce, evidence_for


@pytest.fixture
def reviewed(demo):
    """กค. 6-month report; the reviewer gives KPI 1 a 3 (self-assessed 3.5)."""
    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "1")
    set_reviewer_score(line, D(3), "หลักฐานยืนยันผลได้ร้อยละ 91", demo.user("reviewer"))
    line.refresh_from_db()
    return line


def test_cannot_appeal_before_announcement(demo, reviewed):
    round_ = demo.round(6)
    round_.announced_on, round_.appeal_deadline = None, None
    round_.save()
    with pytest.raises(ValidationError) as exc:
        file_appeal(reviewed, demo.user("staff_finance"), "ผลจริงร้อยละ 92.5 ตามรายงาน GFMIS")
    assert "ยังไม่ได้ประกาศผลคะแนน" in exc.value.messages[0]


def test_cannot_appeal_after_deadline(demo, reviewed):
    announce(demo.round(6), announced_days_ago=20, deadline_in=-1)
    with pytest.raises(ValidationError) as exc:
        file_appeal(reviewed, demo.user("staff_finance"), "ผลจริงร้อยละ 92.5 ตามรายงาน GFMIS")
    assert "พ้นกำหนดยื่นอุทธรณ์" in exc.value.messages[0]


def test_only_the_unit_appeals_and_evidence_must_be_the_kpis(demo, reviewed):
    announce(demo.round(6))
    with pytest.raises(PermissionDenied):
        file_appeal(reviewed, demo.user("staff_service"), "แทนหน่วยงานอื่น")
    other_kpi = demo.line(reviewed.report, "2").kpi
    wrong = evidence_for(demo, other_kpi, "สรุปผลสำรวจความพึงพอใจ")
    with pytest.raises(ValidationError):
        file_appeal(reviewed, demo.user("staff_finance"), "ผลจริงร้อยละ 92.5", evidence=[wrong])


def test_decision_changes_final_score_and_keeps_history(demo, reviewed):
    announce(demo.round(6))
    staff, reviewer = demo.user("staff_finance"), demo.user("reviewer")
    proof = evidence_for(demo, reviewed.kpi, "รายงานการเบิกจ่ายจาก GFMIS ณ 31 มี.ค. 2569")
    appeal = file_appeal(reviewed, staff, "ผลจริงร้อยละ 92.5 ตามรายงาน GFMIS ที่แนบ", evidence=[proof], requested_score=D("3.5"))
    assert appeal.status == Appeal.PENDING and list(appeal.evidence.all()) == [proof]
    with pytest.raises(ValidationError):
        file_appeal(reviewed, staff, "ยื่นซ้ำ")  # one pending appeal per KPI

    with pytest.raises(PermissionDenied):
        decide_appeal(appeal, staff, D("3.5"), "อนุมัติตนเอง")
    with pytest.raises(ValidationError):
        decide_appeal(appeal, reviewer, D("3.5"), "")

    before = UnitReport.objects.get(pk=reviewed.report_id).reviewed_score
    # only KPI 1 reviewed (3); the others carry their self-assessment (not final):
    # (3×60 + 3.5×10 + 2.5×15 + 3×15) / 100 = 2.9750
    assert before == D("2.9750")
    decide_appeal(appeal, reviewer, D("3.5"), "หลักฐาน GFMIS ยืนยันผลร้อยละ 92.5")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.ACCEPTED and appeal.decided_by == reviewer and appeal.decided_at
    line = type(reviewed).objects.get(pk=reviewed.pk)
    # final_kpi_score: appeal (3.5) > reviewer (3) > self (3.5, unused)
    assert (line.self_score, line.reviewer_score, line.appeal_score, line.final_score) == (
        D("3.5000"), D("3.0000"), D("3.5000"), D("3.5000"))
    # (3.5×60 + 3.5×10 + 2.5×15 + 3×15) / 100 = 3.2750
    assert UnitReport.objects.get(pk=line.report_id).reviewed_score == D("3.2750")

    history = list(ScoreHistory.objects.filter(line=line).order_by("pk").values_list("kind", "old_score", "new_score"))
    assert ("reviewer", None, D("3.0000")) in history
    assert ("appeal", None, D("3.5000")) in history
    assert ("final", D("3.5000"), D("3.0000")) in history  # carried self-assessment → the reviewer's score
    assert ("final", D("3.0000"), D("3.5000")) in history  # the appeal's change
    with pytest.raises(ValidationError):
        decide_appeal(appeal, reviewer, D("4"), "พิจารณาซ้ำ")


def test_review_appeal_and_decision_through_the_card(demo, client):
    """The whole path in the admin: reviewer scores → announced → unit appeals → reviewer decides."""
    from django.urls import reverse

    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "3")  # self 2.5
    staff, reviewer = demo.user("staff_finance"), demo.user("reviewer")

    client.force_login(staff)
    client.post(reverse("reporting_review", args=[line.pk]), {"score": "5", "note": "ให้คะแนนตัวเอง"})
    line.refresh_from_db()
    assert line.reviewer_score is None  # unit staff cannot review

    client.force_login(reviewer)
    client.post(reverse("reporting_review", args=[line.pk]), {"score": "2", "note": "ผลเบิกจ่าย ณ 31 มี.ค. ร้อยละ 94"})
    line.refresh_from_db()
    assert (line.self_score, line.reviewer_score, line.final_score) == (D("2.5000"), D("2.0000"), D("2.0000"))

    announce(demo.round(6))
    proof = evidence_for(demo, line.kpi, "รายงาน GFMIS ณ 31 มีนาคม 2569")
    client.force_login(staff)
    html = client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    assert "ยื่นอุทธรณ์" in html and "รายงาน GFMIS ณ 31 มีนาคม 2569" in html
    client.post(reverse("reporting_appeal", args=[line.pk]),
                {"reason": "เบิกจ่ายได้ร้อยละ 95 ตามรายงานที่แนบ", "requested_score": "2.5", "evidence": [proof.pk]})
    appeal = Appeal.objects.get(line=line)
    assert appeal.filed_by == staff and list(appeal.evidence.all()) == [proof]

    client.force_login(reviewer)
    assert "บันทึกผลการพิจารณา" in client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    client.post(reverse("reporting_decide", args=[appeal.pk]), {"score": "2.5", "reason": ""})
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.PENDING  # a reason is required
    client.post(reverse("reporting_decide", args=[appeal.pk]), {"score": "2.5", "reason": "หลักฐานยืนยันร้อยละ 95"})
    line.refresh_from_db()
    assert (line.self_score, line.reviewer_score, line.appeal_score, line.final_score) == (
        D("2.5000"), D("2.0000"), D("2.5000"), D("2.5000"))
    html = client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    assert "เห็นชอบตามที่อุทธรณ์" in html and "หลักฐานยืนยันร้อยละ 95" in html
