"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
thread with a running loop unless told the caller knows what it is doing (the test only
touches the ORM between browser steps).
"""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("KHAMRAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # only while the browser tests run
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run scripts/install-system-packages.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
