from django.core.management.base import BaseCommand

from evidence.models import EvidenceFile
from evidence.indexing import all_passages
from evidence_search.backends import get_backend


class Command(BaseCommand):
    help = "สร้างดัชนีค้นหาหลักฐานใหม่ทั้งหมดจากข้อความที่ดึงไว้แล้ว"

    def handle(self, *args, **options):
        total_files = EvidenceFile.objects.filter(status=EvidenceFile.INDEXED).count()
        self.stdout.write(f"สร้างดัชนีใหม่จาก {total_files} ไฟล์")

        shown = None

        def progress(done):
            nonlocal shown
            if done == shown:  # a backend reports its last batch and then the total: the same count
                return
            shown = done
            self.stdout.write(f"  จัดทำดัชนีแล้ว {done} ข้อความย่อย", ending="\r")
            self.stdout.flush()

        count = get_backend().rebuild(all_passages(), progress=progress)
        self.stdout.write(f"\nเสร็จแล้ว: {count} ข้อความย่อยจาก {total_files} ไฟล์")
