"""Ministries and departments report, are scored like units and are ranked among their
siblings (a ministry's departments together; a department's units only among themselves)."""
from decimal import Decimal as D

from cms.models import Organisation, OrganisationYearPage
from reporting.agency import sibling_tables
from reporting.models import UnitReport
from reporting.scores import score_report, start_report
from tests.cms.second_department import agreement, kpi, one_dimension_framework, organisation, year_folder


def _agency_with_agreement(org, folder):
    framework = one_dimension_framework(org.level, organisation=org, name=f"กรอบการประเมิน{org.name_th}")
    page = agreement(folder, framework, [(kpi(folder, framework, weight=D(100)), D(100))], slug="agency-agreement")
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
    ministry = Organisation.objects.get(abbreviation="พสบ.")
    first = Organisation.objects.get(abbreviation="สสบ.")
    second = organisation(name_th="กรมพัฒนาชุมชนดิจิทัล", abbreviation="พชด.", level=Organisation.DEPARTMENT, parent=ministry,
                          head_position="อธิบดีกรมพัฒนาชุมชนดิจิทัล")
    other_ministry = organisation(name_th="กระทรวงเกษตรและทรัพยากรน้ำ", abbreviation="กษน.", level=Organisation.MINISTRY,
                                  head_position="ปลัดกระทรวงเกษตรและทรัพยากรน้ำ")
    folders = {
        first: OrganisationYearPage.objects.get(slug="department"),
        second: year_folder(second, "second-department"),
        ministry: year_folder(ministry, "ministry"),
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
