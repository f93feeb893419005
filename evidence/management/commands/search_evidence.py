import json
import re

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from evidence.permissions import visibility_for
from evidence.search_service import results_json, run_search
from evidence_search.backends import Visibility

TAGS = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = "ค้นหาหลักฐาน (ภาษาไทย) จากบรรทัดคำสั่ง"

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--year", type=int)
        parser.add_argument("--unit")
        parser.add_argument("--kpi")
        parser.add_argument("--round", type=int, help="รอบการรายงาน (เดือน) เช่น 6 หรือ 5 ของหน่วยงานที่มีรอบของตนเอง")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--as-user", help="ค้นหาด้วยสิทธิ์ของผู้ใช้นี้ (ค่าเริ่มต้น: เห็นทั้งหมด)")

    def handle(self, query, year, unit, kpi, round, limit, json: bool, as_user, **options):
        if round is not None:
            from evidence.rounds import rounds_present

            months = [month for month, _label in rounds_present()]
            if round not in months:
                raise CommandError(f"รอบการรายงาน: ไม่มีรอบ {round} เดือน "
                                   f"รอบที่มี: {', '.join(f'{m} เดือน' for m in months) or 'ยังไม่มีรอบการรายงาน'}")
        visibility = Visibility.everything()
        if as_user:
            user = get_user_model().objects.filter(username=as_user).first()
            if user is None:
                raise CommandError(f"ไม่พบผู้ใช้ {as_user}")
            visibility = visibility_for(user)
        from cms.models import Organisation

        try:
            results = run_search(query, visibility=visibility, year=year, unit_abbr=unit, kpi_code=kpi, round=round, per_page=limit)
        except Organisation.MultipleObjectsReturned as exc:
            raise CommandError(str(exc)) from exc
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(results_json(query, results, explain=True), ensure_ascii=False))
            return
        about = "" if results.total_exact else "ประมาณ "
        self.stdout.write(f"พบ {about}{results.total} เอกสาร ({results.took_ms:.1f} ms)")
        for suggestion in results.suggestions:
            self.stdout.write(f"หรือคุณหมายถึง: {suggestion}")
        for number, hit in enumerate(results.hits, 1):
            self.stdout.write(f"{number}. {hit.filename} · {hit.unit} · {hit.kpi or '-'} · รอบ {hit.round or '-'}")
            self.stdout.write(f"   {TAGS.sub('', hit.snippet_html)}")
