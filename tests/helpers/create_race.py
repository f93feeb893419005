"""Two people create the same page at the same instant (issue 12, defect 6): the second must
get a Thai form error (or, the same person twice, the page already made), never a 500.

``race_rounds`` posts the creates from two threads (each with its own database connection)
after a barrier, so they overlap for real. It runs in a pytest test on PostgreSQL and inside a
real SQLite instance (``tests/ops/instance_scripts.py``); both check the same results."""
import threading

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from tests.helpers.forms import form_fields

SLUG_TAKEN = "มีอยู่แล้วภายใต้หน้าแม่นี้"
CODE_TAKEN = "มีอยู่แล้วในหน่วยงานและปีงบประมาณนี้"


def logged_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def as_new_page(data: dict) -> dict:
    """An edit form's fields posted as a create: inline rows become new rows."""
    data = {k: v for k, v in data.items() if not k.endswith("-id") and k not in ("loaded_revision_id", "loaded_revision_created_at")}
    for key in [k for k in data if k.endswith("-INITIAL_FORMS")]:
        data[key] = "0"
    return data


def post_together(posts: dict) -> dict:
    """{name: (client, url, data)} posted at the same instant → {name: (status, location, html)}."""
    barrier, results = threading.Barrier(len(posts)), {}

    def run(name):
        client, url, data = posts[name]
        try:
            barrier.wait()
            response = client.post(url, data)
            results[name] = (response.status_code, response.get("Location", ""), response.content.decode())
        except Exception as error:  # the test client re-raises what would be a 500
            results[name] = (500, "", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def installation_rounds(year_be=2569):
    """The installation-wide 6/9/12-month rounds, dated as ``load_demo_rounds`` dates them,
    where missing: an instance holds ``load_demo`` only, and evidence is filed for a round its
    unit reports in (the page form offers those)."""
    from cms.models import FiscalYear
    from demo.rounds import ROUND_OFFSETS, round_dates
    from reporting.models import ReportingRound

    year = FiscalYear.objects.get(year_be=year_be)
    for month in ROUND_OFFSETS:
        opens, closes, _announced, _deadline = round_dates(month)
        ReportingRound.objects.get_or_create(fiscal_year=year, month=month, organisation=None,
                                             defaults={"opens_on": opens, "closes_on": closes})


def race_rounds(rounds=3) -> list[dict]:
    from cms.models import KPITemplatePage, OrganisationYearPage
    from evidence.models import EvidenceFolderPage, EvidencePage

    installation_rounds()
    folder = OrganisationYearPage.objects.get(slug="finance")
    evidence_folder = EvidenceFolderPage.for_organisation_year(folder)
    kpi = KPITemplatePage.objects.child_of(folder).get(code="3")
    staff, head, staff_again = logged_in("staff_finance"), logged_in("head_finance"), logged_in("staff_finance")
    evidence_url = f"/admin/pages/add/evidence/evidencepage/{evidence_folder.pk}/"
    kpi_url = f"/admin/pages/add/cms/kpitemplatepage/{folder.pk}/"
    blank_evidence = form_fields(staff.get(evidence_url).content.decode(), "page-edit-form")
    kpi_form = as_new_page(form_fields(staff.get(f"/admin/pages/{kpi.pk}/edit/").content.decode(), "page-edit-form"))
    out = []
    for n in range(rounds):
        evidence = {**blank_evidence, "title": f"หลักฐานการเบิกจ่าย ชุดที่ {n}", "slug": f"race-evidence-{n}",
                    "kpi": str(kpi.pk), "round": "6"}
        two_people = post_together({"staff": (staff, evidence_url, evidence), "head": (head, evidence_url, evidence)})
        same = {**evidence, "title": f"หลักฐานซ้ำ ชุดที่ {n}", "slug": f"race-same-{n}"}
        same_person = post_together({"click": (staff, evidence_url, same), "again": (staff_again, evidence_url, same)})
        # the same person into a folder still empty (the parent, read before the lock, says
        # it has no children: the second post used to get the slug error, not the page)
        username, unit = [("staff_opdc", "opdc"), ("staff_ict", "ict"), ("staff_service", "service")][n % 3]
        empty_folder = EvidenceFolderPage.for_organisation_year(OrganisationYearPage.objects.get(slug=unit))
        empty_url = f"/admin/pages/add/evidence/evidencepage/{empty_folder.pk}/"
        tab_a, tab_b = logged_in(username), logged_in(username)
        first = {**form_fields(tab_a.get(empty_url).content.decode(), "page-edit-form"),
                 "title": f"หลักฐานแรกของโฟลเดอร์ ชุดที่ {n}", "slug": f"race-first-{n}"}
        empty_before = empty_folder.get_children_count() == 0
        first_in_folder = post_together({"tab_a": (tab_a, empty_url, first), "tab_b": (tab_b, empty_url, first)})
        code = f"{90 + n}"
        kpis = post_together({
            "staff": (staff, kpi_url, {**kpi_form, "title": f"ตัวชี้วัดใหม่ ก {n}", "slug": f"race-kpi-a-{n}", "code": code}),
            "head": (head, kpi_url, {**kpi_form, "title": f"ตัวชี้วัดใหม่ ข {n}", "slug": f"race-kpi-b-{n}", "code": code}),
        })
        out.append({
            "two_people": {k: v[:2] + (SLUG_TAKEN in v[2],) for k, v in two_people.items()},
            "same_person": {k: v[:2] for k, v in same_person.items()},
            "first_in_folder": {k: v[:2] for k, v in first_in_folder.items()},
            "first_pages": list(EvidencePage.objects.filter(slug=first["slug"]).values_list("pk", flat=True)),
            "empty_before": empty_before,
            "kpis": {k: v[:2] + (CODE_TAKEN in v[2],) for k, v in kpis.items()},
            "errors": [v[2][:3000] for r in (two_people, same_person, first_in_folder, kpis) for v in r.values() if v[0] >= 500],
            "evidence_pages": EvidencePage.objects.filter(slug=evidence["slug"]).count(),
            "same_pages": list(EvidencePage.objects.filter(slug=same["slug"]).values_list("pk", flat=True)),
            "kpi_pages": KPITemplatePage.objects.child_of(folder).filter(code=code).count(),
        })
    return out


def check_rounds(rounds):
    """What every round must show (shared by the PostgreSQL and the SQLite test)."""
    for n, r in enumerate(rounds):
        assert not r["errors"], (n, r["errors"])
        assert sorted(s for s, _, _ in r["two_people"].values()) == [200, 302], (n, r)
        assert [told for s, _, told in r["two_people"].values() if s == 200] == [True], (n, r)
        assert r["evidence_pages"] == 1
        [page_id] = r["same_pages"]  # the same person's two posts made one page
        assert all(s == 302 for s, _ in r["same_person"].values()), (n, r)
        assert all(f"/admin/pages/{page_id}/edit/" in loc for _, loc in r["same_person"].values()), (n, r)
        [first_id] = r["first_pages"]
        assert r["empty_before"] or n >= 3, (n, r)
        assert all(s == 302 and f"/admin/pages/{first_id}/edit/" in loc for s, loc in r["first_in_folder"].values()), (n, r)
        assert sorted(s for s, _, _ in r["kpis"].values()) == [200, 302], (n, r)
        assert [told for s, _, told in r["kpis"].values() if s == 200] == [True], (n, r)
        assert r["kpi_pages"] == 1
