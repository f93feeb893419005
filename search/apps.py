from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "evidence_search"
    verbose_name = "ค้นหาหลักฐาน"
