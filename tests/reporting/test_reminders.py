"""send_round_reminders: only units that have not submitted get mail; a memo per unit."""
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.management import call_command

from reporting.models import UnitReport, today
from reporting.scores import start_report


def test_only_units_that_have_not_submitted_are_reminded(demo):
    round_ = demo.open_round(9, days_left=5)
    staff = demo.user("staff_finance")
    submitted = start_report(round_, demo.unit("กค."), staff)
    submitted.save_revision(user=staff)
    submitted.get_workflow().start(submitted, staff)
    assert UnitReport.objects.get(pk=submitted.pk).status == UnitReport.SUBMITTED
    start_report(round_, demo.unit("สบป."))  # a draft is not a submission
    mail.outbox.clear()  # Wagtail's own "submitted for moderation" notice
    from django.core.files.storage import storages

    private = storages["evidence"]
    folder = "reminders/2569-9"
    # Files on disk outlive the rolled-back transaction: start from an empty folder so that
    # an earlier test's reminders cannot stand in for (or against) this run's.
    for name in private.listdir(folder)[1] if private.exists(folder) else []:
        private.delete(f"{folder}/{name}")

    call_command("send_round_reminders", round_id=round_.pk, stdout=open("/dev/null", "w"))

    recipients = {address for message in mail.outbox for address in message.to}
    assert "staff_finance@example.go.th" not in recipients
    assert "staff_service@example.go.th" in recipients
    assert len(mail.outbox) == 13  # 14 demo units (two departments), one submitted
    assert all("รอบ 9 เดือน" in message.subject for message in mail.outbox)
    assert "ยังไม่ได้ส่งรายงานผล" in mail.outbox[0].body
    assert private.size(f"{folder}/reminder-{demo.unit('สบป.').pk}.docx") > 0
    assert not private.exists(f"{folder}/reminder-{demo.unit('กค.').pk}.docx")
    assert not (Path(settings.MEDIA_ROOT) / "reminders").exists()  # never public media
    assert "2569" in mail.outbox[0].subject  # the deadline in B.E.

    from docx import Document

    with private.open(f"{folder}/reminder-{demo.unit('สบป.').pk}.docx") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    assert "รอบ" in text and "สำนักบริการประชาชน" in text


def test_no_reminder_after_close_or_outside_window(demo):
    round_ = demo.round(9)
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=30), today() - dt.timedelta(days=1)
    round_.save()
    call_command("send_round_reminders", round_id=round_.pk, stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    demo.open_round(9, days_left=20)
    call_command("send_round_reminders", days_before=7, stdout=open("/dev/null", "w"))  # closes in 20 days
    assert mail.outbox == []
    call_command("send_round_reminders", days_before=30, stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 14  # both demo departments' units
