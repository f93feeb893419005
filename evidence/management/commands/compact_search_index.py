"""Nightly: rebuild the embedded index from its own stored passages when replaced and
deleted passages have left enough dead bits (see EmbeddedBackend.compact)."""
from django.core.management.base import BaseCommand

from evidence_search.backends import get_backend


class Command(BaseCommand):
    help = "บีบอัดดัชนีค้นหา (ล้างข้อมูลของข้อความที่ถูกแทนที่หรือลบ) เมื่อสัดส่วนที่ไม่ใช้แล้วเกินเกณฑ์"

    def add_arguments(self, parser):
        parser.add_argument("--min-dead", type=float, default=0.2,
                            help="บีบอัดเมื่อสัดส่วนที่ไม่ใช้แล้วอย่างน้อยเท่านี้ (0–1, ค่าเริ่มต้น 0.2)")
        parser.add_argument("--force", action="store_true", help="บีบอัดทันทีโดยไม่ดูสัดส่วน")

    def handle(self, *args, min_dead, force, **options):
        backend = get_backend()
        if not hasattr(backend, "compact"):
            self.stdout.write(f"{type(backend).__name__} จัดการการบีบอัดเอง: ไม่มีสิ่งที่ต้องทำ")
            return
        ratio = backend.dead_ratio()
        self.stdout.write(f"สัดส่วนที่ไม่ใช้แล้ว {ratio:.1%}")
        if not force and ratio < min_dead:
            self.stdout.write(f"ต่ำกว่าเกณฑ์ {min_dead:.0%}: ไม่ต้องบีบอัด")
            return

        def progress(done):
            self.stdout.write(f"  จัดทำดัชนีแล้ว {done} ข้อความย่อย", ending="\r")
            self.stdout.flush()

        count = backend.compact(progress=progress)
        self.stdout.write(f"\nบีบอัดแล้ว: {count} ข้อความย่อย สัดส่วนที่ไม่ใช้แล้วเหลือ {backend.dead_ratio():.1%}")
