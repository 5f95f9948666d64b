"""Public URLs of the intake on every site (included before Wagtail's page serving)."""

from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("gui-tin-bai/", views.submit, name="submit"),
    path("gui-tin-bai/da-nhan/", views.received, name="received"),
]
