"""Reminders before a round closes: e-mail to each non-submitting unit's staff, plus the
standard reminder memo (doc_templates.standard_memos.report_reminder) as a .docx under
the private storage under reminders/<year>-<month>/."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail

from cms.storage import private_storage
from doc_templates.thai_format import thai_date

from .models import ReportingRound, UnitReport, today
from .scores import _units_with_agreement

SUBMITTED_STATUSES = {UnitReport.SUBMITTED, UnitReport.APPROVED}


@dataclass
class ReminderResult:
    round: ReportingRound
    reminded: list = field(default_factory=list)  # organisations
    emails: int = 0
    memos: list = field(default_factory=list)  # paths


def rounds_due(days_before: int, on: dt.date | None = None):
    on = on or today()
    return ReportingRound.objects.filter(closes_on__gte=on, closes_on__lte=on + dt.timedelta(days=days_before), opens_on__lte=on)


def units_not_submitted(round_):
    from cms.models import Organisation

    submitted = set(
        UnitReport.objects.filter(round=round_, status__in=SUBMITTED_STATUSES).values_list("organisation_id", flat=True)
    )
    ids = _units_with_agreement(round_) - submitted
    return list(Organisation.objects.filter(pk__in=ids).select_related("staff_group").order_by("name_th"))


def _memo_context(round_, unit, on):
    from doc_templates.contexts import MemoContext, Person
    from doc_templates.standard_memos import report_reminder

    opdc = unit.admin_development_unit()  # the unit's own department's กพร., not the first in the database
    fields = report_reminder(round_.fiscal_year.year_be, unit.name_th, round_.month, round_.closes_on)
    return MemoContext(
        section=opdc.name_th if opdc else "กลุ่มพัฒนาระบบบริหาร",
        section_phone=(opdc.phone or None) if opdc else None,
        ref_no=f"{(opdc.abbreviation if opdc else 'กพร.').rstrip('.')} /{round_.fiscal_year.year_be}",
        date=on,
        signer=Person(name="....................................", position=opdc.head_position if opdc else "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"),
        **fields,
    )


def send_reminders(round_, on: dt.date | None = None) -> ReminderResult:
    from doc_templates.engine import render_docx

    on = on or today()
    result = ReminderResult(round=round_)
    if round_.is_closed(on):
        return result
    # Memos are internal: they go to the private storage, never under MEDIA_URL.
    storage = private_storage()
    folder = f"reminders/{round_.fiscal_year.year_be}-{round_.month}"
    closes_on = thai_date(round_.closes_on, thai_digits=False)
    for unit in units_not_submitted(round_):
        result.reminded.append(unit)
        name = f"{folder}/reminder-{unit.pk}.docx"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "memo.docx"
            render_docx("memo", _memo_context(round_, unit, on), None, path)
            if storage.exists(name):
                storage.delete(name)
            with path.open("rb") as handle:
                result.memos.append(storage.save(name, File(handle)))
        recipients = []
        if unit.staff_group_id:
            recipients = sorted({u.email for u in unit.staff_group.user_set.filter(is_active=True) if u.email})
        if recipients:
            send_mail(
                subject=f"แจ้งเตือน: รายงานผลการดำเนินงาน{round_} ภายในวันที่ {closes_on}",
                message=(
                    f"เรียน เจ้าหน้าที่{unit.name_th}\n\n"
                    f"{unit.name_th}ยังไม่ได้ส่งรายงานผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ{round_} "
                    f"ขอให้จัดทำรายงานการประเมินผลตนเองพร้อมแนบเอกสารหลักฐาน และส่งผ่านระบบภายในวันที่ "
                    f"{closes_on}\n\nกลุ่มพัฒนาระบบบริหาร"
                ),
                from_email=None,
                recipient_list=recipients,
            )
            result.emails += 1
    return result
