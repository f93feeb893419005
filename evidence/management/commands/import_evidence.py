"""Import files as evidence of one unit: one evidence page per file, extracted and indexed."""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.models import KPITemplatePage, Organisation, OrganisationYearPage
from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage
from evidence.rounds import round_error
from evidence.ingest import Upload, attach_files
from evidence.processing import process_file
from evidence_search.extraction import UploadRejected


def walk(paths):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"ไม่พบไฟล์หรือโฟลเดอร์: {raw}")


class Command(BaseCommand):
    help = "นำเข้าไฟล์หลักฐานของหน่วยงาน ดึงข้อความ และจัดทำดัชนีค้นหา (รอจนครบทุกไฟล์)"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ (พ.ศ.)")
        parser.add_argument("--unit", required=True, help="อักษรย่อหน่วยงาน เช่น กค. หรือพร้อมต้นสังกัด สสบ./กค. เมื่ออักษรย่อซ้ำกัน")
        parser.add_argument("--kpi", help="รหัสตัวชี้วัด เช่น 1.1")
        parser.add_argument("--round", type=int, default=12,
                            help="รอบการรายงาน (เดือน) ที่หน่วยงานมีในปีงบประมาณนั้น เช่น 6, 9, 12 หรือ 5 ของรอบหน่วยงาน (ค่าเริ่มต้น 12)")
        parser.add_argument("--background", action="store_true", help="ส่งงานให้ worker (db_worker) แล้วรอผล แทนการประมวลผลเอง")
        parser.add_argument("--timeout", type=int, default=3600)
        parser.add_argument("--bulk", action="store_true",
                            help="นำเข้าแบบกลุ่ม: บันทึกฐานข้อมูลและดัชนีครั้งละหลายไฟล์ (เร็วกว่ามากสำหรับไฟล์จำนวนมาก)")
        parser.add_argument("--batch-size", type=int, default=500, help="จำนวนไฟล์ต่อหนึ่งธุรกรรมในโหมด --bulk")

    def handle(self, paths, year, unit, kpi, round, background, timeout, bulk=False, batch_size=500, **options):
        try:
            organisation = Organisation.find(unit)
        except (Organisation.DoesNotExist, Organisation.MultipleObjectsReturned) as exc:
            raise CommandError(str(exc)) from exc
        folder = next((f for f in OrganisationYearPage.objects.filter(organisation=organisation) if f.fiscal_year.year_be == year), None)
        if folder is None:
            raise CommandError(f"ไม่พบหน้าหน่วยงาน {unit} ของปีงบประมาณ {year}")
        message = round_error(organisation, folder.fiscal_year, round)
        if message:
            raise CommandError(message)
        kpi_page = None
        if kpi:
            kpi_page = KPITemplatePage.objects.child_of(folder).filter(code=kpi).first()
            if kpi_page is None:
                raise CommandError(f"ไม่พบตัวชี้วัดรหัส {kpi} ของ {unit} ปี {year}")
        evidence_folder = EvidenceFolderPage.for_organisation_year(folder)
        if bulk:
            return self.bulk(list(walk(paths)), evidence_folder, kpi_page, round, max(1, batch_size))

        created, rejected = [], []
        for path in walk(paths):
            page = EvidencePage(title=path.stem, slug=f"import-{int(time.time() * 1000)}-{len(created) + len(rejected)}",
                                kpi=kpi_page, round=round, live=False,
                                description=f"นำเข้าจากไฟล์ {path.name}")
            with path.open("rb") as handle:
                try:
                    evidence_folder.add_child(instance=page)
                    created += attach_files(page, [Upload(path.name, handle)], enqueue=background)
                except UploadRejected as exc:
                    page.delete()
                    rejected.append(str(exc))
        if background:
            deadline = time.monotonic() + timeout
            pending = {f.pk for f in created}
            while pending and time.monotonic() < deadline:
                pending = set(EvidenceFile.objects.filter(pk__in=pending).exclude(status__in=[EvidenceFile.INDEXED, EvidenceFile.FAILED]).values_list("pk", flat=True))
                time.sleep(0.5)
        else:
            for index, record in enumerate(created, 1):
                process_file(record.pk)
                self.stdout.write(f"  [{index}/{len(created)}] {record.original_name}")
        results = EvidenceFile.objects.filter(pk__in=[f.pk for f in created])
        self.report(results, rejected)
        if results.exclude(status__in=[EvidenceFile.INDEXED, EvidenceFile.FAILED]).exists():
            raise CommandError("หมดเวลารอ: ยังมีไฟล์ที่ประมวลผลไม่เสร็จ (เปิด manage.py db_worker อยู่หรือไม่)")

    def report(self, results, rejected):
        indexed = results.filter(status=EvidenceFile.INDEXED)
        failed = results.filter(status=EvidenceFile.FAILED)
        self.stdout.write(f"นำเข้า {results.count()} ไฟล์: พร้อมค้นหา {indexed.count()} ล้มเหลว {failed.count()} ถูกปฏิเสธ {len(rejected)}")
        for record in failed:
            self.stdout.write(f"  ล้มเหลว: {record.status_message}")
        for message in rejected:
            self.stdout.write(f"  ปฏิเสธ: {message}")

    def bulk(self, files, evidence_folder, kpi_page, round, batch_size):
        from evidence.bulk_import import import_batch, prepare_all, slug_stamp

        started, done, created, rejected = time.monotonic(), 0, [], []
        stamp = slug_stamp()
        prepared = prepare_all(files)
        for start in range(0, len(files), batch_size):
            items = []
            for _ in files[start:start + batch_size]:
                item = next(prepared)
                if isinstance(item, str):  # rejected: the Thai reason
                    rejected.append(item)
                else:
                    items.append(item)
            if items:
                created += [r.pk for r in import_batch(evidence_folder, items, kpi_page, round, stamp)]
            done = min(len(files), start + batch_size)
            self.progress(done, len(files), started)
        self.stdout.write("")
        self.report(EvidenceFile.objects.filter(pk__in=created), rejected)
        elapsed = time.monotonic() - started
        self.stdout.write(f"ใช้เวลา {elapsed:.1f} วินาที ({len(files) / max(elapsed, 1e-9):.0f} ไฟล์/วินาที)")

    def progress(self, done, total, started, width=30):
        filled = int(width * done / max(total, 1))
        rate = done / max(time.monotonic() - started, 1e-9)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ไฟล์ {rate:.0f} ไฟล์/วินาที",
                          ending="")
        self.stdout.flush()
