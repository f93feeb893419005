from django.core.management.base import BaseCommand

from demo.rounds import load


class Command(BaseCommand):
    help = "สร้างรอบการรายงาน 6/9/12 เดือนของปีงบประมาณ 2569 (กำหนดวันนับจากวันนี้: รอบ 9 เดือนเปิดรับรายงานอยู่เสมอ) และรายงานรอบ 6 เดือนของ 2 หน่วยงาน (ทำซ้ำได้)"

    def handle(self, *args, **options):
        load(self.stdout)
