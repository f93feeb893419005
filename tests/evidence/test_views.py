"""The evidence archive in the admin: upload, status, search, checklist, binder."""
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from evidence.models import BinderExport, EvidenceFile

from tests.helpers.evidence import attach_and_process, new_evidence_page, upload
from tests.helpers.http import refused


def test_upload_many_files_then_see_them_indexed(demo, client, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo)
    client.force_login(demo.user("staff_finance"))
    files = [SimpleUploadedFile("รายงาน-1.txt", "รายงานผลการเบิกจ่ายไตรมาสที่ 1".encode()),
             SimpleUploadedFile("รายงาน-2.txt", "รายงานผลการเบิกจ่ายไตรมาสที่ 2".encode())]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/evidence/page/{page.pk}/upload/", {"files": files})
    assert response.status_code == 302
    assert set(EvidenceFile.objects.filter(page=page).values_list("status", flat=True)) == {EvidenceFile.INDEXED}
    listing = client.get(f"/admin/evidence/page/{page.pk}/files/").content.decode()
    assert "รายงาน-1.txt" in listing and "พร้อมค้นหา" in listing


def test_rejected_upload_shows_thai_reason_and_keeps_nothing(demo, client):
    page = new_evidence_page(demo)
    client.force_login(demo.user("staff_finance"))
    response = client.post(f"/admin/evidence/page/{page.pk}/upload/", {"files": [SimpleUploadedFile("ผลงาน.pdf", b"not a pdf at all")]}, follow=True)
    assert "ผลงาน.pdf" in response.content.decode() and "ไม่รับไฟล์" in response.content.decode()
    assert not EvidenceFile.objects.filter(page=page).exists()


def test_other_units_staff_cannot_upload_or_list(demo, client):
    page = new_evidence_page(demo)
    client.force_login(demo.user("staff_service"))
    assert refused(client.get(f"/admin/evidence/page/{page.pk}/upload/"))
    assert refused(client.get(f"/admin/evidence/page/{page.pk}/files/"))


def test_search_page_highlights_and_filters(demo, client, tmp_path):
    page = new_evidence_page(demo)
    path = tmp_path / "สรุปผล.txt"
    path.write_text("สรุปผลการดำเนินงานตามแผนพัฒนาองค์การ PMQA 4.0", encoding="utf-8")
    attach_and_process(page, upload(path))
    client.force_login(demo.user("preparer"))
    html = client.get("/admin/evidence/search/", {"q": "pmqa", "unit": "พสบ./สสบ./กค."}).content.decode()
    assert "สรุปผล.txt" in html and "<mark>" in html
    assert "สรุปผล.txt" not in client.get("/admin/evidence/search/", {"q": "pmqa", "unit": "สบป."}).content.decode()
    client.force_login(demo.user("staff_service"))
    assert "สรุปผล.txt" not in client.get("/admin/evidence/search/", {"q": "pmqa"}).content.decode()


def test_checklist_flags_missing_and_binder_holds_every_file(demo, client, tmp_path, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo, kpi_code="3")
    path = tmp_path / "gfmis.txt"
    path.write_text("รายงานผลการเบิกจ่ายจากระบบ New GFMIS Thai", encoding="utf-8")
    attach_and_process(page, upload(path))
    folder = demo.folder("finance")
    client.force_login(demo.user("preparer"))
    html = client.get(f"/admin/evidence/checklist/{folder.pk}/").content.decode()
    assert "gfmis.txt" in html and "ยังไม่มีหลักฐาน" in html  # KPI 3 has it, others do not
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/evidence/checklist/{folder.pk}/binder/")
    export = BinderExport.objects.get()
    assert export.status == BinderExport.DONE and export.percent == 100
    download = client.get(f"/admin/evidence/binder/{export.pk}/", {"download": 1})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert any(n.startswith("3 ร้อยละการเบิกจ่าย") and n.endswith("gfmis.txt") for n in names)
    index = Document(io.BytesIO(archive.read("ดัชนีเอกสารหลักฐาน.docx")))
    cells = [c.text for row in index.tables[0].rows for c in row.cells]
    assert "gfmis.txt" in cells and "ยังไม่มีหลักฐาน" in cells
    client.force_login(demo.user("staff_service"))
    assert refused(client.get(f"/admin/evidence/checklist/{folder.pk}/"))
