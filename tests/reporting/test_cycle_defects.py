"""Issue 12: the yearly cycle without dead ends. One test (or more) per defect, each failing
on the main branch before the fix."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from reporting.models import ReportingRound, UnitReport, today
from reporting.scores import card, round_table, score_report, set_reviewer_score, start_report


def _milestone_kpi(report):
    line = report.lines.select_related("kpi").get(kpi__kind="milestone")
    return line, line.kpi


def _publish_steps(kpi, ladder):
    """Give the live template ``ladder`` = {level: [step text, ...]} and publish it."""
    from cms.models import KPIMilestoneStep

    page = kpi.get_latest_revision_as_object()
    page.milestone_steps = [
        KPIMilestoneStep(level=level, text=text) for level, texts in ladder.items() for text in texts
    ]
    page.partial_credit = True
    page.save_revision().publish()
    return type(kpi).objects.get(pk=kpi.pk)


# --- 12 and rounds as data ----------------------------------------------------------
def test_nine_month_evaluation_round_scores_a_missing_kpi_zero(demo):
    """Defect 12: a 9-month round set as the evaluation round (missing KPIs score 0) does
    not drop a KPI with no result. Only KPI 1 reported (92.5 → 3.5, weight 60):
    3.5 × 60 / 100 = 2.1000 (dropping the others would give 3.5000)."""
    nine = demo.round(9)
    nine.is_evaluation, nine.missing_rule = True, "zero"
    nine.save()
    report = start_report(nine, demo.unit("กค."))
    line = demo.line(report, "1")
    line.result_value = D("92.5")
    line.save()
    assert score_report(report).self_unit.score == D("2.1000")


def test_twelve_month_progress_round_leaves_missing_kpis_out(demo):
    """The rule is the round's: a 12-month round that renormalises drops a KPI with no result."""
    twelve = demo.round(12)
    twelve.is_evaluation, twelve.missing_rule = False, "exclude"
    twelve.save()
    report = start_report(twelve, demo.unit("กค."))
    line = demo.line(report, "1")
    line.result_value = D("92.5")
    line.save()
    assert score_report(report).self_unit.score == D("3.5000")


def test_rounds_at_five_and_seven_months_are_numbered_in_order(demo):
    """A cycle reporting at 5, 7 and 12 months: rounds are 1, 2, 3 of the year, and a KPI
    that starts in round 2 counts from the 7-month round."""
    year = demo.year
    five = ReportingRound.objects.create(fiscal_year=year, month=5, opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 20))
    seven = ReportingRound.objects.create(fiscal_year=year, month=7, opens_on=dt.date(2026, 5, 1), closes_on=dt.date(2026, 5, 20))
    months = list(ReportingRound.objects.filter(fiscal_year=year).order_by("month").values_list("month", flat=True))
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
    report = start_report(final, demo.unit("กค."))
    for line in report.lines.select_related("kpi"):
        line.result_value = line.kpi.level_3
        line.steps_done = 3
        line.save()
    score_report(report)
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
    report = start_report(final, demo.unit("กค."))
    for line in report.lines.select_related("kpi"):
        line.result_value = line.kpi.level_3
        line.steps_done = 3
        line.save()
    score_report(report)
    report.refresh_from_db()
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
    line, kpi = _milestone_kpi(report)
    _publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
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
    line, kpi = _milestone_kpi(report)
    _publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
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
    for baseline in page.baselines.all():
        baseline.value = "99.99"
    page.save_revision().publish()
    report = UnitReport.objects.get(pk=report.pk)
    after = {row.kpi.code: row.baseline for g in card(report)["groups"] for row in g.rows}
    assert after == before and "99.99" not in after["1"]
