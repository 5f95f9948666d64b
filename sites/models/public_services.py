"""Online public services (D15): catalogue, service pages and per-period dossier statistics."""

from __future__ import annotations

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from core.kinds import Kind
from core.procedures import national_procedure_url

from ..blocks import AttachmentBlock
from .base import PortalPage, SuppliedSection, paginate, plain_text
from .snippets import Sector


class UserType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp")
    ORGANISATION = "organisation", _("Tổ chức")
    ALL = "all", _("Mọi đối tượng")


class ServiceLevel(models.TextChoices):
    """Decree 42/2022: wholly online / partly online (older sites: levels 1–4)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    INFO = "info", _("Cung cấp thông tin")


class SubmissionMethod(models.TextChoices):
    """Cách thức thực hiện (Decree 63/2010, art. 8): how a dossier can be handed in."""

    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Qua dịch vụ bưu chính")


PROCEDURE_CODE_PATTERN = r"^\d+(?:\.\d+)*$"
validate_procedure_code = RegexValidator(
    PROCEDURE_CODE_PATTERN,
    _("Mã thủ tục gồm chữ số và dấu chấm, theo Cơ sở dữ liệu quốc gia về thủ tục hành chính (ví dụ 1.001193)."),
)


class ChoiceArrayField(ArrayField):
    """A list of choices edited as check boxes (ArrayField's own form field is a comma-separated text box)."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        return super(ArrayField, self).formfield(**defaults)


class ServiceIndexPage(SuppliedSection, PortalPage):
    """Danh mục dịch vụ công trực tuyến: filter by sector, user type, implementing agency and level."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + SuppliedSection.supplying_panels
    subpage_types = ["portal.ServicePage"]
    template = "sites/service_index_page.html"

    class Meta:
        verbose_name = _("danh mục dịch vụ công")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = ServicePage.objects.child_of(self).live().public().select_related("sector")
        agencies = sorted(set(services.values_list("agency", flat=True)))
        filters: dict[str, object] = {}
        for name, choices in (("user_type", UserType), ("level", ServiceLevel)):
            value = request.GET.get(name, "")
            if value in choices.values:
                services = services.filter(**{name: value})
                filters[name] = value
        sector = request.GET.get("sector", "")
        if sector.isdigit():
            services = services.filter(sector_id=int(sector))
            filters["sector"] = int(sector)
        agency = request.GET.get("agency", "")
        if agency in agencies:
            services = services.filter(agency=agency)
            filters["agency"] = agency
        context.update(
            services=paginate(request, services.order_by("sector__sort_order", "title"), per_page=20),
            filters=filters,
            agency_choices=[(agency, agency) for agency in agencies],
            sector_choices=[(sector.pk, sector.name) for sector in Sector.objects.filter(locale=self.locale)],
            user_type_choices=UserType.choices,
            level_choices=ServiceLevel.choices,
        )
        return context


class ServicePage(PortalPage):
    """One administrative procedure offered online (D15)."""

    english_duty = "D15"
    search_kind = Kind.SERVICE

    code = models.CharField(
        _("mã thủ tục"),
        max_length=50,
        db_index=True,
        validators=[validate_procedure_code],
        help_text=_("Mã trên Cổng Dịch vụ công quốc gia, ví dụ 1.001193: trang thủ tục liên kết đến đó."),
    )
    sector = models.ForeignKey(
        "portal.Sector", verbose_name=_("lĩnh vực"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.CharField(_("cơ quan thực hiện"), max_length=300)
    user_type = models.CharField(
        _("đối tượng thực hiện"), max_length=16, choices=UserType.choices, default=UserType.ALL
    )
    level = models.CharField(_("mức độ"), max_length=16, choices=ServiceLevel.choices, default=ServiceLevel.FULL)
    fee = models.CharField(_("phí, lệ phí"), max_length=300, blank=True)
    processing_time = models.CharField(_("thời hạn giải quyết"), max_length=200)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    required_documents = RichTextField(_("thành phần hồ sơ"))
    guidance = RichTextField(_("trình tự thực hiện, hướng dẫn"))
    legal_basis = RichTextField(_("căn cứ pháp lý"), blank=True)
    forms = StreamField([("form", AttachmentBlock())], verbose_name=_("mẫu đơn, tờ khai"), blank=True)
    online_url = models.URLField(
        _("liên kết nộp hồ sơ trực tuyến"),
        blank=True,
        help_text=_("Để trống: dùng địa chỉ cổng dịch vụ công của tỉnh."),
    )
    foreigner_usable = models.BooleanField(_("người nước ngoài sử dụng được"), default=False)
    submission_methods = ChoiceArrayField(
        models.CharField(max_length=16, choices=SubmissionMethod.choices),
        verbose_name=_("cách thức thực hiện"),
        default=list,
        blank=True,
    )
    conditions = RichTextField(_("điều kiện thực hiện"), blank=True)
    result = models.CharField(
        _("kết quả thực hiện"), max_length=500, blank=True, help_text=_("Ví dụ: Giấy khai sinh (bản chính).")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("sector")]),
                FieldPanel("agency"),
                FieldRowPanel([FieldPanel("user_type"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("processing_time")]),
                FieldPanel("submission_methods"),
                FieldPanel("foreigner_usable"),
            ],
            heading=_("Thông tin thủ tục"),
        ),
        FieldPanel("summary"),
        FieldPanel("conditions"),
        FieldPanel("required_documents"),
        FieldPanel("guidance"),
        FieldPanel("result"),
        FieldPanel("legal_basis"),
        FieldPanel("forms"),
        FieldPanel("online_url"),
    ]
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("online_url"),
        SynchronizedField("submission_methods"),
    ]
    parent_page_types = ["portal.ServiceIndexPage"]
    subpage_types: list[str] = []
    template = "sites/service_page.html"

    class Meta:
        verbose_name = _("dịch vụ công")
        verbose_name_plural = _("dịch vụ công")

    def requires_english(self) -> bool:
        return bool(self.foreigner_usable)

    def clean(self):
        super().clean()
        code = (self.code or "").strip()
        if code and self._code_taken(code):
            raise ValidationError(
                {"code": _("Mã thủ tục %(code)s đã có ở một dịch vụ công khác của trang.") % {"code": code}}
            )

    def _code_taken(self, code: str) -> bool:
        """Another procedure of this site has the code (translations of this one share it)."""
        others = ServicePage.objects.filter(code=code)
        if self.translation_key:
            others = others.exclude(translation_key=self.translation_key)
        if self.pk:
            others = others.exclude(pk=self.pk)
        return others.exists()

    def national_url(self) -> str:
        return national_procedure_url(self.code)

    def submission_method_labels(self) -> list[str]:
        labels = dict(SubmissionMethod.choices)
        return [str(labels[value]) for value in self.submission_methods or [] if value in labels]

    def submit_url(self, portal_settings=None) -> str:
        return self.online_url or (portal_settings.one_stop_url if portal_settings else "")

    def totals(self) -> dict[str, int]:
        sums = self.dossier_statistics.aggregate(
            received=Sum("received"), processed=Sum("processed"), on_time=Sum("on_time"), late=Sum("late")
        )
        return {key: value or 0 for key, value in sums.items()}

    def summary_text(self) -> str:
        return self.summary or self.search_description

    def body_text(self) -> str:
        return " ".join(
            [
                self.code,
                self.agency,
                plain_text(self.conditions),
                plain_text(self.required_documents),
                plain_text(self.guidance),
                self.result,
            ]
        )

    def display_date(self):
        return self.last_published_at

    def level_label(self) -> str:
        """The service level in the page's own language ("Toàn trình" / "Wholly online")."""
        with translation.override(self.locale.language_code if self.locale_id else None):
            return str(self.get_level_display())

    def search_meta(self) -> dict:
        return {
            "service_code": self.code,
            "service_sector": self.sector.name if self.sector_id else "",
            "service_level": self.level_label(),
            **self.totals(),
        }

    def dc_subjects(self) -> list[str]:
        return [self.sector.name] if self.sector_id else []

    def dc_publisher(self) -> str:
        return self.agency


class DossierStatistics(models.Model):
    """Dossier results of one service over one period (D15), entered by the site's editors."""

    service = models.ForeignKey(
        ServicePage, verbose_name=_("dịch vụ công"), on_delete=models.CASCADE, related_name="dossier_statistics"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    received = models.PositiveIntegerField(_("tiếp nhận"), default=0)
    pending = models.PositiveIntegerField(_("đang giải quyết"), default=0)
    processed = models.PositiveIntegerField(_("đã giải quyết"), default=0)
    on_time = models.PositiveIntegerField(_("đúng hạn"), default=0)
    late = models.PositiveIntegerField(_("trễ hạn"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    panels = [
        FieldPanel("service"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel([FieldPanel("received"), FieldPanel("processed")]),
        FieldRowPanel([FieldPanel("on_time"), FieldPanel("late")]),
        FieldPanel("pending"),
    ]

    class Meta:
        ordering = ["-period_end", "service"]
        verbose_name = _("kết quả giải quyết hồ sơ")
        verbose_name_plural = _("kết quả giải quyết hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "period_start", "period_end"], name="dossier_stats_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="dossier_stats_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.title}: {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    def search_pages(self) -> list[int]:
        """The service whose search entry carries these figures (re-queued on save and delete, so the
        province roll-up of dossier results stays current)."""
        return [self.service_id]

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Ngày cuối kỳ phải sau ngày đầu kỳ.")
        if (
            self.on_time is not None
            and self.late is not None
            and self.processed is not None
            and self.on_time + self.late != self.processed
        ):
            errors["late"] = _("Số hồ sơ đúng hạn cộng trễ hạn phải bằng số hồ sơ đã giải quyết.")
        if errors:
            raise ValidationError(errors)

    @property
    def late_rate(self) -> float:
        return round(100 * self.late / self.processed, 1) if self.processed else 0.0
