"""In a real Chromium: the slug Wagtail fills in from a Thai title keeps its vowels and tone
marks, a Thai slug typed by hand is kept too, the page saves and its public URL opens."""
import pytest
from playwright.sync_api import expect

from cms.models import ActionPlanPage, OrganisationYearPage

from .english_crawl import log_in
from tests.helpers.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "แผนการเบิกจ่ายงบประมาณ ไตรมาสที่ ๑"


def test_thai_slug_keeps_its_marks_from_title_to_public_url(live_server, browser, demo_site):
    folder = OrganisationYearPage.objects.get(slug="finance")
    context = browser.new_context(locale="th-TH")
    page = log_in(context, live_server.url, "staff_finance", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/add/cms/actionplanpage/{folder.pk}/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("แผนการเบิกจ่ายงบประมาณ-ไตรมาสที่-๑")  # synced after a debounce
    with page.expect_navigation():
        page.click("footer button.action-save")
    assert "ข้อผิดพลาด" not in page.inner_text("body")
    plan = ActionPlanPage.objects.child_of(folder).get(title=TITLE)
    assert plan.slug == "แผนการเบิกจ่ายงบประมาณ-ไตรมาสที่-๑"

    # a slug typed by hand, with its marks, on the promote tab
    page.goto(f"{live_server.url}/admin/pages/{plan.pk}/edit/")
    panel = page.locator("[role=tabpanel]", has=page.locator("#id_slug")).get_attribute("id")
    page.click(f"[role=tab][aria-controls='{panel}']")
    page.fill("#id_slug", "แผนเบิกจ่าย ไตรมาสแรก")
    page.locator("#id_slug").blur()
    expect(page.locator("#id_slug")).to_have_value("แผนเบิกจ่าย-ไตรมาสแรก")
    with page.expect_navigation():
        page.click("footer button.action-save")
    assert ActionPlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object().slug == "แผนเบิกจ่าย-ไตรมาสแรก"
    context.close()

    draft = ActionPlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object()
    draft.body = "<p>รายละเอียดแผนการเบิกจ่าย</p>"  # a draft may leave it empty; publishing may not
    draft.save_revision().publish()
    plan = ActionPlanPage.objects.get(pk=plan.pk)
    assert plan.url_path.endswith("/แผนเบิกจ่าย-ไตรมาสแรก/")
    public = browser.new_context(locale="th-TH").new_page()
    response = public.goto(live_server.url + plan.get_url())
    assert response.status == 200
    assert TITLE in public.locator("h1").inner_text()
