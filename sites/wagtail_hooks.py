"""Admin integration: editable lists (snippets), dossier statistics, document withdrawal, file serving, the
page types a collaborator may create."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import PermissionMenuItem

from . import members_admin, views
from .models import (
    DocumentType,
    DossierStatistics,
    GazetteIssue,
    GovernmentLink,
    IssuingBody,
    LegalDocumentPage,
    NewsCategory,
    Sector,
)
from .models.gazette import is_province_site
from .services import members
from .services.board import collaborator_may_create
from .services.dossiers import IMPORT_ACTION
from .services.legal import WITHDRAW_ACTION, is_withdrawn_file


class NamedListViewSet(SnippetViewSet):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


def _named_viewset(snippet_model, icon: str) -> type[SnippetViewSet]:
    return type(f"{snippet_model.__name__}ViewSet", (NamedListViewSet,), {"model": snippet_model, "icon": icon})


class GovernmentLinkViewSet(SnippetViewSet):
    model = GovernmentLink
    icon = "link"
    list_display = ["name", "url", "group"]


class ReferenceListsGroup(SnippetViewSetGroup):
    menu_label = _("Danh mục dùng chung")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        _named_viewset(DocumentType, "doc-full"),
        _named_viewset(IssuingBody, "group"),
        _named_viewset(Sector, "tag"),
        _named_viewset(NewsCategory, "folder-open-inverse"),
        GovernmentLinkViewSet,
    )


class DossierStatisticsIndexView(SnippetViewSet.index_view_class):
    """The list of dossier results, with the button to import them from a CSV file beside "Add"."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perms(views.DOSSIER_IMPORT_PERMISSIONS):
            buttons.append(
                HeaderButton(_("Nhập từ tệp CSV"), url=reverse("portal_import_dossiers"), icon_name="upload")
            )
        return buttons


class DossierStatisticsViewSet(SnippetViewSet):
    """Per-service, per-period dossier results (D15), edited directly (data, not content: no workflow),
    or imported from a CSV export of the national public service portal."""

    model = DossierStatistics
    index_view_class = DossierStatisticsIndexView
    icon = "table"
    menu_label = _("Kết quả giải quyết TTHC")
    add_to_admin_menu = True
    menu_order = 310
    list_display = [
        "service",
        "period_start",
        "period_end",
        "received",
        "processed",
        "on_time",
        "late",
        "pending",
        "late_rate",
        "updated_at",
    ]


class ProvinceOnlyMenuItem(MenuItem):
    """A menu entry only the province portal shows: the gazette is published at province level (D6)."""

    def is_shown(self, request) -> bool:
        return is_province_site() and super().is_shown(request)


class GazetteIssueViewSet(SnippetViewSet):
    """The gazette's issues (D6, province portals): number, date; documents link to them from their page."""

    model = GazetteIssue
    icon = "doc-full-inverse"
    menu_label = _("Công báo")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "note"]
    list_filter = ["year"]
    ordering = ["-date", "-number"]

    @cached_property
    def menu_item_class(self):
        return ProvinceOnlyMenuItem


register_snippet(ReferenceListsGroup)
register_snippet(GazetteIssueViewSet)
register_snippet(DossierStatisticsViewSet)


@hooks.register("register_log_actions")
def register_portal_log_actions(actions) -> None:
    actions.register_action(WITHDRAW_ACTION, _("Thu hồi văn bản"), _("Đã thu hồi văn bản"))
    actions.register_action(members.ADD_ACTION, _("Thêm thành viên Ban Biên tập"), _("Đã thêm thành viên"))
    actions.register_action(members.ROLE_ACTION, _("Đổi vai trò thành viên"), _("Đã đổi vai trò thành viên"))
    actions.register_action(members.DISABLE_ACTION, _("Khoá tài khoản thành viên"), _("Đã khoá tài khoản"))
    actions.register_action(members.ENABLE_ACTION, _("Mở lại tài khoản thành viên"), _("Đã mở lại tài khoản"))
    actions.register_action(members.SECTIONS_ACTION, _("Giao chuyên mục cho thành viên"), _("Đã giao chuyên mục"))
    actions.register_action(IMPORT_ACTION, _("Nhập số liệu từ tệp CSV"), _("Đã nhập số liệu từ tệp CSV"))


@hooks.register("register_admin_urls")
def portal_admin_urls():
    return [
        path("portal/withdraw/<int:page_id>/", views.withdraw_document_view, name="portal_withdraw_document"),
        path("portal/dossiers/import/", views.import_dossiers_view, name="portal_import_dossiers"),
        path("ban-bien-tap/", members_admin.index, name="portal_members"),
        path("ban-bien-tap/<int:pk>/vai-tro/", members_admin.set_role, name="portal_member_role"),
        path("ban-bien-tap/<int:pk>/trang-thai/", members_admin.set_active, name="portal_member_active"),
        path("ban-bien-tap/<int:pk>/chuyen-muc/", members_admin.assign_sections, name="portal_member_sections"),
    ]


@hooks.register("register_settings_menu_item")
def register_members_menu_item():
    return PermissionMenuItem(
        _("Thành viên Ban Biên tập"),
        reverse("portal_members"),
        members.PERMISSION,
        name="board-members",
        icon_name="group",
        order=590,
    )


@hooks.register("register_page_header_buttons")
def withdraw_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class is LegalDocumentPage and page.live and page.permissions_for_user(user).can_publish():
        if page.specific_deferred.status != "withdrawn":
            yield Button(
                _("Thu hồi văn bản"),
                reverse("portal_withdraw_document", args=[page.pk]),
                icon_name="cross",
                priority=70,
            )


@hooks.register("before_serve_document")
def refuse_withdrawn_files(document, request):
    """A withdrawn document's file is gone from public view at once (D6); editors keep access."""
    if is_withdrawn_file(document) and not request.user.has_perm("wagtailadmin.access_admin"):
        return render(request, "sites/document_withdrawn.html", {"document": document}, status=410)
    return None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_which_step_the_page_is_at(request, page) -> None:
    """After a board member submits, the message names the step the page moved to and who acts next
    (Wagtail's own message only says "submitted for moderation")."""
    state = page.current_workflow_state
    task_state = state.current_task_state if state and state.status == state.STATUS_IN_PROGRESS else None
    if task_state is None:
        return
    task = task_state.task.specific
    groups = ", ".join(group.name for group in task.groups.all()) if hasattr(task, "groups") else ""
    message = _("“%(title)s” đang ở bước “%(step)s”.") % {"title": page.get_admin_display_title(), "step": task.name}
    if groups:
        message = f"{message} " + _("Người xử lý tiếp theo: %(groups)s.") % {"groups": groups}
    admin_messages.info(request, message)


@hooks.register("before_create_page")
def collaborators_create_content_only(request, parent_page, page_class):
    """A collaborator drafts news, articles and documents; home pages and section indexes are the board's."""
    if collaborator_may_create(request.user, page_class):
        return None
    messages.error(
        request,
        _("Cộng tác viên chỉ tạo được tin, bài viết và văn bản; trang chủ và trang chuyên mục do Ban Biên tập tạo."),
    )
    return redirect("wagtailadmin_explore", parent_page.pk)
