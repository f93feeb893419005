"""django-rq's worker, which first requeues the evidence files a dead worker left extracting
(``evidence.recovery``)."""
from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from evidence.recovery import requeue_interrupted


class Command(RQWorkerCommand):
    def handle(self, *args, **options):
        requeued = requeue_interrupted()
        if requeued and options.get("verbosity"):
            self.stdout.write(f"ส่งไฟล์ที่ค้างจากตัวประมวลผลที่หยุดทำงานเข้าคิวใหม่ {len(requeued)} ไฟล์")
        return super().handle(*args, **options)
