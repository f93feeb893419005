"""What an instance's moderation workflows are, as plain data to compare: run inside an
instance (``manage.py shell``) by tests/test_workflows.py, printed as JSON."""
import json


def _groups(task, field):
    manager = getattr(task, field, None)
    return sorted(manager.values_list("name", flat=True)) if manager is not None else None


def _task(task):
    task = task.specific
    return {
        "type": task._meta.label,
        "name": task.name,
        "active": task.active,
        "role": getattr(task, "role", None),
        "groups": _groups(task, "groups"),
        "fallback_groups": _groups(task, "fallback_groups"),
    }


def snapshot():
    """Workflows with their steps in order; every task still in use (in a workflow, or
    active) and, apart, the retired ones (inactive, in no workflow: a migration's leftovers,
    which a flush takes away and nothing needs again); page and snippet assignments; the
    permissions the role groups hold on the workflow apps' models."""
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow, WorkflowContentType, WorkflowPage

    workflows = {
        w.name: {"active": w.active,
                 "steps": [_task(link.task) for link in w.workflow_tasks.order_by("sort_order").select_related("task")]}
        for w in Workflow.objects.all()
    }
    tasks, retired = [], []
    for task in Task.objects.order_by("name"):
        (tasks if task.active or task.workflow_tasks.exists() else retired).append(_task(task))
    return {
        "workflows": workflows,
        "tasks": sorted(tasks, key=lambda t: (t["name"], t["type"])),
        "retired_tasks": sorted(retired, key=lambda t: (t["name"], t["type"])),
        "pages": sorted([wp.page.url_path, wp.workflow.name] for wp in WorkflowPage.objects.select_related("page", "workflow")),
        "content_types": sorted([f"{wc.content_type.app_label}.{wc.content_type.model}", wc.workflow.name]
                                for wc in WorkflowContentType.objects.select_related("content_type", "workflow")),
        "group_permissions": {
            group.name: sorted(group.permissions.filter(content_type__app_label__in=["reporting", "doc_templates"])
                               .values_list("codename", flat=True))
            for group in Group.objects.order_by("name")
        },
    }


def print_snapshot():
    print(json.dumps(snapshot(), ensure_ascii=False, sort_keys=True))
