"""Bulk import of many files as evidence of one unit (``import_evidence --bulk``).

The one-file-at-a-time path (``ingest.attach_files`` + ``process_file``) costs a Wagtail
``add_child``, a transaction and an index write per file: 10–30 small files a second.
Here files are taken in batches; per batch, in ONE transaction:

1. every file is checked and its text extracted from the source path (before any write;
   a rejected file is reported, a file whose extraction fails is stored as "failed"), by
   worker processes that extract the next files while this one writes (``prepare_all``);
2. one evidence page per file is inserted with a few bulk INSERTs (tree paths computed
   from the folder's last child, as treebeard does), the files are copied to the private
   storage and their ``EvidenceFile`` and ``ExtractedText`` rows bulk-created;
3. the passages of the whole batch go to the search backend in one ``index()`` call.

A batch is committed whole or not at all. Pages are drafts with no revision (as the
per-file path creates them); Wagtail's own admin search index and reference index are
not updated per page (``manage.py update_index`` / ``rebuild_references_index``).
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from wagtail.models import Page

from evidence_search.backends import get_backend
from evidence_search.extraction import UploadRejected, extract_text, validate_upload

from .indexing import file_metadata, passages_from
from .ingest import max_upload_bytes
from .models import EvidenceFile, EvidencePage, ExtractedText
from .processing import failure_message


@dataclass
class Prepared:
    path: Path
    kind: str
    data: bytes
    pages: list  # ExtractedPage
    error: str = ""


def prepare(path: Path) -> Prepared:
    """Check and extract one file (no database access). Raises ``UploadRejected``."""
    with path.open("rb") as handle:
        detected = validate_upload(path.name, handle, max_bytes=max_upload_bytes())
        handle.seek(0)
        data = handle.read()
    try:
        pages = extract_text(path, detected)
        return Prepared(path, detected.kind, data, pages)
    except Exception as exc:  # stored as a failed file with its reason, like process_file
        return Prepared(path, detected.kind, data, [], failure_message(path.name, exc))


def _prepare_or_reject(path: Path):
    try:
        return prepare(path)
    except UploadRejected as exc:
        return str(exc)


def prepare_all(paths: list[Path]):
    """``prepare`` of each path, in order (a Thai message for a rejected file), extracted
    by forked worker processes while the caller writes earlier batches (extraction is
    pure: no database). ``KHAMRAP_INDEX_WORKERS`` sets their number (1 = in this process)."""
    from evidence_search.backends.embedded import index_workers

    workers = index_workers()
    if workers == 1 or len(paths) < 50:
        for path in paths:
            yield _prepare_or_reject(path)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_prepare_or_reject, paths, chunksize=25)


def _new_pages(folder, items: list[Prepared], kpi_page, round_, stamp: str) -> list[EvidencePage]:
    """Insert one draft EvidencePage per item under ``folder`` (bulk, tree kept valid)."""
    folder = Page.objects.select_for_update().get(pk=folder.pk)  # serialise page creation here
    last = folder.get_last_child()
    step = (EvidencePage._str2int(last.path[-EvidencePage.steplen:]) if last else 0)
    ctype = ContentType.objects.get_for_model(EvidencePage)
    pages = []
    for offset, item in enumerate(items, 1):
        path = folder.path + EvidencePage._int2str(step + offset).rjust(EvidencePage.steplen, "0")
        slug = f"import-{stamp}-{step + offset}"
        title = item.path.stem
        pages.append(EvidencePage(
            title=title, draft_title=title, slug=slug, path=path, depth=folder.depth + 1, numchild=0,
            url_path=f"{folder.url_path}{slug}/", content_type=ctype, locale_id=folder.locale_id,
            translation_key=uuid.uuid4(), live=False, has_unpublished_changes=True,
            kpi=kpi_page, round=round_, description=f"นำเข้าจากไฟล์ {item.path.name}"))
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in pages]
    Page.objects.bulk_create(bases)
    for page, base in zip(pages, bases):
        page.pk = page.id = page.page_ptr_id = base.pk
    own = [f for f in EvidencePage._meta.local_concrete_fields]
    EvidencePage._base_manager._insert(pages, fields=own, raw=True)
    Page.objects.filter(pk=folder.pk).update(numchild=F("numchild") + len(pages))
    return pages


def import_batch(folder, items: list[Prepared], kpi_page, round_, stamp: str, backend=None) -> list[EvidenceFile]:
    """One transaction: pages, stored files, extracted text and index entries of a batch."""
    backend = backend or get_backend()
    with transaction.atomic():
        pages = _new_pages(folder, items, kpi_page, round_, stamp)
        records, stored = [], []
        storage = EvidenceFile._meta.get_field("file").storage
        try:
            for page, item in zip(pages, items):
                record = EvidenceFile(
                    page=page, original_name=item.path.name, file_type=item.kind, size=len(item.data),
                    sha256=hashlib.sha256(item.data).hexdigest(), sort_order=1,
                    status=EvidenceFile.FAILED if item.error else EvidenceFile.INDEXED,
                    status_message=item.error or "ดึงข้อความแล้ว %d หน้า (%s)" % (
                        len(item.pages), ", ".join(sorted({p.method for p in item.pages})) or "-"))
                record.file.save(item.path.name, ContentFile(item.data), save=False)
                stored.append(record.file.name)
                records.append(record)
            EvidenceFile.objects.bulk_create(records)
            ExtractedText.objects.bulk_create([
                ExtractedText(evidence_file=r, number=p.number, text=p.text, method=p.method)
                for r, item in zip(records, items) for p in item.pages], batch_size=1000)
            passages = []
            metadata = file_metadata(pages[0]) if pages else {}
            for page, record, item in zip(pages, records, items):
                if not item.error:
                    passages += passages_from(record, dict(metadata, title=page.title),
                                              [(p.number, p.text) for p in item.pages])
            backend.index(passages)
        except Exception:
            for name in stored:
                storage.delete(name)
            raise
    return records


def slug_stamp() -> str:
    return slugify(uuid.uuid4().hex[:8])


__all__ = ["Prepared", "UploadRejected", "import_batch", "prepare", "prepare_all", "slug_stamp"]
