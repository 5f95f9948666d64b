"""Content kinds: what a page is to citizens and to the province-wide search (news, legal document,
public service…), with the label shown beside a search hit. The one list: pages declare their kind
with it (the page contract), the aggregate filters and labels its entries by it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAGE = "page", _("Trang")
    NEWS = "news", _("Tin tức")
    DOCUMENT = "document", _("Văn bản")
    SERVICE = "service", _("Thủ tục, dịch vụ công")
    QUESTION = "question", _("Hỏi đáp")
    CONSULTATION = "consultation", _("Lấy ý kiến")
    PROJECT = "project", _("Dự án")
    STATISTICS = "statistics", _("Thống kê")
    CONTACT = "contact", _("Liên hệ")
    INTRODUCTION = "introduction", _("Giới thiệu")


KINDS: tuple[str, ...] = tuple(Kind.values)
KIND_LABELS = dict(Kind.choices)


def kind_label(value: str) -> str:
    """The label of a kind in the active language (an unknown value is shown as it is)."""
    return str(KIND_LABELS.get(value, value))
