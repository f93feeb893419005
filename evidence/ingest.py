"""The web side of the ingestion pipeline, as plain functions (after paperless-ngx's consumer).
One way through, no module importing back:

    ingest      attach_files(page, uploads, user)  check every file, store them, queue extraction
                retry_file(file_id)                queue a failed (or interrupted) file again
    tasks       extract_evidence_file              the background job (tasks.queue enqueues it)
    processing  process_file(file_id)              worker side: extract text (OCR where needed)
    indexing    index_file(evidence_file)          its passages into the search index

A rejected upload leaves no record and no stored file; a failed extraction leaves the file with
status "failed" and a Thai reason (``processing``).
"""
import hashlib
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from wagtail.log_actions import log

from evidence_search.extraction import DetectedType, UploadRejected, validate_upload

from .leases import IN_PROGRESS, is_interrupted
from .models import EvidenceFile
from .processing import set_status
from .recovery import close_claimed_task_rows
from .tasks import queue


@dataclass
class Upload:
    name: str
    fileobj: object  # any binary file object (Django UploadedFile, open file, BytesIO)


def max_upload_bytes() -> int:
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)


def check_uploads(uploads: list[Upload]) -> list[DetectedType]:
    """Every file is checked before any is stored, so a batch is accepted whole or not at all."""
    detected, problems = [], []
    for upload in uploads:
        try:
            detected.append(validate_upload(upload.name, upload.fileobj, max_bytes=max_upload_bytes()))
        except UploadRejected as exc:
            problems.append(exc)
        finally:
            upload.fileobj.seek(0)
    if problems:
        code = problems[0].code if len(problems) == 1 else "batch"
        raise UploadRejected(code, "\n".join(p.message for p in problems))
    return detected


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    for chunk in iter(partial(fileobj.read, 1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def attach_files(evidence_page, uploads: list[Upload], user=None, enqueue=True, required_item="") -> list[EvidenceFile]:
    """``required_item``: the required document of the page's KPI that these files are (the
    checklist ticks it); "" for none."""
    from django.core.files import File

    detected = check_uploads(uploads)
    created, stored_names = [], []
    try:
        with transaction.atomic():
            next_order = (evidence_page.files.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1
            for offset, (upload, kind) in enumerate(zip(uploads, detected)):
                size = upload.fileobj.seek(0, 2)
                upload.fileobj.seek(0)
                record = EvidenceFile(
                    page=evidence_page, original_name=upload.name.rsplit("/", 1)[-1], file_type=kind.kind, size=size,
                    sha256=sha256_of(upload.fileobj), sort_order=next_order + offset, status=EvidenceFile.QUEUED,
                    required_item=required_item,
                )
                record.file.save(record.original_name, File(upload.fileobj), save=False)
                stored_names.append(record.file.name)
                record.save()
                created.append(record)
            log(evidence_page, "khamrap.evidence_upload", user=user,
                data={"files": [r.original_name for r in created]})
    except Exception:
        storage = EvidenceFile._meta.get_field("file").storage
        for name in stored_names:
            storage.delete(name)
        raise
    if enqueue:
        for record in created:
            queue(record.pk)
    return created


def can_retry(evidence_file) -> bool:
    return evidence_file.status == EvidenceFile.FAILED or is_interrupted(evidence_file)


def retry_file(file_id: int) -> bool:
    """Queue a file again; refused (False) while a live worker is extracting it."""
    evidence_file = EvidenceFile.objects.get(pk=file_id)
    if evidence_file.status in IN_PROGRESS:
        if not is_interrupted(evidence_file):
            return False
        close_claimed_task_rows([file_id])
    set_status(evidence_file, EvidenceFile.QUEUED, "")
    queue(file_id)
    return True
