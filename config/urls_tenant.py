"""URLs of every tenant site: Wagtail admin, documents, media, sitemap, then the public pages —
Vietnamese unprefixed, English under /en/ (i18n_patterns around Wagtail's page serving).

Uploaded files answer only through checked views: documents through Wagtail's (privacy, withdrawal),
``/media/`` through ``tenants.file_serving`` (the site's own renditions; never a document)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from hardening.security_txt import security_txt
from localization.sitemap import sitemap
from logins import views as login_views
from logins.password_reset import SitePasswordResetView
from sites.views import robots_txt
from tenants.file_serving import protected_view, serve_media

urlpatterns = [
    path(".well-known/security.txt", security_txt),
    # The reset mail's link goes to this site's own host (Wagtail's would use the console host).
    path("admin/password_reset/", SitePasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    re_path(r"^documents/(\d+)/(.*)$", protected_view(wagtaildocs_serve.serve), name="wagtaildocs_serve"),
    # Wagtail's password forms of restricted collections and pages, under the login lockout (same paths).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        login_views.collection_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media, name="tenant_media"),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt),
    path("api/v1/", include("sites.api.urls")),
    path("", include("search.api_urls")),  # /api/v1/search
    path("", include("participation.api_urls")),  # /api/v1/visitors
]

urlpatterns += i18n_patterns(
    path("", include("localization.urls")),
    path("", include("participation.urls")),  # /danh-gia-trang/, /thong-ke-truy-cap/
    path("", include("intake.urls")),  # /gui-tin-bai/
    path("", include("search.urls")),  # /tim-kiem/, /tong-hop-dich-vu-cong/
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        login_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "tenants.views.bad_request"  # bilingual, shows the request id
handler500 = "core.requestlog.server_error"  # bilingual, shows the request id
