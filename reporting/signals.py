"""Keep ``UnitReport.status`` in step with its moderation workflow."""
from django.dispatch import receiver
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


@receiver(workflow_submitted)
def on_submitted(sender, instance, user=None, **kwargs):
    report = _report(instance)
    if report is not None:
        _set(report, status=report.SUBMITTED, submitted_at=timezone.now())


@receiver(workflow_rejected)
@receiver(workflow_cancelled)
def on_back_to_draft(sender, instance, user=None, **kwargs):
    report = _report(instance)
    if report is not None:
        _set(report, status=report.DRAFT)


@receiver(published)
def on_published(sender, instance, **kwargs):
    from .models import UnitReport

    if isinstance(instance, UnitReport):
        _set(instance, status=UnitReport.APPROVED)
