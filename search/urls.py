"""Public pages of the search app on every tenant site, inside the language prefix (Vietnamese
unprefixed, English under /en/); included by config/urls_tenant.py."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search_page, name="page"),
    path("tong-hop-dich-vu-cong/", views.services_page, name="services"),
]
