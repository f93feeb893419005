from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo fiscal year (``load_demo``) and its reporting rounds (``load_demo_rounds``):
    data, loaders and the two commands. No models."""

    name = "demo"
    verbose_name = "ข้อมูลตัวอย่าง"
