"""Adapters: Wagtail pages and Memo snippets → the engine's context dataclasses.

Nothing here renders: each function reads content and returns a dataclass from
:mod:`doc_templates.contexts`; the engine validates it (Thai errors).
"""
from __future__ import annotations

import datetime as _dt
import html
import re

from . import contexts as c

BLANK_NAME = "......................................................"
DIRECTIONS = {"higher": c.HIGHER_BETTER, "lower": c.LOWER_BETTER}

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|div)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def rich_text_paragraphs(value) -> list[str]:
    """RichText HTML → plain paragraphs (one per block element)."""
    text = _BLOCK_END.sub("\n", str(value or ""))
    text = html.unescape(_TAG.sub("", text))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def rich_text_plain(value) -> str | None:
    return "\n".join(rich_text_paragraphs(value)) or None


def lines(value) -> list[str]:
    return [line.strip(" -•\t") for line in str(value or "").splitlines() if line.strip(" -•\t")]


def _definitions(value) -> list[c.Definition]:
    """นิยาม: "คำ: ความหมาย" per paragraph; a paragraph without ":" is kept whole."""
    out = []
    for para in rich_text_paragraphs(value):
        term, sep, meaning = para.partition(":")
        if sep and term.strip() and meaning.strip():
            out.append(c.Definition(term=term.strip(), meaning=meaning.strip()))
        else:
            out.append(c.Definition(term="นิยาม", meaning=para))
    return out


def _number_or_text(value):
    if value is None:
        return None
    try:
        return value.normalize() if value == value.to_integral() else value
    except AttributeError:
        return value


def kpi_context(kpi, weight=None, target=None, sub_kpis=()) -> c.KpiContext:
    """KPITemplatePage → KpiContext (the full KPI template)."""
    levels = [
        c.KpiLevel(level=n, value=_number_or_text(value), description=description or None)
        for n, value, description in kpi.level_rows
    ]
    dimension = kpi.dimension if kpi.dimension_id else None
    contacts = list(kpi.contacts.all())
    return c.KpiContext(
        code=kpi.code,
        name=kpi.title,
        weight=weight if weight is not None else kpi.weight,
        dimension=f"มิติที่ {dimension.number} {dimension.name}" if dimension else None,
        kind=kpi.kind,
        unit_of_measure=kpi.unit_of_measure or None,
        direction=DIRECTIONS.get(kpi.direction) if kpi.kind == kpi.QUANTITATIVE else None,
        target=target or kpi.target_display(),
        levels=levels,
        # "-" means no data: pass None so the engine prints "-" without the unit
        baseline=[c.BaselineYear(year_be=b.year_be, value=None if b.value.strip() in ("", "-") else b.value)
                  for b in kpi.baselines.all()],
        description=rich_text_plain(kpi.description),
        definitions=_definitions(kpi.definitions),
        formula=kpi.formula or None,
        conditions=lines(kpi.conditions),
        evidence=kpi.required_evidence_items(),
        data_source=kpi.data_source or None,
        collection_method=kpi.collection_method or None,
        supervisors=[_person(p) for p in contacts if p.role == p.SUPERVISOR],
        collectors=[_person(p) for p in contacts if p.role == p.COLLECTOR],
        mandatory=kpi.is_mandatory,
        sub_kpis=list(sub_kpis),
    )


def _person(contact) -> c.Person:
    return c.Person(name=contact.name, position=contact.position, phone=contact.phone or None,
                    email=contact.email or None)


def _nest(entries):
    """[(kpi page, weight, target)] in code order → top-level KpiContexts with sub-KPIs nested."""
    by_parent: dict = {}
    for kpi, weight, target in entries:
        by_parent.setdefault(kpi.parent_kpi_id, []).append((kpi, weight, target))
    present = {kpi.pk for kpi, _, _ in entries}

    def build(kpi, weight, target):
        subs = [build(*entry) for entry in by_parent.get(kpi.pk, [])]
        return kpi_context(kpi, weight, target, subs)

    # a sub-KPI whose parent is not in the list is shown at top level
    return [build(*e) for e in entries if e[0].parent_kpi_id is None or e[0].parent_kpi_id not in present]


def agreement_context(page) -> c.AgreementBookletContext:
    """AgreementPage → AgreementBookletContext (KPI table from its lines)."""
    page = page.specific
    organisation = page.organisation
    year = page.fiscal_year
    entries = [(line.kpi.specific, line.weight, line.target or None) for line in page.sorted_lines()]
    parties = list(page.parties.all())
    roles = dict(page.parties.model.ROLE_CHOICES)
    blocks = [c.Party(name=p.name or BLANK_NAME, position=p.position, organisation=p.organisation_name or None,
                      role=roles[p.role]) for p in parties]
    maker = next((p for p in parties if p.role == "maker"), None)
    receiver = next((p for p in parties if p.role == "receiver"), None)
    witness = next((p for p in parties if p.role == "witness"), None)
    plan = page.action_plan.title if page.action_plan_id else None
    return c.AgreementBookletContext(
        fiscal_year_be=year.year_be if year else None,
        organisation=organisation.name_th if organisation else None,
        organisation_abbr=organisation.abbreviation if organisation else None,
        parent_organisation=organisation.parent.name_th if organisation and organisation.parent_id else None,
        receiver=c.Person(name=receiver.name or BLANK_NAME, position=receiver.position) if receiver else None,
        maker=c.Person(name=maker.name or BLANK_NAME, position=maker.position,
                       phone=organisation.inherited("phone") or None if organisation else None) if maker else None,
        witness=c.Person(name=witness.name or BLANK_NAME, position=witness.position) if witness else None,
        action_plan=plan,
        sign_date=page.signed_on,
        kpis=_nest(entries),
        parties=blocks,
        start=page.period_start,
        end=page.period_end,
    )


def manual_context(page) -> c.ManualBookletContext:
    """KPIManualPage → ManualBookletContext (every KPI template it collects)."""
    page = page.specific
    organisation = page.organisation
    year = page.fiscal_year
    entries = [(kpi, kpi.weight, None) for kpi in page.templates()]
    # the กพร. of this organisation's own cycle, not the first one in the database
    opdc = organisation.admin_development_unit() if organisation else None
    return c.ManualBookletContext(
        fiscal_year_be=year.year_be if year else None,
        organisation=organisation.name_th if organisation else None,
        title=page.title or "คู่มือตัวชี้วัด",
        prepared_by=opdc.name_th if opdc else None,
        foreword=rich_text_paragraphs(page.intro),
        kpis=_nest(entries),
    )


def _signer(memo) -> c.Person | None:
    if not (memo.signer_name or memo.signer_position):
        return None
    return c.Person(name=memo.signer_name or BLANK_NAME, position=memo.signer_position)


def memo_context(memo) -> c.MemoContext:
    """Memo (kind "memo") → MemoContext; blank section/phone come from the unit."""
    organisation = memo.organisation
    return c.MemoContext(
        section=memo.section or organisation.name_th,
        section_phone=memo.phone or organisation.inherited("phone") or None,
        ref_no=memo.ref_no or None,
        date=memo.date,
        subject=memo.subject or None,
        to=memo.to or None,
        body=memo.paragraphs(),
        signer=_signer(memo),
    )


def letter_context(memo) -> c.LetterContext:
    """Memo (kind "letter") → LetterContext; the unit gives address, phone and fax."""
    organisation = memo.organisation
    address = memo.address or "\n".join(x for x in (organisation.name_th, organisation.inherited("address")) if x)
    return c.LetterContext(
        ref_no=memo.ref_no or None,
        sender_address=address,
        date=memo.date,
        subject=memo.subject or None,
        to=memo.to or None,
        references=lines(memo.references),
        enclosures=lines(memo.enclosures),
        body=memo.paragraphs(),
        signer=_signer(memo),
        owner_section=memo.section or organisation.name_th,
        phone=memo.phone or organisation.inherited("phone") or None,
        fax=organisation.inherited("fax") or None,
    )


def context_for(source, kind: str):
    """The engine context of ``kind`` built from ``source`` (page or Memo)."""
    from .errors import DocumentError

    builders = {
        "agreement_booklet": ("AgreementPage", agreement_context),
        "manual_booklet": ("KPIManualPage", manual_context),
        "memo": ("Memo", memo_context),
        "letter": ("Memo", letter_context),
    }
    if kind not in builders:
        raise DocumentError(f"ไม่รู้จักชนิดเอกสาร '{kind}' (ต้องเป็น {', '.join(builders)})")
    model_name, build = builders[kind]
    specific = getattr(source, "specific", source)
    if type(specific).__name__ != model_name:
        raise DocumentError(f"สร้างเอกสารชนิดนี้จาก '{specific}' ไม่ได้ (ต้องเป็น {model_name})")
    return build(specific)


def standard_memo_fields(key: str, organisation, fiscal_year_be: int, today: _dt.date | None = None) -> dict:
    """Memo field values pre-filled from a standard memo of :mod:`.standard_memos`."""
    from . import standard_memos as sm

    today = today or _dt.date.today()
    later = today + _dt.timedelta(days=14)
    unit = organisation.name_th
    args = {
        "framework_approval": lambda f: f(fiscal_year_be),
        "send_framework": lambda f: f(fiscal_year_be),
        "request_draft_kpis": lambda f: f(fiscal_year_be, unit, deadline=later),
        "negotiation_invitation": lambda f: f(fiscal_year_be, unit, later, "09.00 - 12.00 น.", "ห้องประชุมกรม ชั้น 5"),
        "send_signed_agreement": lambda f: f(fiscal_year_be, unit, signed_on=today),
        "report_reminder": lambda f: f(fiscal_year_be, unit, 6, later),
        "site_visit_rehearsal": lambda f: f(fiscal_year_be, unit, later, "09.00 - 12.00 น.", "ห้องประชุมกรม ชั้น 5"),
        "score_announcement": lambda f: f(fiscal_year_be),
        "score_confirmation_or_appeal": lambda f: f(fiscal_year_be, unit, later),
    }
    content = args[key](sm.STANDARD_MEMOS[key])
    return {
        "subject": content["subject"],
        "to": content["to"],
        "body": "\n\n".join(content["body"]),
        "date": today,
    }


STANDARD_MEMO_TITLES = {
    "framework_approval": "ขอความเห็นชอบกรอบการประเมิน",
    "send_framework": "ส่งกรอบการประเมินให้หน่วยงาน",
    "request_draft_kpis": "ขอให้หน่วยงานเสนอร่างตัวชี้วัด",
    "negotiation_invitation": "เชิญประชุมเจรจาตัวชี้วัด",
    "send_signed_agreement": "ส่งคำรับรองที่ลงนามแล้ว",
    "report_reminder": "แจ้งเตือนการรายงานผลรอบ 6 เดือน",
    "site_visit_rehearsal": "เชิญซักซ้อมการตรวจประเมิน ณ ที่ตั้ง",
    "score_announcement": "แจ้งผลคะแนนการประเมิน",
    "score_confirmation_or_appeal": "ขอให้ยืนยันผลคะแนนหรืออุทธรณ์",
}
