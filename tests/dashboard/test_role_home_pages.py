"""Each role's home page says what to do next; the demo always has an open round."""
import datetime as dt

from django.utils import timezone

from cms.models import KPITemplatePage, OrganisationYearPage
from evidence.models import EvidencePage
from dashboard import queries
from demo.rounds import round_dates
from reporting.models import ReportingRound


def assert_refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect home and a Thai message."""
    assert response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def test_demo_rounds_are_dated_from_the_load_day_with_one_open(db):
    today = timezone.localdate()
    open_ = queries.open_rounds(today)
    assert [r.month for r in open_] == [9]
    six = ReportingRound.objects.get(fiscal_year__year_be=2569, month=6)
    assert six.closes_on < today and six.announced_on < today
    assert round_dates(9, on=dt.date(2030, 1, 1))[0] == dt.date(2029, 12, 27)


def test_staff_home_shows_the_open_round_days_left_report_and_kpis_without_evidence(client, user):
    staff = user("staff_finance")
    rows = queries.unit_rounds(staff)
    assert len(rows) == 1
    row = rows[0]
    assert row.organisation.abbreviation == "กค." and row.round.month == 9
    assert row.days_left == 16 and row.report is None
    assert {line.kpi.code for line in row.lacking} == {line.kpi.code for line in row.kpis} and row.kpis
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "เหลืออีก <strong>16</strong> วัน" in html
    assert "เริ่มรายงานผลรอบนี้" in html
    assert "ตัวชี้วัดที่ยังไม่มีหลักฐานของรอบนี้" in html
    assert "Search all pages" not in html and "w-summary__list" not in html  # no page count: not a unit's job


def test_evidence_of_the_round_takes_the_kpi_off_the_lacking_list(user, tmp_path):
    from evidence.ingest import Upload, attach_files

    from dashboard.views import evidence_page_for

    staff = user("staff_finance")
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    page = evidence_page_for(kpi, rnd, staff)
    assert not page.live and page.round == 9 and page.kpi_id == kpi.pk
    path = tmp_path / "ผลการเบิกจ่าย.txt"
    path.write_text("ผลการเบิกจ่ายงบประมาณรอบ 9 เดือน", encoding="utf-8")
    with path.open("rb") as f:
        attach_files(page, [Upload(path.name, f)], user=staff, enqueue=False)
    row = queries.unit_rounds(staff)[0]
    assert kpi.code not in {line.kpi.code for line in row.lacking}
    assert evidence_page_for(kpi, rnd, staff).pk == page.pk  # the same page, not a second one
    assert EvidencePage.objects.filter(kpi=kpi, round=9).count() == 1


def test_another_units_staff_cannot_attach_evidence_to_the_kpi(client, user):
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    client.force_login(user("staff_service"))
    assert_refused(client.get(f"/admin/work/evidence/{rnd.pk}/{kpi.pk}/"))
    client.force_login(user("staff_finance"))
    assert client.get(f"/admin/work/evidence/{rnd.pk}/{kpi.pk}/").status_code == 200


def test_executive_sees_round_scores_and_preparer_every_unit(client, user):
    client.force_login(user("executive"))
    html = client.get("/admin/").content.decode()
    assert "คะแนนผลการปฏิบัติราชการ" in html and "รอบ 6 เดือน ปีงบประมาณ 2569" in html
    assert "3.2750" in html  # กองคลัง's demo self-assessment
    client.force_login(user("preparer"))
    html = client.get("/admin/").content.decode()
    assert html.count("data-khamrap-checklist=") == 14  # both demo departments' units
    assert client.get("/admin/work/preparation/").status_code == 200
    client.force_login(user("staff_finance"))
    assert_refused(client.get("/admin/work/preparation/"))


def test_reviewer_home_is_not_empty_when_no_page_awaits_review(client, user):
    """From a fresh demo the reviewer's home page was blank (Wagtail's review panel shows only
    when something waits): it now lists the rounds and each unit's report to score."""
    client.force_login(user("reviewer"))
    html = client.get("/admin/").content.decode()
    assert "khamrap-round-scores" in html and "รอบ 6 เดือน ปีงบประมาณ 2569" in html
    import re

    links = re.findall(r'href="(/admin/scores/(?:report|round)/\d+/)"', html)
    assert links and all(client.get(link).status_code == 200 for link in links)


def test_wagtail_default_names_are_thai(db):
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Workflow

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    # Wagtail's default workflow, by its own name or the Thai one dashboard 0001 gives it
    assert not Workflow.objects.filter(name__in=["Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"]).exists()
    from wagtail.models import Task
    assert not Task.objects.filter(name__in=["Moderators approval", "อนุมัติโดยผู้ตรวจทานเนื้อหา (ขั้นตอนตั้งต้นของระบบ)"]).exists()
    assert Page.objects.get(depth=1).title == "รากของระบบ"
