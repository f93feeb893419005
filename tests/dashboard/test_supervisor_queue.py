"""KPI supervisors' home page (issue 14): the lines of the KPIs they supervise that still wait
for their score, each with the card to score it on and a compare of what the unit changed."""
from decimal import Decimal as D

from django.urls import reverse

from cms.models import KPITemplatePage, Organisation, OrganisationYearPage
from reporting.models import KpiReportLine, ReportingRound, UnitReport
from reporting.scores import set_reviewer_score, start_report
from tests.helpers.http import refused


def supervised_report(user):
    """กค.'s KPI 2 supervised by the demo's kpi_supervisor; กค.'s 9-month report sent with the
    result changed between its two revisions."""
    supervisor = user("kpi_supervisor")
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="2")
    kpi.supervisor_users.set([supervisor])
    kpi.save_revision().publish()  # parental many-to-many: stored on save
    assert list(KPITemplatePage.objects.get(pk=kpi.pk).supervisor_users.all()) == [supervisor]
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    report = start_report(rnd, Organisation.find("สสบ./กค."), user=user("staff_finance"))
    line = report.lines.get(kpi=kpi)
    KpiReportLine.objects.filter(pk=line.pk).update(result_value=D("80"), obstacles="ระบบล่าช้า")
    UnitReport.objects.get(pk=report.pk).save_revision(user=user("staff_finance"), clean=False)
    KpiReportLine.objects.filter(pk=line.pk).update(result_value=D("88.5"))
    UnitReport.objects.get(pk=report.pk).save_revision(user=user("staff_finance"), clean=False)
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.SUBMITTED)
    return supervisor, report, KpiReportLine.objects.get(pk=line.pk)


def test_supervisor_home_lists_the_lines_to_score_with_card_and_compare_links(client, user):
    supervisor, report, line = supervised_report(user)
    client.force_login(supervisor)
    html = client.get("/admin/").content.decode()
    assert 'id="supervisor-queue"' in html and "ตัวชี้วัดที่คุณกำกับดูแล: รอให้คะแนน" in html
    assert f'data-line="{line.pk}"' in html
    assert reverse("reporting_card", args=[report.pk]) + f"#line-{line.pk}" in html
    compare_url = reverse("khamrap_dashboard:line_compare", args=[line.pk])
    assert compare_url in html and "เปรียบเทียบกับฉบับก่อนหน้า" in html
    assert html.count('data-line="') == 1  # only their own KPI: the report's other lines are not theirs

    compare = client.get(compare_url)
    assert compare.status_code == 200
    body = compare.content.decode()
    assert "<del>80</del>" in body and "<ins>88.5</ins>" in body and "(เปลี่ยน)" in body
    assert "ระบบล่าช้า" in body  # unchanged fields shown too
    assert "ขั้นตอนที่ทำแล้ว" not in body  # a quantitative KPI: no milestone row
    assert f'id="line-{line.pk}"' in client.get(reverse("reporting_card", args=[report.pk])).content.decode()

    # scored: off the queue
    set_reviewer_score(line, D("3"), "ตรวจแล้ว", supervisor)
    html = client.get("/admin/").content.decode()
    assert f'data-line="{line.pk}"' not in html and "ไม่มีตัวชี้วัดที่รอให้คะแนน" in html


def test_a_draft_of_an_open_round_is_not_yet_in_the_queue_and_others_cannot_compare(client, user):
    supervisor, report, line = supervised_report(user)
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.DRAFT)
    client.force_login(supervisor)
    html = client.get("/admin/").content.decode()
    assert "ไม่มีตัวชี้วัดที่รอให้คะแนน" in html and f'data-line="{line.pk}"' not in html
    for other in ("staff_finance", "head_finance", "agri_kpi_supervisor"):
        client.force_login(user(other))
        response = client.get(reverse("khamrap_dashboard:line_compare", args=[line.pk]))
        assert refused(response), other
    client.force_login(user("staff_finance"))
    assert 'id="supervisor-queue"' not in client.get("/admin/").content.decode()  # not a supervisor: no panel
