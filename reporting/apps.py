from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "การรายงานผลและคะแนน"

    def ready(self):
        from . import signals

        signals.connect()
