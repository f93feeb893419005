"""Extraction jobs: limits seen from the file's status, Thai reasons, and files a dead worker
left "extracting" (requeued when a worker starts, retried from the status page)."""
import re
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from evidence.models import EvidenceFile
from evidence import leases, recovery
from evidence.ingest import attach_files
from evidence.processing import process_file
from tests.helpers import hostile_files

from tests.helpers.evidence import hits, new_evidence_page, upload


def rss_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


def assert_thai_reason(message: str, name: str):
    assert name in message and re.search("[\u0e01-\u0e5b]", message), message
    rest = message.replace(name, "")
    assert "/" not in rest and not re.search("Error|Errno|Traceback|No such", rest), message


def note(tmp_path, name="note.txt", text="บันทึกการประชุมคณะทำงานตัวชี้วัด"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_docx_of_262_mb_of_xml_fails_with_a_thai_reason_and_the_worker_keeps_its_memory(demo, tmp_path, settings):
    settings.KHAMRAP_EXTRACTION_LIMITS = {"seconds": 240, "memory_mb": 1024}
    page = new_evidence_page(demo)
    [record] = attach_files(page, [upload(hostile_files.inflating_docx(tmp_path / "ผลงาน.docx"))], enqueue=False)
    before, started = rss_bytes(), time.monotonic()
    record = process_file(record.pk)
    assert time.monotonic() - started < 240
    assert record.status == EvidenceFile.FAILED
    assert "หน่วยความจำเกินกำหนด 1,024 MB" in record.status_message
    assert_thai_reason(record.status_message, "ผลงาน.docx")
    assert rss_bytes() - before < 100 * 2**20  # the XML was parsed in the child, not here
    assert EvidenceFile.objects.get(pk=record.pk).worker == ""


def test_a_stored_file_gone_missing_or_broken_fails_with_a_thai_reason_and_no_path(demo, tmp_path):
    page = new_evidence_page(demo)
    missing, broken = attach_files(page, [upload(note(tmp_path)), upload(hostile_files.huge_blank_page_pdf(tmp_path / "scan.pdf"))],
                                   enqueue=False)
    Path(missing.file.path).unlink()
    Path(broken.file.path).write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    missing, broken = process_file(missing.pk), process_file(broken.pk)
    assert missing.status == broken.status == EvidenceFile.FAILED
    assert "ไม่พบไฟล์" in missing.status_message and "PDF เสียหาย" in broken.status_message
    assert_thai_reason(missing.status_message, "note.txt")
    assert_thai_reason(broken.status_message, "scan.pdf")


def dead_worker() -> str:
    """The identity of a worker process that existed and is gone."""
    process = subprocess.Popen(["sleep", "30"])
    identity = leases.worker_identity(process.pid)
    process.kill()
    process.wait()
    return identity


def stuck(record, worker, heartbeat_at=None):
    EvidenceFile.objects.filter(pk=record.pk).update(status=EvidenceFile.EXTRACTING, worker=worker,
                                                     heartbeat_at=heartbeat_at or timezone.now())


def test_a_worker_starting_requeues_files_left_by_a_dead_worker_and_only_those(demo, tmp_path, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo)
    names = ["dead.txt", "stale-elsewhere.txt", "live.txt", "fresh-elsewhere.txt"]
    records = attach_files(page, [upload(note(tmp_path, name)) for name in names], enqueue=False)
    dead, stale, live, fresh = records
    stuck(dead, dead_worker())
    stuck(stale, "another-host:4242:99", timezone.now() - timedelta(minutes=5))
    stuck(live, leases.worker_identity())  # this process: alive
    stuck(fresh, "another-host:4243:99", timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        requeued = recovery.requeue_interrupted()  # what db_worker does first
    assert sorted(requeued) == sorted([dead.pk, stale.pk])
    status = dict(EvidenceFile.objects.filter(page=page).values_list("original_name", "status"))
    assert status == {"dead.txt": "indexed", "stale-elsewhere.txt": "indexed", "live.txt": "extracting",
                      "fresh-elsewhere.txt": "extracting"}
    assert "dead.txt" in hits("คณะทำงาน")


def test_after_a_restore_every_file_left_extracting_is_requeued(demo, tmp_path, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo)
    [record] = attach_files(page, [upload(note(tmp_path))], enqueue=False)
    stuck(record, leases.worker_identity())  # alive here, but the restored database has no worker
    from ops.backup import requeue_interrupted_extractions

    with django_capture_on_commit_callbacks(execute=True):
        requeue_interrupted_extractions()
    assert EvidenceFile.objects.get(pk=record.pk).status == EvidenceFile.INDEXED


def test_the_status_page_offers_retry_for_a_file_left_by_a_dead_worker(demo, client, tmp_path, django_capture_on_commit_callbacks):
    page = new_evidence_page(demo)
    interrupted, live = attach_files(page, [upload(note(tmp_path, "ค้าง.txt")), upload(note(tmp_path, "กำลังทำ.txt"))], enqueue=False)
    stuck(interrupted, dead_worker())
    stuck(live, leases.worker_identity())
    client.force_login(demo.user("staff_finance"))
    listing = client.get(f"/admin/evidence/page/{page.pk}/files/").content.decode()
    assert f"/admin/evidence/file/{interrupted.pk}/retry/" in listing and "ตัวประมวลผลหยุดทำงาน" in listing
    assert f"/admin/evidence/file/{live.pk}/retry/" not in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/evidence/file/{interrupted.pk}/retry/")
        refused = client.post(f"/admin/evidence/file/{live.pk}/retry/", follow=True)
    assert response.status_code == 302
    assert EvidenceFile.objects.get(pk=interrupted.pk).status == EvidenceFile.INDEXED
    assert EvidenceFile.objects.get(pk=live.pk).status == EvidenceFile.EXTRACTING  # a live job is not started twice
    assert "กำลังประมวลผลอยู่" in refused.content.decode()
