"""The ingestion pipeline as plain functions (after paperless-ngx's consumer):

    attach_files(page, uploads, user)   check every file, store them, queue extraction
    process_file(file_id)               extract text (OCR where needed) and index it
    retry_file(file_id)                 queue a failed (or interrupted) file again

A rejected upload leaves no record and no stored file; a failed extraction leaves the
file with status "failed" and a Thai reason (never a path or an exception's text), and
nothing of it in the index. Extraction runs in a child process under the limits of
``settings.KHAMRAP_EXTRACTION_LIMITS`` (``search.extraction.isolate``); meanwhile the file's
lease (``worker``/``heartbeat_at``, see ``recovery``) says which worker holds it.
"""
import hashlib
import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from cms.models import EvidenceFile
from search.extraction import DetectedType, UploadRejected, validate_upload
from search.extraction.isolate import run_isolated
from search.extraction.limits import ExtractionFailed, Limits, failure

from . import recovery

from .indexing import index_file, remove_files
from .models import ExtractedText

logger = logging.getLogger(__name__)
IMAGE_KINDS = {"jpeg", "png", "tiff"}


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


def queue(file_id: int):
    from .tasks import extract_evidence_file

    transaction.on_commit(lambda: extract_evidence_file.enqueue(file_id))


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
    me = recovery.worker_identity()
    if evidence_file.status in recovery.IN_PROGRESS and evidence_file.worker != me and not recovery.is_interrupted(evidence_file):
        logger.info("evidence file %s is being extracted by %s: not started twice", file_id, evidence_file.worker)
        return evidence_file
    kind = DetectedType(kind=evidence_file.file_type, encoding="")
    limits = extraction_limits()
    set_status(evidence_file, EvidenceFile.OCR if kind.kind in IMAGE_KINDS else EvidenceFile.EXTRACTING, worker=me)
    try:
        with local_copy(evidence_file.file) as path:
            if kind.kind == "text":
                from search.extraction import detect_type

                kind = detect_type(path)
            pages = run_isolated(path, kind, limits, on_wait=lambda: heartbeat(evidence_file),
                                 wait_step=recovery.HEARTBEAT_SECONDS)
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
    """The Thai status message of a failed extraction: a reason from ``search.extraction.limits``,
    never the exception's own (English) text or a server path; those go to the log only."""
    if isinstance(exc, ExtractionFailed):
        logger.warning("extraction of %s refused: %s", file_name, exc.code)
        reason = exc.message
    else:
        logger.error("extraction of %s failed", file_name, exc_info=exc)
        reason = failure("missing" if isinstance(exc, FileNotFoundError) else
                         "corrupt" if isinstance(exc, UploadRejected) else "internal", limits or extraction_limits()).message
    return f"ดึงข้อความจากไฟล์ {file_name} ไม่สำเร็จ: {reason}"


def can_retry(evidence_file) -> bool:
    return evidence_file.status == EvidenceFile.FAILED or recovery.is_interrupted(evidence_file)


def retry_file(file_id: int) -> bool:
    """Queue a file again; refused (False) while a live worker is extracting it."""
    evidence_file = EvidenceFile.objects.get(pk=file_id)
    if evidence_file.status in recovery.IN_PROGRESS:
        if not recovery.is_interrupted(evidence_file):
            return False
        recovery.close_claimed_task_rows([file_id])
    set_status(evidence_file, EvidenceFile.QUEUED, "")
    queue(file_id)
    return True
