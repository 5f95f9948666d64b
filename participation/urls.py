"""Tenant URLs of participation outside the page tree (included before Wagtail's page serving)."""

from django.urls import path

from .views.ratings import rate_site
from .views.visitors import visitor_counter_page

app_name = "participation"
urlpatterns = [
    path("danh-gia-trang/", rate_site, name="rate"),
    path("thong-ke-truy-cap/", visitor_counter_page, name="visitors"),
]
