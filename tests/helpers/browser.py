"""What the browser tests share: the demo users' password, where screenshots go, logging in
and approving the current workflow task the way a user does."""
import os
import tempfile
from pathlib import Path

PASSWORD = "e2e-รหัสผ่าน-2569"  # every demo user's password in the browser tests (tests/e2e/conftest.py)
SCREENSHOTS = Path(os.environ.get("KHAMRAP_SCREENSHOTS", tempfile.gettempdir()))


def log_in(context, base_url, username, password=PASSWORD):
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def open_footer_menu(page):
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()


def approve_current_task(page, base_url, page_id):
    page.goto(f"{base_url}/admin/pages/{page_id}/edit/")
    open_footer_menu(page)
    with page.expect_navigation():
        page.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_load_state("networkidle")
