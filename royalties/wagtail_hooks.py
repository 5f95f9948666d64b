"""Wagtail admin of each site: the "Nhuận bút" menu of the head of the board and its URLs."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .services.grading import is_head

app_name = "royalties_admin"
urlpatterns = [
    path("", admin_views.to_grade, name="to_grade"),
    path("cham/<int:page_id>/", admin_views.grade, name="grade"),
    path("da-cham/", admin_views.grades, name="grades"),
    path("bang-ke/", admin_views.statement, name="statement"),
]


class HeadMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_head(request.user)


@hooks.register("register_admin_urls")
def register_royalty_urls():
    return [path("nhuan-but/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_admin_menu_item")
def register_royalty_menu_item():
    return HeadMenuItem(_("Nhuận bút"), reverse("royalties_admin:to_grade"), icon_name="table", order=270)
