"""Editable lists (snippets) and the per-site portal settings (D6 types/bodies, D10, D14)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import TranslatableMixin
from wagtail.search import index

# Reference lists every site starts with (DESIGN.md §4; editable afterwards).
DOCUMENT_TYPES = [
    "Nghị quyết",
    "Quyết định",
    "Quy chế",
    "Quy định",
    "Chỉ thị",
    "Kế hoạch",
    "Chương trình",
    "Thông báo",
    "Báo cáo",
    "Tờ trình",
    "Hướng dẫn",
    "Công văn",
    "Kết luận",
    "Giấy mời",
    "Danh sách",
    "Nội quy",
]
ISSUING_BODIES = [
    ("Đảng ủy", "DU"),
    ("Hội đồng nhân dân", "HĐND"),
    ("Ủy ban nhân dân", "UBND"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ"),
    ("Ban Biên tập cổng thông tin điện tử", "BBT"),
    ("Cơ quan cấp trên", "CT"),
]
# The document types each body posts on its site (Quy chế phối hợp đăng tải văn bản, xã Quang Khải,
# phụ lục 1–4: Đảng ủy, HĐND, UBND, UBMTTQ); a body without a list posts any type. Editable per site.
BODY_DOCUMENT_TYPES = {
    "Đảng ủy": ["Nghị quyết", "Kết luận", "Quy chế", "Quyết định", "Quy định", "Thông báo", "Báo cáo", "Kế hoạch",
                "Chương trình", "Công văn"],
    "Hội đồng nhân dân": ["Nghị quyết", "Quyết định", "Quy chế", "Thông báo", "Báo cáo", "Kế hoạch", "Chương trình",
                          "Công văn", "Kết luận", "Giấy mời", "Danh sách"],
    "Ủy ban nhân dân": ["Quyết định", "Quy chế", "Thông báo", "Báo cáo", "Kế hoạch", "Tờ trình", "Chỉ thị",
                        "Chương trình", "Quy định", "Nội quy", "Công văn", "Hướng dẫn", "Giấy mời"],
    "Ủy ban Mặt trận Tổ quốc Việt Nam": ["Báo cáo", "Tờ trình", "Quy chế", "Quyết định", "Thông báo", "Chương trình",
                                         "Kế hoạch", "Hướng dẫn", "Công văn"],
}  # fmt: skip
SECTORS = [
    "Đất đai",
    "Xây dựng",
    "Tài nguyên và môi trường",
    "Nông nghiệp",
    "Hộ tịch",
    "Chứng thực",
    "Tư pháp",
    "Giáo dục",
    "Y tế",
    "Văn hóa, thể thao và du lịch",
    "Lao động, thương binh và xã hội",
    "Tài chính",
    "Giao thông vận tải",
    "Công thương",
    "Khoa học và công nghệ",
    "Thông tin và truyền thông",
    "Nội vụ",
    "Quốc phòng, an ninh",
]
NEWS_CATEGORIES = ["Tin hoạt động", "Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Thông báo"]


class NamedSnippet(TranslatableMixin, index.Indexed, models.Model):
    """A translatable entry of an editable list, ordered and named."""

    name = models.CharField(_("tên"), max_length=200)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class DocumentType(NamedSnippet):
    """Loại văn bản (Nghị quyết, Quyết định, …)."""

    class Meta(NamedSnippet.Meta):
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")


class IssuingBody(NamedSnippet):
    """Cơ quan ban hành (Đảng ủy, HĐND, UBND, UBMTTQ, cấp trên…)."""

    abbreviation = models.CharField(_("viết tắt"), max_length=20, blank=True)
    document_types = models.ManyToManyField(
        "portal.DocumentType",
        verbose_name=_("loại văn bản được đăng"),
        blank=True,
        related_name="+",
        help_text=_(
            "Danh mục văn bản cơ quan được đăng trên cổng (Quy chế phối hợp đăng tải văn bản); để trống: mọi loại."
        ),
    )

    panels = NamedSnippet.panels + [
        FieldPanel("abbreviation"),
        FieldPanel("document_types", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(NamedSnippet.Meta):
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    def allowed_type_keys(self) -> set:
        """Translation keys of the types this body posts (its list in any locale); empty: every type."""
        bodies = IssuingBody.objects.filter(translation_key=self.translation_key)
        return set(bodies.exclude(document_types=None).values_list("document_types__translation_key", flat=True))

    def allows(self, doc_type) -> bool:
        keys = self.allowed_type_keys()
        return not keys or doc_type.translation_key in keys

    def allowed_type_names(self) -> list[str]:
        keys = self.allowed_type_keys()
        types = DocumentType.objects.filter(translation_key__in=keys, locale_id=self.locale_id)
        return list(types.order_by("sort_order", "name").values_list("name", flat=True))


class Sector(NamedSnippet):
    """Lĩnh vực — shared by documents, public services, projects and science programmes."""

    class Meta(NamedSnippet.Meta):
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")


class NewsCategory(NamedSnippet):
    class Meta(NamedSnippet.Meta):
        verbose_name = _("chuyên mục tin")
        verbose_name_plural = _("chuyên mục tin")


class GovernmentLink(TranslatableMixin, models.Model):
    """A link to another government site (D14), shown in the footer and on the links page."""

    class Group(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Tỉnh")
        LOCAL = "local", _("Địa phương")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên trang"), max_length=200)
    url = models.URLField(_("địa chỉ"))
    group = models.CharField(_("nhóm"), max_length=16, choices=Group.choices, default=Group.CENTRAL)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("group"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["group", "sort_order", "name"]
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")

    def __str__(self) -> str:
        return self.name


@register_setting(icon="mail")
class PortalSettings(BaseSiteSetting):
    """Portal contacts of the editorial board (D10, footer of every page) and service links (D15)."""

    editorial_board = models.CharField(_("ban biên tập"), max_length=200, blank=True)
    responsible_person = models.CharField(_("người chịu trách nhiệm"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    licence = models.CharField(_("giấy phép"), max_length=300, blank=True)
    editorial_board_en = models.CharField(_("ban biên tập (tiếng Anh)"), max_length=200, blank=True)
    responsible_person_en = models.CharField(_("người chịu trách nhiệm (tiếng Anh)"), max_length=200, blank=True)
    address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=300, blank=True)
    licence_en = models.CharField(_("giấy phép (tiếng Anh)"), max_length=300, blank=True)
    one_stop_url = models.URLField(
        _("cổng dịch vụ công của tỉnh"),
        blank=True,
        help_text=_("Hệ thống thông tin giải quyết thủ tục hành chính (một cửa điện tử) của tỉnh."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("editorial_board"),
                FieldPanel("responsible_person"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("licence"),
            ],
            heading=_("Liên hệ ban biên tập"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("editorial_board_en"),
                FieldPanel("responsible_person_en"),
                FieldPanel("address_en"),
                FieldPanel("licence_en"),
            ],
            heading=_("Liên hệ ban biên tập bằng tiếng Anh"),
            classname="collapsed",
        ),
        FieldPanel("one_stop_url"),
    ]

    ENGLISH_FIELDS = ("editorial_board", "responsible_person", "address", "licence")

    class Meta:
        verbose_name = _("thông tin cổng")

    def contacts(self, language: str | None) -> dict[str, str]:
        """The footer contacts (D10) in ``language``: English pages take the ``*_en`` text where it
        is filled in and the Vietnamese text otherwise (phone, fax and email are the same in both)."""
        english = (language or "").startswith("en")
        values = {name: getattr(self, name) for name in ("phone", "fax", "email", "one_stop_url")}
        for name in self.ENGLISH_FIELDS:
            values[name] = (english and getattr(self, f"{name}_en")) or getattr(self, name)
        return values
