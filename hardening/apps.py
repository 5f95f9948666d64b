"""HTTP security headers and deploy checks of every host (Decree 85/2016 level 3, hardening)."""

from django.apps import AppConfig


class HardeningConfig(AppConfig):
    name = "hardening"
    verbose_name = "Tăng cường bảo mật"
