"""App config of the demo province loader."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Dữ liệu mẫu"
