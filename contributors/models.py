"""The contributors of a page, one row each: a role, a name (a collaborator need not have an
account) and, optionally, the account. ``Contributor.page`` is a ``ParentalKey`` to Wagtail's
``Page``, so one ``InlinePanel("contributors")`` (``contributor_panel``) serves every page type, the
rows live in the page's revisions, and copies (a merge, a translation) carry them like any child
relation. ``Credited`` is what a page type mixes in to show them: the byline and Dublin Core."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable


class Role(models.TextChoices):
    """What a contributor did; the label is the byline's heading (``Tác giả: …; Ảnh: …``)."""

    AUTHOR = "author", pgettext_lazy("contributor role", "Tác giả")
    PHOTOGRAPHER = "photographer", pgettext_lazy("contributor role", "Ảnh")
    TRANSLATOR = "translator", pgettext_lazy("contributor role", "Dịch")
    SUPPLIER = "supplier", pgettext_lazy("contributor role", "Đơn vị cung cấp")


class Contributor(Orderable):
    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="contributors")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.AUTHOR)
    name = models.CharField(
        _("họ tên hoặc tên đơn vị"),
        max_length=200,
        blank=True,
        help_text=_("Cộng tác viên không cần tài khoản; để trống thì lấy họ tên của tài khoản."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản (nếu có)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("role"), FieldPanel("name"), FieldPanel("user")])]

    class Meta(Orderable.Meta):
        verbose_name = _("người đóng góp")
        verbose_name_plural = _("người đóng góp")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        self.name = " ".join((self.name or "").split())
        if not self.name and self.user_id:
            self.name = (self.user.get_full_name() or self.user.get_username())[:200]
        if not self.name:
            raise ValidationError({"name": _("Ghi họ tên người đóng góp hoặc chọn tài khoản.")})


def contributor_panel() -> InlinePanel:
    """The editor's panel of a page's contributors (the same on every page type)."""
    return InlinePanel(
        "contributors",
        label=_("người đóng góp"),
        heading=_("Tác giả, người đóng góp"),
        help_text=_("Tác giả, người chụp ảnh, người dịch, đơn vị cung cấp: hiện ở cuối bài và trong siêu dữ liệu."),
    )


class Credited:
    """Mix in before the page class: the page's contributors as its byline and Dublin Core
    (``DC.creator`` for the authors, ``DC.contributor`` for the others). A page with no rows falls
    back to ``fallback_credits`` (an older text field such as ``NewsPage.author``)."""

    def credits(self) -> list[tuple[str, str]]:
        """``(role, name)`` in the editor's order, read once per page object (the byline and the
        metadata show the same list; a prefetched relation is used as it is)."""
        cached = self.__dict__.get("_credits")
        if cached is None:
            rows = [(row.role, row.name) for row in self.contributors.all() if row.name]
            cached = self.__dict__["_credits"] = rows or [(r, n) for r, n in self.fallback_credits() if n]
        return cached

    def fallback_credits(self) -> list[tuple[str, str]]:
        return []

    def byline(self) -> list[tuple[str, list[str]]]:
        """``[(role label, [names…])]`` in the order of ``Role``, only the roles present."""
        grouped: dict[str, list[str]] = {}
        for role, name in self.credits():
            grouped.setdefault(role, []).append(name)
        return [(role.label, grouped[role.value]) for role in Role if role.value in grouped]

    def dc_creators(self) -> list[str]:
        return [name for role, name in self.credits() if role == Role.AUTHOR]

    def dc_contributors(self) -> list[str]:
        labels = dict(Role.choices)
        return [
            f"{name} ({str(labels.get(role, role)).lower()})" for role, name in self.credits() if role != Role.AUTHOR
        ]
