"""End to end, as people would: staff edit and submit, กพร. reviews, the executive approves,
the public reads the change."""
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.models import KPITemplatePage, OrganisationYearPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "e2e-รหัสผ่าน-2569"
SCREENSHOTS = Path(os.environ.get("KHAMRAP_SCREENSHOTS", tempfile.gettempdir()))


def log_in(context, base_url, username):
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def approve_current_task(page, base_url, kpi_id):
    page.goto(f"{base_url}/admin/pages/{kpi_id}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        page.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_load_state("networkidle")


def test_edit_submit_review_approve_publish(live_server, browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    User = get_user_model()
    for username in ("staff_finance", "reviewer", "executive"):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()
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
