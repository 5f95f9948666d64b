"""StreamField blocks shared by the page types (bakerydemo style)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments.extract import StreamFieldSegmentExtractor


class FigureBlock(blocks.StructBlock):
    """An image with its caption; the alt text is the image's description or the caption."""

    image = ImageChooserBlock(label=_("ảnh"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("ảnh")
        template = "sites/blocks/figure.html"


class SectionBlock(blocks.StructBlock):
    """A titled section of text with an optional illustration."""

    heading = blocks.CharBlock(label=_("tiêu đề mục"), max_length=200)
    text = blocks.RichTextBlock(label=_("nội dung"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"])
    image = ImageChooserBlock(label=_("ảnh minh họa"), required=False)
    caption = blocks.CharBlock(label=_("chú thích ảnh"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("mục")
        template = "sites/blocks/section.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("tệp"))
    label = blocks.CharBlock(label=_("tên hiển thị"), required=False, max_length=200)

    class Meta:
        icon = "doc-full-inverse"
        label = _("tệp đính kèm")
        template = "sites/blocks/attachment.html"


VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTION_EXTENSIONS = ("vtt",)


def _extension(document) -> str:
    return document.file.name.rsplit(".", 1)[-1].lower() if document and document.file else ""


class VideoBlock(blocks.StructBlock):
    """A video (D16 item 2): an uploaded file played by the browser, or a YouTube/Vimeo address whose
    player loads only after the visitor's click (``sites.embeds``); with captions (WebVTT) and/or a
    transcript, for those who cannot hear it (WCAG 1.2)."""

    title = blocks.CharBlock(label=_("tên video"), max_length=200)
    file = DocumentChooserBlock(label=_("tệp video (MP4, WebM)"), required=False)
    embed = EmbedBlock(label=_("hoặc địa chỉ video trên YouTube, Vimeo"), required=False)
    captions = DocumentChooserBlock(label=_("phụ đề (tệp WebVTT .vtt)"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("lời thoại, mô tả nội dung"), required=False, features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "media"
        label = _("video")
        template = "sites/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("file")) == bool(value.get("embed")):
            errors["file"] = ValidationError(_("Chọn một tệp video hoặc nhập một địa chỉ YouTube/Vimeo (chỉ một)."))
        elif value.get("file") and _extension(value["file"]) not in VIDEO_EXTENSIONS:
            errors["file"] = ValidationError(_("Tệp video phải là MP4 hoặc WebM."))
        if value.get("captions") and _extension(value["captions"]) not in CAPTION_EXTENSIONS:
            errors["captions"] = ValidationError(_("Phụ đề phải là tệp WebVTT (.vtt)."))
        if not value.get("captions") and not value.get("transcript"):
            errors["transcript"] = ValidationError(
                _("Cần phụ đề hoặc lời thoại để người khiếm thính cũng tiếp cận được nội dung video.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_translatable_segments(self, value):
        """wagtail-localize's segments of the video, as it extracts any struct block's, without the
        address of an uploaded video: its extractor reads ``.url`` off every embed value and an empty one
        is ``None``. A stream field's overridables are always extracted (it is synchronized)."""
        present = blocks.StructValue(self, [(name, item) for name, item in value.items() if item is not None])
        return StreamFieldSegmentExtractor(None, include_overridables=True).handle_struct_block(present)


class BodyBlock(blocks.StreamBlock):
    """Body of an article: paragraphs, headings, figures, quotes, tables and attachments."""

    heading = blocks.CharBlock(label=_("tiêu đề"), form_classname="title", template="sites/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"))
    image = FigureBlock()
    quote = blocks.BlockQuoteBlock(label=_("trích dẫn"))
    table = TableBlock(label=_("bảng"), template="sites/blocks/table.html")
    attachment = AttachmentBlock()
    video = VideoBlock()

    class Meta:
        label = _("nội dung")


class IntroductionBlock(blocks.StreamBlock):
    """The sections of an introduction page (D1)."""

    org_chart = FigureBlock(label=_("sơ đồ tổ chức"), icon="group")
    admin_map = FigureBlock(label=_("bản đồ hành chính"), icon="site")
    natural_conditions = SectionBlock(label=_("điều kiện tự nhiên"))
    history = SectionBlock(label=_("lịch sử"))
    culture = SectionBlock(label=_("văn hóa"))
    relics = SectionBlock(label=_("di tích, danh thắng"))
    section = SectionBlock(label=_("mục khác"))

    class Meta:
        label = _("các mục giới thiệu")


# --- The home page's blocks (issue 16 item 1) --------------------------------------------------
# Each block is one section of the home page with an optional heading: left blank, the block shows
# its default heading in the page's language (the catalogue translates it), so a new site's layout
# has nothing to translate until the board writes its own words. A block reads its content through
# the home page (``value`` + ``page`` in the context): blocks import no model. Blocks that show
# another app's content (consultations, questions) render a template of the project layer, which
# pulls that content in through the app's template tags (docs/architecture.md, "templates").


def _heading_block() -> blocks.CharBlock:
    return blocks.CharBlock(
        label=_("tiêu đề khối"),
        required=False,
        max_length=120,
        help_text=_("Để trống để dùng tiêu đề mặc định của khối."),
    )


def _count_block(default: int = 5) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(label=_("số mục hiển thị"), default=default, min_value=1, max_value=12)


class HomeSectionBlock(blocks.StructBlock):
    """A section of the home page: ``heading`` or the block's default one, an ``id`` for its
    ``aria-labelledby`` (the stream child's id, given by the ``home_body`` tag) and its content."""

    heading = _heading_block()
    default_heading = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading"] = value.get("heading") or self.default_heading
        context["section_id"] = f"khoi-{(parent_context or {}).get('block_id') or id(value)}"
        page = context.get("page")
        context.update(self.content(value, page) if page is not None else {})
        return context

    def content(self, value, page) -> dict:
        return {}


class FeaturedNewsBlock(HomeSectionBlock):
    """Featured news: the pages the board chose, else the newest ``count`` (on a translated home
    filled up with untranslated news of the source language, ``HomePage.latest_news``)."""

    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="portal.NewsPage"),
        label=_("tin chọn nổi bật"),
        required=False,
        default=[],
        help_text=_("Để trống để hiện các tin mới nhất."),
    )
    count = _count_block()
    default_heading = _("Tin mới")

    class Meta:
        icon = "doc-full"
        label = _("tin nổi bật")
        template = "sites/blocks/home/news.html"

    def content(self, value, page) -> dict:
        chosen = [item.pk for item in value.get("pages") or [] if item is not None]
        news = page.chosen_news(chosen) if chosen else page.latest_news(value.get("count") or 5)
        return {"news": news}


class LatestDocumentsBlock(HomeSectionBlock):
    """The newest legal documents of the register (D4), withdrawn ones left out."""

    count = _count_block()
    default_heading = _("Văn bản mới")

    class Meta:
        icon = "doc-full-inverse"
        label = _("văn bản mới")
        template = "sites/blocks/home/documents.html"

    def content(self, value, page) -> dict:
        documents, register = page.latest_documents(value.get("count") or 5)
        return {"documents": documents, "register": register}


class WorkScheduleBlock(HomeSectionBlock):
    """This week's work schedule of the leaders (D3)."""

    default_heading = _("Lịch công tác tuần này")

    class Meta:
        icon = "date"
        label = _("lịch công tác tuần")
        template = "sites/blocks/home/schedule.html"

    def content(self, value, page) -> dict:
        schedule, days = page.week_schedule()
        return {"schedule": schedule, "days": days}


class ConsultationsBlock(HomeSectionBlock):
    """Drafts open for comments now (D8; the participation app, through its template tags)."""

    count = _count_block()
    default_heading = _("Lấy ý kiến dự thảo")

    class Meta:
        icon = "comment"
        label = _("dự thảo đang lấy ý kiến")
        template = "includes/home_consultations.html"


class AnsweredQuestionsBlock(HomeSectionBlock):
    """The newest published answers to citizens' questions (D9; the participation app's tags)."""

    count = _count_block()
    default_heading = _("Hỏi đáp mới trả lời")

    class Meta:
        icon = "help"
        label = _("câu hỏi mới được trả lời")
        template = "includes/home_questions.html"


class OnlineServicesBlock(HomeSectionBlock):
    """Online public services (D15): the site's procedures, the national portal, the dossier results."""

    default_heading = _("Dịch vụ công trực tuyến")

    class Meta:
        icon = "form"
        label = _("dịch vụ công trực tuyến")
        template = "sites/blocks/home/services.html"

    def content(self, value, page) -> dict:
        return {"service_index": page.service_index()}


class GovernmentLinksBlock(HomeSectionBlock):
    """Links to other government sites (D14): the chosen ones, else every link of the list."""

    links = blocks.ListBlock(
        SnippetChooserBlock("portal.GovernmentLink"),
        label=_("liên kết chọn"),
        required=False,
        default=[],
        help_text=_("Để trống để hiện mọi liên kết trong danh sách Liên kết website."),
    )
    default_heading = _("Liên kết website")

    class Meta:
        icon = "link"
        label = _("liên kết trang thông tin Chính phủ")
        template = "sites/blocks/home/government_links.html"

    def content(self, value, page) -> dict:
        return {"chosen_links": [link for link in value.get("links") or [] if link is not None]}


class ComponentSitesBlock(HomeSectionBlock):
    """The component sites beneath this one (D28); shows nothing on a site without any."""

    default_heading = _("Trang thông tin điện tử thành phần")

    class Meta:
        icon = "site"
        label = _("trang thành phần")
        template = "sites/blocks/home/component_sites.html"


class LatestBeneathBlock(blocks.StaticBlock):
    """The newest news of the sites beneath (province and district portals; nothing elsewhere)."""

    class Meta:
        icon = "list-ul"
        label = _("tin mới từ các đơn vị trực thuộc")
        admin_text = _("Tin mới nhất của các trang thành phần (chỉ hiện trên cổng tỉnh, huyện).")
        template = "sites/blocks/home/latest_beneath.html"


class BannerBlock(blocks.StructBlock):
    """A banner: an image that links to a page of the site or an address, with its alternative text
    (WCAG 1.1.1: what the banner says, since it is the link's only content)."""

    image = ImageChooserBlock(label=_("ảnh"))
    alt_text = blocks.CharBlock(
        label=_("văn bản thay thế"),
        max_length=250,
        help_text=_("Nội dung của băng rôn bằng chữ, đọc cho người khiếm thị (bắt buộc)."),
    )
    link_page = blocks.PageChooserBlock(label=_("liên kết đến trang"), required=False)
    link_url = blocks.URLBlock(label=_("hoặc địa chỉ"), required=False)

    class Meta:
        icon = "image"
        label = _("băng rôn")
        template = "sites/blocks/home/banner.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("link_page")) == bool(value.get("link_url")):
            raise StructBlockValidationError(
                block_errors={"link_page": ValidationError(_("Chọn một trang hoặc nhập một địa chỉ (chỉ một)."))}
            )
        return value


class HomeBodyBlock(blocks.StreamBlock):
    """The home page's blocks, in the order the board sets them."""

    news = FeaturedNewsBlock()
    documents = LatestDocumentsBlock()
    schedule = WorkScheduleBlock()
    consultations = ConsultationsBlock()
    questions = AnsweredQuestionsBlock()
    services = OnlineServicesBlock()
    government_links = GovernmentLinksBlock()
    component_sites = ComponentSitesBlock()
    latest_beneath = LatestBeneathBlock()
    video = VideoBlock()
    banner = BannerBlock()

    class Meta:
        label = _("các khối trang chủ")
        # Blocks whose sections carry fixed ids (the dossier widget, the roll-up of news beneath).
        block_counts = {"services": {"max_num": 1}, "latest_beneath": {"max_num": 1}}


def default_home_body() -> list[tuple[str, object]]:
    """The layout every new home page starts with (``sites.provisioning``; migration 0017 gave it to
    the homes that existed): what the home showed before it had blocks — the newest news, the
    online services and dossier results, the component sites, the news from beneath — and a block
    for each required section the home leads to (documents, the week's schedule, consultations,
    answered questions, links to government sites). Headings are left blank: the defaults follow
    the page's language."""
    return [
        ("news", {"heading": "", "pages": [], "count": 5}),
        ("services", {"heading": ""}),
        ("documents", {"heading": "", "count": 5}),
        ("schedule", {"heading": ""}),
        ("consultations", {"heading": "", "count": 3}),
        ("questions", {"heading": "", "count": 5}),
        ("component_sites", {"heading": ""}),
        ("government_links", {"heading": "", "links": []}),
        ("latest_beneath", None),
    ]
