"""End to end, as people would: staff edit and submit, กพร. reviews, the executive approves,
the public reads the change."""
import pytest

from cms.models import KPITemplatePage, OrganisationYearPage
from tests.helpers.browser import SCREENSHOTS, approve_current_task, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_edit_submit_review_approve_publish(live_server, browser, demo_site):
    kpi = KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code="1")
    new_title = "ร้อยละของการเบิกจ่ายที่ตรวจสอบและอนุมัติภายใน 3 วันทำการ"
    base = live_server.url

    staff = browser.new_context(locale="th-TH")
    page = log_in(staff, base, "staff_finance")
    page.goto(f"{base}/admin/pages/{kpi.pk}/edit/")
    page.fill("#id_title", new_title)
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.click("button[name=action-submit]")
    page.screenshot(path=str(SCREENSHOTS / "submitted.png"), full_page=False)
    staff.close()
    assert KPITemplatePage.objects.get(pk=kpi.pk).current_workflow_task.name == "ทบทวนโดย กพร."

    reviewer = browser.new_context(locale="th-TH")
    approve_current_task(log_in(reviewer, base, "reviewer"), base, kpi.pk)
    reviewer.close()
    assert KPITemplatePage.objects.get(pk=kpi.pk).current_workflow_task.name == "อนุมัติโดยผู้บริหาร"

    public = browser.new_context(locale="th-TH")
    public_page = public.new_page()
    public_page.goto(f"{base}{kpi.url}")
    assert new_title not in public_page.content()  # not yet approved by the executive

    executive = browser.new_context(locale="th-TH")
    approve_current_task(log_in(executive, base, "executive"), base, kpi.pk)
    executive.close()

    public_page.goto(f"{base}{kpi.url}")
    assert public_page.locator("h1").inner_text() == f"ตัวชี้วัดที่ 1 {new_title}"
    public_page.screenshot(path=str(SCREENSHOTS / "published.png"), full_page=False)
    public.close()
