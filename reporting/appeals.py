"""Appeals (อุทธรณ์คะแนน): filed by the unit inside the round's appeal window, decided by a
reviewer with a written reason. The decision becomes the KPI's appeal score, which
``scoring.final_kpi_score`` puts above the reviewer's; the old and new figures stay in
``ScoreHistory``."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cms.widgets import be_date

from .models import Appeal, KpiReportLine, ScoreHistory, today
from .permissions import can_score_line, user_unit_ids
from .scores import FOUR, score_report


def in_system_since(page):
    """When an evidence page entered the system: its first revision, its creation in the
    admin (log) or its first publication, whichever is earliest; None when none is known
    (a page made by a script without a revision)."""
    from wagtail.models import PageLogEntry

    moments = [
        page.revisions.order_by("created_at").values_list("created_at", flat=True).first(),
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.create").order_by("timestamp")
        .values_list("timestamp", flat=True).first(),
        page.first_published_at,
    ]
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None


def file_appeal(line: KpiReportLine, user, reason: str, evidence=(), requested_score=None, on=None) -> Appeal:
    round_ = line.report.round
    on = on or today()
    if not (user.is_superuser or line.report.organisation_id in user_unit_ids(user)):
        raise PermissionDenied("ยื่นอุทธรณ์ได้เฉพาะเจ้าหน้าที่หรือหัวหน้าของหน่วยงานเจ้าของรายงาน")
    if not round_.announced_on or on < round_.announced_on:
        raise ValidationError(f"ยังไม่ได้ประกาศผลคะแนน{round_} จึงยังยื่นอุทธรณ์ไม่ได้")
    if not round_.appeal_deadline or on > round_.appeal_deadline:
        deadline = f" (ภายในวันที่ {be_date(round_.appeal_deadline)})" if round_.appeal_deadline else ""
        raise ValidationError(f"พ้นกำหนดยื่นอุทธรณ์{round_}แล้ว{deadline}")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "ต้องระบุเหตุผลการอุทธรณ์"})
    if line.appeals.filter(status=Appeal.PENDING).exists():
        raise ValidationError("ตัวชี้วัดนี้มีอุทธรณ์ที่รอพิจารณาอยู่แล้ว")
    evidence = list(evidence)
    unit = line.report.organisation
    for page in evidence:
        if page.organisation != unit:
            raise ValidationError({"evidence": f"หลักฐาน “{page.title}” ไม่ใช่หลักฐานของ{unit.name_th} "
                                               "การอุทธรณ์อ้างได้เฉพาะหลักฐานของหน่วยงานที่ยื่นอุทธรณ์"})
        if page.kpi_id != line.kpi_id:
            raise ValidationError({"evidence": f"หลักฐาน “{page.title}” ไม่ใช่หลักฐานของตัวชี้วัด {line.kpi.code}"})
        created = in_system_since(page)
        if created is not None and timezone.localdate(created) >= round_.announced_on:
            raise ValidationError({"evidence": (
                f"หลักฐาน “{page.title}” สร้างขึ้นหลังประกาศผลคะแนน (สร้างเมื่อ {be_date(timezone.localdate(created))}) "
                f"การอุทธรณ์อ้างได้เฉพาะหลักฐานที่อยู่ในระบบก่อนวันประกาศผล ({be_date(round_.announced_on)})")})
        late = [f for f in page.files.all() if timezone.localdate(f.uploaded_at) >= round_.announced_on]
        if late:
            raise ValidationError({"evidence": (
                f"หลักฐาน “{page.title}” มีไฟล์ที่แนบหลังประกาศผลคะแนน ({late[0].original_name or late[0].file.name} "
                f"แนบเมื่อ {be_date(timezone.localdate(late[0].uploaded_at))}) การอุทธรณ์อ้างได้เฉพาะหลักฐานที่อยู่ในระบบ"
                f"ก่อนวันประกาศผล ({be_date(round_.announced_on)})")})
    with transaction.atomic():
        appeal = Appeal.objects.create(
            line=line, reason=reason, filed_by=user,
            requested_score=None if requested_score is None else Decimal(str(requested_score)).quantize(FOUR),
        )
        appeal.evidence.set(evidence)
    return appeal


def decide_appeal(appeal: Appeal, user, score, reason: str) -> Appeal:
    """Record the decision; the decision score becomes the KPI's final score."""
    if not can_score_line(user, appeal.line):
        raise PermissionDenied("ไม่มีสิทธิ์พิจารณาอุทธรณ์ตัวชี้วัดนี้ (ผู้กำกับดูแลตัวชี้วัดเป็นผู้พิจารณา)")
    if appeal.status != Appeal.PENDING:
        raise ValidationError("อุทธรณ์นี้พิจารณาแล้ว")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": "ต้องระบุเหตุผลของผลการพิจารณา"})
    score = Decimal(str(score)).quantize(FOUR)
    if not Decimal(0) <= score <= Decimal(5):
        raise ValidationError({"decision_score": "คะแนนต้องอยู่ระหว่าง 0 ถึง 5"})
    line = appeal.line
    before = line.final_score
    if appeal.requested_score is not None and score >= appeal.requested_score:
        status = Appeal.ACCEPTED
    elif before is not None and score == before:
        status = Appeal.REJECTED
    elif appeal.requested_score is None and before is not None and score > before:
        status = Appeal.ACCEPTED
    else:
        status = Appeal.PARTLY if before is None or score != before else Appeal.REJECTED
    with transaction.atomic():
        appeal.status, appeal.decision_score, appeal.decision_reason = status, score, reason
        appeal.decided_by, appeal.decided_at = user, timezone.now()
        appeal.save()
        old = line.appeal_score
        KpiReportLine.objects.filter(pk=line.pk).update(appeal_score=score)
        line.appeal_score = score
        ScoreHistory.objects.create(line=line, kind=ScoreHistory.APPEAL, old_score=old, new_score=score,
                                    changed_by=user, note=reason, appeal=appeal)
        score_report(line.report, user=user, note=f"ผลการพิจารณาอุทธรณ์: {reason}", appeal=appeal)
    return appeal
