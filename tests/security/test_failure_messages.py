"""Failed extraction as the unit sees it on the status page: a Thai reason, never the
exception's English text or a server path, and the file name escaped (issue 9, item 11)."""
import zipfile

from django.core.management import call_command
from django.urls import reverse

from evidence.models import EvidenceFile

HOSTILE_NAME = "<img src=x onerror=alert(1)> รายงานเสีย.docx"


def broken_docx(path):
    """Passes the upload checks (a ZIP with Word's parts) but python-docx fails on it with an
    English AttributeError."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-xml")


def test_bulk_import_failure_is_thai_and_escaped(demo, client, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    broken_docx(folder / HOSTILE_NAME)
    call_command("import_evidence", str(folder), "--year", "2569", "--unit", "สสบ./กค.", "--bulk")
    capsys.readouterr()
    record = EvidenceFile.objects.get(original_name=HOSTILE_NAME)
    assert record.status == EvidenceFile.FAILED
    assert "ไม่สำเร็จ" in record.status_message
    for english in ("object has no attribute", "Error", "Traceback", str(tmp_path)):
        assert english not in record.status_message

    client.force_login(demo.user("staff_finance"))
    body = client.get(reverse("evidence_admin:files", args=[record.page_id])).content.decode()
    assert record.status_message.replace("<", "&lt;").replace(">", "&gt;") in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "object has no attribute" not in body and str(tmp_path) not in body
