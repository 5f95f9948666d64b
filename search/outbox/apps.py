"""App config of the per-tenant search outbox (a TENANT_APP: one table in every site's schema)."""

from django.apps import AppConfig


class SearchOutboxConfig(AppConfig):
    name = "search.outbox"
    label = "search_outbox"
    verbose_name = "Hàng đợi chỉ mục tìm kiếm"
    default_auto_field = "django.db.models.BigAutoField"
