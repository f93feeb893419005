"""The admin and the public site in Thai, read in a real Chromium as every demo role sees them."""
import os
import time

import pytest
from django.contrib.auth import get_user_model

from cms.models import KPITemplatePage, OrganisationYearPage

from tests.helpers.browser import PASSWORD

from .english_crawl import Crawl, crawl_roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# One user per role; admin sees every screen, so it has the largest share of the time budget.
ROLE_BUDGETS = {
    "admin": 45, "editor": 14, "reviewer": 12, "executive": 10, "preparer": 10,
    "staff_finance": 16, "head_finance": 10, "public": 10,
}
CRAWL_SECONDS = int(os.environ.get("KHAMRAP_CRAWL_SECONDS", "300"))


def submit_for_review(username, kpi):
    """A KPI template waiting in กพร.'s review, so reviewers see their queue and its dialogs."""
    user = get_user_model().objects.get(username=username)
    revision = kpi.save_revision(user=user)
    kpi.get_workflow().start(kpi, user)
    return revision


def test_no_english_on_any_screen_of_any_role(live_server, browser, demo_site):
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
