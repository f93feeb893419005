"""The unit-report workflow in its current shape (what migrations 0002, 0005, 0008 and 0009
leave), assigned to ``UnitReport``:

1. the head of the report's own unit (``cms.UnitHeadApprovalTask``);
2. the KPI supervisors of the report's KPIs (``KpiSupervisorTask``; fallback: the
   installation-wide "ผู้กำกับดูแลตัวชี้วัด");
3. the report's own กพร. reviewers (``ReportReviewerTask``; fallback "ผู้ทบทวน กพร."), whose
   approval publishes the report.

The role groups' model permissions are granted after every migrate and flush by
``reporting.roles.grant_role_permissions``. See ``cms.workflows``."""
from cms import roles as cms_roles

from . import roles

HEAD_STEP = "รายงานผล: อนุมัติโดยหัวหน้าหน่วยงาน"
SUPERVISOR_STEP = "รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด"
REVIEWER_STEP = "รายงานผล: อนุมัติโดย กพร."


def ensure():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType

    from cms.models import UnitHeadApprovalTask
    from cms.workflows import ensure_workflow

    from .models import REPORT_WORKFLOW_NAME, KpiSupervisorTask, ReportReviewerTask, UnitReport

    workflow = ensure_workflow(REPORT_WORKFLOW_NAME, [
        (UnitHeadApprovalTask, HEAD_STEP, {}, {}),
        (KpiSupervisorTask, SUPERVISOR_STEP, {}, {"fallback_groups": [roles.SUPERVISORS]}),
        (ReportReviewerTask, REVIEWER_STEP, {}, {"fallback_groups": [cms_roles.REVIEWERS]}),
    ])
    WorkflowContentType.objects.get_or_create(content_type=ContentType.objects.get_for_model(UnitReport),
                                              defaults={"workflow": workflow})
    return workflow
