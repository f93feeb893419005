"""Cascade (issue 11): a department KPI whose responsible unit reports it; the unit's result,
narrative and evidence flow to the department's own report line."""
from decimal import Decimal as D

from cms.models import AgreementPage, Organisation, OrganisationYearPage
from evidence.models import EvidenceFolderPage, EvidencePage
from reporting.models import UnitReport
from reporting.scores import card, score_report, start_report
from tests.helpers.second_department import agreement, kpi, one_dimension_framework


def test_responsible_units_result_feeds_the_departments_line(demo):
    department = Organisation.find("ทนก./สกช.")
    unit = demo.unit("สกช./กสว.")
    folder = OrganisationYearPage.objects.get(slug="agri-department")
    framework = one_dimension_framework(Organisation.DEPARTMENT, organisation=department, name="กรอบการประเมินของกรม")
    AgreementPage.objects.child_of(folder).update(status=AgreementPage.CANCELLED)  # the demo's own makes way
    agency_kpi = kpi(folder, framework, code="9", weight=D(100), slug="agency-kpi-9", responsible_unit=unit)
    agreement(folder, framework, [(agency_kpi, D(100))], slug="agency-agreement").save_revision(clean=True).publish()
    round_ = demo.open_round(9)

    # the unit reports the department's KPI in its own report (its own KPI 1 keeps its code)
    unit_report = start_report(round_, unit)
    line = unit_report.lines.get(kpi=agency_kpi)
    line.full_clean()
    line.result_value, line.performance = D("100"), "ส่งเสริมวิสาหกิจชุมชนครบทุกจังหวัดเป้าหมาย"
    line.save()
    evidence_folder = EvidenceFolderPage.objects.child_of(OrganisationYearPage.objects.get(slug="agri-extension")).get()
    evidence = EvidencePage(title="รายงานผลการส่งเสริม", slug="agency-evidence", kpi=agency_kpi, round=9)
    evidence._parent_page_hint = evidence_folder
    assert evidence.rule_errors() == []  # evidence for the agency KPI belongs to the responsible unit
    evidence_folder.add_child(instance=evidence)
    line.evidence.add(evidence)
    score_report(unit_report)
    line.refresh_from_db()
    assert line.self_score is None  # scored in the department's report, not in the unit's
    assert agency_kpi.pk not in {row.kpi.pk for group in card(unit_report)["groups"] for row in group.rows}

    # the department's report draws the figure, the narrative and the evidence
    department_report = start_report(round_, department)
    score_report(department_report)
    own = department_report.lines.get(kpi=agency_kpi)
    assert own.result_value == D("100") and own.performance == line.performance
    assert list(own.evidence.all()) == [evidence]
    assert own.self_score == D("4.0000")  # levels 70, 80, 90, 100, 110
    assert UnitReport.objects.get(pk=department_report.pk).self_score == D("4.0000")
