from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "หน้าหลักตามบทบาท"

    def ready(self):
        from . import wagtail_labels

        wagtail_labels.apply()
