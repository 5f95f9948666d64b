"""Console URLs of the working-day calendar (mounted on the platform host)."""

from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("<slug:kind>/<int:pk>/sua/", views.edit_view, name="edit"),
    path("<slug:kind>/<int:pk>/xoa/", views.delete_view, name="delete"),
]
