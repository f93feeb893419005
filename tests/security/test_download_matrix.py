"""Every role × every kind of file: who may download what, and nobody else (no leaks by
guessing a URL). Denied answers are 404 (or the login page for anonymous admin URLs)."""
import io

import pytest
from django.core.files.storage import storages

from evidence.models import BinderExport, EvidenceFolderPage, EvidencePage
from doc_templates.generate import generate
from evidence.ingest import Upload, attach_files
from evidence.exports import run_binder_export

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first

ROLES = ["anonymous", "staff_finance", "head_finance", "staff_service", "head_service", "reviewer", "executive", "editor", "preparer", "admin"]
FINANCE_AND_READ_ALL = {"staff_finance", "head_finance", "reviewer", "executive", "editor", "preparer", "admin"}
EVERYONE = set(ROLES)

EXPECTED = {
    "draft_evidence": FINANCE_AND_READ_ALL,
    # live evidence of a unit whose agreement is live: internal by default (issue 14) ...
    "published_internal_evidence": FINANCE_AND_READ_ALL,
    # ... public only when chosen on the evidence page
    "public_evidence": EVERYONE,
    "generated_agreement_booklet": FINANCE_AND_READ_ALL,
    # memos: the unit, editors, and the reviewers/executives who moderate memos; preparers
    # read evidence, not correspondence
    "generated_memo": FINANCE_AND_READ_ALL - {"preparer"},
    "binder_zip": FINANCE_AND_READ_ALL,
    # another unit's (กผ.) agreement, taken off the site: only the read-all roles
    "signed_scan_unpublished_agreement": FINANCE_AND_READ_ALL - {"staff_finance", "head_finance"},
    "signed_scan_published_agreement": EVERYONE,
    # a new scan chosen in a draft of the live กค. agreement: its editors and read-all roles
    "signed_scan_draft_of_live_agreement": FINANCE_AND_READ_ALL,
    # the public booklet view (cms.views.public_agreement_booklet): a live agreement's for
    # everyone, an unpublished one's for nobody (staff generate theirs in the admin)
    "public_booklet_published_agreement": EVERYONE,
    "public_booklet_unpublished_agreement": set(),
    # an uploaded document attached to nothing: its uploader (admin) only
    "uploaded_document": {"admin"},
}


@pytest.fixture
def files(demo, django_capture_on_commit_callbacks):
    folder = EvidenceFolderPage.for_organisation_year(demo.folder("finance"))

    def evidence(slug, publish, visibility=EvidencePage.INTERNAL):
        page = EvidencePage(title=slug, slug=slug, kpi=demo.kpi("finance", "3"), round=6, live=False, visibility=visibility)
        folder.add_child(instance=page)
        [record] = attach_files(page, [Upload(f"{slug}.txt", io.BytesIO("หลักฐาน".encode()))], enqueue=False)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return f"/evidence/file/{record.pk}/"

    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.models import Memo

    finance = demo.unit("กค.")
    memo = Memo(**{**standard_memo_fields("report_reminder", finance, 2569, sender=finance),
                   "standard": "report_reminder", "live": False, "kind": Memo.MEMO, "ref_no": "กค 0501/9",
                   "signer_name": "นายทดสอบ ระบบ", "signer_position": finance.head_position})
    memo.save()
    memo.save_revision()
    booklet = generate(demo.agreement("finance"), "agreement_booklet", user=demo.user("admin"))
    memo_doc = generate(memo, "memo", user=demo.user("admin"))
    export = BinderExport.objects.create(organisation_year=demo.folder("finance"))
    run_binder_export(export.pk)
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    def signed_scan(unit, publish):
        scan = Document(title=f"คำรับรองฉบับลงนาม {unit}")
        scan.file.save(f"signed-{unit}.pdf", ContentFile(b"%PDF-1.4 signed scan"), save=True)
        agreement = demo.agreement(unit)
        agreement.signed_scan = scan
        revision = agreement.save_revision()
        if publish:
            revision.publish()
        else:
            agreement.unpublish()
        return scan.url

    def draft_scan(unit):
        scan = Document(title=f"ฉบับลงนามใหม่ (ร่าง) {unit}")
        scan.file.save(f"signed-draft-{unit}.pdf", ContentFile(b"%PDF-1.4 draft scan"), save=True)
        agreement = demo.agreement(unit)
        assert agreement.live
        agreement.signed_scan = scan
        agreement.save_revision()
        return scan.url

    def uploaded():
        document = Document(title="เอกสารอัปโหลด", uploaded_by_user=demo.user("admin"))
        document.file.save("uploaded.pdf", ContentFile(b"%PDF-1.4 uploaded"), save=True)
        return document.url

    scans = {"signed_scan_unpublished_agreement": signed_scan("plan", publish=False)}
    return {
        **scans,
        "public_booklet_unpublished_agreement": f"/agreement/{demo.agreement('plan').pk}/booklet/",
        "public_booklet_published_agreement": f"/agreement/{demo.agreement('finance').pk}/booklet/",
        "signed_scan_published_agreement": signed_scan("finance", publish=True),
        "signed_scan_draft_of_live_agreement": draft_scan("finance"),
        "uploaded_document": uploaded(),
        "draft_evidence": evidence("draft-evidence", publish=False),
        "published_internal_evidence": evidence("internal-evidence", publish=True),
        "public_evidence": evidence("public-evidence", publish=True, visibility=EvidencePage.PUBLIC),
        "generated_agreement_booklet": booklet.document.url,
        "generated_memo": memo_doc.document.url,
        "binder_zip": f"/admin/evidence/binder/{export.pk}/?download=1",
    }


def fetch(client, demo, role, url):
    if role != "anonymous":
        client.force_login(demo.user(role))
    response = client.get(url)
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response.status_code, body


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_download_matrix(demo, client, files, kind):
    outcomes = {}
    for role in ROLES:
        client.logout()
        status, body = fetch(client, demo, role, files[kind])
        outcomes[role] = status == 200 and len(body) > 0
    allowed = {role for role, ok in outcomes.items() if ok}
    assert allowed == EXPECTED[kind], {"unexpected": allowed - EXPECTED[kind], "missing": EXPECTED[kind] - allowed}


def test_private_files_are_never_under_media(demo, files, settings):
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    private = Path(storages["evidence"].path(""))
    assert not str(private).startswith(str(media))
