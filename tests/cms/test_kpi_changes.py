"""KPI change requests during the year (moderated, with what changes and why; approval makes
a new revision visible in the KPI's history) and negotiation records per KPI."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.models import KPINegotiation, KPITemplatePage, Organisation
from cms.models.kpi_changes import decide_change, kpi_history, request_change
from cms.roles import role_group

from tests.helpers.second_department import build_second_department


def test_change_request_approved_becomes_a_new_revision_in_the_history(demo):
    kpi = demo.kpi("finance", "2")
    before = kpi.get_latest_revision()
    old_level_3 = kpi.level_3
    change = request_change(kpi, demo.user("staff_finance"), {"level_3": str(old_level_3 + 1)},
                            "ผลการดำเนินงานปีก่อนสูงกว่าค่าเป้าหมายเดิม ตามมติที่ประชุมเจรจา")
    with pytest.raises(PermissionDenied):
        decide_change(change, demo.user("staff_finance"), approve=True)
    _, other_department, _ = build_second_department()
    outsider = demo.User.objects.create_user("other_editor", password="x")
    outsider.groups.add(role_group(other_department, "editor"))
    with pytest.raises(PermissionDenied):
        decide_change(change, outsider, approve=True)
    department_editor = demo.User.objects.create_user("department_editor", password="x")
    department_editor.groups.add(role_group(Organisation.find("สสบ."), "editor"))
    decided = decide_change(change, department_editor, approve=True, note="เห็นชอบ")
    kpi = KPITemplatePage.objects.get(pk=kpi.pk)
    assert decided.revision_id and decided.revision_id != before.pk and kpi.latest_revision_id == decided.revision_id
    assert kpi.get_latest_revision_as_object().level_3 == old_level_3 + 1
    assert [(c.pk, c.reason) for c in kpi_history(kpi)] == [(change.pk, change.reason)]
    with pytest.raises(ValidationError):
        decide_change(decided, department_editor, approve=False)


def test_change_request_names_what_changes_and_why(demo):
    kpi = demo.kpi("finance", "2")
    with pytest.raises(ValidationError) as exc:
        request_change(kpi, demo.user("staff_finance"), {"code": "9"}, "")
    assert exc.value.message_dict["changes"] == ["เปลี่ยนแปลงช่อง code ผ่านคำขอไม่ได้"]
    assert "ต้องระบุเหตุผลความจำเป็นในการขอเปลี่ยนแปลง" in exc.value.message_dict["reason"]
    with pytest.raises(PermissionDenied):
        request_change(kpi, demo.user("staff_service"), {"level_3": "1"}, "ไม่ใช่หน่วยงานเจ้าของ")


def test_negotiation_record_per_kpi(demo):
    kpi = demo.kpi("finance", "2")
    record = KPINegotiation(kpi=kpi, meeting_date=dt.date(2025, 11, 12), decisions="ปรับค่าเป้าหมายระดับ 3 เป็นร้อยละ 86",
                            recorded_by=demo.user("editor"))
    record.full_clean()
    record.save()
    assert list(kpi.negotiations.all()) == [record]
    with pytest.raises(ValidationError):
        KPINegotiation(kpi=kpi, meeting_date=dt.date(2025, 11, 12), decisions=" ").full_clean()
