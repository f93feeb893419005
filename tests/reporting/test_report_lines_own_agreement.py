"""Issue 9 item 5, through the admin form over HTTP: a report's lines take only KPIs of the
unit's own agreement for the round, each once (a Thai error on the line's KPI field, never a
500); an appeal cites only evidence of the appealing unit."""
import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cms.models import KPITemplatePage
from evidence.models import EvidenceFolderPage, EvidencePage
from reporting.models import Appeal, KpiReportLine, UnitReport, today
from reporting.scores import agreement_for

from tests.helpers.forms import form_fields, line_prefix

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first


@pytest.fixture
def plan_report(demo, client):
    """กองแผนงาน creates its round-9 report in the admin (lines come from its agreement)."""
    round_ = demo.open_round(9)
    plan = demo.unit("กผ.")
    client.force_login(demo.user("staff_plan"))
    add_url = reverse("wagtailsnippets_reporting_unitreport:add")
    data = form_fields(client.get(add_url).content.decode())
    data.update({"round": str(round_.pk), "organisation": str(plan.pk)})
    assert client.post(add_url, data).status_code == 302
    return UnitReport.objects.get(round=round_, organisation=plan)


def foreign_kpi(demo, report):
    """A KPI of another unit's agreement (สบป.), not in กผ.'s."""
    other = agreement_for(demo.unit("สบป."), report.round.fiscal_year)
    own = set(report.lines.values_list("kpi_id", flat=True))
    return next(line.kpi for line in other.kpi_lines.select_related("kpi") if line.kpi_id not in own)


def _edit(client, report):
    url = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    return url, form_fields(client.get(url).content.decode())


def test_line_cannot_take_another_units_kpi(demo, client, plan_report):
    before = sorted(plan_report.lines.values_list("kpi_id", flat=True))
    theirs = foreign_kpi(demo, plan_report)
    url, data = _edit(client, plan_report)
    prefix = line_prefix(data, plan_report.lines.get(kpi__code="2").kpi_id)
    data[f"{prefix}-kpi"] = str(theirs.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่อยู่ในคำรับรองของกองแผนงาน" in html and "ตัวชี้วัด:" in html
    assert sorted(plan_report.lines.values_list("kpi_id", flat=True)) == before
    assert not KpiReportLine.objects.filter(kpi=theirs, report__organisation=plan_report.organisation).exists()


def test_line_cannot_take_another_units_kpi_in_a_new_line(demo, client, plan_report):
    theirs = foreign_kpi(demo, plan_report)
    url, data = _edit(client, plan_report)
    n = int(data["lines-TOTAL_FORMS"])
    data.update({"lines-TOTAL_FORMS": str(n + 1), f"lines-{n}-kpi": str(theirs.pk), f"lines-{n}-id": "",
                 f"lines-{n}-ORDER": str(n + 1), f"lines-{n}-DELETE": "", f"lines-{n}-result_value": "90"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ไม่อยู่ในคำรับรองของกองแผนงาน" in response.content.decode()
    assert plan_report.lines.count() == n


def test_duplicate_kpi_in_one_report_is_a_thai_error_not_a_500(demo, client, plan_report):
    first = plan_report.lines.get(kpi__code="1").kpi
    url, data = _edit(client, plan_report)
    prefix = line_prefix(data, plan_report.lines.get(kpi__code="2").kpi_id)
    data[f"{prefix}-kpi"] = str(first.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "อยู่ในรายงานนี้แล้ว" in response.content.decode()
    codes = sorted(line.kpi.code for line in plan_report.lines.all())
    assert codes == ["1", "2", "3", "4", "5"]
    card = client.get(reverse("reporting_card", args=[plan_report.pk]))
    assert card.status_code == 200


def test_duplicate_code_from_another_page_is_refused(demo, client, plan_report):
    """A KPI page of another unit carrying one of กผ.'s codes: refused before it can break the card."""
    own = {line.kpi.code for line in plan_report.lines.all()}
    twin = KPITemplatePage.objects.exclude(pk__in=plan_report.lines.values("kpi_id")).filter(code__in=own).first()
    assert twin is not None
    url, data = _edit(client, plan_report)
    n = int(data["lines-TOTAL_FORMS"])
    data.update({"lines-TOTAL_FORMS": str(n + 1), f"lines-{n}-kpi": str(twin.pk), f"lines-{n}-id": "",
                 f"lines-{n}-ORDER": str(n + 1), f"lines-{n}-DELETE": ""})
    response = client.post(url, data)
    assert response.status_code == 200 and "ตัวชี้วัด:" in response.content.decode()
    assert plan_report.lines.count() == n
    assert client.get(reverse("reporting_card", args=[plan_report.pk])).status_code == 200


def test_appeal_cannot_cite_another_units_evidence(demo, client):
    """A line left over with another unit's KPI (saved before the rule) still cannot be used to
    cite that unit's evidence in an appeal."""
    report = demo.report("กค.")
    theirs = foreign_kpi(demo, report)
    folder = EvidenceFolderPage.objects.child_of(theirs.get_parent()).get()
    draft = EvidencePage(title="ร่างหลักฐานของหน่วยงานอื่น", slug="ev-foreign-draft", kpi=theirs, round=6, live=False)
    folder.add_child(instance=draft)
    line = KpiReportLine.objects.create(report=report, kpi=theirs, sort_order=99)
    round_ = report.round
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=40), today() - dt.timedelta(days=10)
    round_.announced_on, round_.appeal_deadline = today() - dt.timedelta(days=2), today() + dt.timedelta(days=5)
    round_.save()
    client.force_login(demo.user("staff_finance"))
    response = client.post(reverse("reporting_appeal", args=[line.pk]),
                           {"reason": "ผลจริงสูงกว่าที่ประเมิน", "requested_score": "5", "evidence": [draft.pk]})
    assert response.status_code == 302
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert f"ไม่ใช่หลักฐานของ{report.organisation.name_th}" in shown
    assert not Appeal.objects.filter(line=line).exists()
