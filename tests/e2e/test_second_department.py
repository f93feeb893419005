"""The second demo department's กพร. (agri_editor, an editor of กรมส่งเสริมเกษตรกรรมชุมชน only)
in a real Chromium: adds a new unit, sets up that unit's year folder, and sees its own
department's ranking, not the other department's. Every user action is counted (``Steps``);
the counts are in the helper's note of issue 11."""
import pytest

from cms.models import Organisation, OrganisationYearPage

from .english_crawl import log_in
from tests.helpers.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNIT = "กองส่งเสริมเกษตรอินทรีย์"


class Steps:
    """What a person does: each address typed or menu item, click, field filled, option picked."""

    def __init__(self, page):
        self.page, self.counts = page, {}

    def _count(self, part):
        self.counts[part] = self.counts.get(part, 0) + 1

    def goto(self, part, url):
        self._count(part)
        self.page.goto(url)

    def click(self, part, selector, navigates=False):
        self._count(part)
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)

    def fill(self, part, selector, value):
        self._count(part)
        self.page.fill(selector, value)

    def select(self, part, selector, value):
        self._count(part)
        self.page.select_option(selector, value)

    def choose(self, part, search, link_text, nth=0):
        """A chooser: open it, search, pick the row (three actions)."""
        self.click(part, f"[data-chooser-action-choose] >> nth={nth}")
        self.page.wait_for_selector(".modal-content input[name=q]")
        self.fill(part, ".modal-content input[name=q]", search)
        self.page.wait_for_selector(f".modal-content a:has-text('{link_text}')")
        self.click(part, f".modal-content a:has-text('{link_text}')")
        self.page.wait_for_selector(".modal-content", state="detached")


def test_second_departments_kpr_adds_a_unit_sets_up_its_year_and_sees_its_ranking(live_server, browser, demo_site):
    base = live_server.url
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = log_in(context, base, "agri_editor", PASSWORD)  # 3 actions: name, password, button
    steps = Steps(page)
    steps.counts["sign in"] = 3

    # 1. a new unit of the department (organisation snippet, parent picked in a chooser)
    steps.goto("add unit", f"{base}/admin/snippets/cms/organisation/add/")
    steps.fill("add unit", "#id_name_th", UNIT)
    steps.fill("add unit", "#id_abbreviation", "กสอ.")
    steps.select("add unit", "#id_level", "unit")
    steps.select("add unit", "#id_parent", str(Organisation.find("ทนก./สกช.").pk))  # a drop-down of their own subtree
    steps.fill("add unit", "#id_head_position", f"ผู้อำนวยการ{UNIT}")
    steps.click("add unit", "button[type=submit]:has-text('บันทึก') >> nth=-1", navigates=True)
    unit = Organisation.find("ทนก./สกช./กสอ.")
    assert unit.level == Organisation.UNIT and unit.staff_group_id and unit.head_group_id

    # 2. the unit's folder of the fiscal year (no "add" on the year page is needed)
    steps.goto("year folder", f"{base}/admin/pages/")  # the page explorer opens on the year
    steps.click("year folder", "a[href$='/add_subpage/'] >> nth=0", navigates=True)  # one page type: its form
    steps.fill("year folder", "#id_title", f"{UNIT} ปีงบประมาณ 2569")
    steps.choose("year folder", UNIT, UNIT)
    steps.click("year folder", "[role=tab]:has-text('โปรโมท')")
    steps.fill("year folder", "#id_slug", "agri-organic")  # a Thai slug would be refused (issue 14)
    steps.click("year folder", "button:has-text('บันทึกฉบับร่าง') >> nth=0", navigates=True)
    folder = OrganisationYearPage.objects.get(slug="agri-organic")
    assert folder.organisation == unit
    assert "/edit/" in page.url  # the new folder opens for editing: it is the editor's own

    # 3. the department's own ranking, on the home page and on the round's page
    steps.goto("ranking", f"{base}/admin/")
    home = page.inner_text("main")
    assert "อันดับหน่วยงานในสังกัดกรมส่งเสริมเกษตรกรรมชุมชน" in home and "กองส่งเสริมวิสาหกิจชุมชน" in home
    assert "สำนักบริการประชาชน" not in home and "กรมส่งเสริมการบริการประชาชน" not in home
    steps.click("ranking", "a:has-text('ดูคะแนนทั้งรอบ')", navigates=True)
    sections = page.locator("section.ranking")
    assert sections.count() == 1 and sections.first.get_attribute("data-parent") == "ทนก./สกช."
    ranked = sections.first.locator("tbody tr").all_inner_texts()
    assert ranked[0].startswith("1") and "กองคลัง" in ranked[0] and "3.1850" in ranked[0]
    assert "สำนักบริการประชาชน" not in page.inner_text("main")

    print("steps:", steps.counts, "total", sum(steps.counts.values()))
    # the unit's parent is picked from a drop-down of the editor's subtree (one step, was a
    # chooser's three: open, search, pick); the year folder's page form keeps the chooser
    assert steps.counts == {"sign in": 3, "add unit": 7, "year folder": 9, "ranking": 2}
    context.close()
