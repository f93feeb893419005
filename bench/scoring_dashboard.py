"""Benchmark: the score dashboard of one round with 300 units x 20 KPIs.

Builds a synthetic year in a throw-away in-memory SQLite test database (migrations run
first, which takes a while and is not timed): 20 KPI templates (quantitative both
directions, milestones, qualitative, one parent with sub-KPIs), 300 units in 3 groups,
one 6-month report per unit with 20 result lines. Every report is scored once through
``reporting.scores.score_report`` (timed and printed), then the admin round dashboard
(table + SVG bar chart for 300 units) is rendered through the Django test client.
Target: dashboard render <= 300 ms on a 2-core machine (best of 5, after one warm-up).

Run: cd /work/main && .venv/bin/python bench/scoring_dashboard.py
"""
from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.test")

UNITS, KPIS, TARGET = 300, 20, 0.300


def build():
    import datetime as dt

    from cms.models import (
        EvaluationFramework, FiscalYear, FiscalYearPage, FrameworkDimension, HomePage, KPITemplatePage, Organisation,
        OrganisationYearPage, UnitGroup,
    )
    from reporting.models import KpiReportLine, ReportingRound, UnitReport
    from wagtail.models import Page

    rng = random.Random(2569)
    year = FiscalYear.objects.create(year_be=2590)
    framework = EvaluationFramework.objects.create(fiscal_year=year, level="unit", name="กรอบทดสอบ")
    dims = [FrameworkDimension.objects.create(framework=framework, number=n, name=f"มิติ {n}", weight=w, sort_order=n)
            for n, w in ((1, 60), (2, 10), (3, 15), (4, 15))]
    root = Page.objects.get(depth=1)
    home = root.add_child(instance=HomePage(title="bench", slug="bench-home"))
    year_page = home.add_child(instance=FiscalYearPage(title="2590", slug="y2590", fiscal_year=year))
    ministry = Organisation.objects.create(name_th="กระทรวงทดสอบ", abbreviation="กท.", level="ministry", head_position="ปลัด")
    dept = Organisation.objects.create(name_th="กรมทดสอบ", abbreviation="กท.1", level="department", parent=ministry, head_position="อธิบดี")
    folder = year_page.add_child(instance=OrganisationYearPage(title="กรมทดสอบ", slug="dept", organisation=dept))

    kpis, weight_left = [], Decimal(100)
    parent = None
    for i in range(1, KPIS + 1):
        kind = ["quantitative", "quantitative", "milestone", "qualitative"][i % 4]
        direction = "lower" if i % 5 == 0 else "higher"
        levels = [Decimal(v) for v in (range(10, 60, 10) if direction == "higher" else range(50, 0, -10))]
        code, parent_kpi, weight = str(i), None, Decimal(5)
        if i == 2:  # 2 is a parent of 3 and 4
            weight = Decimal(10)
        if i in (3, 4):
            code, parent_kpi, weight = f"2.{i - 2}", parent, Decimal(5)
        page = KPITemplatePage(
            title=f"ตัวชี้วัดทดสอบ {code}", slug=f"kpi-{i}", code=code, framework=framework, dimension=dims[i % 4],
            kind=kind, unit_of_measure="ร้อยละ", weight=weight, direction=direction, parent_kpi=parent_kpi,
            **{f"level_{n}": levels[n - 1] for n in range(1, 6)},
            **{f"level_{n}_description": f"ระดับ {n}" for n in range(1, 6)},
        )
        folder.add_child(instance=page)
        if i == 2:
            parent = page
        kpis.append(page)

    groups = [UnitGroup.objects.create(name=f"กลุ่มทดสอบ {g}") for g in range(3)]
    units = Organisation.objects.bulk_create([
        Organisation(name_th=f"หน่วยงานทดสอบ {n:03d}", abbreviation=f"ทส.{n}", level="unit", parent=dept,
                     group=groups[n % 3], head_position="ผู้อำนวยการ")
        for n in range(UNITS)
    ])
    t = dt.date.today()
    round_ = ReportingRound.objects.create(fiscal_year=year, month=6, opens_on=t, closes_on=t + dt.timedelta(days=30))
    reports = UnitReport.objects.bulk_create([UnitReport(round=round_, organisation=u, live=False) for u in units])
    lines = []
    for report in reports:
        for order, kpi in enumerate(kpis):
            line = KpiReportLine(report=report, kpi=kpi, sort_order=order)
            if kpi.kind == "milestone":
                line.steps_done = rng.randint(0, 5)
            elif kpi.kind == "qualitative":
                line.result_value = Decimal(rng.randint(1, 5))
            else:
                line.result_value = Decimal(rng.randint(0, 6000)) / 100
            lines.append(line)
    KpiReportLine.objects.bulk_create(lines, batch_size=2000)
    return round_, reports


def main() -> int:
    import django

    django.setup()
    from django.test.utils import setup_test_environment, setup_databases

    setup_test_environment()
    t0 = time.perf_counter()
    setup_databases(verbosity=0, interactive=False)
    print(f"test database with migrations: {time.perf_counter() - t0:.1f} s (not timed)")

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from reporting.scores import score_report

    round_, reports = build()
    t0 = time.perf_counter()
    for report in reports:
        score_report(report)
    t_score = time.perf_counter() - t0
    print(f"score {UNITS} reports x {KPIS} KPIs (stored, with history): {t_score * 1000:.0f} ms")

    admin = get_user_model().objects.create_superuser("bench", "bench@example.go.th", "x")
    client = Client()
    client.force_login(admin)
    url = reverse("reporting_round", args=[round_.pk])
    response = client.get(url)  # warm-up
    assert response.status_code == 200, response.status_code
    assert response.content.decode().count("<rect") == UNITS
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        client.get(url)
        best = min(best, time.perf_counter() - t)
    card_url = reverse("reporting_card", args=[reports[0].pk])
    client.get(card_url)
    t = time.perf_counter()
    client.get(card_url)
    t_card = time.perf_counter() - t
    print(f"round dashboard, {UNITS} units: {best * 1000:.0f} ms (target <= {TARGET * 1000:.0f} ms)")
    print(f"e-SAR card, {KPIS} KPIs: {t_card * 1000:.0f} ms")
    return 0 if best <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
