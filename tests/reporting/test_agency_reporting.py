"""Ministries and departments report, are scored like units and are ranked among their
siblings (a ministry's departments together; a department's units only among themselves)."""
from decimal import Decimal as D

from cms.models import AgreementPage, Organisation, OrganisationYearPage
from reporting.agency import sibling_tables
from reporting.models import UnitReport
from reporting.scores import score_report, start_report
from tests.helpers.second_department import agreement, kpi, one_dimension_framework, organisation, year_folder
from tests.helpers.http import refused


def _agency_with_agreement(org, folder):
    # the demo's own agreement of a ministry or department makes way for the test's one
    AgreementPage.objects.child_of(folder).update(status=AgreementPage.CANCELLED)
    framework = one_dimension_framework(org.level, organisation=org, name=f"กรอบการประเมิน{org.name_th}")
    page = agreement(folder, framework, [(kpi(folder, framework, code="9", weight=D(100)), D(100))], slug="agency-agreement")
    page.save_revision(clean=True).publish()


def _report(round_, org, result):
    report = start_report(round_, org)
    report.full_clean()  # a department's or ministry's report is a valid report
    line = report.lines.get()
    line.result_value = D(result)
    line.save()
    score_report(report)
    return UnitReport.objects.get(pk=report.pk)


def test_ministry_and_department_reports_are_scored_and_ranked_among_siblings(demo):
    round_ = demo.open_round(6)
    ministry = Organisation.find("พสบ.")
    first = Organisation.find("สสบ.")
    second = organisation(name_th="กรมพัฒนาชุมชนดิจิทัล", abbreviation="พชด.", level=Organisation.DEPARTMENT, parent=ministry,
                          head_position="อธิบดีกรมพัฒนาชุมชนดิจิทัล")
    other_ministry = organisation(name_th="กระทรวงเกษตรและทรัพยากรน้ำ", abbreviation="กษน.", level=Organisation.MINISTRY,
                                  head_position="ปลัดกระทรวงเกษตรและทรัพยากรน้ำ")
    folders = {
        first: OrganisationYearPage.objects.get(slug="department"),
        second: year_folder(second, "second-department"),
        ministry: OrganisationYearPage.objects.get(slug="ministry"),  # the demo's
        other_ministry: year_folder(other_ministry, "other-ministry"),
    }
    for org, folder in folders.items():
        _agency_with_agreement(org, folder)
    results = {first: 90, second: 110, ministry: 80, other_ministry: 100}  # levels 70, 80, 90, 100, 110
    reports = {org: _report(round_, org, value) for org, value in results.items()}
    assert reports[first].self_score == D("3.0000") and reports[second].self_score == D("5.0000")
    assert reports[ministry].self_score == D("2.0000") and reports[other_ministry].self_score == D("4.0000")

    tables = sibling_tables(round_)
    departments = [(row.organisation.abbreviation, row.rank) for row in tables[ministry]]
    assert departments == [("พชด.", 1), ("สสบ.", 2)]
    ministries = [(row.organisation.abbreviation, row.rank) for row in tables[None]]
    assert ministries == [("กษน.", 1), ("พสบ.", 2)]
    units = {row.organisation.abbreviation for row in tables[first]}
    assert "กค." in units and not units & {"พชด.", "สสบ.", "พสบ."}
    assert all(row.organisation.parent_id == first.pk for row in tables[first])


def test_esar_export_json_and_xlsx_hold_the_same_report(demo, client):
    import io
    import json

    from openpyxl import load_workbook

    report = demo.report("กค.")
    score_report(report)
    client.force_login(demo.user("staff_finance"))
    data = json.loads(client.get(f"/admin/scores/report/{report.pk}/esar.json").content)
    assert data["format"] == "khamrap-esar/1" and data["round_month"] == 6 and data["organisation"]["abbreviation"] == "กค."
    codes = [k["code"] for k in data["kpis"]]
    assert codes == [line.kpi.code for line in report.lines_in_order()]
    response = client.get(f"/admin/scores/report/{report.pk}/esar.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["ตัวชี้วัด"].iter_rows(values_only=True))
    assert rows[0][0] == "code" and rows[1][0] == "รหัสตัวชี้วัด"
    assert [r[0] for r in rows[2:]] == codes
    assert [r[13] for r in rows[2:]] == [k["final_score"] for k in data["kpis"]]
    info = {r[0]: r[2] for r in book["รายงาน"].iter_rows(values_only=True)}
    assert info["self_score"] == data["self_score"]
    client.force_login(demo.user("staff_service"))
    assert refused(client.get(f"/admin/scores/report/{report.pk}/esar.json"))
