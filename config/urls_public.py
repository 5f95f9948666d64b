"""URLs of the platform host (public schema): the province-IT console."""

from django.urls import include, path

urlpatterns = [
    path("lich-ngay-lam-viec/", include("workdays.urls")),
    path("tieng-anh/", include("localization.urls_console")),
    path("", include("tenants.urls")),
]

handler500 = "core.requestlog.server_error"  # bilingual, shows the request id
