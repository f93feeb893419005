"""django-tasks' database worker, which first requeues the evidence files a dead worker left
extracting (``evidence.recovery``)."""
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from evidence.recovery import requeue_interrupted


class Command(DatabaseWorkerCommand):
    def handle(self, *args, **options):
        requeued = requeue_interrupted()
        if requeued and options["verbosity"]:
            self.stdout.write(f"ส่งไฟล์ที่ค้างจากตัวประมวลผลที่หยุดทำงานเข้าคิวใหม่ {len(requeued)} ไฟล์")
        return super().handle(*args, **options)
