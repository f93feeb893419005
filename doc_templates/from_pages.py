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
        direction=kpi.direction if kpi.kind == kpi.QUANTITATIVE else None,
        # the number itself when there is one: the engine writes the unit as Thai prose does
        target=target or (kpi.target_value if kpi.kind == kpi.QUANTITATIVE and kpi.target_value is not None
                          else kpi.target_display()),
        levels=levels,
        milestone_steps=([f"ระดับ {n}: {text}" if len(texts) == 1 else f"ระดับ {n} ขั้นตอนที่ {i}: {text}"
                          for n, texts in kpi.milestone_ladder() for i, text in enumerate(texts, 1)]
                         if kpi.kind == kpi.MILESTONE else []),
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
    entries = [(line.signed_kpi, line.weight, line.target or None) for line in page.sorted_lines()]  # as signed
    parties = list(page.parties.all())
    roles = dict(page.parties.model.ROLE_CHOICES)
    blocks = [c.Party(name=p.name or BLANK_NAME, position=p.position, organisation=p.organisation_name or None,
                      role=roles[p.role]) for p in parties]
    maker = next((p for p in parties if p.role == "maker"), None)
    receivers = [p for p in parties if p.role == "receiver"]
    witnesses = [p for p in parties if p.role == "witness"]
    plan = page.action_plan.specific if page.action_plan_id else None
    return c.AgreementBookletContext(
        fiscal_year_be=year.year_be if year else None,
        organisation=organisation.name_th if organisation else None,
        organisation_abbr=organisation.abbreviation if organisation else None,
        parent_organisation=organisation.parent.name_th if organisation and organisation.parent_id else None,
        receiver=c.Person(name=receivers[0].name or BLANK_NAME, position=receivers[0].position) if receivers else None,
        receivers=[c.Person(name=p.name or BLANK_NAME, position=p.position) for p in receivers],
        maker=c.Person(name=maker.name or BLANK_NAME, position=maker.position,
                       phone=organisation.inherited("phone") or None if organisation else None) if maker else None,
        witnesses=[c.Person(name=p.name or BLANK_NAME, position=p.position) for p in witnesses],
        period_start=page.period_start,
        period_end=page.period_end,
        body=rich_text_paragraphs(page.body),
        action_plan=plan.title if plan else None,
        action_plan_body=_plan_paragraphs(plan),
        action_plan_projects=[c.PlanProject(name=x.name, budget_baht=x.budget_baht, owner=x.owner or None,
                                            start=x.start, end=x.end) for x in plan.projects.all()] if plan else [],
        sign_date=page.signed_on,
        kpis=_nest(entries),
        parties=blocks,
    )


def _plan_paragraphs(plan) -> list[str]:
    """The action plan's contents: its summary, then its body paragraphs."""
    if plan is None:
        return []
    summary = [p for p in (getattr(plan, "summary", "") or "").splitlines() if p.strip()]
    return summary + rich_text_paragraphs(getattr(plan, "body", ""))


def _tree_order(organisation, organisations) -> list:
    """``organisations`` in the order of the organisation tree under ``organisation``:
    the organisation itself, then each child (and its children) in the tree's order."""
    wanted = {o.pk for o in organisations}
    out = []

    def walk(node):
        if node.pk in wanted:
            out.append(node)
        for child in node.children.all():
            walk(child)

    walk(organisation)
    out += [o for o in organisations if o not in out]
    return out


def default_foreword(organisation_name: str, fiscal_year_be: int) -> list[str]:
    return [
        f"คู่มือตัวชี้วัดฉบับนี้จัดทำขึ้นเพื่อรวบรวมรายละเอียดตัวชี้วัดตามคำรับรองการปฏิบัติราชการของ"
        f"{organisation_name} ประจำปีงบประมาณ พ.ศ. {fiscal_year_be} ได้แก่ คำอธิบาย สูตรการคำนวณ "
        "เกณฑ์การให้คะแนน ข้อมูลพื้นฐาน เอกสารหลักฐานอ้างอิง และผู้รับผิดชอบตัวชี้วัด",
        "หวังเป็นอย่างยิ่งว่าคู่มือฉบับนี้จะเป็นประโยชน์แก่ผู้กำกับดูแลตัวชี้วัดและผู้จัดเก็บข้อมูล "
        "ในการติดตามและรายงานผลการดำเนินงานให้บรรลุเป้าหมายที่กำหนด",
    ]


# a page intro shorter than this is a summary line, not a foreword (คำนำ)
FOREWORD_MIN_CHARS = 200


def foreword_of(page, organisation_name: str, fiscal_year_be) -> list[str]:
    """The manual's คำนำ: the page's intro when it is a foreword (at least a full
    paragraph), else the standard foreword (a one-line summary is not one)."""
    intro = rich_text_paragraphs(page.intro)
    if sum(len(p) for p in intro) >= FOREWORD_MIN_CHARS:
        return intro
    return default_foreword(organisation_name, fiscal_year_be)


def manual_context(page) -> c.ManualBookletContext:
    """KPIManualPage → ManualBookletContext. A department's manual that collects
    its units' KPIs is printed unit by unit (heading, own numbering) in the
    order of the organisation tree."""
    page = page.specific
    organisation = page.organisation
    year = page.fiscal_year
    templates = list(page.templates())
    # the กพร. of this organisation's own cycle, not the first one in the database
    opdc = organisation.admin_development_unit() if organisation else None
    by_unit: dict = {}
    for kpi in templates:
        by_unit.setdefault(kpi.organisation, []).append((kpi, kpi.weight, None))
    units = []
    if len(by_unit) > 1 and organisation is not None:
        units = [c.ManualUnit(name=o.name_th, kpis=_nest(by_unit[o])) for o in _tree_order(organisation, list(by_unit))]
    year_be = year.year_be if year else None
    name = organisation.name_th if organisation else ""
    published = page.last_published_at or page.latest_revision_created_at
    return c.ManualBookletContext(
        fiscal_year_be=year_be,
        organisation=organisation.name_th if organisation else None,
        title=page.title or "คู่มือตัวชี้วัด",
        prepared_by=opdc.name_th if opdc else None,
        foreword=foreword_of(page, name, year_be),
        foreword_date=published.date() if published else _dt.date.today(),
        kpis=[] if units else _nest([(k, k.weight, None) for k in templates]),
        units=units,
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


def signing_organisation(organisation):
    """The organisation an external letter goes out in the name of: a unit's
    letters are signed by the head of its department (the unit owns the matter)."""
    if organisation.level == organisation.UNIT and organisation.parent_id:
        return organisation.parent
    return organisation


def letter_context(memo) -> c.LetterContext:
    """Memo (kind "letter") → LetterContext. The letterhead, address and signer
    are the signing organisation's (a unit's department); the contact lines
    are the owning unit's, completed from the department's."""
    organisation = memo.organisation
    signing = signing_organisation(organisation)
    address = memo.address or "\n".join(x for x in (signing.name_th, signing.inherited("address")) if x)
    signer = _signer(memo) or (c.Person(name=BLANK_NAME, position=signing.head_position)
                               if signing.head_position else None)
    return c.LetterContext(
        ref_no=memo.ref_no or None,
        sender_address=address,
        date=memo.date,
        subject=memo.subject or None,
        to=memo.to or None,
        references=lines(memo.references),
        enclosures=lines(memo.enclosures),
        body=memo.paragraphs(),
        signer=signer,
        owner_section=memo.section or organisation.name_th,
        phone=memo.phone or organisation.inherited("phone") or signing.inherited("phone") or None,
        fax=organisation.inherited("fax") or signing.inherited("fax") or None,
        email=memo.email or _settings_email() or None,
    )


def _settings_email() -> str:
    from wagtail.models import Site

    from .models import OrganisationDocumentSettings

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return OrganisationDocumentSettings.for_site(site).email if site else ""


def opdc_of(organisation):
    """The กพร. (administrative-development group) serving ``organisation``: the nearest
    on the way up its own tree, never another department's (``admin_development_unit``)."""
    return organisation.admin_development_unit()


def _head(organisation) -> str:
    from . import standard_memos as sm

    return organisation.head_position or sm.head_of(organisation.name_th)


def memo_parties(key: str, unit, sender=None, addressee=None) -> tuple:
    """(sender organisation, "เรียน" text) of standard memo ``key`` about ``unit``:
    preset from the memo's direction, each replaceable by the user's choice."""
    from . import standard_memos as sm

    direction = sm.DIRECTIONS[key]
    opdc = opdc_of(unit) or unit
    if sender is None:
        sender = unit if direction == sm.UNIT_TO_OPDC else opdc
    if addressee is not None:
        return sender, _head(addressee)
    if direction == sm.UNIT_TO_OPDC:
        return sender, _head(opdc)
    if direction == sm.OPDC_TO_EXECUTIVE:
        department = opdc.parent if opdc.parent_id else opdc
        return sender, department.head_position or "อธิบดี"
    if unit == opdc or key in ("send_framework", "score_announcement"):
        return sender, sm.ALL_UNITS
    return sender, _head(unit)


def standard_memo_fields(key: str, organisation, fiscal_year_be: int, today: _dt.date | None = None,
                         sender=None, addressee=None) -> dict:
    """Memo field values pre-filled from a standard memo of :mod:`.standard_memos`:
    the sender organisation (owner), ส่วนราชการ, เรียน, signer, the running ที่."""
    from . import standard_memos as sm
    from .numbering import next_ref_no

    today = today or _dt.date.today()
    later = today + _dt.timedelta(days=14)
    unit = organisation.name_th
    args = {
        "framework_approval": lambda f: f(fiscal_year_be),
        "send_framework": lambda f: f(fiscal_year_be),
        "request_draft_kpis": lambda f: f(fiscal_year_be, unit, deadline=later),
        "send_draft_kpis": lambda f: f(fiscal_year_be, unit),
        "negotiation_invitation": lambda f: f(fiscal_year_be, unit, later, "09.00 - 12.00 น.", "ห้องประชุมกรม ชั้น 5"),
        "send_signed_agreement": lambda f: f(fiscal_year_be, unit, signed_on=today),
        "report_reminder": lambda f: f(fiscal_year_be, unit, 6, later),
        "site_visit_rehearsal": lambda f: f(fiscal_year_be, unit, later, "09.00 - 12.00 น.", "ห้องประชุมกรม ชั้น 5"),
        "score_announcement": lambda f: f(fiscal_year_be),
        "score_confirmation_or_appeal": lambda f: f(fiscal_year_be, unit, later),
    }
    content = args[key](sm.STANDARD_MEMOS[key])
    sender, to = memo_parties(key, organisation, sender, addressee)
    return {
        "organisation": sender,
        "section": sender.name_th,
        "phone": sender.phone,
        "signer_position": sender.head_position,
        "ref_no": next_ref_no(sender, fiscal_year_be),
        "subject": content["subject"],
        "to": to,
        "body": "\n".join(content["body"]),
        "date": today,
    }


STANDARD_MEMO_TITLES = {
    "framework_approval": "ขอความเห็นชอบกรอบการประเมิน",
    "send_framework": "ส่งกรอบการประเมินให้หน่วยงาน",
    "request_draft_kpis": "ขอให้หน่วยงานเสนอร่างตัวชี้วัด",
    "send_draft_kpis": "หน่วยงานส่งร่างตัวชี้วัดให้กลุ่มพัฒนาระบบบริหาร",
    "negotiation_invitation": "เชิญประชุมเจรจาตัวชี้วัด",
    "send_signed_agreement": "ส่งคำรับรองที่ลงนามแล้ว",
    "report_reminder": "แจ้งเตือนการรายงานผลรอบ 6 เดือน",
    "site_visit_rehearsal": "เชิญซักซ้อมการตรวจประเมิน ณ ที่ตั้ง",
    "score_announcement": "แจ้งผลคะแนนการประเมิน",
    "score_confirmation_or_appeal": "ขอให้ยืนยันผลคะแนนหรืออุทธรณ์",
}
