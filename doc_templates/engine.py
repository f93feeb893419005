"""เครื่องสร้างเอกสาร (document engine): context dataclass → .docx (→ PDF).

Public API::

    render_docx(kind, context, settings, out_path) -> Path
    convert_to_pdf(docx_path_or_bytes) -> bytes          (re-exported from .pdf)
    DocumentSettings(emblem=None, thai_digits=True, font_name="TH Sarabun New", ...)

Steps of :func:`render_docx`: validate the context (Thai DocumentError on the
first problem) → load the template (built from source when missing, bytes
cached per process) → render with docxtpl and a StrictUndefined Jinja
environment whose ``finalize`` applies the digit rule and B.E. dates → fix
every run's font/language (:mod:`.runfix`) → save to a temp file beside
``out_path`` and ``os.replace`` it in, so a failure never leaves a
half-written file at the destination.

No Django here: pure functions over dataclasses.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import tempfile
import threading
from dataclasses import dataclass, fields
from decimal import Decimal

from thai.numbers import score4
from pathlib import Path
from typing import Optional, Union

import jinja2
from markupsafe import Markup
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from . import contexts as c
from . import runfix
from .build_templates import KINDS, TEMPLATE_DIR, build, template_path
from .emblem import emblem_bytes
from .errors import DocumentError
from .pdf import convert_to_pdf  # noqa: F401  (public re-export)
from .thai_format import Code, Verbatim, format_number, measure, thai_date, thai_list, thai_prose, to_thai_digits
from .validation import validate

__all__ = ["render_docx", "convert_to_pdf", "document_pdf", "DocumentSettings", "KINDS", "CONTEXT_TYPES"]

CONTEXT_TYPES = {
    "memo": c.MemoContext,
    "letter": c.LetterContext,
    "agreement_booklet": c.AgreementBookletContext,
    "manual_booklet": c.ManualBookletContext,
    "sar_report": c.SarReportContext,
    "score_announcement": c.ScoreAnnouncementContext,
}

# Emblem height per document (ระเบียบงานสารบรรณ: 1.5 cm memo, 3 cm letter).
EMBLEM_HEIGHT_MM = {
    "memo": 15,
    "score_announcement": 15,
    "letter": 30,
    "agreement_booklet": 30,
    "manual_booklet": 30,
    "sar_report": 30,
}

KIND_NAMES = {
    "memo": "บันทึกข้อความ",
    "letter": "หนังสือภายนอก",
    "agreement_booklet": "เล่มคำรับรองการปฏิบัติราชการ",
    "manual_booklet": "คู่มือตัวชี้วัด",
    "sar_report": "รายงานการประเมินผลตนเอง",
    "score_announcement": "บันทึกประกาศผลคะแนน",
}


@dataclass(frozen=True)
class DocumentSettings:
    """ค่าตั้งของหน่วยงานสำหรับการสร้างเอกสาร (per-organisation document settings).

    emblem             ตราครุฑ: image bytes or a file path; None → labelled placeholder
    thai_digits        ใช้เลขไทย: every number a reader sees (codes, document numbers,
                       dates, page numbers) → ๐-๙, except what stays verbatim
                       (e-mail, URL, Latin codes, standard numbers: see thai_format)
    font_name          ฟอนต์ (set on ascii/hAnsi/eastAsia/cs of every run)
    font_size_pt       ขนาดตัวอักษรพื้นฐาน (runs without an explicit size)
    """

    emblem: Union[bytes, str, os.PathLike, None] = None
    thai_digits: bool = True
    font_name: str = "TH Sarabun New"
    font_size_pt: float = 16


# --- template loading -----------------------------------------------------------------
_template_cache: dict[Path, tuple[float, bytes]] = {}
_build_lock = threading.Lock()


def _template_bytes(kind: str, template: Optional[Path]) -> bytes:
    """Template file bytes, cached per (path, mtime); built when missing."""
    path = Path(template) if template is not None else template_path(kind, TEMPLATE_DIR)
    if template is None and not path.exists():
        with _build_lock:
            if not path.exists():
                build(kind, TEMPLATE_DIR)
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise DocumentError(f"ไม่พบแม่แบบเอกสาร '{path}'") from None
    cached = _template_cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, path.read_bytes())
        _template_cache[path] = cached
    return cached[1]


# --- Jinja environment: digit rule, dates, numbers ----------------------------------------
def make_finalize(settings: DocumentSettings):
    """``finalize`` for every ``{{ … }}``: the digit rule in one place.

    * Verbatim → unchanged; Code (KPI code, document number) → digit rule only;
    * date → Thai B.E. date; numbers → plain text (20.00 → 20, 10000 → 10,000);
    * None → empty; text → units placed as Thai prose writes them
      (:func:`thai_prose`), then Thai digits when thai_digits (verbatim spans kept).
    Objects with ``__html__`` (InlineImage) pass through untouched.
    """
    thai = settings.thai_digits

    def finalize(value):
        if value is None:
            return ""
        if isinstance(value, Markup):
            # Constants such as {{ 1 }} reach finalize already escaped (Jinja
            # escapes constants at compile time); plain text → digit rule.
            return Markup(to_thai_digits(value)) if thai and "<" not in value else value
        if hasattr(value, "__html__"):  # InlineImage, RichText: XML, leave alone
            return value
        if isinstance(value, Verbatim):
            return str(value)
        if isinstance(value, Code):
            return to_thai_digits(value) if thai else str(value)
        if isinstance(value, (_dt.date, _dt.datetime)):
            return thai_date(value, thai_digits=thai)
        if isinstance(value, bool):
            return "ใช่" if value else "ไม่ใช่"
        if isinstance(value, (int, float, Decimal)):
            text = format_number(value)
        else:
            text = thai_prose(str(value))
        return to_thai_digits(text) if thai else text

    return finalize


def _score(value) -> str:
    """Filter ``|score``: 4 decimals, "-" when missing (finalize converts digits)."""
    return score4(value)


class _CachingEnvironment(jinja2.Environment):
    """Compiles each template source once: docxtpl calls ``from_string`` with
    the same document.xml on every render, and compiling a booklet's XML is a
    large share of a small render's time."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) > 32:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


@functools.lru_cache(maxsize=8)
def _env_for(thai_digits: bool) -> jinja2.Environment:
    settings = DocumentSettings(thai_digits=thai_digits)
    env = _CachingEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=make_finalize(settings),
    )
    env.filters["score"] = _score
    env.filters["thai_date"] = lambda d: thai_date(d, thai_digits)
    env.filters["measure"] = lambda value, unit=None: Verbatim(_digits(measure(value, unit), thai_digits))
    env.filters["thai_list"] = thai_list
    env.filters["thai_month_year"] = lambda d: thai_date(d, thai_digits, fmt="%B %Y")
    return env


def _digits(text: str, thai: bool) -> str:
    return to_thai_digits(text) if thai else text


def make_env(settings: DocumentSettings) -> jinja2.Environment:
    """The Jinja environment for these settings (shared, compiled templates cached).

    Only the digit option shapes it, so environments are shared."""
    return _env_for(settings.thai_digits)


# --- context → template variables --------------------------------------------------------
def _template_vars(ctx) -> dict:
    """Fields and properties of the context dataclass as top-level names."""
    data = {f.name: getattr(ctx, f.name) for f in fields(ctx)}
    for klass in type(ctx).__mro__:
        for name, attr in vars(klass).items():
            if isinstance(attr, property) and name not in data:
                data[name] = getattr(ctx, name)
    return data


def _emblem_image(tpl, kind: str, settings: DocumentSettings) -> InlineImage:
    return InlineImage(
        tpl, io.BytesIO(emblem_bytes(settings.emblem)), height=Mm(EMBLEM_HEIGHT_MM[kind])
    )


def _fix_fonts(tpl: DocxTemplate, settings: DocumentSettings) -> None:
    document = tpl.docx
    runfix.fix_tree(document.element, settings.font_name, settings.font_size_pt)
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        part = rel.target_part
        if rel.reltype.endswith(("/header", "/footer", "/footnotes")) and hasattr(part, "_element"):
            runfix.fix_tree(part._element, settings.font_name, settings.font_size_pt)


def _page_number_format(tpl: DocxTemplate, settings: DocumentSettings) -> None:
    """Page numbers in Thai digits (w:pgNumType w:fmt="thaiNumbers") when thai_digits."""
    if not settings.thai_digits:
        return
    body = tpl.docx.element.body
    for sect in body.iter(runfix.W + "sectPr"):
        pg = sect.find(runfix.W + "pgNumType")
        if pg is None:
            pg = sect.makeelement(runfix.W + "pgNumType", {})
            # CT_SectPr order: … pgSz, pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
            anchor = None
            for name in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                         "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"):
                anchor = sect.find(runfix.W + name)
                if anchor is not None:
                    break
            if anchor is not None:
                anchor.addprevious(pg)
            else:
                sect.append(pg)
        pg.set(runfix.W + "fmt", "thaiNumbers")


def _set_properties(tpl: DocxTemplate, kind: str, context, created: _dt.datetime | None = None) -> None:
    """Document properties: title = the subject (or the kind's Thai name);
    created/modified = when this document was generated (not the template's build)."""
    subject = getattr(context, "subject", None) or getattr(getattr(context, "memo", None), "subject", None)
    props = tpl.docx.core_properties
    props.title = subject or KIND_NAMES[kind]
    props.subject = KIND_NAMES[kind]
    props.author = "Khamrap"
    props.last_modified_by = "Khamrap"
    props.comments = ""
    when = (created or _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0)
    if when.tzinfo is not None:
        when = when.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    props.created = props.modified = when


# Garuda of memos and letters: its top sits this far below the paper's edge.
EMBLEM_TOP_CM = 1.5
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ANCHORED_EMBLEM = {"memo": "left", "score_announcement": "left", "letter": "center"}


def _anchor_emblem(tpl: DocxTemplate, kind: str) -> None:
    """The Garuda of a memo/letter as a picture anchored EMBLEM_TOP_CM from the
    top of the paper (an inline picture would start at the 2.5 cm margin).
    Memo: left margin, text beside it; letter: centred, text below it."""
    side = ANCHORED_EMBLEM.get(kind)
    if side is None:
        return
    inline = next(tpl.docx.element.body.iter(WP + "inline"), None)
    if inline is None:
        return
    anchor = inline.makeelement(WP + "anchor", {
        "distT": "0", "distB": "0", "distL": "114300", "distR": "114300", "simplePos": "0",
        "relativeHeight": "251659264", "behindDoc": "0", "locked": "0", "layoutInCell": "1",
        "allowOverlap": "1",
    })
    simple = anchor.makeelement(WP + "simplePos", {"x": "0", "y": "0"})
    pos_h = anchor.makeelement(WP + "positionH", {"relativeFrom": "margin"})
    align = pos_h.makeelement(WP + "align", {})
    align.text = side
    pos_h.append(align)
    pos_v = anchor.makeelement(WP + "positionV", {"relativeFrom": "page"})
    offset = pos_v.makeelement(WP + "posOffset", {})
    offset.text = str(int(EMBLEM_TOP_CM * 360000))
    pos_v.append(offset)
    anchor.extend([simple, pos_h, pos_v])
    children = list(inline)
    by_tag = {el.tag: el for el in children}
    anchor.append(by_tag[WP + "extent"])
    effect = by_tag.get(WP + "effectExtent")
    anchor.append(effect if effect is not None else anchor.makeelement(
        WP + "effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}))
    anchor.append(anchor.makeelement(WP + ("wrapTopAndBottom" if side == "center" else "wrapNone"), {}))
    for el in children:
        if el.tag not in (WP + "extent", WP + "effectExtent"):
            anchor.append(el)
    inline.getparent().replace(inline, anchor)


def _atomic_save(tpl: DocxTemplate, out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    os.close(fd)
    try:
        tpl.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a document is not a secret
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def render_docx(
    kind: str,
    context,
    settings: DocumentSettings | None = None,
    out_path: Union[str, os.PathLike] = None,
    *,
    template: Union[str, os.PathLike, None] = None,
    created: _dt.datetime | None = None,
) -> Path:
    """สร้างเอกสาร .docx ชนิด ``kind`` จาก ``context`` แล้วบันทึกที่ ``out_path``.

    ``kind``: memo | letter | agreement_booklet | manual_booklet | sar_report |
    score_announcement. ``template`` overrides the built-in template file (an
    organisation's own layout); it sees the same variables.
    Raises :class:`DocumentError` (Thai message) on any problem; on failure
    nothing is written at ``out_path``.
    """
    if kind not in CONTEXT_TYPES:
        raise DocumentError(f"ไม่รู้จักชนิดเอกสาร '{kind}' (ต้องเป็น {', '.join(KINDS)})")
    expected = CONTEXT_TYPES[kind]
    if not isinstance(context, expected):
        raise DocumentError(
            f"{KIND_NAMES[kind]} ต้องใช้ข้อมูลแบบ {expected.__name__} แต่ได้รับ {type(context).__name__}"
        )
    if out_path is None:
        raise DocumentError("ไม่ได้ระบุที่บันทึกไฟล์ (out_path)")
    settings = settings or DocumentSettings()
    out_path = Path(out_path)
    validate(kind, context)

    tpl = DocxTemplate(io.BytesIO(_template_bytes(kind, Path(template) if template else None)))
    variables = _template_vars(context)
    variables["emblem"] = _emblem_image(tpl, kind, settings)
    try:
        tpl.render(variables, jinja_env=make_env(settings), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise DocumentError(f"แม่แบบอ้างถึงข้อมูลที่ไม่มีอยู่ ({_undefined_name(exc)})") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise DocumentError(f"แม่แบบเอกสารมีไวยากรณ์ผิด บรรทัด {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise DocumentError(f"แม่แบบเอกสารผิดพลาด: {exc}") from exc
    _fix_fonts(tpl, settings)
    _page_number_format(tpl, settings)
    _anchor_emblem(tpl, kind)
    _set_properties(tpl, kind, context, created)
    _atomic_save(tpl, out_path)
    return out_path


# Correspondence (ระเบียบงานสารบรรณ): pages end with the next page's first word.
CORRESPONDENCE = ("memo", "letter", "score_announcement")


def with_continuation_cues(kind: str, docx_bytes: bytes, settings: DocumentSettings | None = None) -> bytes:
    """The rendered .docx of a correspondence ``kind`` with its continuation
    cues written in (:mod:`.continuation`, one LibreOffice layout); other kinds
    unchanged. Raises PdfUnavailable when LibreOffice is missing."""
    return continuation_cues_and_layout(kind, docx_bytes, settings)[0]


def continuation_cues_and_layout(kind: str, docx_bytes: bytes,
                                 settings: DocumentSettings | None = None) -> tuple[bytes, bytes | None]:
    """:func:`with_continuation_cues`, and the layout PDF when it can serve as the
    document's PDF as is (no cue written: pass it to :func:`document_pdf` as
    ``layout_pdf``), else None. A document that :func:`.continuation.clearly_one_page`
    (a pessimistic height estimate) is returned as is without LibreOffice."""
    from .continuation import clearly_one_page, with_cues_and_layout

    if kind not in CORRESPONDENCE or clearly_one_page(docx_bytes):
        return docx_bytes, None  # a memo that surely fits one page needs no layout (no LibreOffice run)

    settings = settings or DocumentSettings()
    return with_cues_and_layout(docx_bytes, settings.font_name, settings.font_size_pt)


# Where page numbers sit: the top of correspondence, the foot of booklets and
# reports; a booklet's cover and a letter's first page carry none.
PAGE_NUMBERS = {"memo": ("header", False), "letter": ("header", False), "score_announcement": ("header", False),
                "agreement_booklet": ("footer", False), "manual_booklet": ("footer", False),
                "sar_report": ("footer", True)}


def document_pdf(kind: str, docx_path, settings: DocumentSettings | None = None,
                 layout_pdf: bytes | None = None) -> bytes:
    """The PDF of a rendered ``kind`` document (correspondence: with its cues
    already written in, see :func:`with_continuation_cues`): LibreOffice lays it
    out (page number fields taken out), then :mod:`.pdf_finish` draws the page
    numbers in the document's digits. ``layout_pdf``: the PDF that
    :func:`continuation_cues_and_layout` gave for this very .docx (one LibreOffice
    run saved)."""
    from .pdf import convert_many_to_pdf
    from .pdf_finish import strip_page_numbers

    settings = settings or DocumentSettings()
    data = Path(docx_path).read_bytes() if not isinstance(docx_path, (bytes, bytearray)) else bytes(docx_path)
    data = strip_page_numbers(data)
    # ``layout_pdf``: LibreOffice's PDF of exactly this stripped .docx, made already
    pdf = layout_pdf if layout_pdf is not None else convert_many_to_pdf([data])[0]
    if kind in WITH_CONTENTS and settings.thai_digits:
        pdf = thai_contents(data, pdf)
    return finish(kind, pdf, settings)


# Booklets whose contents carry PAGEREF page numbers.
WITH_CONTENTS = ("manual_booklet",)


def thai_contents(docx_bytes: bytes, pdf: bytes) -> bytes:
    """LibreOffice prints PAGEREF results in Arabic digits: read the numbers it
    computed, write them into the document in Thai digits and lay it out once
    more (same text widths, same pages). Unchanged when they cannot be matched."""
    from .pdf import convert_many_to_pdf
    from .pdf_finish import freeze_pagerefs, pageref_numbers

    frozen = freeze_pagerefs(docx_bytes, pageref_numbers(pdf), thai_digits=True)
    return convert_many_to_pdf([frozen])[0] if frozen is not None else pdf


def finish(kind: str, pdf: bytes, settings: DocumentSettings | None = None) -> bytes:
    """Page numbers drawn onto the PDF of a ``kind`` document whose
    page-number fields were stripped (see :func:`document_pdf`)."""
    from .pdf_finish import finish_pdf

    settings = settings or DocumentSettings()
    where, first = PAGE_NUMBERS[kind]
    return finish_pdf(pdf, thai_digits=settings.thai_digits, page_numbers=where, first_page_numbered=first)


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    """"'foo' is undefined" → "'foo'" (the variable's name, kept in English)."""
    message = str(exc.message or exc)
    return message.replace(" is undefined", "").replace("has no attribute", "ไม่มี")
