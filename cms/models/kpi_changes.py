"""During the year: KPI change requests (คำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด) and negotiation
records (บันทึกการเจรจาตัวชี้วัด).

A change request says which fields change to what, and why. The กพร. that runs the KPI's
cycle (an editor of an organisation above it, or an installation-wide editor) approves or
rejects it with a note; approval writes a new revision of the template, which the request
keeps, so the KPI's history shows every approved change beside its reason."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .kpi import KPITemplatePage

# Fields a change request may change (the template's content, not its place in the tree).
CHANGEABLE_FIELDS = [
    "title", "unit_of_measure", "weight", "direction", "target_level", "below_level_1", "partial_credit",
    *[f"level_{i}" for i in range(1, 6)], *[f"level_{i}_description" for i in range(1, 6)],
    "description", "definitions", "formula", "conditions", "required_evidence", "data_source", "collection_method",
]


class KPIChangeRequest(models.Model):
    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUS_CHOICES = [(PENDING, "รอพิจารณา"), (APPROVED, "อนุมัติ"), (REJECTED, "ไม่อนุมัติ")]

    kpi = models.ForeignKey(KPITemplatePage, verbose_name="ตัวชี้วัด", on_delete=models.CASCADE, related_name="change_requests")
    changes = models.JSONField("รายการที่ขอเปลี่ยนแปลง", help_text='{"ชื่อช่อง": "ค่าใหม่"} เช่น {"level_3": "95"}')
    reason = models.TextField("เหตุผลความจำเป็น")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ผู้ขอ", null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("ขอเมื่อ", default=timezone.now)
    status = models.CharField("ผลการพิจารณา", max_length=20, choices=STATUS_CHOICES, default=PENDING)
    decision_note = models.TextField("ความเห็นผู้พิจารณา", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ผู้พิจารณา", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True)
    revision = models.ForeignKey("wagtailcore.Revision", verbose_name="ฉบับที่เกิดจากการเปลี่ยนแปลง", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "คำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด"
        verbose_name_plural = "คำขอเปลี่ยนแปลงรายละเอียดตัวชี้วัด"

    def __str__(self):
        return f"คำขอเปลี่ยนแปลงตัวชี้วัด {self.kpi.code} ({self.get_status_display()})"

    def clean(self):
        errors = {}
        if not isinstance(self.changes, dict) or not self.changes:
            errors["changes"] = "ต้องระบุอย่างน้อยหนึ่งรายการที่ขอเปลี่ยนแปลง"
        else:
            unknown = [name for name in self.changes if name not in CHANGEABLE_FIELDS]
            if unknown:
                errors["changes"] = f"เปลี่ยนแปลงช่อง {', '.join(unknown)} ผ่านคำขอไม่ได้"
        if not (self.reason or "").strip():
            errors["reason"] = "ต้องระบุเหตุผลความจำเป็นในการขอเปลี่ยนแปลง"
        if errors:
            raise ValidationError(errors)


def can_decide_change(user, kpi) -> bool:
    """The กพร. of the KPI's cycle: an editor of an organisation above the KPI's (scoped
    role), or an installation-wide editor."""
    from ..scopes import organisations_acted_for
    from ..role_names import EDITORS, user_in

    if not user.is_authenticated:
        return False
    if user.is_superuser or user_in(user, EDITORS):
        return True
    organisation = kpi.organisation
    return organisation is not None and organisation.pk in organisations_acted_for(user, ("editor",))


def request_change(kpi, user, changes: dict, reason: str) -> KPIChangeRequest:
    from ..scopes import organisations_acted_for

    organisation = kpi.organisation
    if not (user.is_superuser or (organisation is not None and organisation.pk in organisations_acted_for(user))):
        raise PermissionDenied("ขอเปลี่ยนแปลงได้เฉพาะผู้รับผิดชอบตัวชี้วัดของหน่วยงานนี้")
    change = KPIChangeRequest(kpi=kpi, changes=changes, reason=reason, requested_by=user)
    change.full_clean()
    change.save()
    return change


def decide_change(change: KPIChangeRequest, user, approve: bool, note: str = "") -> KPIChangeRequest:
    """Approve (a new revision of the template with the changes, to be published through the
    usual approval) or reject; either way the decision is recorded and logged."""
    from wagtail.log_actions import log

    if not can_decide_change(user, change.kpi):
        raise PermissionDenied("ไม่มีสิทธิ์พิจารณาคำขอเปลี่ยนแปลงตัวชี้วัดนี้")
    if change.status != KPIChangeRequest.PENDING:
        raise ValidationError("คำขอนี้พิจารณาแล้ว")
    with transaction.atomic():
        if approve:
            page = change.kpi.get_latest_revision_as_object()
            for name, value in change.changes.items():
                field = page._meta.get_field(name)
                setattr(page, name, field.to_python(value))
            # a new draft revision: publishing it follows the KPI's usual approval (executives)
            change.revision = page.save_revision(user=user, clean=True, log_action=True)
        change.status = KPIChangeRequest.APPROVED if approve else KPIChangeRequest.REJECTED
        change.decision_note, change.decided_by, change.decided_at = note, user, timezone.now()
        change.save()
        log(change.kpi, "cms.kpi_change_decided", user=user, data={"request": change.pk, "status": change.status, "reason": change.reason})
    return change


def kpi_history(kpi):
    """The KPI's approved changes, oldest first: (request, revision) with what changed and why."""
    return list(kpi.change_requests.filter(status=KPIChangeRequest.APPROVED).select_related("revision").order_by("decided_at"))


class KPINegotiation(models.Model):
    """บันทึกการเจรจาตัวชี้วัด: the meeting, what was decided, and its minutes."""

    kpi = models.ForeignKey(KPITemplatePage, verbose_name="ตัวชี้วัด", on_delete=models.CASCADE, related_name="negotiations")
    meeting_date = models.DateField("วันที่ประชุมเจรจา")
    decisions = models.TextField("ผลการเจรจา / ข้อตกลง")
    minutes = models.ForeignKey("wagtaildocs.Document", verbose_name="รายงานการประชุม", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ผู้บันทึก", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kpi", "meeting_date"]
        verbose_name = "บันทึกการเจรจาตัวชี้วัด"
        verbose_name_plural = "บันทึกการเจรจาตัวชี้วัด"

    def __str__(self):
        return f"การเจรจาตัวชี้วัด {self.kpi.code} วันที่ {self.meeting_date:%d/%m/%Y}"

    def clean(self):
        if not (self.decisions or "").strip():
            raise ValidationError({"decisions": "ต้องบันทึกผลการเจรจา"})
