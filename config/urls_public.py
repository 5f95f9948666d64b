"""URLs of the platform host (public schema): the province-IT console; its own robots.txt and 404 page
(no favicon: a 404 like any unknown path)."""

from django.urls import include, path

from console.views import platform_robots_txt
from hardening.security_txt import security_txt

handler400 = "tenants.views.bad_request"  # bilingual, shows the request id
handler404 = "console.views.platform_not_found"

urlpatterns = [
    path("robots.txt", platform_robots_txt),
    path(".well-known/security.txt", security_txt),
    path("lich-ngay-lam-viec/", include("workdays.urls")),
    path("tieng-anh/", include("localization.urls_console")),
    path("nhuan-but/", include("royalties.urls_console")),
    path("", include("console.urls")),
]

handler500 = "core.requestlog.server_error"  # bilingual, shows the request id
