"""KPI ownership: a host unit's KPI shared by other units' agreements; its supervisor (a user
account) scores it for every unit and decides appeals on it; nobody else of the department
can, and the installation-wide reviewers only while the department keeps the fallback on."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cms.models import AgreementKPI, AgreementPage, KPITemplatePage, Organisation, OrganisationYearPage
from cms.roles import role_group
from reporting.appeals import decide_appeal, file_appeal
from reporting.models import KpiReportLine, today
from reporting.permissions import can_score_line
from reporting.scores import score_report
from tests.helpers.http import refused


def kpi_of(slug, code):
    return KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug=slug)).get(code=code)


@pytest.fixture
def hosted(demo):
    """กค.'s budget-disbursement KPI (3) hosted by กค., supervised by the head of กค.; the
    service bureau's agreement and 6-month report carry that same template."""
    budget = kpi_of("finance", "3")
    supervisor = demo.user("head_finance")
    budget.host_organisation = demo.unit("กค.")
    budget.save_revision().publish()
    budget = KPITemplatePage.objects.get(pk=budget.pk)
    budget.supervisor_users.set([supervisor])
    budget.save_revision().publish()  # parental many-to-many: stored on save
    assert list(KPITemplatePage.objects.get(pk=budget.pk).supervisor_users.all()) == [supervisor]
    service_report = demo.report("สบป.")
    finance_report = demo.report("กค.")
    for report in (service_report, finance_report):
        score_report(report)
    service_line = service_report.lines.get(kpi__code="3")
    KpiReportLine.objects.filter(pk=service_line.pk).update(kpi=budget)
    return budget, supervisor, finance_report.lines.get(kpi__code="3"), KpiReportLine.objects.get(pk=service_line.pk)


def test_a_hosted_kpi_is_one_template_in_many_agreements(demo):
    service = AgreementPage.objects.child_of(OrganisationYearPage.objects.get(slug="service")).get()
    budget = kpi_of("finance", "3")

    def swap():
        lines = [AgreementKPI(kpi=budget if line.kpi.code == "3" else line.kpi, weight=line.weight, target=line.target,
                              sort_order=line.sort_order) for line in service.kpi_lines.all()]
        service.kpi_lines = lines
        return service.save_revision(clean=True)

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        swap()  # not hosted: another unit's KPI
    budget.host_organisation = demo.unit("กค.")
    budget.save_revision().publish()
    budget.refresh_from_db()
    swap().publish()
    service = AgreementPage.objects.get(pk=service.pk)
    assert service.kpi_lines.get(kpi__code="3").kpi_id == budget.pk
    assert budget.agreement_lines.count() == 2  # กค.'s own line and สบป.'s, each with its own weight


def test_supervisor_scores_the_hosted_kpi_for_every_unit(demo, client, hosted):
    budget, supervisor, finance_line, service_line = hosted
    client.force_login(supervisor)
    for line, score in ((finance_line, "4"), (service_line, "3")):
        client.post(reverse("reporting_review", args=[line.pk]), {"score": score, "note": "ตรวจกับรายงาน GFMIS"})
        line.refresh_from_db()
        assert line.reviewer_score == D(score)
    department = Organisation.find("สสบ.")
    department_reviewer = demo.User.objects.create_user("department_reviewer", password="x")
    department_reviewer.groups.add(role_group(department, "reviewer"))
    for other in (department_reviewer, demo.user("head_service"), demo.user("staff_finance"), demo.user("staff_service")):
        assert not can_score_line(other, service_line), other.username
        client.force_login(other)
        client.post(reverse("reporting_review", args=[service_line.pk]), {"score": "5", "note": "-"})
        service_line.refresh_from_db()
        assert service_line.reviewer_score == D(3), other.username
    # the installation-wide reviewer is a fallback the department can switch off
    assert can_score_line(demo.user("reviewer"), service_line)
    Organisation.objects.filter(pk=department.pk).update(global_reviewers_fallback=False)
    service_line = KpiReportLine.objects.select_related("report__organisation").get(pk=service_line.pk)
    assert not can_score_line(demo.user("reviewer"), service_line)
    assert can_score_line(supervisor, service_line)


def test_supervisor_decides_appeals_on_the_hosted_kpi(demo, hosted):
    budget, supervisor, finance_line, service_line = hosted
    round_ = demo.round(6)
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=40), today() - dt.timedelta(days=10)
    round_.announced_on, round_.appeal_deadline = today() - dt.timedelta(days=2), today() + dt.timedelta(days=5)
    round_.save()
    Organisation.objects.filter(pk=Organisation.find("พสบ./สสบ.").pk).update(global_reviewers_fallback=False)
    appeal = file_appeal(KpiReportLine.objects.get(pk=service_line.pk), demo.user("staff_service"), "เบิกจ่ายได้ตามเป้าหมาย")
    for other in (demo.user("reviewer"), demo.user("head_service")):
        with pytest.raises(PermissionDenied):
            decide_appeal(appeal, other, D(4), "ไม่ใช่ผู้กำกับ")
    decided = decide_appeal(appeal, supervisor, D(4), "หลักฐานยืนยันผลการเบิกจ่าย")
    assert decided.decided_by == supervisor
    assert KpiReportLine.objects.get(pk=service_line.pk).appeal_score == D(4)


def test_the_demo_supervisor_of_the_hosted_kpi_signs_in_and_scores_it_for_a_unit(demo, client):
    """agri_kpi_supervisor (only in the sign-in group ผู้กำกับดูแลตัวชี้วัดรายตัวชี้วัด) supervises KPI 3 that สกช./กค.
    hosts for every unit of สกช.: they reach the admin and score it in สกช./กสว.'s report;
    the department's own reviewer cannot, the KPI having a supervisor."""
    supervisor = demo.user("agri_kpi_supervisor")
    client.force_login(supervisor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    report = demo.report("สกช./กสว.")
    score_report(report)
    line = report.lines.get(kpi__code="3")
    assert line.kpi.host_organisation == demo.unit("สกช./กค.")
    # the card of a report carrying their KPI opens, with the score form of that line
    card = client.get(reverse("reporting_card", args=[report.pk]))
    assert card.status_code == 200 and reverse("reporting_review", args=[line.pk]) in card.content.decode()
    other = client.get(reverse("reporting_card", args=[demo.report("สบป.").pk]))  # none of their KPIs
    assert refused(other)
    client.post(reverse("reporting_review", args=[line.pk]), {"score": "4", "note": "ตรวจกับรายงาน GFMIS"})
    line.refresh_from_db()
    assert line.reviewer_score == D(4)
    client.force_login(demo.user("agri_reviewer"))
    client.post(reverse("reporting_review", args=[line.pk]), {"score": "5", "note": "-"})
    line.refresh_from_db()
    assert line.reviewer_score == D(4)
