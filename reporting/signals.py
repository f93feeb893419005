"""Keep ``UnitReport.status`` in step with its moderation workflow; every score change in the
audit log. `connect()` (from `ReportingConfig.ready`) wires the handlers, each with a dispatch_uid."""
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.signals import published, workflow_cancelled, workflow_rejected, workflow_submitted


def _report(workflow_state):
    from .models import UnitReport

    obj = workflow_state.content_object
    return obj if isinstance(obj, UnitReport) else None


def _set(report, **fields):
    type(report).objects.filter(pk=report.pk).update(**fields)
    for name, value in fields.items():
        setattr(report, name, value)


def on_submitted(sender, instance, user=None, **kwargs):
    report = _report(instance)
    if report is not None:
        _set(report, status=report.SUBMITTED, submitted_at=timezone.now())


def on_back_to_draft(sender, instance, user=None, **kwargs):
    report = _report(instance)
    if report is not None:
        _set(report, status=report.DRAFT)


def on_published(sender, instance, **kwargs):
    from .models import UnitReport

    if isinstance(instance, UnitReport):
        _set(instance, status=UnitReport.APPROVED)


def _score_history_saved(sender, instance, created, raw=False, **kwargs):
    """Every score change also goes to Wagtail's audit log (Reports → Site history)."""
    if not created or raw:
        return
    from wagtail.log_actions import log

    line = instance.line
    log(line.report, "reporting.score_change", user=instance.changed_by, data={
        "kpi": getattr(line.kpi, "code", ""), "kind": instance.get_kind_display(),
        "old": None if instance.old_score is None else str(instance.old_score),
        "new": None if instance.new_score is None else str(instance.new_score), "note": instance.note,
    })


def connect():
    from django.db.models.signals import post_migrate

    from .models import ScoreHistory
    from .roles import grant_role_permissions

    post_migrate.connect(grant_role_permissions, dispatch_uid="reporting-role-permissions")
    workflow_submitted.connect(on_submitted, dispatch_uid="reporting-report-submitted")
    workflow_rejected.connect(on_back_to_draft, dispatch_uid="reporting-report-rejected")
    workflow_cancelled.connect(on_back_to_draft, dispatch_uid="reporting-report-cancelled")
    published.connect(on_published, dispatch_uid="reporting-report-published")
    post_save.connect(_score_history_saved, sender=ScoreHistory, dispatch_uid="reporting-score-history-audit")
