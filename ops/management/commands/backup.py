from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์ทั้งหมด (สื่อและหลักฐาน) เป็นไฟล์ .tar.gz ไฟล์เดียว"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="ไฟล์ปลายทาง เช่น /backup/khamrap-2569-01-31.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out, database, **options):
        try:
            result = make_backup(Path(out), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"สำรองแล้ว: {result.path} ({result.size:,} ไบต์, {rows:,} แถว, "
            f"{len(manifest['files']) - 1:,} ไฟล์, {result.seconds:.1f} วินาที)"
        )
