"""Console URLs of the royalty scales (platform host)."""

from django.urls import path

from . import console_views

app_name = "royalties_console"
urlpatterns = [
    path("", console_views.scales, name="scales"),
    path("tao-moi/", console_views.scale_edit, name="scale_add"),
    path("<int:pk>/", console_views.scale_edit, name="scale_edit"),
    path("don-vi/<str:path>/", console_views.site_scale, name="site_scale"),
]
