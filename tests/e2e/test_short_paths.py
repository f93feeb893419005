"""Short paths from the role home pages, in a real Chromium: a unit's staff attach three files to a
KPI of the open round in four clicks or fewer; a preparer reaches every unit's checklist and
binder from the menu. (One database test: the demo is loaded once for both.)"""
from pathlib import Path

import pytest

from cms.models import KPITemplatePage, OrganisationYearPage
from evidence.models import EvidenceFile, EvidencePage

from .english_crawl import log_in
from tests.helpers.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_short_paths_from_the_home_pages(live_server, browser, tmp_path, demo_site):
    staff_attach_three_files_to_a_kpi_of_the_open_round_in_four_clicks(live_server, browser, tmp_path)
    preparer_reaches_every_units_checklist_and_binder_from_the_menu(live_server, browser)


def staff_attach_three_files_to_a_kpi_of_the_open_round_in_four_clicks(live_server, browser, tmp_path):
    paths = []
    for number in (1, 2, 3):
        path = tmp_path / f"หลักฐานการเบิกจ่าย-{number}.txt"
        path.write_text(f"รายงานผลการเบิกจ่ายงบประมาณ ไตรมาสที่ {number} จากระบบ GFMIS", encoding="utf-8")
        paths.append(str(path))
    context = browser.new_context(locale="th-TH")
    page = log_in(context, live_server.url, "staff_finance", PASSWORD)  # lands on the home page
    clicks = 0
    page.click("a[data-khamrap-upload='1']"); clicks += 1  # the KPI's line in the open round
    page.wait_for_load_state("load")
    page.set_input_files("input[type=file][name=files]", paths); clicks += 1  # one pick (or drop) of three files
    with page.expect_navigation():
        page.click("form.khamrap-drop button[type=submit]"); clicks += 1
    assert clicks <= 4
    assert "แนบไฟล์แล้ว 3 ไฟล์" in page.inner_text("body")
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    evidence = EvidencePage.objects.get(kpi=kpi, round=9)
    assert not evidence.live, "evidence stays internal until the unit head approves it"
    assert sorted(EvidenceFile.objects.filter(page=evidence).values_list("original_name", flat=True)) == sorted(Path(p).name for p in paths)
    # back on the home page, the KPI's line counts its files
    assert "3 ไฟล์" in page.locator("tr", has=page.locator("a[data-khamrap-upload='1']")).inner_text()
    # another unit's staff may not attach to this KPI
    other = browser.new_context(locale="th-TH")
    other_page = log_in(other, live_server.url, "staff_service", PASSWORD)
    response = other_page.goto(f"{live_server.url}/admin/work/evidence/{evidence_round_id()}/{kpi.pk}/")
    assert response.status in (403, 404) or "ไม่มีสิทธิ์" in other_page.inner_text("body")
    other.close()
    context.close()


def evidence_round_id():
    from reporting.models import ReportingRound

    return ReportingRound.objects.get(fiscal_year__year_be=2569, month=9).pk


def preparer_reaches_every_units_checklist_and_binder_from_the_menu(live_server, browser):
    context = browser.new_context(locale="th-TH")
    page = log_in(context, live_server.url, "preparer", PASSWORD)
    page.click("#wagtail-sidebar a:has-text('เตรียมรับการตรวจประเมิน')")
    page.wait_for_url("**/admin/work/preparation/")
    units = OrganisationYearPage.objects.filter(organisation__level="unit", depth=4)
    links = page.locator("a[data-khamrap-checklist]")
    assert links.count() == units.count() == 14  # both demo departments' units
    assert page.locator("button[data-khamrap-binder]").count() == units.count()
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        response = page.goto(live_server.url + href)
        assert response.status == 200
        assert "รายการตรวจสอบหลักฐาน" in page.inner_text("body")
    page.goto(f"{live_server.url}/admin/work/preparation/")
    with page.expect_navigation():
        page.click("button[data-khamrap-binder='กค.']")
    assert "/admin/evidence/binder/" in page.url
    context.close()
