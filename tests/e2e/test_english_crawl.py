"""The admin and the public site in Thai, read in a real Chromium as every demo role sees them,
and the short paths from the role home pages (evidence in ≤ 4 clicks, the preparers' menu)."""
import os
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.models import EvidenceFile, EvidencePage, KPITemplatePage, OrganisationYearPage

from .english_crawl import Crawl, crawl_roles, english_tokens, load_allowlist, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "e2e-รหัสผ่าน-2569"
# One user per role; admin sees every screen, so it has the largest share of the time budget.
ROLE_BUDGETS = {
    "admin": 45, "editor": 14, "reviewer": 12, "executive": 10, "preparer": 10,
    "staff_finance": 16, "head_finance": 10, "public": 10,
}
CRAWL_SECONDS = int(os.environ.get("KHAMRAP_CRAWL_SECONDS", "300"))


def load_demo_with_passwords():
    devnull = open(os.devnull, "w")
    call_command("load_demo", stdout=devnull)
    call_command("load_demo_rounds", stdout=devnull)
    User = get_user_model()
    for user in User.objects.filter(username__in=list(ROLE_BUDGETS) + ["staff_service"]):
        user.set_password(PASSWORD)
        user.save()
    return User


def submit_for_review(username, kpi):
    """A KPI template waiting in กพร.'s review, so reviewers see their queue and its dialogs."""
    user = get_user_model().objects.get(username=username)
    revision = kpi.save_revision(user=user)
    kpi.get_workflow().start(kpi, user)
    return revision


def test_the_allowlist_is_short_and_every_entry_is_justified():
    raw = [line for line in Path(__file__).with_name("english_allowlist.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
    assert len(raw) <= 20
    assert all("  # " in line for line in raw), "every allowed pattern says why"
    allow = load_allowlist()
    assert english_tokens("ส่งรายงาน e-SAR พร้อมไฟล์ PDF ของ KPI", allow) == []
    assert english_tokens("Awaiting your review", allow) == ["Awaiting", "your", "review"]
    assert english_tokens("3 minutes ที่ผ่านมา", allow) == ["minutes"]


def test_no_english_on_any_screen_of_any_role(live_server, browser):
    load_demo_with_passwords()
    finance = OrganisationYearPage.objects.get(slug="finance")
    submit_for_review("staff_finance", KPITemplatePage.objects.child_of(finance).get(code="2").specific)
    started = time.monotonic()
    crawl = Crawl(live_server.url, deadline=started + CRAWL_SECONDS)
    crawl_roles(browser, live_server.url, PASSWORD, [u for u in ROLE_BUDGETS if u != "public"], crawl, budgets=ROLE_BUDGETS)
    elapsed = time.monotonic() - started
    assert crawl.pages_seen >= 60, f"the crawl read only {crawl.pages_seen} screens"
    assert not crawl.findings, (
        f"{len(crawl.findings)} visible strings hold English ({crawl.pages_seen} screens in {elapsed:.0f} s):\n" + crawl.report()
    )


def test_staff_attach_three_files_to_a_kpi_of_the_open_round_in_four_clicks(live_server, browser, tmp_path):
    load_demo_with_passwords()
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


def test_preparer_reaches_every_units_checklist_and_binder_from_the_menu(live_server, browser):
    load_demo_with_passwords()
    context = browser.new_context(locale="th-TH")
    page = log_in(context, live_server.url, "preparer", PASSWORD)
    page.click("#wagtail-sidebar a:has-text('เตรียมรับการตรวจประเมิน')")
    page.wait_for_url("**/admin/work/preparation/")
    units = OrganisationYearPage.objects.filter(organisation__level="unit", depth=4)
    links = page.locator("a[data-khamrap-checklist]")
    assert links.count() == units.count() == 9
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
