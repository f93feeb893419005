"""Render a page, Memo or report into a stored Wagtail Document (and optionally a PDF).

``generate(source, kind, user=None, pdf=False) -> GeneratedDocument``: builds the
context with the adapter registered for (source model, kind), renders into a
temporary directory, then — in one transaction — stores the file(s) as Wagtail
Documents and records the source's latest revision (None for a source without
revisions). A DocumentError (Thai message) leaves nothing behind: no Document
row, no file in storage, no temporary file.

Adapters: :func:`register` maps ``(model label, kind)`` to a function
``source -> engine context``, with optional title, permission and back-link
functions. The page/Memo adapters of :mod:`.from_pages` are registered here;
other apps register theirs in the modules of ``ADAPTER_MODULES`` (imported on
first use, e.g. ``reporting.documents`` for the SAR and the score memo).
"""
from __future__ import annotations

import datetime as _dt
import importlib
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cms.filenames import cut_at_word, readable_name, unique_name
from thai.calendar import be_year

from .engine import DocumentSettings, continuation_cues_and_layout, document_pdf, render_docx
from .errors import DocumentError, PdfUnavailable
from . import from_pages

logger = logging.getLogger(__name__)

TITLE_PREFIX = {
    "agreement_booklet": "คำรับรองการปฏิบัติราชการ",
    "manual_booklet": "คู่มือตัวชี้วัด",
    "memo": "บันทึกข้อความ",
    "letter": "หนังสือภายนอก",
    "sar_report": "รายงานการประเมินผลตนเอง",
    "score_announcement": "บันทึกข้อความประกาศผลคะแนน",
}
KINDS = tuple(TITLE_PREFIX)
ADAPTER_MODULES = ("reporting.documents",)


@dataclass(frozen=True)
class Adapter:
    """How one kind of document is made from one model.

    build         source -> engine context dataclass
    title         source -> the words after the kind's prefix (e.g. "กค. รอบ 6 เดือน")
    can_generate  (user, source) -> bool; None = :func:`doc_templates.permissions.can_generate`
    back_url      source -> the admin page the document list links back to
    """

    model: str
    kind: str
    build: Callable[[Any], Any]
    title: Optional[Callable[[Any], str]] = None
    can_generate: Optional[Callable[[Any, Any], bool]] = None
    back_url: Optional[Callable[[Any], str]] = None


_ADAPTERS: dict[tuple[str, str], Adapter] = {}
_modules_loaded = False


def model_label(source_or_model) -> str:
    """"cms.agreementpage" for a page, a snippet or their class."""
    if isinstance(source_or_model, type):
        return source_or_model._meta.label_lower
    specific = getattr(source_or_model, "specific", source_or_model)
    return specific._meta.label_lower


def register(model: str, kind: str, build, *, title=None, can_generate=None, back_url=None) -> Adapter:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    adapter = Adapter(model.lower(), kind, build, title, can_generate, back_url)
    _ADAPTERS[(adapter.model, kind)] = adapter
    return adapter


def _load_adapter_modules() -> None:
    global _modules_loaded
    if not _modules_loaded:
        for name in ADAPTER_MODULES:
            importlib.import_module(name)
        _modules_loaded = True


def adapters_for(source) -> list[Adapter]:
    """The adapters of ``source``'s model, in registration order (first = default kind)."""
    _load_adapter_modules()
    label = model_label(source)
    return [a for (m, _), a in _ADAPTERS.items() if m == label]


def adapter_for(source, kind: str) -> Adapter:
    _load_adapter_modules()
    if kind not in KINDS:
        raise DocumentError(f"ไม่รู้จักชนิดเอกสาร '{kind}' (ต้องเป็น {', '.join(KINDS)})")
    specific = getattr(source, "specific", source)
    adapter = _ADAPTERS.get((model_label(specific), kind))
    if adapter is None:
        raise DocumentError(f"สร้าง{TITLE_PREFIX[kind]}จาก '{specific}' ไม่ได้")
    return adapter


def can_generate(user, source) -> bool:
    """May ``user`` generate documents from ``source``? (the adapter's rule, else the pages/Memo rule)"""
    from . import permissions

    specific = getattr(source, "specific", source)
    rules = [a.can_generate for a in adapters_for(specific) if a.can_generate is not None]
    if rules:
        return bool(user.is_authenticated and user.is_active and rules[0](user, specific))
    return permissions.can_generate(user, specific)


register("cms.agreementpage", "agreement_booklet", from_pages.agreement_context)
register("cms.kpimanualpage", "manual_booklet", from_pages.manual_context)
register("doc_templates.memo", "memo", from_pages.memo_context)
register("doc_templates.memo", "letter", from_pages.letter_context)
COLLECTION_NAME = "เอกสารที่สร้างจากระบบ"
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
    return f"{be_year(day.year):04d}-{day.month:02d}-{day.day:02d}"


def document_title(source, kind: str, day: _dt.date | None = None, build_kwargs=None) -> str:
    """e.g. "คำรับรองการปฏิบัติราชการ กค. 2569-11-21"."""
    day = day or timezone.localdate()
    specific = getattr(source, "specific", source)
    _load_adapter_modules()
    adapter = _ADAPTERS.get((model_label(specific), kind))
    if adapter is not None and adapter.title is not None:
        return " ".join(p for p in [TITLE_PREFIX[kind], adapter.title(specific, **(build_kwargs or {})), _be_date(day)] if p)
    if kind in ("memo", "letter"):
        what = cut_at_word(specific.subject or "", 50)
        who = specific.organisation.abbreviation
    else:
        organisation = specific.organisation
        what = ""
        who = organisation.abbreviation if organisation else ""
    parts = [TITLE_PREFIX[kind], who, what, _be_date(day)]
    return " ".join(p for p in parts if p)


_DATE_TAIL = re.compile(r"\s(\d{4}-\d{2}-\d{2})$")


def safe_filename(title: str, extension: str) -> str:
    """File name from a document title: unsafe characters out, at most MAX_NAME
    characters cut at a word boundary, the trailing B.E. date always whole."""
    name = readable_name(title)
    m = _DATE_TAIL.search(name)
    date = m.group(1) if m else ""
    head = name[: m.start()] if m else name
    room = MAX_NAME - (len(date) + 1 if date else 0)
    head = cut_at_word(head, room).strip(" .")
    name = " ".join(p for p in (head, date) if p) or "document"
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


def content_and_revision(specific):
    """What a document is built from, and the revision that content is.

    A live source (published page, published memo) gives its live content and
    its live revision, even while an unpublished draft waits; a source never
    published gives its latest revision's content and that revision. So the
    recorded revision is always the one whose content the file holds (sources
    not edited through revisions: their row and latest revision)."""
    if getattr(specific, "live", False) and getattr(specific, "live_revision_id", None):
        return specific, specific.live_revision
    revision = _latest_revision(specific)
    if revision is not None and _edited_through_revisions(specific):
        return revision.as_object(), revision
    return specific, revision


def _edited_through_revisions(specific) -> bool:
    """Pages and memos keep an unpublished edit only in a revision; other
    sources (unit reports, whose results and scores are written to their rows)
    are printed from their row."""
    from wagtail.models import Page

    from .models import Memo

    return isinstance(specific, (Page, Memo))


def _store(document, filename: str, data: bytes, stored: list) -> None:
    """Save the bytes under ``filename`` as is: Django's default name cleaning
    would drop Thai vowel and tone marks (they are not ``\\w``)."""
    storage = document.file.storage
    name = storage.save(unique_name(storage, f"documents/{filename}"), ContentFile(data))
    stored.append((storage, name))
    document.file.name = name
    document.file_size = len(data)


def generate(source, kind: str, user=None, pdf: bool = False, settings: DocumentSettings | None = None,
             out_path=None, build_kwargs=None):
    """สร้างเอกสาร ``kind`` จาก ``source`` แล้วเก็บเป็นเอกสาร Wagtail.

    ``build_kwargs`` go to the adapter's ``build`` and ``title`` (e.g. the parent organisation
    whose ranking a score announcement gives, for a round shared by several departments).
    ``out_path``: also copy the .docx there (management command). Raises
    DocumentError / PdfUnavailable with a Thai message; nothing is stored then.
    """
    from wagtail.documents import get_document_model

    from .models import GeneratedDocument

    content_type, specific = _source_content_type(source)
    content, revision = content_and_revision(specific)
    context = adapter_for(specific, kind).build(content, **(build_kwargs or {}))
    settings = settings or site_document_settings()
    title = document_title(specific, kind, build_kwargs=build_kwargs)
    Document = get_document_model()
    stored = []
    with tempfile.TemporaryDirectory(prefix="khamrap-doc-") as tmp:
        docx_path = render_docx(kind, context, settings, Path(tmp) / "document.docx", created=timezone.now())
        docx_bytes = docx_path.read_bytes()
        layout_pdf = None
        try:
            docx_bytes, layout_pdf = continuation_cues_and_layout(kind, docx_bytes, settings)
        except PdfUnavailable:
            if pdf:
                raise
            logger.warning("LibreOffice unavailable: %s stored without continuation cues", kind)
        pdf_bytes = document_pdf(kind, docx_bytes, settings, layout_pdf=layout_pdf) if pdf else None
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
                source_revision=revision,
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
    if type(specific).__name__ == "Memo":
        return specific.kind
    adapters = adapters_for(specific)
    if not adapters:
        raise DocumentError(f"สร้างเอกสารจาก '{specific}' ไม่ได้")
    return adapters[0].kind


def kinds_for(source) -> list[str]:
    """Every kind ``source`` can give (the admin form's choices)."""
    return [a.kind for a in adapters_for(source)]
