"""Scoring demo reports against hand-computed examples."""
from decimal import Decimal as D

import pytest

from reporting.scores import card, compute, criteria_for, round_table, score_report


def test_criteria_from_templates_and_agreement(demo):
    report = demo.report("สบป.")
    criteria = {c.code: c for c in criteria_for(report)}
    assert set(criteria) == {"1", "1.1", "1.2", "2", "3", "4"}
    assert criteria["1.1"].parent == "1" and criteria["1.2"].parent == "1"
    assert criteria["1.1"].direction.value == "lower"
    assert criteria["1.1"].levels == (D(15), D(13), D(11), D(9), D(7))
    assert criteria["4"].kind.value == "milestone"
    assert criteria["1"].weight == D(60) and criteria["3"].weight == D(15)


def test_finance_six_month_report_hand_computed(demo):
    """กองคลัง, rounds 6 months (missing KPIs would be excluded; none is missing):
    1: 92.5 between level 3 (91) and 4 (94) → 3 + 1.5/3 = 3.5000, weight 60
    2: 86.25 between level 3 (85) and 4 (87.5) → 3 + 1.25/2.5 = 3.5000, weight 10
    3: 95 between level 2 (94) and 3 (96) → 2 + 1/2 = 2.5000, weight 15
    4: milestone, levels 1–3 done → 3.0000, weight 15
    unit = (3.5×60 + 3.5×10 + 2.5×15 + 3×15) / 100 = (210 + 35 + 37.5 + 45) / 100 = 3.2750
    """
    report = demo.report("กค.")
    result = score_report(report)
    scores = {line.kpi.code: line.self_score for line in result.lines}
    assert scores == {"1": D("3.5000"), "2": D("3.5000"), "3": D("2.5000"), "4": D("3.0000")}
    assert result.self_unit.score == D("3.2750")
    report.refresh_from_db()
    assert report.self_score == D("3.2750")
    # not reviewed yet: the reviewed score falls back to nothing
    assert report.reviewed_score is None


def test_nested_kpis_hand_computed(demo):
    """สำนักบริการประชาชน: KPI 1 (weight 60) is scored from 1.1 and 1.2 (30 each).
    1.1: 10 days, lower is better, between level 3 (11) and 4 (9) → 3 + 1/2 = 3.5000
    1.2: 92 % between level 3 (90) and 4 (95) → 3 + 2/5 = 3.4000
    1 = (3.5×30 + 3.4×30) / 60 = 3.4500
    2: 88 between level 4 (87.5) and 5 (90) → 4 + 0.5/2.5 = 4.2000
    3: 99 between level 4 (98) and 5 (100) → 4.5000
    4: all five levels → 5.0000
    unit = (3.45×60 + 4.2×10 + 4.5×15 + 5×15) / 100 = (207 + 42 + 67.5 + 75) / 100 = 3.9150
    """
    result = score_report(demo.report("สบป."))
    assert result.self_unit.kpi_scores["1"] == D("3.4500")
    assert result.self_unit.kpi_scores["1.1"] == D("3.5000")
    assert result.self_unit.score == D("3.9150")


def test_reviewer_score_changes_reviewed_score_and_keeps_both(demo):
    from reporting.models import ScoreHistory
    from reporting.scores import set_reviewer_score

    report = demo.report("กค.")
    score_report(report)
    line = demo.line(report, "1")
    reviewer = demo.user("reviewer")
    set_reviewer_score(line, D("3"), "หลักฐานรอบ 6 เดือนยืนยันได้ร้อยละ 91 เท่านั้น", reviewer)
    line.refresh_from_db()
    assert line.self_score == D("3.5000") and line.reviewer_score == D("3.0000") and line.final_score == D("3.0000")
    report.refresh_from_db()
    # reviewed: KPI 1 = 3, the other KPIs not reviewed yet carry their self-assessment:
    # (3×60 + 3.5×10 + 2.5×15 + 3×15) / 100 = 2.9750, marked not final; self stays 3.2750
    assert report.reviewed_score == D("2.9750")
    assert report.review_state == "partial"
    assert report.self_score == D("3.2750")
    kinds = set(ScoreHistory.objects.filter(line=line).values_list("kind", flat=True))
    assert {"reviewer", "final"} <= kinds


def test_twelve_month_round_counts_missing_as_zero(demo):
    """12 months: KPIs without results count 0. Only KPI 1 reported (92.5 → 3.5, weight 60):
    unit = 3.5 × 60 / 100 = 2.1000."""
    from reporting.scores import start_report

    report = start_report(demo.round(12), demo.unit("กค."))
    line = demo.line(report, "1")
    line.result_value = D("92.5")
    line.save()
    assert score_report(report).self_unit.score == D("2.1000")


def test_round_table_ranks_overall_and_in_group(demo):
    for abbr in ("กค.", "สบป."):
        score_report(demo.report(abbr))
    from cms.models import Organisation
    from reporting.agency import sibling_table

    rows = sibling_table(demo.round(6), Organisation.find("พสบ./สสบ."))
    assert len(rows) == 9
    top = rows[0]
    assert top.organisation.abbreviation == "สบป." and top.score == D("3.9150") and top.rank == 1 and top.group_rank == 1
    second = rows[1]
    assert second.organisation.abbreviation == "กค." and second.rank == 2 and second.group_rank == 1
    assert top.colour == "เหลือง" and second.colour == "เหลือง"
    assert all(r.score is None and r.rank is None for r in rows[2:])


@pytest.mark.parametrize("setting, colour", [([(0, "แดง"), (3.5, "เหลือง"), (3.9, "เขียว")], "เขียว"), (None, "เหลือง")])
def test_bands_come_from_setting(demo, settings, setting, colour):
    settings.KHAMRAP_SCORE_BANDS = setting
    score_report(demo.report("สบป."))
    row = next(r for r in round_table(demo.round(6)) if r.organisation.abbreviation == "สบป.")
    assert row.colour == colour


def test_band_rows_override_setting(demo):
    from reporting.models import ScoreBand

    ScoreBand.objects.create(min_score=0, colour="แดง")
    ScoreBand.objects.create(min_score=D("3.2"), colour="เขียว", css_colour="#00aa00")
    score_report(demo.report("กค."))
    row = next(r for r in round_table(demo.round(6)) if r.organisation.abbreviation == "กค.")
    assert row.colour == "เขียว" and row.css == "#00aa00"


def test_card_groups_by_dimension_with_totals(demo):
    """The reviewer confirms the self scores. Weighted score = score × weight ÷ 100:
    1: 3.5×60/100 = 2.1000, 2: 3.5×10/100 = 0.3500, 3: 2.5×15/100 = 0.3750,
    4: 3×15/100 = 0.4500; total 3.2750 = the unit score."""
    from reporting.scores import set_reviewer_score

    report = demo.report("กค.")
    score_report(report)
    reviewer = demo.user("reviewer")
    for line in report.lines.all():
        set_reviewer_score(line, line.self_score, "ตรวจสอบหลักฐานแล้ว", reviewer)
    data = card(report)
    assert [g.dimension.number for g in data["groups"]] == [1, 2, 3, 4]
    weighted = {row.kpi.code: row.weighted for g in data["groups"] for row in g.rows}
    assert weighted == {"1": D("2.1000"), "2": D("0.3500"), "3": D("0.3750"), "4": D("0.4500")}
    assert data["total_weight"] == D(100)
    assert data["total_weighted"] == D("3.2750") == data["unit_score"]


def test_unreviewed_final_report_is_ranked_on_its_self_assessment(demo):
    """In the 12-month round missing KPIs count 0; a report nobody has reviewed yet must
    not get a reviewed score of 0 and be ranked on it."""
    from reporting.models import ReportingRound
    from reporting.scores import round_table
    from tests.helpers.reporting import report_all_at_level_3

    final = ReportingRound.objects.get(month=12)
    report = report_all_at_level_3(final, demo.unit("กค."))
    assert report.self_score is not None and report.self_score > 0
    assert report.reviewed_score is None
    row = next(r for r in round_table(final) if r.organisation.abbreviation == "กค.")
    assert row.score == report.self_score
