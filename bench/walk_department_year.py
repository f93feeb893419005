"""A year of the second demo department (สกช.) walked in a real Chromium as its กพร. would
(issue 11, "tried as a new user"), counting each part's steps: pages opened (typed or menu),
clicks, fields filled, options picked. A one-off, not a test: run against a demo site, e.g.

    KHAMRAP_VAR_DIR=/tmp/walk/var manage.py migrate && load_demo && load_demo_rounds && update_index
    (every demo user's password set to $WALK_PASSWORD), manage.py runserver 127.0.0.1:61711
    (``update_index``: without it, or the task worker, the admin's page search finds nothing)
    .venv/bin/python bench/walk_department_year.py http://127.0.0.1:61711

Each part prints its step count and either "ok" or what blocked it (the page's error text,
a screenshot under $KHAMRAP_SCREENSHOTS); a blocked part does not stop the walk."""
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.helpers.browser import log_in  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:61711"
PASSWORD = os.environ.get("WALK_PASSWORD", "walk-2569")
SHOTS = Path(os.environ.get("KHAMRAP_SCREENSHOTS", tempfile.gettempdir()))
CHROMIUM = os.environ.get("KHAMRAP_CHROMIUM", "/usr/bin/chromium")
RESULTS = []
# explorer rows clicked by their link (ids of a fresh demo: both departments' กค. folders carry
# the same title "กองคลัง ปีงบประมาณ 2569", so a title does not say which is whose)
IDS = {"year": 4, "agri_finance": 114, "hosted_kpi": 115, "agri_extension": 146, "extension_agreement": 151,
       "department_agreement": 112}
IDS.update({k: int(v) for k, v in (item.split("=") for item in os.environ.get("WALK_IDS", "").split(",") if item)})


class Walk:
    def __init__(self, page, part):
        self.page, self.part, self.steps = page, part, 0

    def goto(self, path):
        self.steps += 1
        self.page.goto(BASE + path)

    def click(self, selector, navigates=False):
        self.steps += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)

    def fill(self, selector, value):
        self.steps += 1
        self.page.fill(selector, value)

    def select(self, selector, value=None, label=None):
        self.steps += 1
        self.page.select_option(selector, value=value, label=label)

    def choose(self, search, link_text, nth=0):
        self.click(f"[data-chooser-action-choose] >> nth={nth}")
        self.page.wait_for_selector(".modal-content input[name=q]")
        self.fill(".modal-content input[name=q]", search)
        self.page.wait_for_selector(f".modal-content a:has-text('{link_text}')")
        self.click(f".modal-content a:has-text('{link_text}')")
        self.page.wait_for_selector(".modal-content", state="detached")

    def text(self):
        return self.page.inner_text("main")


ONLY = {p.strip() for p in os.environ.get("WALK_PARTS", "").split(",") if p.strip()}


def part(name):
    def wrap(fn):
        def run(context, *args):
            if ONLY and name not in ONLY:
                return
            page = context.new_page()
            walk = Walk(page, name)
            started = time.monotonic()
            try:
                note = fn(walk, *args) or "ok"
            except Exception as exc:  # noqa: BLE001 — a blocked part is reported, the walk goes on
                shot = SHOTS / f"walk-{name.replace(' ', '_')}.png"
                try:
                    page.screenshot(path=str(shot), full_page=True)
                    errors = " | ".join(page.locator(".error-message, .help-critical, .messages .error").all_inner_texts())[:300]
                except Exception:  # noqa: BLE001
                    errors = ""
                note = f"BLOCKED: {type(exc).__name__}: {str(exc).splitlines()[0][:200]} {errors} (screenshot {shot})"
                traceback.print_exc()
            RESULTS.append((name, walk.steps, round(time.monotonic() - started, 1), note))
            print(f"{name}: {walk.steps} steps, {note}", flush=True)
            page.close()
        return run
    return wrap


def sign_in(browser, username):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    log_in(context, BASE, username, PASSWORD).close()
    return context  # 3 steps: name, password, button


@part("framework")
def framework(w):
    """The department's own framework for its units (the installation-wide one is OPDC's)."""
    w.goto("/admin/snippets/cms/evaluationframework/")  # menu ข้อมูลอ้างอิง → กรอบการประเมินผล
    w.steps += 1  # the menu is two clicks
    w.click("a:has-text('เพิ่ม')", navigates=True)
    # the fiscal year starts as the current one
    w.select("#id_level", value="unit")
    if w.page.locator("select#id_organisation").count():
        w.select("#id_organisation", label="กรมส่งเสริมเกษตรกรรมชุมชน (สกช. ทนก.)")
    else:
        w.choose("เกษตรกรรมชุมชน", "กรมส่งเสริมเกษตรกรรมชุมชน")
    w.fill("#id_name", "กรอบการประเมินผลหน่วยงานในสังกัด สกช. 2569")
    for i, (name, weight) in enumerate([("ประสิทธิผล", "70"), ("การพัฒนาองค์การ", "30")]):
        if i:
            w.click("button:has-text('เพิ่มมิติการประเมิน'), button:has-text('เพิ่ม มิติการประเมิน')")
        w.fill(f"#id_dimensions-{i}-number", str(i + 1))
        w.fill(f"#id_dimensions-{i}-name", name)
        w.fill(f"#id_dimensions-{i}-weight", weight)
    w.click("button[type=submit]:has-text('บันทึก') >> nth=-1", navigates=True)
    if "/add/" in w.page.url:
        raise AssertionError("not saved: " + " | ".join(w.page.locator(".error-message, .w-field__errors").all_inner_texts())[:300])


@part("hosted KPI template")
def hosted_kpi(w):
    w.goto("/admin/pages/")  # menu หน้า
    w.click(f"a[href='/admin/pages/{IDS['year']}/'] >> nth=0", navigates=True)
    w.click(f"a[href='/admin/pages/{IDS['agri_finance']}/'] >> nth=0", navigates=True)
    w.click(f"a[href='/admin/pages/{IDS['hosted_kpi']}/edit/'] >> nth=0", navigates=True)
    text = w.page.inner_text("body")
    if "เจ้าภาพตัวชี้วัด" not in text:
        raise AssertionError("host field not on the KPI form")
    return "ok (host and supervisor fields on the form)"


@part("agreement")
def agreement(w):
    w.goto("/admin/pages/")
    w.click(f"a[href='/admin/pages/{IDS['year']}/'] >> nth=0", navigates=True)
    w.click(f"a[href='/admin/pages/{IDS['agri_extension']}/'] >> nth=0", navigates=True)
    w.click(f"a[href='/admin/pages/{IDS['extension_agreement']}/edit/'] >> nth=0", navigates=True)
    if "ร้อยละการเบิกจ่าย" not in w.page.inner_text("body"):
        raise AssertionError("hosted KPI 3 not among the agreement's lines")
    return "ok (hosted KPI 3 is a line of กสว.'s agreement)"


@part("round")
def add_round(w):
    w.goto("/admin/snippets/reporting/reportinground/")  # menu: รอบการรายงานผล
    w.click("a:has-text('เพิ่ม')", navigates=True)
    if w.page.locator("select#id_organisation").count():
        w.select("#id_organisation", label="กรมส่งเสริมเกษตรกรรมชุมชน (สกช. ทนก.)")
    else:
        w.choose("เกษตรกรรมชุมชน", "กรมส่งเสริมเกษตรกรรมชุมชน")
    w.select("#id_month", value="8")
    w.fill("#id_opens_on", "01/06/2569")
    w.fill("#id_closes_on", "20/06/2569")
    w.click("button[type=submit]:has-text('บันทึก') >> nth=-1", navigates=True)
    if "/add/" in w.page.url:
        raise AssertionError("not saved: " + " | ".join(w.page.locator(".error-message, .w-field__errors").all_inner_texts())[:300])


@part("report (unit staff)")
def report(w):
    w.goto("/admin/")
    w.click("a:has-text('เริ่มรายงานผลรอบนี้') >> nth=0", navigates=True)
    w.click("button[type=submit]:has-text('บันทึก') >> nth=-1", navigates=True)
    if "/add/" in w.page.url:
        raise AssertionError("report not created")
    # submit: the footer menu's "ส่งให้พิจารณา"
    w.click("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle'] >> nth=0")
    w.click("button[name=action-submit], button:has-text('ส่ง') >> nth=0", navigates=True)


def approve(w, title_part):
    w.goto("/admin/snippets/reporting/unitreport/")  # menu รายงานผลการดำเนินงาน
    w.click(f"tr:has-text('{title_part}'):has-text('รอบ 9 เดือน') a >> nth=0", navigates=True)
    w.click("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle'] >> nth=0")
    w.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])", navigates=True)


@part("report step 1 (unit head)")
def head_approves(w):
    approve(w, "กองส่งเสริมวิสาหกิจชุมชน")


@part("report step 2 (hosted KPI supervisor)")
def supervisor_approves(w):
    """From the home page's "รอให้คุณตรวจ" (the report waits on their step)."""
    w.goto("/admin/")
    w.click("a:has-text('รายงานผลกองส่งเสริมวิสาหกิจชุมชน รอบ 9 เดือน') >> nth=0", navigates=True)
    w.click("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle'] >> nth=0")
    w.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])", navigates=True)


@part("report step 3 (department reviewer)")
def reviewer_approves(w):
    """Step 3 "อนุมัติโดย กพร." by สกช.'s own กพร. reviewer (agri_reviewer), from the home page's
    "รอให้คุณตรวจ"; the final approval publishes the report (its status "อนุมัติแล้ว")."""
    w.goto("/admin/")
    w.click("a:has-text('รายงานผลกองส่งเสริมวิสาหกิจชุมชน รอบ 9 เดือน') >> nth=0", navigates=True)
    w.click("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle'] >> nth=0")
    w.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])", navigates=True)
    row = "tr:has-text('กองส่งเสริมวิสาหกิจชุมชน'):has-text('รอบ 9 เดือน')"
    if not w.page.locator(f"{row}:has-text('อนุมัติแล้ว')").count():
        w.goto("/admin/snippets/reporting/unitreport/")  # menu รายงานผลการดำเนินงาน: the status column
    if not w.page.locator(f"{row}:has-text('อนุมัติแล้ว')").count():
        raise AssertionError("approved, but the report is not published: " + w.text()[:300])
    return "ok (approved by สกช.'s own กพร.; the report is published, อนุมัติแล้ว)"


@part("score hosted KPI (supervisor)")
def score(w):
    w.goto("/admin/")
    w.click("a[href*='/scores/'] >> nth=0", navigates=True)  # the queue's line → card or compare
    if "/scores/report/" not in w.page.url:
        w.click("a[href*='/scores/report/'] >> nth=0", navigates=True)
    w.fill("form[action*='/review/'] input[name=score] >> nth=0", "4")
    w.fill("form[action*='/review/'] [name=note] >> nth=0", "ตรวจกับรายงาน GFMIS แล้ว")
    w.click("form[action*='/review/'] button[type=submit] >> nth=0", navigates=True)


@part("ranking")
def ranking(w):
    w.goto("/admin/")
    w.click("a:has-text('ดูคะแนนทั้งรอบ')", navigates=True)
    text = w.text()
    if "กรมส่งเสริมเกษตรกรรมชุมชน" not in text or "สำนักบริการประชาชน" in text:
        raise AssertionError("not the department's own ranking")


@part("booklet")
def booklet(w):
    w.goto("/admin/pages/")
    w.click(f"a[href='/admin/pages/{IDS['year']}/'] >> nth=0", navigates=True)
    w.goto(f"/admin/pages/{IDS['department_agreement']}/edit/")  # the department's folder row, then its agreement
    w.steps += 1
    w.click("header [data-w-dropdown-target='toggle'] >> nth=0")  # the title's "⋯" menu
    w.click("a:has-text('สร้างเอกสาร') >> nth=0", navigates=True)
    w.click("main button[type=submit] >> nth=0", navigates=True)
    text = w.page.inner_text("body")
    if "สร้างเอกสาร" not in text or "แล้ว" not in text:
        raise AssertionError("no document made: " + text[:200])


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        editor = sign_in(browser, "agri_editor")
        framework(editor)
        hosted_kpi(editor)
        agreement(editor)
        add_round(editor)
        report(sign_in(browser, "staff_agri-extension"))
        head_approves(sign_in(browser, "head_agri-extension"))
        supervisor_approves(sign_in(browser, "agri_kpi_supervisor"))
        reviewer_approves(sign_in(browser, "agri_reviewer"))
        score(sign_in(browser, "agri_kpi_supervisor"))
        ranking(editor)
        booklet(editor)
        browser.close()
    print("\npart | steps (+3 per sign-in) | seconds | result")
    for name, steps, seconds, note in RESULTS:
        print(f"{name} | {steps} | {seconds} | {note}")


if __name__ == "__main__":
    main()
