"""Run inside a real instance by tests/ops/test_backup.py (``manage.py shell -c``), never imported
by pytest itself. ``KHAMRAP_SCRIPT`` picks the function; results go to ``KHAMRAP_SCRIPT_OUT``."""
import hashlib
import io
import json
import os
from pathlib import Path


def add_evidence_and_draft():
    from cms.models import KPITemplatePage, OrganisationYearPage
    from evidence.models import EvidenceFolderPage, EvidencePage
    from evidence.ingest import Upload, attach_files
    from evidence.processing import process_file
    from tests.helpers import search_files as fixtures

    work = Path(os.environ["KHAMRAP_SCRIPT_OUT"]).parent
    folder_page = OrganisationYearPage.objects.get(slug="finance")
    kpi = KPITemplatePage.objects.child_of(folder_page).get(code="3")
    folder = EvidenceFolderPage.for_organisation_year(folder_page)
    slug = params().get("slug", "ev-backup")
    page = EvidencePage(title="รายงานผลการเบิกจ่ายงบประมาณ", slug=slug, kpi=kpi, round=6, live=False)
    folder.add_child(instance=page)
    text = work / "บันทึกผลการเบิกจ่าย.txt"
    text.write_text("ผลการเบิกจ่ายงบประมาณไตรมาสที่ ๒ ร้อยละ ๘๗.๕ ของแผน\n", encoding="utf-8")
    docx = fixtures.docx_with_table(work / "ตาราง.docx")
    records = attach_files(page, [Upload(p.name, io.BytesIO(p.read_bytes())) for p in (text, docx)], enqueue=False)
    statuses = [process_file(r.pk).status for r in records]
    kpi.title = kpi.title + " (ฉบับร่างแก้ไข)"
    kpi.save_revision()  # a draft: the live page keeps its old title
    Path(os.environ["KHAMRAP_SCRIPT_OUT"]).write_text(json.dumps({"statuses": statuses}))


def snapshot():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Revision, WorkflowState

    from evidence.models import EvidenceFile
    from evidence.search_service import run_search
    from evidence_search.backends import Visibility

    def tree(root):
        root = Path(root)
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}

    pages = [
        {"id": p.id, "path": p.path, "depth": p.depth, "numchild": p.numchild, "title": p.title, "live": p.live,
         "type": p.content_type.model, "latest_revision": p.latest_revision_id,
         "latest_content": p.latest_revision.content if p.latest_revision else None}
        for p in Page.objects.order_by("path").select_related("latest_revision", "content_type")
    ]
    revisions = [
        {"id": r.id, "object": [r.content_type.model, r.object_id], "content": r.content, "user": r.user.username if r.user else None}
        for r in Revision.objects.order_by("id").select_related("content_type", "user")
    ]
    files = [
        {"id": f.id, "page": f.page_id, "name": f.original_name, "status": f.status, "sha256": f.sha256,
         "stored_sha256": hashlib.sha256(f.file.read()).hexdigest()}
        for f in EvidenceFile.objects.order_by("id")
    ]
    result = {
        "pages": pages,
        "revisions": revisions,
        "workflow_states": list(WorkflowState.objects.order_by("id").values("id", "status", "workflow__name", "object_id")),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "groups": sorted([g.name, sorted(g.permissions.values_list("codename", flat=True))] for g in Group.objects.all()),
        "evidence_files": files,
        "media": tree(settings.MEDIA_ROOT),
        "private": tree(settings.PRIVATE_MEDIA_ROOT),
        "search": [h.filename for h in run_search("เบิกจ่าย", visibility=Visibility.everything()).hits],
        "admin_search": sorted(p.id for p in Page.objects.search("ปีงบประมาณ")),
    }
    Path(os.environ["KHAMRAP_SCRIPT_OUT"]).write_text(json.dumps(result, ensure_ascii=False, default=str))


def params():
    return json.loads(os.environ.get("KHAMRAP_SCRIPT_PARAMS") or "{}")


def concurrent_saves():
    """Two editors open the same KPI template, then post their saves at the same instant from
    two threads (each thread has its own database connection), ``rounds`` times."""
    import threading

    from django.contrib.auth import get_user_model
    from django.test import Client

    from cms.models import KPITemplatePage, OrganisationYearPage
    from tests.helpers.forms import form_fields

    folder = OrganisationYearPage.objects.get(slug="finance")
    page = KPITemplatePage.objects.child_of(folder).get(code="3")
    users = get_user_model().objects
    clients = {}
    for name in ("staff_finance", "head_finance"):
        clients[name] = Client()
        clients[name].force_login(users.get(username=name))
    rounds = []
    for n in range(params().get("rounds", 5)):
        forms = {}
        for name, client in clients.items():
            response = client.get(f"/admin/pages/{page.pk}/edit/")
            assert response.status_code == 200, response.status_code
            forms[name] = form_fields(response.content.decode(), form_id="page-edit-form")
        before = KPITemplatePage.objects.get(pk=page.pk).latest_revision_id
        barrier, results = threading.Barrier(len(clients)), {}

        def post(name):
            text = f"สูตรฉบับของ {name} รอบที่ {n}"
            data = {**forms[name], "formula": [text]}
            barrier.wait()
            response = clients[name].post(f"/admin/pages/{page.pk}/edit/", data)
            results[name] = {"status": response.status_code, "text": text,
                             "reshown": text in response.content.decode() if response.status_code == 409 else None}

        threads = [threading.Thread(target=post, args=(name,)) for name in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        from django.db import connection
        connection.close()  # see what the two threads committed
        revisions = list(KPITemplatePage.objects.get(pk=page.pk).revisions.filter(pk__gt=before).order_by("pk"))
        rounds.append({"results": results, "new_revisions": [r.content["formula"] for r in revisions],
                       "latest": KPITemplatePage.objects.get(pk=page.pk).get_latest_revision().content["formula"]})
    Path(os.environ["KHAMRAP_SCRIPT_OUT"]).write_text(json.dumps(rounds, ensure_ascii=False))


def concurrent_creates():
    """Two people (or one person twice) create the same page at the same instant."""
    from tests.helpers.create_race import race_rounds

    Path(os.environ["KHAMRAP_SCRIPT_OUT"]).write_text(json.dumps(race_rounds(params().get("rounds", 3)), ensure_ascii=False))


def queue_scanned_evidence():
    """An evidence page with a scanned PDF (every page needs OCR) queued for the task worker."""
    from cms.models import KPITemplatePage, OrganisationYearPage
    from evidence.models import EvidenceFolderPage, EvidencePage
    from evidence.ingest import Upload, attach_files
    from tests.helpers import hostile_files

    work = Path(os.environ["KHAMRAP_SCRIPT_OUT"]).parent
    pages = params().get("pages", 3)
    folder_page = OrganisationYearPage.objects.get(slug="finance")
    kpi = KPITemplatePage.objects.child_of(folder_page).get(code="3")
    folder = EvidenceFolderPage.for_organisation_year(folder_page)
    page = EvidencePage(title="สแกนบันทึกข้อความ", slug="ev-worker", kpi=kpi, round=6, live=False)
    folder.add_child(instance=page)
    scan = hostile_files.scanned_pages_pdf(work / "สแกน.pdf", pages=pages, text_on=tuple(range(1, pages + 1)))
    [record] = attach_files(page, [Upload(scan.name, io.BytesIO(scan.read_bytes()))])  # queued on commit
    Path(os.environ["KHAMRAP_SCRIPT_OUT"]).write_text(json.dumps({"file_id": record.pk}))


globals()[os.environ["KHAMRAP_SCRIPT"]]()
