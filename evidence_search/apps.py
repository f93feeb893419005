import sys

from django.apps import AppConfig


class EvidenceSearchConfig(AppConfig):
    name = "evidence_search"
    label = "evidence_search"
    verbose_name = "ค้นหาหลักฐาน"

    def ready(self):
        # task workers: warm up at start (the web process is warmed by khamrap.wsgi)
        if any(cmd in sys.argv for cmd in ("db_worker", "rqworker", "runserver")):
            from .warmup import warm

            warm()
