"""The evidence workflow in its current shape (made by cms migration 0002): approval by the
head of the evidence's own unit. Evidence pages pick it themselves by its name
(``EvidencePage.get_workflow``), so it is assigned to nothing. See ``cms.workflows``."""


def ensure():
    from cms.models import UnitHeadApprovalTask
    from cms.workflows import ensure_workflow

    from .models import EVIDENCE_WORKFLOW_NAME

    return ensure_workflow(EVIDENCE_WORKFLOW_NAME, [(UnitHeadApprovalTask, "อนุมัติโดยหัวหน้าหน่วยงาน", {}, {})])
