from django.apps import AppConfig


class DocTemplatesConfig(AppConfig):
    name = "doc_templates"
    verbose_name = "เอกสารราชการ"
