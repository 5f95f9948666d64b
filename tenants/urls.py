"""URLs of the province-IT console (served on PLATFORM_HOST only)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_tree, name="tree"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="tenants/login.html", next_page="console:tree"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="console:tree"), name="logout"),
]
