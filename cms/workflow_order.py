"""Workflows keep their order after "ขอให้แก้ไข" (request changes).

With ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` every edit voids earlier approvals, but
Wagtail resumes a resubmitted workflow at the task that asked for changes: the executive
approved first, then the กพร. review came back as the last task, and its approval tried
to publish as a reviewer (``PublishPagePermissionError``: a dead end). Here a task that
starts while an earlier task of the same workflow has no approval of the current revision
steps aside (its task state is cancelled), and Wagtail moves on to that earlier task, so
the steps run in their order again: กพร. review, then the executive, who publishes.
"""
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import TaskState, WorkflowTask
from wagtail.signals import task_submitted


def _order(workflow_id, task_id):
    return WorkflowTask.objects.filter(workflow_id=workflow_id, task_id=task_id).values_list("sort_order", flat=True).first()


@receiver(task_submitted, dispatch_uid="cms-workflow-keeps-its-order")
def keep_task_order(sender, instance, user=None, **kwargs):
    state = instance
    workflow_state = state.workflow_state
    first = workflow_state.get_next_task()  # first active task not approved for the latest revision
    if first is None or first.pk == state.task_id:
        return
    first_order, this_order = _order(workflow_state.workflow_id, first.pk), _order(workflow_state.workflow_id, state.task_id)
    if first_order is None or this_order is None or first_order >= this_order:
        return
    TaskState.objects.filter(pk=state.pk).update(status=TaskState.STATUS_CANCELLED, finished_at=timezone.now())
    state.status = TaskState.STATUS_CANCELLED
