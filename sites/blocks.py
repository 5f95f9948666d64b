"""StreamField blocks shared by the page types (bakerydemo style)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


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
