from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "เนื้อหาคำรับรองการปฏิบัติราชการ"

    def ready(self):
        from . import signals, slugs, workflow_order  # noqa: F401
        from .widgets import install

        signals.connect()
        install()  # number fields in both digit scripts, dates in B.E.
        slugs.install()  # Thai slugs keep their vowels and tone marks
        from .documents import install_document_policy

        install_document_policy()  # Wagtail's document views ask the project's document rule
