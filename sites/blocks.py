"""StreamField blocks shared by the page types (bakerydemo style)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
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


class BodyBlock(blocks.StreamBlock):
    """Body of an article: paragraphs, headings, figures, quotes, tables and attachments."""

    heading = blocks.CharBlock(label=_("tiêu đề"), form_classname="title", template="sites/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"))
    image = FigureBlock()
    quote = blocks.BlockQuoteBlock(label=_("trích dẫn"))
    table = TableBlock(label=_("bảng"), template="sites/blocks/table.html")
    attachment = AttachmentBlock()

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
