"""Render a page or Memo into a stored Wagtail Document (and optionally a PDF).

``generate(source, kind, user=None, pdf=False) -> GeneratedDocument``: builds the
context (:mod:`.from_pages`), renders into a temporary directory, then — in one
transaction — stores the file(s) as Wagtail Documents and records the source's
latest revision. A DocumentError (Thai message) leaves nothing behind: no
Document row, no file in storage, no temporary file.
"""
from __future__ import annotations

import datetime as _dt
import re
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .engine import DocumentSettings, convert_to_pdf, render_docx
from .errors import DocumentError
from .from_pages import context_for

TITLE_PREFIX = {
    "agreement_booklet": "คำรับรองการปฏิบัติราชการ",
    "manual_booklet": "คู่มือตัวชี้วัด",
    "memo": "บันทึกข้อความ",
    "letter": "หนังสือภายนอก",
}
KINDS = tuple(TITLE_PREFIX)
COLLECTION_NAME = "เอกสารที่สร้างจากระบบ"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_NAME = 60  # FileField max_length is 100 including "documents/"


def site_document_settings(site=None) -> DocumentSettings:
    """The engine settings from the site's ค่าตั้งเอกสารราชการ (default site when none)."""
    from wagtail.models import Site

    from .models import OrganisationDocumentSettings

    site = site or Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return DocumentSettings()
    return OrganisationDocumentSettings.for_site(site).to_engine()


def _be_date(day: _dt.date) -> str:
    return f"{day.year + 543:04d}-{day.month:02d}-{day.day:02d}"


def document_title(source, kind: str, day: _dt.date | None = None) -> str:
    """e.g. "คำรับรองการปฏิบัติราชการ กค. 2569-11-21"."""
    day = day or timezone.localdate()
    specific = getattr(source, "specific", source)
    if kind in ("memo", "letter"):
        what = (specific.subject or "")[:50].strip()
        who = specific.organisation.abbreviation
    else:
        organisation = specific.organisation
        what = ""
        who = organisation.abbreviation if organisation else ""
    parts = [TITLE_PREFIX[kind], who, what, _be_date(day)]
    return " ".join(p for p in parts if p)


def safe_filename(title: str, extension: str) -> str:
    name = _UNSAFE.sub(" ", title)
    name = " ".join(name.split()).strip(" .")[:MAX_NAME].strip(" .") or "document"
    return f"{name}.{extension}"


def _collection():
    from wagtail.models import Collection

    from wagtail.models import CollectionViewRestriction

    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
        # drafts of official documents: only signed-in users may download them
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _source_content_type(source):
    specific = getattr(source, "specific", source)
    return ContentType.objects.get_for_model(specific), specific


def _latest_revision(specific):
    revision = getattr(specific, "latest_revision", None)
    if revision is None and hasattr(specific, "revisions"):
        revision = specific.revisions.order_by("-created_at", "-id").first()
    return revision


def _store(document, filename: str, data: bytes, stored: list) -> None:
    """Save the bytes under ``filename`` as is: Django's default name cleaning
    would drop Thai vowel and tone marks (they are not ``\\w``)."""
    storage = document.file.storage
    name = storage.save(f"documents/{filename}", ContentFile(data))
    stored.append((storage, name))
    document.file.name = name
    document.file_size = len(data)


def generate(source, kind: str, user=None, pdf: bool = False, settings: DocumentSettings | None = None,
             out_path=None):
    """สร้างเอกสาร ``kind`` จาก ``source`` แล้วเก็บเป็นเอกสาร Wagtail.

    ``out_path``: also copy the .docx there (management command). Raises
    DocumentError / PdfUnavailable with a Thai message; nothing is stored then.
    """
    from wagtail.documents import get_document_model

    from .models import GeneratedDocument

    if kind not in KINDS:
        raise DocumentError(f"ไม่รู้จักชนิดเอกสาร '{kind}' (ต้องเป็น {', '.join(KINDS)})")
    content_type, specific = _source_content_type(source)
    context = context_for(specific, kind)
    settings = settings or site_document_settings()
    title = document_title(specific, kind)
    Document = get_document_model()
    stored = []
    with tempfile.TemporaryDirectory(prefix="khamrap-doc-") as tmp:
        docx_path = render_docx(kind, context, settings, Path(tmp) / "document.docx")
        docx_bytes = docx_path.read_bytes()
        pdf_bytes = convert_to_pdf(docx_path) if pdf else None
    try:
        with transaction.atomic():
            collection = _collection()
            document = Document(title=title, collection=collection, uploaded_by_user=user)
            _store(document, safe_filename(title, "docx"), docx_bytes, stored)
            document.save()
            pdf_document = None
            if pdf_bytes is not None:
                pdf_document = Document(title=f"{title} (PDF)", collection=collection, uploaded_by_user=user)
                _store(pdf_document, safe_filename(title, "pdf"), pdf_bytes, stored)
                pdf_document.save()
            generated = GeneratedDocument.objects.create(
                source_content_type=content_type,
                source_object_id=str(specific.pk),
                source_revision=_latest_revision(specific),
                kind=kind,
                document=document,
                pdf=pdf_document,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:
                pass
        raise
    if out_path is not None:
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(docx_bytes)
        if pdf_bytes is not None:
            out.with_suffix(".pdf").write_bytes(pdf_bytes)
    return generated


def default_kind(source) -> str:
    """The document a source naturally gives (the admin button's choice)."""
    specific = getattr(source, "specific", source)
    name = type(specific).__name__
    if name == "AgreementPage":
        return "agreement_booklet"
    if name == "KPIManualPage":
        return "manual_booklet"
    if name == "Memo":
        return specific.kind
    raise DocumentError(f"สร้างเอกสารจาก '{specific}' ไม่ได้")
