"""Moving a page through its moderation workflow in tests."""
from wagtail.models import WorkflowState


def submit(page, user, title):
    page.title = title
    revision = page.save_revision(user=user)
    workflow = page.get_workflow()
    workflow.start(page, user)
    return revision


def current_task_state(page):
    return WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state.specific
