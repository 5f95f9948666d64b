"""Wagtail admin: Q&A (with the legal documents an answer cites and the forwarding to a unit), the site's
list of units, comment moderation listings, the monthly rating report."""

from __future__ import annotations

import django_filters
from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel, ObjectList, PageChooserPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter

from core.admin_menu import PermissionMenuItem

from .forms import CommentAdminForm, QuestionAdminForm
from .models import ConsultationComment, ProcessingUnit, Question
from .models.questions import CITABLE_PAGE_TYPE, DeadlineState
from .services.forwarding import FORWARD_ACTION
from .views.ratings import rating_report


class QuestionFilterSet(WagtailFilterSet):
    deadline_state = django_filters.ChoiceFilter(
        label=_("Thời hạn trả lời"),
        choices=DeadlineState.choices,
        method="filter_deadline_state",
        empty_label=_("Tất cả"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Question
        fields = ["deadline_state", "status", "published", "topic"]

    def filter_deadline_state(self, queryset, name, value):
        return queryset.in_deadline_state(value) if value else queryset


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Hỏi đáp")
    list_display = [
        "tracking_code",
        "title",
        "topic",
        "status",
        "deadline",
        Column("deadline_marker", label=_("Thời hạn"), accessor="deadline_marker"),
        "assigned_unit",
        "published",
    ]
    filterset_class = QuestionFilterSet
    search_fields = ["tracking_code", "title", "body", "asker_name"]
    search_backend_name = None  # plain database filtering, no search index needed
    ordering = ["-received_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("status", read_only=True),
                    FieldPanel("deadline", read_only=True),
                    FieldPanel("received_at", read_only=True),
                ],
                heading=_("Tiến trình"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("asker_kind"),
                    FieldPanel("asker_name"),
                    FieldPanel("asker_address"),
                    FieldPanel("asker_email"),
                    FieldPanel("asker_phone"),
                ],
                heading=_("Người hỏi (không bao giờ công bố)"),
            ),
            MultiFieldPanel(
                [FieldPanel("topic"), FieldPanel("title"), FieldPanel("body")],
                heading=_("Câu hỏi (có thể biên tập trước khi công bố)"),
            ),
            MultiFieldPanel(
                [FieldPanel("forward_to"), FieldPanel("forward_note")],
                heading=_("Chuyển đơn vị xử lý"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("assigned_unit"),
                    FieldPanel("progress_note"),
                    FieldPanel("progress_new_date"),
                    FieldPanel("answer"),
                    FieldPanel("answering_unit"),
                    FieldPanel("published"),
                ],
                heading=_("Xử lý: giao đơn vị → thông báo tiến độ → trả lời → công bố"),
            ),
            MultipleChooserPanel(
                "citations",
                chooser_field_name="document",
                panels=[PageChooserPanel("document", page_type=CITABLE_PAGE_TYPE)],
                heading=_("Văn bản pháp luật được dẫn trong câu trả lời"),
                label=_("Văn bản"),
            ),
            MultiFieldPanel(
                [FieldPanel("mark_out_of_scope"), FieldPanel("out_of_scope_reason")],
                heading=_("Câu hỏi không thuộc phạm vi"),
            ),
        ],
        base_form_class=QuestionAdminForm,
    )


class CommentViewSet(ModelViewSet):
    model = ConsultationComment
    icon = "comment"
    menu_label = _("Góp ý dự thảo")
    list_display = ["consultation", "submitted_at", "status"]
    list_filter = ["status", "consultation"]
    search_fields = ["body", "name"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("consultation", read_only=True),
            FieldPanel("submitted_at", read_only=True),
            FieldPanel("name"),
            FieldPanel("contact"),
            FieldPanel("body"),
            FieldPanel("status"),
        ],
        base_form_class=CommentAdminForm,
    )


class ProcessingUnitDeleteView(ModelViewSet.delete_view_class):
    """A unit questions were forwarded to is never deleted (the questions' history names it): the
    board marks it inactive instead; a unit never used may be deleted."""

    def post(self, request, *args, **kwargs):
        if self.object.forwardings.exists():
            messages.error(
                request,
                _("Không xoá được “%(unit)s”: đã có câu hỏi chuyển đến đơn vị này. Hãy bỏ chọn “đang nhận câu hỏi”.")
                % {"unit": self.object.name},
            )
            return redirect(reverse(self.edit_url_name, args=[self.object.pk]))
        return super().post(request, *args, **kwargs)


class ProcessingUnitViewSet(ModelViewSet):
    """The site's list of units questions are forwarded to, kept by the board (a unit leaving is
    made inactive: its forwardings stay in the questions' history)."""

    model = ProcessingUnit
    icon = "site"
    menu_label = _("Đơn vị xử lý")
    list_display = ["name", "email", "active"]
    list_filter = ["active"]
    search_fields = ["name", "email"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["name", "email", "active"]
    delete_view_class = ProcessingUnitDeleteView


class ParticipationGroup(ModelViewSetGroup):
    menu_label = _("Tương tác người dân")
    menu_icon = "group"
    menu_order = 250
    items = (QuestionViewSet("cau-hoi"), ProcessingUnitViewSet("don-vi-xu-ly"), CommentViewSet("gop-y-du-thao"))


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationGroup()


@hooks.register("register_log_actions")
def register_participation_log_actions(actions) -> None:
    @actions.register_action(FORWARD_ACTION)
    class ForwardFormatter(LogFormatter):
        label = _("Chuyển đơn vị xử lý")

        def format_message(self, log_entry):
            return _("Đã chuyển câu hỏi đến “%(unit)s” (%(email)s)") % {
                "unit": log_entry.data.get("unit", ""),
                "email": log_entry.data.get("email", ""),
            }


@hooks.register("register_admin_urls")
def register_rating_report_url():
    return [path("bao-cao/danh-gia/", rating_report, name="participation_rating_report")]


@hooks.register("register_reports_menu_item")
def register_rating_report_menu_item():
    return PermissionMenuItem(
        _("Đánh giá của người dân"),
        reverse("participation_rating_report"),
        "participation.view_siterating",
        name="citizen-ratings",
        icon_name="pick",
        order=900,
    )


QUEUE_LENGTH = 10


class QuestionQueuePanel(Component):
    """The answering roles' queue on the dashboard: open questions overdue or due within two working
    days, the nearest deadline first (the same rule as the list's filter); for those who publish
    (deputy head, head), the answers drafted and waiting for their publication."""

    name = "question-queue"
    order = 90
    template_name = "participation/admin/question_queue_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        waiting = None
        if self.user.has_perm("participation.publish_question"):
            waiting = Question.objects.filter(status=Question.Status.ANSWERED, published=False).order_by("answered_at")
        overdue = Question.objects.in_deadline_state(DeadlineState.OVERDUE)
        due_soon = Question.objects.in_deadline_state(DeadlineState.DUE_SOON)
        return {
            "overdue_count": overdue.count(),
            "due_soon_count": due_soon.count(),
            "questions": list((overdue | due_soon).order_by("due", "received_at")[:QUEUE_LENGTH]),
            "list_url": reverse("cau-hoi:index"),
            "to_publish_count": waiting.count() if waiting is not None else None,
            "to_publish": list(waiting[:QUEUE_LENGTH]) if waiting is not None else [],
        }


@hooks.register("construct_homepage_panels")
def add_question_queue_panel(request, panels) -> None:
    if request.user.has_perm("participation.change_question"):
        panels.append(QuestionQueuePanel(request.user))
