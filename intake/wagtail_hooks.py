"""Wagtail admin: the board's inbox "Tin, bài gửi đến" — list with a status filter, the edit screen
(assign to a member) with its actions (refuse with a reason, accept as a draft news page) and the files'
permission-checked download."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from . import services, views
from .forms import board_members
from .models import Submission


class SubmissionAdminForm(WagtailAdminModelForm):
    """Only the assignment is edited here; giving a member moves the submission to "assigned"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            field = self.fields["assigned_to"]
            field.queryset = board_members()
            field.label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean(self):
        cleaned = super().clean()
        if "assigned_to" in self.changed_data and self.instance.status in (
            Submission.Status.ACCEPTED,
            Submission.Status.REFUSED,
        ):
            self.add_error("assigned_to", forms.ValidationError(_("Tin, bài này đã được xử lý xong.")))
        return cleaned

    def save(self, commit: bool = True):
        submission = super().save(commit=False)
        if "assigned_to" in self.changed_data and submission.assigned_to is not None:
            try:
                services.assign(submission, submission.assigned_to, getattr(self, "for_user", None))
            except services.IntakeError as error:  # clean() prevents it; keep the data consistent anyway
                raise forms.ValidationError(str(error)) from error
        elif commit:
            submission.save()
        return submission


class AttachmentsPanel(Panel):
    """The submission's files, each a link to the permission-checked download."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "intake/admin/attachments_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["attachments"] = list(self.instance.attachments.all()) if self.instance.pk else []
            return context


class SubmissionEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        submission = self.object
        if submission.status not in (Submission.Status.ACCEPTED, Submission.Status.REFUSED):
            buttons.append(
                Button(
                    _("Nhận làm bản nháp"),
                    url=reverse("intake_submission:accept", args=[submission.pk]),
                    icon_name="doc-full",
                    priority=1,
                )
            )
            buttons.append(
                Button(
                    _("Từ chối"),
                    url=reverse("intake_submission:refuse", args=[submission.pk]),
                    icon_name="cross",
                    priority=2,
                )
            )
        if submission.draft_page_id:
            buttons.append(
                Button(
                    _("Mở bản nháp"),
                    url=reverse("wagtailadmin_pages:edit", args=[submission.draft_page_id]),
                    icon_name="edit",
                    priority=3,
                )
            )
        return buttons


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "mail"
    menu_label = _("Tin, bài gửi đến")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "tin-bai-gui-den"
    edit_view_class = SubmissionEditView
    list_display = ["tracking_code", "title", "kind", "sender_name", "received_at", "status", "assigned_to"]
    list_filter = ["status", "kind"]
    search_fields = ["tracking_code", "title", "body", "sender_name", "organisation"]
    search_backend_name = None
    ordering = ["-received_at"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("tracking_code", read_only=True),
                    FieldPanel("received_at", read_only=True),
                    FieldPanel("status", read_only=True),
                    FieldPanel("refusal_reason", read_only=True),
                    FieldPanel("draft_page", read_only=True),
                ],
                heading=_("Tiến trình"),
            ),
            MultiFieldPanel([FieldPanel("assigned_to")], heading=_("Giao xử lý")),
            MultiFieldPanel(
                [
                    FieldPanel("sender_name", read_only=True),
                    FieldPanel("sender_email", read_only=True),
                    FieldPanel("sender_phone", read_only=True),
                    FieldPanel("organisation", read_only=True),
                ],
                heading=_("Người gửi (không công bố)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("kind", read_only=True),
                    FieldPanel("title", read_only=True),
                    FieldPanel("body", read_only=True),
                    AttachmentsPanel(heading=_("Tệp đính kèm")),
                ],
                heading=_("Nội dung gửi đến"),
            ),
        ],
        base_form_class=SubmissionAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("refuse/<int:pk>/", views.refuse, name="refuse"),
            path("accept/<int:pk>/", views.accept, name="accept"),
            path("file/<int:pk>/", views.download_attachment, name="attachment"),
        ]


@hooks.register("register_admin_viewset")
def register_intake_viewset():
    return SubmissionViewSet("intake_submission")


@hooks.register("register_log_actions")
def register_intake_log_actions(actions) -> None:
    actions.register_action(services.ASSIGN_ACTION, _("Giao xử lý tin, bài"), _("Đã giao xử lý tin, bài"))
    actions.register_action(services.REFUSE_ACTION, _("Từ chối tin, bài"), _("Đã từ chối tin, bài"))
    actions.register_action(services.ACCEPT_ACTION, _("Nhận làm bản nháp"), _("Đã nhận làm bản nháp tin bài"))


class IntakePanel(Component):
    """The board's queue on the dashboard: the submissions still waiting (new, or assigned to this member)."""

    name = "intake"
    order = 80
    template_name = "intake/admin/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        waiting = Submission.objects.filter(status__in=[Submission.Status.NEW, Submission.Status.ASSIGNED])
        return {
            "new_count": waiting.filter(status=Submission.Status.NEW).count(),
            "mine": list(waiting.filter(assigned_to=self.user).order_by("received_at")[:10]),
            "inbox_url": reverse("intake_submission:index"),
        }


@hooks.register("construct_homepage_panels")
def add_intake_panel(request, panels) -> None:
    if request.user.has_perm("intake.change_submission"):
        panels.append(IntakePanel(request.user))
