"""Public URLs of every tenant site added by the localization layer (inside the language prefix)."""

from django.urls import path

from . import views

app_name = "localization"
urlpatterns = [path("ban-dich-chua-co/<int:page_id>/", views.untranslated, name="untranslated")]
