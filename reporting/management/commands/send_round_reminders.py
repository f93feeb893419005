from django.core.management.base import BaseCommand, CommandError

from reporting.models import ReportingRound
from reporting.reminders import rounds_due, send_reminders


class Command(BaseCommand):
    help = "แจ้งเตือนหน่วยงานที่ยังไม่ส่งรายงานผลก่อนปิดรอบ (อีเมลถึงเจ้าหน้าที่ และบันทึกข้อความแจ้งเตือน .docx)"

    def add_arguments(self, parser):
        parser.add_argument("--round-id", type=int, help="รอบการรายงาน (ไม่ระบุ = ทุกรอบที่จะปิดภายใน --days-before วัน)")
        parser.add_argument("--days-before", type=int, default=7)

    def handle(self, *args, round_id=None, days_before=7, **options):
        if round_id is not None:
            round_ = ReportingRound.objects.filter(pk=round_id).first()
            if round_ is None:
                raise CommandError(f"ไม่พบรอบการรายงานหมายเลข {round_id}")
            rounds = [round_]
        else:
            rounds = list(rounds_due(days_before))
        for round_ in rounds:
            if round_.is_closed():
                self.stdout.write(f"{round_}: ปิดรับรายงานแล้ว ไม่ส่งการแจ้งเตือน")
                continue
            result = send_reminders(round_)
            self.stdout.write(
                f"{round_}: แจ้งเตือน {len(result.reminded)} หน่วยงาน ส่งอีเมล {result.emails} ฉบับ "
                f"บันทึกข้อความ {len(result.memos)} ฉบับ"
            )
            for path in result.memos:
                self.stdout.write(f"  {path}")
