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
    "staff_finance": 16, "head_finance": 10, "kpi_supervisor": 8, "agri_kpi_supervisor": 6, "public": 10,
}
CRAWL_SECONDS = int(os.environ.get("KHAMRAP_CRAWL_SECONDS", "300"))


def submit_for_review(username, kpi):
    """A KPI template waiting in กพร.'s review, so reviewers see their queue and its dialogs."""
    user = get_user_model().objects.get(username=username)
    revision = kpi.save_revision(user=user)
    kpi.get_workflow().start(kpi, user)
    return revision


def supervised_line_waiting(finance):
    """กค.'s KPI 2 supervised by kpi_supervisor, in the open round's report sent twice: their queue and its compare."""
    from decimal import Decimal

    from cms.models import Organisation
    from reporting.models import KpiReportLine, ReportingRound, UnitReport
    from reporting.scores import start_report

    User = get_user_model()
    kpi = KPITemplatePage.objects.child_of(finance).get(code="2")
    kpi.supervisor_users.set([User.objects.get(username="kpi_supervisor")])
    kpi.save_revision().publish()
    staff = User.objects.get(username="staff_finance")
    report = start_report(ReportingRound.objects.get(fiscal_year__year_be=2569, month=9, organisation__isnull=True), Organisation.find("สสบ./กค."), user=staff)
    for value in ("80", "88.5"):
        KpiReportLine.objects.filter(report=report, kpi=kpi).update(result_value=Decimal(value))
        UnitReport.objects.get(pk=report.pk).save_revision(user=staff, clean=False)
    UnitReport.objects.filter(pk=report.pk).update(status=UnitReport.SUBMITTED)


def public_evidence_waiting(finance):
    """An evidence page chosen "สาธารณะ" waiting for head_finance: the dashboard dialog with its warning."""
    from django.core.files.base import ContentFile

    from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage

    staff = get_user_model().objects.get(username="staff_finance")
    page = EvidencePage(title="ผลสำรวจความพึงพอใจ รอบ 9 เดือน", slug="crawl-public-evidence", kpi=KPITemplatePage.objects.child_of(finance).get(code="2"),
                        round=9, live=False, visibility=EvidencePage.PUBLIC)
    EvidenceFolderPage.for_organisation_year(finance).add_child(instance=page)
    record = EvidenceFile(page=page, original_name="ผลสำรวจ.txt")
    record.file.save("survey.txt", ContentFile("ผลสำรวจ ร้อยละ 86.5".encode()), save=False)
    record.save()
    page.save_revision(user=staff)
    page.get_workflow().start(page, staff)


def test_no_english_on_any_screen_of_any_role(live_server, browser, demo_site):
    finance = OrganisationYearPage.objects.get(slug="finance")
    submit_for_review("staff_finance", KPITemplatePage.objects.child_of(finance).get(code="2").specific)
    supervised_line_waiting(finance)
    public_evidence_waiting(finance)
    started = time.monotonic()
    crawl = Crawl(live_server.url, deadline=started + CRAWL_SECONDS)
    crawl_roles(browser, live_server.url, PASSWORD, [u for u in ROLE_BUDGETS if u != "public"], crawl, budgets=ROLE_BUDGETS)
    elapsed = time.monotonic() - started
    assert crawl.pages_seen >= 60, f"the crawl read only {crawl.pages_seen} screens"
    unread = [role for role in ROLE_BUDGETS if not crawl.role_pages.get(role)]
    assert not unread, f"roles whose screens were not read: {unread}"
    assert not crawl.findings, (
        f"{len(crawl.findings)} visible strings hold English ({crawl.pages_seen} screens in {elapsed:.0f} s):\n" + crawl.report()
    )
