from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "กู้คืนฐานข้อมูลและไฟล์จากไฟล์สำรอง ทั้งหมดหรือไม่เปลี่ยนอะไรเลย"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="ไฟล์ .tar.gz ที่ได้จากคำสั่ง backup")
        parser.add_argument("--force", action="store_true", help="เขียนทับปลายทางที่มีข้อมูลอยู่แล้ว")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, force, database, **options):
        try:
            result = restore_backup(Path(archive), force=force, using=database, log=self.stdout.write if options["verbosity"] else (lambda m: None))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(result.manifest["counts"].values())
        self.stdout.write(
            f"กู้คืนแล้ว: {rows:,} แถว, {len(result.manifest['files']) - 1:,} ไฟล์ "
            f"จากสำเนาเมื่อ {result.manifest['created_at']} ({result.seconds:.1f} วินาที)"
        )
