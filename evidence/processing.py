"""The worker side of the ingestion pipeline (``ingest`` has the whole picture): extract a
stored file's text and index it.

Extraction runs in a child process under the limits of ``settings.KHAMRAP_EXTRACTION_LIMITS``
(``evidence_search.extraction.isolate``); meanwhile the file's lease (``worker``/``heartbeat_at``, see
``leases``) says which worker holds it. A failed extraction leaves the file with status
"failed" and a Thai reason (never a path or an exception's text), and nothing of it in the index.
"""
import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evidence_search.extraction import DetectedType, UploadRejected
from evidence_search.extraction.isolate import run_isolated
from evidence_search.extraction.limits import ExtractionFailed, Limits, failure

from .indexing import index_file, remove_files
from .leases import HEARTBEAT_SECONDS, IN_PROGRESS, is_interrupted, worker_identity
from .models import EvidenceFile, ExtractedText

logger = logging.getLogger(__name__)
IMAGE_KINDS = {"jpeg", "png", "tiff"}


def extraction_limits() -> Limits:
    return Limits(**getattr(settings, "KHAMRAP_EXTRACTION_LIMITS", {}))


def set_status(evidence_file, status, message="", worker=""):
    """Status and the lease in one update: a worker holds the file only while extracting."""
    heartbeat = timezone.now() if worker else None
    evidence_file.status, evidence_file.status_message = status, message
    evidence_file.worker, evidence_file.heartbeat_at = worker, heartbeat
    EvidenceFile.objects.filter(pk=evidence_file.pk).update(status=status, status_message=message, worker=worker,
                                                            heartbeat_at=heartbeat)


def heartbeat(evidence_file):
    EvidenceFile.objects.filter(pk=evidence_file.pk, worker=evidence_file.worker).update(heartbeat_at=timezone.now())


@contextmanager
def local_copy(field_file):
    """A filesystem path for a stored file: the file itself on local storage, a temporary
    copy on object storage (S3), removed afterwards."""
    try:
        yield field_file.path
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle, field_file.open("rb") as source:
        shutil.copyfileobj(source, handle)
        handle.flush()
        yield handle.name


def describe(pages) -> str:
    counts = {}
    for page in pages:
        counts[page.method] = counts.get(page.method, 0) + 1
    methods = sorted(set(counts) - {"blank", "skipped"})
    message = "ดึงข้อความแล้ว %d หน้า (%s)" % (len(pages), ", ".join(methods) or "-")
    if counts.get("blank"):
        message += f"; หน้าว่าง {counts['blank']:,} หน้า (ไม่ต้องอ่านภาพ)"
    if counts.get("skipped"):
        message += (f"; ไม่ได้อ่านภาพ (OCR) {counts['skipped']:,} หน้า เพราะเกินกำหนดต่อไฟล์"
                    f" ({extraction_limits().max_ocr_pages:,} หน้า หรือ 80% ของเวลาที่กำหนด)")
    return message


def process_file(file_id: int) -> EvidenceFile:
    evidence_file = EvidenceFile.objects.select_related("page").get(pk=file_id)
    me = worker_identity()
    if evidence_file.status in IN_PROGRESS and evidence_file.worker != me and not is_interrupted(evidence_file):
        logger.info("evidence file %s is being extracted by %s: not started twice", file_id, evidence_file.worker)
        return evidence_file
    kind = DetectedType(kind=evidence_file.file_type, encoding="")
    limits = extraction_limits()
    set_status(evidence_file, EvidenceFile.OCR if kind.kind in IMAGE_KINDS else EvidenceFile.EXTRACTING, worker=me)
    try:
        with local_copy(evidence_file.file) as path:
            if kind.kind == "text":
                from evidence_search.extraction import detect_type

                kind = detect_type(path)
            pages = run_isolated(path, kind, limits, on_wait=lambda: heartbeat(evidence_file),
                                 wait_step=HEARTBEAT_SECONDS)
        with transaction.atomic():
            ExtractedText.objects.filter(evidence_file=evidence_file).delete()
            ExtractedText.objects.bulk_create(
                [ExtractedText(evidence_file=evidence_file, number=p.number, text=p.text, method=p.method) for p in pages]
            )
            set_status(evidence_file, EvidenceFile.INDEXED, describe(pages))
            index_file(evidence_file)
    except Exception as exc:  # any failure is the file's status, never a half-indexed file
        remove_files([evidence_file])
        set_status(evidence_file, EvidenceFile.FAILED, failure_message(evidence_file.original_name, exc, limits))
    return evidence_file


def failure_message(file_name: str, exc: Exception, limits: Limits | None = None) -> str:
    """The Thai status message of a failed extraction: a reason from ``evidence_search.extraction.limits``,
    never the exception's own (English) text or a server path; those go to the log only."""
    if isinstance(exc, ExtractionFailed):
        logger.warning("extraction of %s refused: %s", file_name, exc.code)
        reason = exc.message
    else:
        logger.error("extraction of %s failed", file_name, exc_info=exc)
        reason = failure("missing" if isinstance(exc, FileNotFoundError) else
                         "corrupt" if isinstance(exc, UploadRejected) else "internal", limits or extraction_limits()).message
    return f"ดึงข้อความจากไฟล์ {file_name} ไม่สำเร็จ: {reason}"
