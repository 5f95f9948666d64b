"""Console URLs of the localization layer (platform host)."""

from django.urls import path

from . import console_views

app_name = "localization_console"
urlpatterns = [
    path("thuat-ngu/", console_views.glossary, name="glossary"),
    path("thuat-ngu/<int:pk>/", console_views.glossary_edit, name="glossary_edit"),
    path("thuat-ngu/<int:pk>/xoa/", console_views.glossary_delete, name="glossary_delete"),
    path("do-phu-tieng-anh/", console_views.coverage, name="coverage"),
]
