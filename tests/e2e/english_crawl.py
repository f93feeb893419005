"""A crawl of the admin and the public site in a real browser that collects every visible
string holding a run of Latin letters not on the reviewed allow-list (english_allowlist.txt).

Used by test_english_crawl.py; it can also run against a running server while translating:
    .venv/bin/python tests/e2e/english_crawl.py http://127.0.0.1:8000 PASSWORD user1 user2 …
"""
import json
import re
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

if __package__ in (None, ""):  # run as a script: the repository root makes `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.helpers.browser import log_in  # noqa: E402

ALLOWLIST_FILE = Path(__file__).with_name("english_allowlist.txt")
# A token: letters, digits and the punctuation of file names, e-mail addresses and codes.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@:/+\-]*")
LATIN_RUN = re.compile(r"[A-Za-z]{2,}")
NUMBER = re.compile(r"\d+")

# URLs never followed: leaving the session, downloads (not a screen) and the sidebar collapse.
SKIP = re.compile(
    r"logout|/download|/file/|binder|export|\.(zip|docx|xlsx|pdf|png|jpe?g|txt|csv)$|/serve/|/preview/|"
    r"/usage/|/documents/edit/\d+/.*|/images/\d+/generate_url|/multiple/|/chooser/|/reorder/|/jsi18n/"
)

VISIBLE_TEXT_JS = """() => {
  // a closed <select> shows its chosen option only, not the whole list innerText would give
  const selects = [...document.querySelectorAll('select')].filter(s => s.offsetParent !== null);
  const style = document.createElement('style');
  style.textContent = 'select { display: none !important; }';
  document.head.appendChild(style);
  const parts = [document.title, document.body.innerText];
  style.remove();
  for (const s of selects) if (s.selectedOptions.length) parts.push(...[...s.selectedOptions].map(o => o.text));
  for (const el of document.querySelectorAll('[placeholder],[title]')) {
    const style = window.getComputedStyle(el);
    if (el.offsetParent === null && style.position !== 'fixed') continue;
    if (el.placeholder) parts.push(el.placeholder);
    if (el.title && el.tagName !== 'svg' && el.closest('svg') === null) parts.push(el.title);
  }
  // a button's value is read, except Wagtail's hidden home-search submit (screen readers only, hard-coded "Search")
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
    if (el.offsetParent !== null && !el.closest('.w-sr-only')) parts.push(el.value);
  }
  return parts.join('\\n');
}"""


def load_allowlist(path=ALLOWLIST_FILE):
    patterns = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("  # ", 1)[0].strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line))
    return patterns


def english_tokens(text, allow):
    """The tokens of `text` that hold a run of Latin letters and match no allow-list pattern
    (alternatives holding a space are phrases, taken out of the text first)."""
    found = []
    for pattern in allow:
        for phrase in (alt for alt in pattern.pattern.split("|") if " " in alt):
            text = text.replace(phrase, " ")
    for token in TOKEN.findall(text):
        token = token.rstrip(".:/-")
        if LATIN_RUN.search(token) and not any(p.fullmatch(token) for p in allow):
            found.append(token)
    return found


class Crawl:
    def __init__(self, base_url, allow=None, deadline=None, max_pages=60, log=None):
        self.base = base_url.rstrip("/")
        self.allow = allow if allow is not None else load_allowlist()
        self.deadline = deadline
        self.max_pages = max_pages
        self.findings = {}  # line → set of "role url"
        self.visited_patterns = set()  # screens already read by an earlier role
        self.pages_seen = 0
        self.role_pages = {}  # role → screens read by its own crawl
        self.log = log

    # -- collecting -------------------------------------------------------------------
    def collect(self, page, role):
        try:
            text = page.evaluate(VISIBLE_TEXT_JS)
        except Exception:  # navigation while reading: the next screen is read on its own
            return
        where = f"{role} {urlsplit(page.url).path}"
        for line in text.splitlines():
            line = line.strip()
            if line and english_tokens(line, self.allow):
                self.findings.setdefault(line[:160], set()).add(where)

    def sidebar(self, page):
        """(labels, urls) of the whole main menu, submenus included, from the sidebar's data."""
        labels, urls = [], []
        try:
            raw = page.eval_on_selector("#wagtail-sidebar-props", "e => e.textContent")
        except Exception:
            return labels, urls

        def walk(node):
            if isinstance(node, dict):
                for key in ("label", "footer_text"):
                    if isinstance(node.get(key), str) and node[key]:
                        labels.append(node[key])
                if isinstance(node.get("url"), str):
                    urls.append(node["url"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(raw))
        return labels, urls

    def out_of_time(self):
        return self.deadline is not None and time.monotonic() > self.deadline

    @staticmethod
    def pattern(url):
        parts = urlsplit(url)
        return NUMBER.sub("N", parts.path)

    def interact(self, page, role):
        """Opens what a screen hides until clicked: tabs, dropdown menus, side panels, dialogs."""
        def click_all(selector, limit=8, after=None):
            for handle in page.query_selector_all(selector)[:limit]:
                try:
                    if not handle.is_visible():
                        continue
                    handle.click(timeout=1500)
                    page.wait_for_timeout(150)
                    self.collect(page, role)
                    if after:
                        after()
                except Exception:
                    continue

        click_all("[role=tab]", limit=10)
        click_all("[data-side-panel-toggle]", limit=6)
        click_all("header [data-w-dropdown-target='toggle'], .w-dropdown__toggle", limit=6,
                  after=lambda: page.keyboard.press("Escape"))
        # the save menu and its workflow dialogs (approve with comment, request changes)
        toggles = page.query_selector_all("footer [data-w-dropdown-target='toggle']")
        if toggles:
            try:
                toggles[0].click(timeout=1500)
                page.wait_for_timeout(150)
                self.collect(page, role)
                for button in page.query_selector_all("footer button[data-workflow-action-modal-url]")[:3]:
                    if not button.is_visible():
                        toggles[0].click(timeout=1500)
                    self.collect_dialog(page, role, button)
            except Exception:
                pass
        # the home page's "รอให้คุณตรวจ" dialogs (request changes, approve with comment, approve of public evidence)
        for button in page.query_selector_all("button[data-workflow-action-url][data-launch-modal]")[:3]:
            try:
                if not button.is_visible():
                    button.evaluate("b => b.closest('[data-controller~=w-dropdown]').querySelector(\"[data-w-dropdown-target='toggle']\").click()")
                    page.wait_for_timeout(150)
                self.collect_dialog(page, role, button)
            except Exception:
                continue

    def collect_dialog(self, page, role, button):
        """Open the dialog ``button`` launches, read it, close it."""
        button.click(timeout=1500)
        page.wait_for_selector(".modal.show, [role=dialog]:not([hidden])", timeout=3000)
        page.wait_for_timeout(300)
        self.collect(page, role)
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)

    def invalid_save(self, page, role):
        """A save with the title emptied: the error messages shown after an invalid save."""
        title = page.query_selector("#id_title")
        save = page.query_selector("footer button[type=submit]:not([name=action-submit]):not([data-workflow-action-name])")
        if not title or not save or not title.is_visible():
            return
        try:
            title.fill("")
            with page.expect_navigation(timeout=10000):
                save.click(timeout=2000)
            page.wait_for_timeout(300)
            self.collect(page, role)
            self.interact(page, role)
        except Exception:
            pass

    # -- crawling ---------------------------------------------------------------------
    def visit(self, page, url, role):
        try:
            response = page.goto(url, wait_until="domcontentloaded", timeout=20000)
        except Exception:
            return False
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            return False
        try:
            page.wait_for_load_state("load", timeout=5000)
        except Exception:
            pass
        self.pages_seen += 1
        if self.log:
            self.log(f"{role} {url}")
        self.collect(page, role)
        return True

    def links(self, page, prefix):
        try:
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        except Exception:
            return []
        out = []
        for href in hrefs:
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            url = urljoin(page.url, href).split("#", 1)[0]
            if url.startswith(self.base + prefix) and not SKIP.search(url):
                out.append(url)
        return out

    def crawl(self, page, role, start, prefix, extra=(), edit_forms=True, max_pages=None):
        """Breadth-first from `start`: every menu entry of the role, then one screen per URL pattern.

        A pattern an earlier role has read is read again only when it is one of this role's
        menu entries or its home page (what a role sees there differs); the rest is new ground.
        """
        queue = deque(urljoin(self.base + "/", s) for s in [start, *extra])
        always = {self.pattern(u) for u in queue}
        seen_patterns = set()
        pages = 0
        max_pages = max_pages or self.max_pages
        while queue and pages < max_pages and (pages == 0 or not self.out_of_time()):  # every role: its home page at least
            url = queue.popleft()
            key = self.pattern(url)
            if key in seen_patterns or (key in self.visited_patterns and key not in always):
                continue
            seen_patterns.add(key)
            if not self.visit(page, url, role):
                continue
            self.visited_patterns.add(key)
            pages += 1
            self.role_pages[role] = self.role_pages.get(role, 0) + 1
            if prefix == "/admin/":
                labels, menu_urls = self.sidebar(page)
                for label in labels:
                    if english_tokens(label, self.allow):
                        self.findings.setdefault(label, set()).add(f"{role} (เมนู)")
                menu = [urljoin(self.base, u) for u in menu_urls if not SKIP.search(u)]
                always.update(self.pattern(u) for u in menu)
                queue.extendleft(reversed(menu))
                self.interact(page, role)
                if edit_forms and re.search(r"/edit/$|/add/", urlsplit(page.url).path):
                    self.invalid_save(page, role)
            for link in self.links(page, prefix):
                if self.pattern(link) not in seen_patterns:
                    queue.append(link)
        return pages

    def report(self):
        lines = []
        for text, where in sorted(self.findings.items()):
            sample = ", ".join(sorted(where)[:3])
            lines.append(f"{text!r}  ← {sample}")
        return "\n".join(lines)


def crawl_roles(browser, base_url, password, usernames, crawl, public=True, extra=(), budgets=None, failed_login=True):
    """The login screen, the public site, then each user in turn (``budgets``: screens per user)."""
    anonymous = browser.new_context(locale="th-TH")
    login_page = anonymous.new_page()
    crawl.visit(login_page, f"{base_url}/admin/login/", "anonymous")
    if failed_login:  # the error after a failed sign-in (counts once against the login throttle)
        login_page.fill("#id_username", "ไม่มีผู้ใช้นี้")
        login_page.fill("#id_password", "ผิด")
        login_page.click("button[type=submit]")
        login_page.wait_for_load_state("load")
        crawl.collect(login_page, "anonymous")
    if public:
        crawl.crawl(login_page, "public", "/", "/", edit_forms=False, max_pages=(budgets or {}).get("public"))
        crawl.visit(login_page, f"{base_url}/ไม่มีหน้านี้/", "public")
    anonymous.close()
    for username in usernames:
        context = browser.new_context(locale="th-TH")
        page = log_in(context, base_url, username, password)
        crawl.crawl(page, username, "/admin/", "/admin/", extra=extra, max_pages=(budgets or {}).get(username))
        context.close()
    return crawl


if __name__ == "__main__":
    import sys

    from playwright.sync_api import sync_playwright

    base, password, *users = sys.argv[1:]
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        crawl = Crawl(base, max_pages=int(__import__("os").environ.get("MAX_PAGES", 60)), log=lambda m: print(m, file=sys.stderr))
        users = [u for u in users if not u.startswith("--")]
        crawl_roles(browser, base, password, users, crawl, public="--no-public" not in sys.argv, failed_login=False)
        browser.close()
    print(crawl.report())
    print(f"{crawl.pages_seen} screens, {len(crawl.findings)} English lines, {time.monotonic() - started:.0f} s", file=sys.stderr)
