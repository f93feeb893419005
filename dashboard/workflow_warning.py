"""The public-files warning of the workflow dialog (approving from the dashboard, issue 14).

The evidence page's editor shows ``evidence.models.PublicFilesWarningPanel``; a head who
approves from the home page's "รอให้คุณตรวจ" never opens it. So on the dashboard the plain
"อนุมัติ" of an evidence page whose revision under review is "สาธารณะ" opens the dialog
(as "อนุมัติพร้อมความเห็น" does) and the dialog carries the warning.
"""
from django.utils.html import format_html
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel


def public_evidence_under_review(obj, task_state):
    """The evidence page as it will be published when this step is approved (its revision
    under review), if that revision is set to "สาธารณะ"; else None."""
    from evidence.models import EvidencePage

    if not isinstance(obj, EvidencePage) and getattr(obj, "specific_class", None) is not EvidencePage:
        return None
    revision = getattr(task_state, "revision", None)
    try:
        page = revision.as_object() if revision is not None else obj.specific
    except Exception:  # a revision that no longer loads: the page as stored
        page = obj.specific
    return page if page.visibility == EvidencePage.PUBLIC else None


def is_last_step(task_state) -> bool:
    workflow_state = task_state.workflow_state
    tasks = list(workflow_state.workflow.tasks.filter(active=True).values_list("pk", flat=True))
    return bool(tasks) and tasks[-1] == task_state.task_id


def warning_html(obj, task_state, action) -> str:
    if action != "approve" or task_state is None:
        return ""
    page = public_evidence_under_review(obj, task_state)
    if page is None:
        return ""
    files = obj.specific.files.count()
    when = "เมื่ออนุมัติขั้นนี้ หน้าหลักฐานจะเผยแพร่ทันที และ" if is_last_step(task_state) else "เมื่ออนุมัติครบทุกขั้นและเผยแพร่หน้านี้ "
    return format_html(
        '<div class="help-block help-warning" id="khamrap-public-files-warning"><p><strong>คำเตือน: หลักฐานนี้ตั้งเป็น “สาธารณะ”</strong> '
        "{}ไฟล์ทั้ง {} ไฟล์ของหน้านี้จะเปิดให้ทุกคนบนเว็บไซต์ดาวน์โหลดได้ (เมื่อคำรับรองของหน่วยงานเผยแพร่แล้ว) "
        "โปรดตรวจว่าไม่มีข้อมูลส่วนบุคคลตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล (PDPA) "
        "หากไม่แน่ใจ อย่าอนุมัติ ให้เลือก “ขอให้แก้ไข” เพื่อให้หน่วยงานเปลี่ยนเป็น “ภายใน”</p></div>",
        when, files,
    )


class ModerationPanelWithPublicWarning(WorkflowObjectsToModeratePanel):
    """Wagtail's "รอให้คุณตรวจ": an approval that would publish files opens the dialog with the warning."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context.get("states", []):
            if public_evidence_under_review(state["obj"], state["task_state"]) is not None:
                state["actions"] = [
                    (name, "อนุมัติ (ไฟล์จะเปิดเป็นสาธารณะ)" if name == "approve" and not modal else label, modal or name == "approve")
                    for name, label, modal in state["actions"]
                ]
        return context
