"""Issue 12 in a real browser: the two paths where a unit used to get stuck.

1. Reopen: the editor reopens a closed report on the e-SAR card, the unit's staff edit and
   save it (no lock banner), and the editor's card shows the new figure.
2. Request changes: the executive asks for changes, the staff rework and resubmit, the
   reviewer and then the executive approve, and the public page shows the reworked KPI."""
import datetime as dt

import pytest
from cms.models import KPITemplatePage, Organisation, OrganisationYearPage
from tests.helpers.browser import SCREENSHOTS, approve_current_task, log_in, open_footer_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_editor_reopens_a_closed_report_and_staff_edit_and_save_it(live_server, browser, demo_site):
    from django.urls import reverse

    from reporting.models import UnitReport, today

    report = UnitReport.objects.get(round__fiscal_year__year_be=2569, round__month=6, organisation=Organisation.find("สสบ./กค."))
    round_ = report.round
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=30), today() - dt.timedelta(days=1)
    round_.save()
    line = report.lines.get(kpi__code="1")
    base = live_server.url
    card_url = f"{base}{reverse('reporting_card', args=[report.pk])}"

    editor = browser.new_context(locale="th-TH")
    page = log_in(editor, base, "editor")
    page.goto(card_url)
    page.fill("#id_reason", "แก้ไขผลตัวชี้วัดที่ 1 ตามหลักฐานใหม่")
    with page.expect_navigation():
        page.click("button:has-text('เปิดรายงานให้แก้ไขใหม่')")
    assert "เปิดให้แก้ไขได้ถึง" in page.content()

    staff = browser.new_context(locale="th-TH")
    form = log_in(staff, base, "staff_finance")
    form.goto(f"{base}{reverse('wagtailsnippets_reporting_unitreport:edit', args=[report.pk])}")
    html = form.content()
    assert "ต้องขอเปิดรายงานใหม่ก่อนแก้ไข" not in html  # no lock banner
    prefix = form.evaluate(
        """kpi => { for (const el of document.querySelectorAll('[name$="-kpi"]'))
                     if (el.value === String(kpi)) return el.name.slice(0, -4); return null; }""", line.kpi_id)
    assert prefix, "the report form has no row for KPI 1"
    form.fill(f"[name='{prefix}-result_value']", "๙๔")  # Thai digits: 94 = level 4
    with form.expect_navigation():
        form.locator("footer button[type=submit]").first.click()
    form.screenshot(path=str(SCREENSHOTS / "reopened-saved.png"), full_page=False)
    staff.close()
    line.refresh_from_db()
    assert line.result_value == 94 and str(line.self_score) == "4.0000"

    page.goto(card_url)
    assert "4.0000" in page.locator("table").first.inner_text()
    editor.close()


def test_executive_requests_changes_staff_resubmit_reviewer_and_executive_approve(live_server, browser, demo_site):
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    first_title = "ร้อยละของการเบิกจ่ายที่ตรวจสอบภายใน 3 วันทำการ"
    reworked = "ร้อยละของการเบิกจ่ายที่ตรวจสอบภายใน 3 วันทำการ (ปรับตามความเห็นผู้บริหาร)"
    base = live_server.url
    edit_url = f"{base}/admin/pages/{kpi.pk}/edit/"

    def submit_as_staff(title):
        staff = browser.new_context(locale="th-TH")
        page = log_in(staff, base, "staff_finance")
        page.goto(edit_url)
        page.fill("#id_title", title)
        open_footer_menu(page)
        with page.expect_navigation():
            page.click("button[name=action-submit]")
        staff.close()

    def approve_as(username):
        context = browser.new_context(locale="th-TH")
        approve_current_task(log_in(context, base, username), base, kpi.pk)
        context.close()

    def current_task():
        return KPITemplatePage.objects.get(pk=kpi.pk).current_workflow_task

    submit_as_staff(first_title)
    approve_as("reviewer")
    assert current_task().name == "อนุมัติโดยผู้บริหาร"

    executive = browser.new_context(locale="th-TH")
    page = log_in(executive, base, "executive")
    page.goto(edit_url)
    open_footer_menu(page)
    page.click("button[data-workflow-action-name=reject]")
    page.locator(".modal textarea").first.fill("โปรดระบุว่าเป็นความเห็นของผู้บริหาร")
    with page.expect_navigation():
        page.locator(".modal button[type=submit]").first.click()
    executive.close()
    assert current_task() is None  # needs changes: no task in progress
    assert not KPITemplatePage.objects.get(pk=kpi.pk).title.startswith(first_title)  # not published

    submit_as_staff(reworked)  # "ส่งใหม่": the reworked version goes back to review first
    assert current_task().name == "ทบทวนโดย กพร."
    approve_as("reviewer")
    assert current_task().name == "อนุมัติโดยผู้บริหาร"
    approve_as("executive")
    assert current_task() is None

    public = browser.new_context(locale="th-TH").new_page()
    public.goto(f"{base}{KPITemplatePage.objects.get(pk=kpi.pk).url}")
    assert public.locator("h1").inner_text() == f"ตัวชี้วัดที่ 1 {reworked}"
    public.screenshot(path=str(SCREENSHOTS / "request-changes-published.png"), full_page=False)
