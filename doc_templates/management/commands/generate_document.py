"""python manage.py generate_document KIND --page ID --out FILE [--pdf]

``--page`` is a page id (agreement_booklet, manual_booklet), a Memo id (memo, letter),
a UnitReport id (sar_report) or a ReportingRound id (score_announcement)."""
from django.core.management.base import BaseCommand, CommandError

from doc_templates.errors import DocumentError
from doc_templates.generate import KINDS, TITLE_PREFIX, generate


class Command(BaseCommand):
    help = "สร้างเอกสารราชการ (.docx/.pdf) จากหน้าเนื้อหาหรือบันทึกข้อความ และเก็บไว้ในระบบ"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help=" | ".join(KINDS))
        parser.add_argument("--page", type=int, required=True,
                            help="เลขที่หน้า (memo/letter: เลขที่บันทึกข้อความ, sar_report: เลขที่รายงานผล, "
                                 "score_announcement: เลขที่รอบการรายงาน)")
        parser.add_argument("--out", required=True, help="ไฟล์ .docx ที่จะเขียน")
        parser.add_argument("--pdf", action="store_true", help="แปลงเป็น PDF ด้วย (เขียนไฟล์ .pdf ข้างไฟล์ .docx)")
        parser.add_argument("--organisation", help="score_announcement: หน่วยงานต้นสังกัดที่ประกาศผลอันดับหน่วยงานในสังกัด "
                                                   "ระบุตามตำแหน่งในโครงสร้าง เช่น พสบ./สสบ.")

    def handle(self, *args, kind, page, out, pdf, organisation=None, **options):
        from wagtail.models import Page

        from doc_templates.models import Memo

        from reporting.models import ReportingRound, UnitReport

        if kind in ("memo", "letter"):
            source = Memo.objects.filter(pk=page).first()
            missing = f"ไม่พบบันทึกข้อความเลขที่ {page}"
        elif kind == "sar_report":
            source = UnitReport.objects.filter(pk=page).first()
            missing = f"ไม่พบรายงานผลการดำเนินงานเลขที่ {page}"
        elif kind == "score_announcement":
            source = ReportingRound.objects.filter(pk=page).first()
            missing = f"ไม่พบรอบการรายงานเลขที่ {page}"
        else:
            found = Page.objects.filter(pk=page).first()
            source = found.specific if found else None
            missing = f"ไม่พบหน้าเลขที่ {page}"
        if source is None:
            raise CommandError(missing)
        build_kwargs = None
        if organisation:
            from cms.models import Organisation

            if kind != "score_announcement":
                raise CommandError("--organisation ใช้ได้กับ score_announcement เท่านั้น")
            try:
                build_kwargs = {"parent": Organisation.find(organisation)}
            except (Organisation.DoesNotExist, Organisation.MultipleObjectsReturned) as exc:
                raise CommandError(str(exc)) from None
        try:
            generated = generate(source, kind, pdf=pdf, out_path=out, build_kwargs=build_kwargs)
        except DocumentError as exc:
            raise CommandError(str(exc)) from None
        lines = [
            f"สร้าง{TITLE_PREFIX[kind]}แล้ว: {generated.document.title}",
            f"  ต้นเรื่อง: {source}",
            f"  ไฟล์: {out}",
        ]
        if generated.pdf:
            lines.append(f"  PDF: {out.rsplit('.', 1)[0]}.pdf")
        lines.append(f"  เก็บในระบบเป็นเอกสารเลขที่ {generated.document.pk}"
                     + (f" (ฉบับแก้ไขต้นเรื่อง #{generated.source_revision_id})" if generated.source_revision_id else ""))
        self.stdout.write("\n".join(lines))
