"""News & events (D2) with an RSS feed per news index (D17)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from contributors.models import Credited, Role, contributor_panel
from core.kinds import Kind
from pagecache.fragments import site_fragment

from ..blocks import BodyBlock
from .base import PortalPage, SuppliedSection, paginate, plain_text, stream_text
from .snippets import NewsCategory

FEED_SIZE = 30


class NewsIndexPage(RoutablePageMixin, SuppliedSection, PortalPage):
    """Tin tức – sự kiện: a paginated list of news (filter by category) and its RSS feed at ``rss/``."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + SuppliedSection.supplying_panels
    subpage_types = ["portal.NewsPage"]
    template = "sites/news_index_page.html"

    class Meta:
        verbose_name = _("trang danh sách tin")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def news(self):
        return NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")

    @path("")
    def index(self, request):
        news = self.news().prefetch_related("categories").select_related("lead_image")
        category = None
        category_id = request.GET.get("category", "")
        if category_id.isdigit():
            category = NewsCategory.objects.filter(pk=int(category_id)).first()
            if category is not None:
                news = news.filter(categories=category)
        return self.render(
            request,
            context_overrides={
                "news_page": paginate(request, news),
                "category_choices": self.category_choices(),
                "category": category,
            },
        )

    def category_choices(self) -> list[tuple[int, str]]:
        """The filter's categories in this index's language, kept with the site's other fragments
        (``pagecache.fragments``: a category written anywhere on the site makes them stale)."""
        return site_fragment(
            f"news-categories:{self.locale_id}",
            lambda: [(c.pk, c.name) for c in NewsCategory.objects.filter(locale_id=self.locale_id)],
        )

    @path("rss/", name="rss")
    def rss(self, request):
        return NewsFeed(self)(request)


class NewsFeed(Feed):
    """RSS 2.0 of one news index: only live, public pages."""

    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage):
        super().__init__()
        self.index = index

    def title(self):
        return self.index.title

    def link(self):
        return self.index.url

    def description(self):
        return self.index.summary_text() or self.index.title

    def items(self):
        return self.index.news().prefetch_related("contributors")[:FEED_SIZE]

    def item_title(self, item: NewsPage):
        return item.title

    def item_description(self, item: NewsPage):
        return item.summary_text()

    def item_link(self, item: NewsPage):
        return item.url

    def item_pubdate(self, item: NewsPage):
        return item.date

    def item_author_name(self, item: NewsPage):
        """The item's authors (its contributors, else its author text), else its source."""
        return "; ".join(item.dc_creators()) or item.source

    def item_categories(self, item: NewsPage):
        return [category.name for category in item.categories.all()]


class EventKind(models.TextChoices):
    """What a news item reports, for its posting deadline (D2, D35): an event, or a conference/review."""

    EVENT = "event", _("Tin tức, sự kiện")
    CONFERENCE = "conference", _("Hội nghị sơ kết, tổng kết, hội thảo")


class NewsPage(Credited, PortalPage):
    """An article with its source (required), lead image, categories, date (D2) and contributors."""

    search_kind = Kind.NEWS

    date = models.DateTimeField(_("ngày đăng"), default=timezone.now)
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"))
    source = models.CharField(_("nguồn tin"), max_length=200, help_text=_("Bắt buộc: cơ quan, tác giả hoặc báo nguồn."))
    source_url = models.URLField(_("liên kết nguồn"), blank=True)
    author = models.CharField(_("tác giả"), max_length=120, blank=True)
    categories = ParentalManyToManyField("portal.NewsCategory", verbose_name=_("chuyên mục"), blank=True)
    event_kind = models.CharField(_("loại tin"), max_length=16, choices=EventKind.choices, default=EventKind.EVENT)
    event_date = models.DateField(
        _("ngày diễn ra sự kiện"),
        null=True,
        blank=True,
        help_text=_("Với hội nghị, hội thảo: ngày kết thúc. Hạn đăng tin tính từ ngày này; để trống: chưa rõ."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldRowPanel([FieldPanel("event_kind"), FieldPanel("event_date")]),
                FieldPanel("source"),
                FieldPanel("source_url"),
                FieldPanel("author"),
            ],
            heading=_("Thông tin bài viết"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_caption")], heading=_("Ảnh đại diện")),
        FieldPanel("body"),
        FieldPanel("categories"),
        contributor_panel(),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "sites/news_page.html"

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    def clean(self):
        super().clean()
        if not (self.source or "").strip():
            raise ValidationError({"source": _("Tin bài phải ghi rõ nguồn tin.")})

    def summary_text(self) -> str:
        return self.summary or self.search_description

    def body_text(self) -> str:
        return stream_text(self, "body")

    def display_date(self):
        return self.date

    def dc_subjects(self) -> list[str]:
        """The names of the page's categories, read once per page object (the page's line of
        categories and its Dublin Core subjects show the same list)."""
        names = self.__dict__.get("_category_names")
        if names is None:
            names = self.__dict__["_category_names"] = [category.name for category in self.categories.all()]
        return names

    def dc_source(self) -> str:
        return self.source_url or self.source

    def fallback_credits(self) -> list[tuple[str, str]]:
        return [(Role.AUTHOR, self.author)] if self.author else []
