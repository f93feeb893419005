"""Steps of the reporting cycle that several test modules take: announcing a round, putting
evidence in, giving a milestone KPI its ladder."""
import datetime as dt


def announce(round_, announced_days_ago=2, deadline_in=5):
    """Close ``round_`` ten days ago and announce its scores ``announced_days_ago`` days ago,
    appeals open for ``deadline_in`` more days."""
    from reporting.models import today

    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=40), today() - dt.timedelta(days=10)
    round_.announced_on = today() - dt.timedelta(days=announced_days_ago)
    round_.appeal_deadline = today() + dt.timedelta(days=deadline_in)
    round_.save()


def evidence_for(demo, kpi, title, days_ago=15):
    """An evidence page put in the system ``days_ago`` days ago (by default while the round
    ``announce`` sets up was still open: appeals may cite only evidence made before the
    announcement)."""
    from django.utils import timezone

    from evidence.models import EvidenceFolderPage, EvidencePage

    folder = EvidenceFolderPage.objects.child_of(kpi.get_parent()).get()
    page = EvidencePage(title=title, slug=f"ev-{kpi.pk}-{abs(hash(title)) % 10000}", kpi=kpi, round=6)
    folder.add_child(instance=page)
    made = timezone.now() - dt.timedelta(days=days_ago)
    EvidencePage.objects.filter(pk=page.pk).update(first_published_at=made, last_published_at=made)
    page.first_published_at = page.last_published_at = made
    return page


def report_all_at_level_3(round_, unit):
    """``unit``'s report in ``round_`` with every KPI at its level-3 result (a milestone KPI
    with its 3 steps done), self-scored and refreshed; nobody has reviewed it."""
    from reporting.scores import score_report, start_report

    report = start_report(round_, unit)
    for line in report.lines.select_related("kpi"):
        line.result_value = line.kpi.level_3
        line.steps_done = 3
        line.save()
    score_report(report)
    report.refresh_from_db()
    return report


def milestone_kpi(report):
    line = report.lines.select_related("kpi").get(kpi__kind="milestone")
    return line, line.kpi


def publish_steps(kpi, ladder):
    """Give the template ``ladder`` = {level: [step text, ...]}, publish it and sign the
    unit's agreement again on it (a signed agreement is scored by the revision it was
    signed on, so the ladder is the one agreed)."""
    from cms.models import AgreementKPI, AgreementPage, KPIMilestoneStep

    page = kpi.get_latest_revision_as_object()
    page.milestone_steps = [
        KPIMilestoneStep(level=level, text=text) for level, texts in ladder.items() for text in texts
    ]
    page.partial_credit = True
    page.save_revision().publish()
    for agreement in AgreementPage.objects.filter(pk__in=AgreementKPI.objects.filter(kpi=kpi).values("page")):
        for status in (AgreementPage.NEGOTIATING, AgreementPage.SIGNED):
            agreement = agreement.get_latest_revision_as_object()
            agreement.status = status
            agreement.save_revision().publish()
    return type(kpi).objects.get(pk=kpi.pk)


STEP_THREE = "รายงานผล: อนุมัติโดย กพร."


def report_on_step_three(demo, unit, staff, head, supervisor, month=9):
    """A report of ``unit`` (a path for ``demo.unit``) in the open ``month`` round, submitted by
    ``staff``, approved by the unit's ``head`` (step 1) and by ``supervisor`` (step 2), so it
    waits on step 3 "รายงานผล: อนุมัติโดย กพร.". Usernames; returns the report as stored."""
    from reporting.models import UnitReport
    from reporting.scores import start_report
    from tests.helpers.moderation import current_task_state

    staff = demo.user(staff)
    report = start_report(demo.open_round(month), demo.unit(unit), staff)
    report.save_revision(user=staff)
    report.get_workflow().start(report, staff)
    current_task_state(report).approve(user=demo.user(head))
    current_task_state(report).approve(user=demo.user(supervisor))
    report = UnitReport.objects.get(pk=report.pk)
    assert current_task_state(report).task.name == STEP_THREE
    return report
