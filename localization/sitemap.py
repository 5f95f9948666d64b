"""sitemap.xml of a tenant site with every language's pages and their hreflang alternates
(Wagtail's own sitemap lists the default-language tree only, without alternates)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page

from .services.alternates import alternates, live_translations


class LocalizedSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q(pk__in=[])
        for root in roots:
            in_any_tree |= Q(path__startswith=root.path)
        return Page.objects.filter(in_any_tree).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls, last_mods = [], set()
        pages = list(self.paginator.page(page).object_list)
        translations = live_translations(pages)
        for item in pages:
            links = alternates(item, self.request, translations.get(item.translation_key, {}))
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("alternates", [{"lang_code": code, "location": url} for code, url in links])
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap_views.sitemap(request, sitemaps={"wagtail": LocalizedSitemap})
