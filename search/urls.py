"""URLs of the search app on every tenant site (included by config/urls_tenant.py)."""
from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search_page, name="page"),
    path("api/v1/search", views.search_api, name="api"),
    path("tong-hop-dich-vu-cong/", views.services_page, name="services"),
]
