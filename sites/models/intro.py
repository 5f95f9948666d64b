"""Introduction of the locality or agency (D1): sections and leaders."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin

from core.kinds import Kind

from ..blocks import IntroductionBlock
from .base import PortalPage, plain_text, stream_text


class IntroductionPage(PortalPage):
    """Giới thiệu: organisation chart, administrative map, natural conditions, history, culture,
    relics & landmarks, and the leaders with their short bios and duties."""

    english_duty = "D1"
    search_kind = Kind.INTRODUCTION

    summary = models.TextField(_("tóm tắt"), blank=True, max_length=1000)
    body = StreamField(IntroductionBlock(), verbose_name=_("các mục"), blank=True)
    functions = RichTextField(_("chức năng, nhiệm vụ"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("functions"),
        FieldPanel("body"),
        InlinePanel("leaders", label=_("lãnh đạo")),
    ]
    template = "sites/introduction_page.html"

    class Meta:
        verbose_name = _("trang giới thiệu")

    def summary_text(self) -> str:
        return self.summary or self.search_description

    def body_text(self) -> str:
        leaders = " ".join(
            f"{leader.name} {leader.position} {plain_text(leader.duties)}" for leader in self.leaders.all()
        )
        return " ".join(filter(None, [plain_text(self.functions), stream_text(self, "body"), leaders]))


class Leader(TranslatableMixin, Orderable):
    """A leader of the unit: photo, position, short bio and duties (D1)."""

    page = ParentalKey(IntroductionPage, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=200)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(_("tiểu sử tóm tắt"), blank=True, max_length=2000)
    duties = RichTextField(_("nhiệm vụ được phân công"), blank=True, features=["bold", "italic", "ul", "ol"])
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("duties"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")

    def __str__(self) -> str:
        return f"{self.name} — {self.position}"
