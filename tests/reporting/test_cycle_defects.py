"""Issue 12: the yearly cycle without dead ends. One test (or more) per defect, each failing
on the main branch before the fix."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from reporting.models import ReportingRound, UnitReport, today
from reporting.scores import card, round_table, score_report, set_reviewer_score, start_report
from tests.helpers.http import refused
from tests.helpers.reporting import announce, evidence_for, milestone_kpi, publish_steps, report_all_at_level_3


# --- 12 and rounds as data ----------------------------------------------------------
def _score_with_only_kpi_1_reported(demo, month, **round_settings):
    """กค.'s score in the round of ``month`` set up with ``round_settings`` when only KPI 1 has
    a result (92.5 → level 3.5, weight 60)."""
    round_ = demo.round(month)
    for name, value in round_settings.items():
        setattr(round_, name, value)
    round_.save()
    report = start_report(round_, demo.unit("กค."))
    line = demo.line(report, "1")
    line.result_value = D("92.5")
    line.save()
    return score_report(report).self_unit.score


def test_nine_month_evaluation_round_scores_a_missing_kpi_zero(demo):
    """Defect 12: a 9-month round set as the evaluation round (missing KPIs score 0) does
    not drop a KPI with no result. Only KPI 1 reported (92.5 → 3.5, weight 60):
    3.5 × 60 / 100 = 2.1000 (dropping the others would give 3.5000)."""
    assert _score_with_only_kpi_1_reported(demo, 9, is_evaluation=True, missing_rule="zero") == D("2.1000")


def test_a_fiscal_year_has_one_evaluation_round(demo):
    """Marking the 9-month round as the evaluation round while the 12-month one still is:
    a Thai error on the field; once the 12-month round is unmarked, the 9-month one may be."""
    nine, twelve = demo.round(9), demo.round(12)
    assert twelve.is_evaluation
    nine.is_evaluation = True
    with pytest.raises(ValidationError) as exc:
        nine.full_clean()
    assert "ปีละหนึ่งรอบ" in exc.value.message_dict["is_evaluation"][0]
    twelve.is_evaluation = False
    twelve.full_clean()
    twelve.save()
    nine.full_clean()


def test_twelve_month_progress_round_leaves_missing_kpis_out(demo):
    """The rule is the round's: a 12-month round that renormalises drops a KPI with no result."""
    assert _score_with_only_kpi_1_reported(demo, 12, is_evaluation=False, missing_rule="exclude") == D("3.5000")


def test_rounds_at_five_and_seven_months_are_numbered_in_order(demo):
    """A cycle reporting at 5, 7 and 12 months: rounds are 1, 2, 3 of the year, and a KPI
    that starts in round 2 counts from the 7-month round."""
    year = demo.year
    five = ReportingRound.objects.create(fiscal_year=year, month=5, opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 20))
    seven = ReportingRound.objects.create(fiscal_year=year, month=7, opens_on=dt.date(2026, 5, 1), closes_on=dt.date(2026, 5, 20))
    months = list(ReportingRound.objects.filter(fiscal_year=year, organisation=None).order_by("month").values_list("month", flat=True))
    assert [r.round_no for r in (five, seven)] == [months.index(5) + 1, months.index(7) + 1]
    assert five.round_no < seven.round_no < demo.round(12).round_no
    report = start_report(seven, demo.unit("กค."))
    assert report.lines.count() == 4
    assert "รอบ 7 เดือน" in str(seven)


# --- 4: one definition of the reviewed score -------------------------------------------
def test_partly_reviewed_report_carries_self_assessment_and_is_not_final(demo):
    """1 of 4 KPIs reviewed in the 12-month round (missing → 0): the unreviewed KPIs carry
    their self-assessment, so the reviewed figure is not dragged towards 0.
    Self: every KPI at level 3 → 3.0000 each → unit 3.0000. KPI 1 reviewed 4:
    (4×60 + 3×10 + 3×15 + 3×15) / 100 = 3.6000, marked "not final"."""
    final = demo.round(12)
    report = report_all_at_level_3(final, demo.unit("กค."))
    set_reviewer_score(demo.line(report, "1"), D(4), "ตรวจหลักฐานแล้ว", demo.user("reviewer"))
    report.refresh_from_db()
    assert report.self_score == D("3.0000")
    assert report.reviewed_score == D("3.6000") and report.review_state == "partial"
    row = next(r for r in round_table(final) if r.organisation.abbreviation == "กค.")
    assert row.score == D("3.6000") and not row.is_final and "ยังไม่เป็นที่สุด" in row.basis
    data = card(report)
    assert data["unit_score"] == D("3.6000") and data["review_state"] == "partial"
    carried = {row.kpi.code: row.carried for g in data["groups"] for row in g.rows}
    assert carried == {"1": False, "2": True, "3": True, "4": True}


def test_unreviewed_report_card_excel_and_dashboard_agree(demo, client):
    """Nobody reviewed กค.'s report: the card, its Excel and the round dashboard all show
    the self-assessed 3.2750 (the card used to show 0.0000 in the final round)."""
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    final = demo.round(12)
    report = report_all_at_level_3(final, demo.unit("กค."))
    client.force_login(demo.user("editor"))
    html = client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    assert f'id="unit-score">{report.self_score:.4f}' in html
    wb = load_workbook(BytesIO(client.get(reverse("reporting_card_excel", args=[report.pk])).content))
    total = [row for row in wb.active.iter_rows(values_only=True) if row[2] == "รวม"][0]
    assert D(str(total[7])).quantize(D("0.0001")) == report.self_score
    dashboard = client.get(reverse("reporting_round", args=[final.pk])).content.decode()
    assert f"{report.self_score:.4f}" in dashboard and "ยังไม่ได้ทบทวน" in dashboard


# --- 3: milestone steps per level --------------------------------------------------------
def test_milestone_with_two_steps_at_level_four_scores_with_partial_credit(demo):
    """Level 4 has two steps. Levels 1–3 done and 1 of the 2 steps of level 4:
    3 + 1/2 = 3.5000 with partial credit (the engine used to raise ระดับ 4 มี 1 ขั้นตอน)."""
    round_ = demo.open_round(9)
    report = start_report(round_, demo.unit("กค."))
    line, kpi = milestone_kpi(report)
    publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
    line.steps_done = ["1.1", "2.1", "3.1", "4.1"]
    line.save()
    result = score_report(report)
    scored = {ln.kpi.code: ln.self_score for ln in result.lines}
    assert scored["4"] == D("3.5000")
    line.steps_done = [1, 1, 1, 2, 0]  # the older per-level counts still read
    line.save()
    assert {ln.kpi.code: ln.self_score for ln in score_report(report).lines}["4"] == D("4.0000")


def test_report_form_shows_a_checklist_of_steps_not_json(demo, client):
    from django.urls import reverse

    round_ = demo.open_round(9)
    report = start_report(round_, demo.unit("กค."))
    line, kpi = milestone_kpi(report)
    publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
    client.force_login(demo.user("staff_finance"))
    html = client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])).content.decode()
    assert 'type="checkbox"' in html and "เสนอแผนต่อผู้บริหาร" in html and 'value="4.2"' in html
    assert ">null<" not in html and "[1, 1, 1, 0, 0]" not in html


# --- 10: a closed round keeps the template it was made for -------------------------------
def test_closed_round_card_keeps_the_baseline_it_was_made_for(demo):
    report = demo.report("กค.")
    score_report(report)
    before = {row.kpi.code: row.baseline for g in card(report)["groups"] for row in g.rows}
    round_ = report.round
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=30), today() - dt.timedelta(days=1)
    round_.save()
    kpi = demo.line(report, "1").kpi
    page = kpi.get_latest_revision_as_object()
    baselines = list(page.baselines.all())
    for baseline in baselines:
        baseline.value = "99.99"
    page.baselines = baselines  # assigned back: a value changed on .all() alone is not saved
    page.save_revision().publish()
    assert {b.value for b in type(kpi).objects.get(pk=kpi.pk).baselines.all()} == {"99.99"}  # the live KPI did change
    report = UnitReport.objects.get(pk=report.pk)
    after = {row.kpi.code: row.baseline for g in card(report)["groups"] for row in g.rows}
    assert after == before and "99.99" not in after["1"]


# --- 1: reopen unlocks for the unit ---------------------------------------------------------
def _close(round_):
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=30), today() - dt.timedelta(days=1)
    round_.save()
    return round_


def test_reopened_report_can_be_edited_and_saved_by_the_unit(demo, client):
    """The revision saved before the reopen must not bring the lock back: staff see the
    form unlocked, save a new figure, and the editor's card shows it."""
    from django.urls import reverse

    from tests.helpers.forms import form_fields, line_prefix

    report = demo.report("กค.")
    _close(report.round)
    report.reopen(demo.user("editor"), "แก้ไขผลตัวชี้วัดที่ 1 ตามหลักฐานใหม่")
    url = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    client.force_login(demo.user("staff_finance"))
    html = client.get(url).content.decode()
    assert "ต้องขอเปิดรายงานใหม่ก่อนแก้ไข" not in html
    assert report.get_latest_revision_as_object().get_lock() is None
    data = form_fields(html)
    prefix = line_prefix(data, demo.line(report, "1").kpi_id)
    data[f"{prefix}-result_value"] = "๙๔"  # Thai digits (defect 11): 94 = level 4
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    line = demo.line(UnitReport.objects.get(pk=report.pk), "1")
    assert line.result_value == D(94) and line.self_score == D("4.0000")
    client.force_login(demo.user("editor"))
    card_html = client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    assert "4.0000" in card_html and "เปิดให้แก้ไขได้ถึง" in card_html


# --- 9: scores after the announcement ----------------------------------------------------
def test_reviewer_score_is_refused_after_announcement_unless_reopened(demo):
    report = demo.report("กค.")
    score_report(report)
    round_ = _close(report.round)
    round_.announced_on, round_.appeal_deadline = today() - dt.timedelta(days=1), today() + dt.timedelta(days=5)
    round_.save()
    line = demo.line(report, "1")
    with pytest.raises(ValidationError) as exc:
        set_reviewer_score(line, D(2), "แก้คะแนนหลังประกาศ", demo.user("reviewer"))
    assert "อุทธรณ์" in exc.value.messages[0]
    assert demo.line(report, "1").reviewer_score is None
    UnitReport.objects.get(pk=report.pk).reopen(demo.user("editor"), "คณะกรรมการให้ทบทวนคะแนนตัวชี้วัดที่ 1")
    set_reviewer_score(demo.line(report, "1"), D(2), "ทบทวนตามมติคณะกรรมการ", demo.user("reviewer"))
    assert demo.line(report, "1").reviewer_score == D("2.0000")


def test_appeal_cannot_cite_a_file_attached_after_the_announcement(demo):
    from django.core.files.base import ContentFile

    from evidence.models import EvidenceFile
    from reporting.appeals import file_appeal


    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "1")
    announce(report.round)
    page = evidence_for(demo, line.kpi, "รายงาน GFMIS ฉบับแก้ไข")
    EvidenceFile.objects.create(page=page, file=ContentFile(b"late", name="late.txt"), original_name="late.txt")
    with pytest.raises(ValidationError) as exc:
        file_appeal(line, demo.user("staff_finance"), "ผลจริงร้อยละ 94", evidence=[page])
    assert "หลังประกาศผลคะแนน" in " ".join(exc.value.messages)


def test_appeal_cannot_cite_an_evidence_page_created_after_the_announcement(demo):
    """No file at all on the page: the page itself entered the system after the
    announcement (its first revision), so it cannot support the appeal; a page made
    before the announcement still can."""
    from django.utils import timezone

    from reporting.appeals import file_appeal


    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "1")
    announce(report.round)  # announced two days ago
    late = evidence_for(demo, line.kpi, "บันทึกชี้แจงที่ทำขึ้นใหม่", days_ago=0)
    late.save_revision(user=demo.user("staff_finance"))  # as the admin does: the page's first revision, today
    with pytest.raises(ValidationError) as exc:
        file_appeal(line, demo.user("staff_finance"), "ผลจริงร้อยละ 94", evidence=[late])
    assert "สร้างขึ้นหลังประกาศผลคะแนน" in " ".join(exc.value.messages)

    early = evidence_for(demo, line.kpi, "รายงาน GFMIS ก่อนประกาศผล", days_ago=0)
    revision = early.save_revision(user=demo.user("staff_finance"))
    type(revision).objects.filter(pk=revision.pk).update(created_at=timezone.now() - dt.timedelta(days=5))
    type(early).objects.filter(pk=early.pk).update(first_published_at=timezone.now() - dt.timedelta(days=5))
    appeal = file_appeal(line, demo.user("staff_finance"), "ผลจริงร้อยละ 94", evidence=[early])
    assert list(appeal.evidence.all()) == [early]


# --- 5: B.E. dates --------------------------------------------------------------------------
def test_be_date_typed_in_the_round_form_is_stored_as_ce(demo, client):
    from django.urls import reverse

    from tests.helpers.forms import form_fields

    round_ = demo.round(9)
    url = reverse("wagtailsnippets_reporting_reportinground:edit", args=[round_.pk])
    client.force_login(demo.user("editor"))
    html = client.get(url).content.decode()
    assert f'value="{round_.closes_on.day:02d}/{round_.closes_on.month:02d}/{round_.closes_on.year + 543}"' in html
    data = form_fields(html)
    data["closes_on"] = "31/07/2569"
    data["opens_on"] = "๐๑/๐๗/๒๕๖๙"
    assert client.post(url, data).status_code == 302
    round_.refresh_from_db()
    assert (round_.opens_on, round_.closes_on) == (dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    data["closes_on"] = "31/12/3112"  # a B.E. year typed twice over: outside the fiscal year
    response = client.post(url, data)
    assert response.status_code == 200
    assert "อยู่นอกปีงบประมาณ 2569" in response.content.decode()


def test_lock_message_and_reopen_note_use_be_dates(demo):
    from reporting.models import RoundClosedLock

    report = demo.report("กค.")
    round_ = _close(report.round)
    message = RoundClosedLock(report).get_message(demo.user("staff_finance"))
    assert f"{round_.closes_on.year + 543}" in message and f"{round_.closes_on.year}" not in message
    with pytest.raises(ValidationError) as exc:
        report.full_clean()
    assert f"/{round_.closes_on.year + 543}" in exc.value.messages[0]


# --- 11: both digit scripts -----------------------------------------------------------------
def test_number_fields_accept_thai_digits_and_are_text_boxes(demo):
    from cms.widgets import ThaiDecimalField, ThaiIntegerField
    from reporting.models import UnitReport as Model

    form_class = Model.snippet_viewset.get_edit_handler().get_form_class()
    line_form = form_class.formsets["lines"].form
    field = line_form.base_fields["result_value"]
    assert isinstance(field, ThaiDecimalField)
    assert 'type="text"' in field.widget.render("x", None) and 'inputmode="decimal"' in field.widget.render("x", None)
    assert field.clean("๙๒.๕") == D("92.5") and field.clean("1,234.5") == D("1234.5")
    assert ThaiIntegerField().clean("๒๕๖๙") == 2569
    with pytest.raises(ValidationError):
        field.clean("เก้าสิบ")


# --- 2: request changes → resubmit → review → executive ------------------------------------
def test_request_changes_then_resubmit_runs_review_then_executive_and_publishes(demo):
    from wagtail.models import WorkflowState

    from cms.models import KPITemplatePage, OrganisationYearPage

    staff, reviewer, executive = demo.user("staff_finance"), demo.user("reviewer"), demo.user("executive")
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    kpi.get_latest_revision_as_object().save_revision(user=staff)
    kpi.get_workflow().start(kpi, staff)

    def task():
        return WorkflowState.objects.for_instance(kpi).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state

    task().approve(user=reviewer)
    assert task().task.name == "อนุมัติโดยผู้บริหาร"
    task().reject(user=executive, comment="โปรดปรับค่าเป้าหมายระดับ 3")
    page = KPITemplatePage.objects.get(pk=kpi.pk).get_latest_revision_as_object()
    page.title = "ร้อยละของการเบิกจ่ายที่ตรวจสอบภายใน 3 วันทำการ (ปรับตามความเห็นผู้บริหาร)"
    page.save_revision(user=staff)
    WorkflowState.objects.for_instance(kpi).get(status=WorkflowState.STATUS_NEEDS_CHANGES).resume(staff)
    assert task().task.name == "ทบทวนโดย กพร."  # the reworked version is reviewed again first
    task().approve(user=reviewer)
    assert task().task.name == "อนุมัติโดยผู้บริหาร"  # and the executive, who may publish, is last
    task().approve(user=executive)
    kpi = KPITemplatePage.objects.get(pk=kpi.pk)
    assert kpi.live and kpi.title.endswith("(ปรับตามความเห็นผู้บริหาร)")
    assert not WorkflowState.objects.for_instance(kpi).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


# --- 8: distinct groups for steps 2 and 3; no leftover workflow ----------------------------
def test_report_workflow_steps_two_and_three_have_distinct_groups_and_no_moderators_workflow(db):
    from wagtail.models import Workflow

    from reporting.models import REPORT_WORKFLOW_NAME

    tasks = [t.specific for t in Workflow.objects.get(name=REPORT_WORKFLOW_NAME).tasks.order_by("workflow_tasks__sort_order")]
    step2, step3 = tasks[1], tasks[2]
    from reporting.models import KpiSupervisorTask, ReportReviewerTask

    assert isinstance(step2, KpiSupervisorTask) and isinstance(step3, ReportReviewerTask)
    groups2, groups3 = set(step2.fallback_groups.values_list("name", flat=True)), set(step3.fallback_groups.values_list("name", flat=True))
    assert groups2 == {"ผู้กำกับดูแลตัวชี้วัด"} and groups3 == {"ผู้ทบทวน กพร."} and not groups2 & groups3
    # Wagtail's default workflow, by its own name or the Thai one dashboard 0001 gives it
    assert not Workflow.objects.filter(name__in=["Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"]).exists()
    from wagtail.models import Task
    assert not Task.objects.filter(name__in=["Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"]).exists()


def test_sar_and_booklet_print_every_step_of_every_level(demo):
    from doc_templates.from_pages import kpi_context
    from reporting.documents import sar_context

    round_ = demo.open_round(9)
    report = start_report(round_, demo.unit("กค."))
    line, kpi = milestone_kpi(report)
    kpi = publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
    line.steps_done = ["1.1", "2.1", "3.1", "4.1"]
    line.save()
    booklet_steps = kpi_context(kpi).milestone_steps
    assert "ระดับ 4 ขั้นตอนที่ 2: เสนอแผนต่อผู้บริหาร" in booklet_steps and len(booklet_steps) == 6
    sar = sar_context(UnitReport.objects.get(pk=report.pk))
    steps = next(r.steps for r in sar.reports if r.kpi.code == "4")
    assert [(s.text.split(":")[0], s.done) for s in steps][3:5] == [("ระดับ 4 ขั้นตอนที่ 1", True), ("ระดับ 4 ขั้นตอนที่ 2", False)]


# --- 7: whoever may approve the current step may compare its revisions ---------------------
def test_reviewer_compares_the_revision_they_approve_and_other_units_staff_are_refused(demo, client):
    from django.urls import reverse
    from wagtail.models import WorkflowState

    from cms.models import KPITemplatePage, OrganisationYearPage

    staff, reviewer = demo.user("staff_finance"), demo.user("reviewer")
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    previous = kpi.get_latest_revision()
    page = kpi.get_latest_revision_as_object()
    page.title = "ร้อยละของการเบิกจ่ายที่ตรวจสอบแล้วเสร็จภายใน 3 วันทำการ"
    revision = page.save_revision(user=staff)
    kpi.get_workflow().start(kpi, staff)
    state = WorkflowState.objects.for_instance(kpi).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.task.name == "ทบทวนโดย กพร."

    # The dashboard offers both compare links to the reviewer.
    client.force_login(reviewer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    live_url = reverse("wagtailadmin_pages:revisions_compare", args=(kpi.pk, "live", revision.pk))
    previous_url = reverse("wagtailadmin_pages:revisions_compare", args=(kpi.pk, previous.pk, revision.pk))
    assert live_url in home
    for url in (live_url, previous_url):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "ขออภัย" not in body
        assert "ภายใน 3 วันทำการ" in body  # the changed title is in the diff
        assert "<ins" in body or "addition" in body

    # Another unit's staff (page permissions elsewhere, no approval here) are still refused,
    # and once the review step is approved the reviewer no longer compares this page.
    client.force_login(demo.user("staff_service"))
    assert refused(client.get(live_url))
    state.current_task_state.approve(user=reviewer)
    client.force_login(reviewer)
    assert refused(client.get(live_url))


# --- 6: autosave + "บันทึกฉบับร่าง" both create the same page: never a 500 ---------------------
def test_second_create_of_the_same_new_evidence_page_opens_the_page_already_created(demo, client):
    from cms.models import KPITemplatePage, OrganisationYearPage
    from evidence.models import EvidenceFolderPage, EvidencePage
    from tests.helpers.forms import form_fields

    year_folder = OrganisationYearPage.objects.get(slug="finance")
    folder = EvidenceFolderPage.objects.child_of(year_folder).get()
    kpi = KPITemplatePage.objects.child_of(year_folder).get(code="1")
    client.force_login(demo.user("staff_finance"))
    url = f"/admin/pages/add/evidence/evidencepage/{folder.pk}/"
    data = form_fields(client.get(url).content.decode())
    data.update(title="รายงานผลการเบิกจ่าย ณ 31 มีนาคม 2569", slug="ev-budget-6m-2569", kpi=str(kpi.pk), round="6")

    first = client.post(url, data)  # the autosave (or a first click) creates the page
    assert first.status_code == 302
    page = EvidencePage.objects.child_of(folder).get(slug="ev-budget-6m-2569")
    second = client.post(url, data)  # the "บันทึกฉบับร่าง" click on the same create form
    assert second.status_code == 302
    assert second["Location"] == f"/admin/pages/{page.pk}/edit/"
    opened = client.get(second["Location"])
    assert opened.status_code == 200
    assert "หน้านี้ถูกบันทึกไว้แล้ว" in opened.content.decode()
    assert EvidencePage.objects.child_of(folder).filter(slug__startswith="ev-budget-6m-2569").count() == 1

    # Another user's page with that slug is not "the same page": the form error stays.
    client.force_login(demo.user("head_finance"))
    third = client.post(url, data)
    assert third.status_code == 200
    assert "ev-budget-6m-2569" in third.content.decode()
