"""Factories of the unit tests (factory_boy + wagtail-factories): pages of every type of ``sites`` and
``participation`` under the current tenant's home page, published with a revision like an editor's;
images and documents with small real files made here (Pillow); snippets of the seeded reference lists.

Call them inside ``tenant_context(tenant)``. A page factory takes ``parent=`` (default: the home page
of the tenant's default Wagtail Site) and ``publish=False`` for a page saved without a revision.
"""

from __future__ import annotations

import datetime
import io

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Site

from participation import models as participation
from sites import models as portal


def home():
    """The home page of the current tenant's default Wagtail Site."""
    return Site.objects.get(is_default_site=True).root_page.specific


def pdf_bytes(text: str = "Toàn văn") -> bytes:
    """A small real one-page PDF (Pillow's PDF writer), ``text`` kept in its document info."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 170), (255, 255, 255)).save(buffer, format="PDF", title=text)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (64, 40), color=(10, 74, 140)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def rich(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def body(*paragraphs: str) -> list[tuple[str, str]]:
    return [("paragraph", rich(p)) for p in paragraphs]


# --- media --------------------------------------------------------------------------------------


class _InRootCollection(factory.django.DjangoModelFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)


class ImageFactory(_InRootCollection):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    description = factory.SelfAttribute("title")
    file = factory.LazyAttribute(lambda image: ContentFile(png_bytes(), name="anh.png"))


class DocumentFactory(_InRootCollection):
    """A document with a small real PDF (or ``file=ContentFile(...)`` of your own)."""

    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Tài liệu {n}")
    file = factory.LazyAttribute(lambda document: ContentFile(pdf_bytes(document.title), name="tai-lieu.pdf"))


# --- pages --------------------------------------------------------------------------------------


class PortalPageFactory(wagtail_factories.PageFactory):
    """A page under the home page (or ``parent=``), published through a revision unless ``publish=False``."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True  # a second save() would overwrite what publishing set

    parent = factory.LazyFunction(home)
    locale = factory.LazyAttribute(lambda page: page.parent.locale if page.parent else Locale.get_default())
    title = factory.Sequence(lambda n: f"Trang {n}")

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and extracted is not False:
            page.save_revision().publish()
            page.refresh_from_db()  # live revision, publication dates

    @factory.post_generation
    def first_published_at(page, create, extracted, **kwargs):
        """``first_published_at=<datetime>``: backdate the page (news and documents sort by it)."""
        if create and extracted is not None:
            type(page).objects.filter(pk=page.pk).update(first_published_at=extracted)
            page.first_published_at = extracted


class IntroductionPageFactory(PortalPageFactory):
    class Meta:
        model = portal.IntroductionPage

    title = "Giới thiệu"
    slug = "gioi-thieu"
    summary = "Vị trí địa lý, lịch sử, bộ máy tổ chức và lãnh đạo."


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = portal.IntroductionPage.leaders.rel.related_model

    name = factory.Sequence(lambda n: f"Lãnh đạo {n}")
    position = "Chủ tịch Ủy ban nhân dân"
    bio = "Cử nhân Luật."
    duties = rich("Điều hành chung.")
    sort_order = factory.Sequence(int)


class NewsIndexPageFactory(PortalPageFactory):
    class Meta:
        model = portal.NewsIndexPage

    title = "Tin tức – Sự kiện"
    slug = "tin-tuc"


class NewsPageFactory(PortalPageFactory):
    class Meta:
        model = portal.NewsPage

    date = factory.LazyFunction(timezone.now)
    source = "Ban Biên tập"
    author = "Phóng viên"
    summary = factory.LazyAttribute(lambda page: f"Tóm tắt: {page.title}")
    body = factory.LazyAttribute(lambda page: body(page.summary))

    @factory.post_generation
    def categories(page, create, extracted, **kwargs):
        """``categories=["Kinh tế"]``: names of the seeded news categories."""
        if extracted:
            page.categories = list(portal.NewsCategory.objects.filter(name__in=extracted))
            page.save_revision().publish()
            page.refresh_from_db()


class SectionIndexPageFactory(PortalPageFactory):
    class Meta:
        model = portal.SectionIndexPage

    category = "direction"


class ArticlePageFactory(PortalPageFactory):
    class Meta:
        model = portal.ArticlePage

    topic = "directive"
    date = factory.LazyFunction(datetime.date.today)
    summary = factory.LazyAttribute(lambda page: f"Tóm tắt: {page.title}")
    body = factory.LazyAttribute(lambda page: body(page.summary))


class WorkSchedulePageFactory(PortalPageFactory):
    class Meta:
        model = portal.WorkSchedulePage

    title = "Lịch công tác tuần"
    slug = "lich-cong-tac"
    week_start = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    )


class ScheduleEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = portal.WorkSchedulePage.entries.rel.related_model

    day = factory.LazyFunction(datetime.date.today)
    time = datetime.time(8, 0)
    content = "Giao ban lãnh đạo đầu tuần"
    chair = "Chủ tịch UBND"
    participants = "Lãnh đạo, công chức chuyên môn"
    location = "Phòng họp số 1"
    sort_order = factory.Sequence(int)


class ScienceProgrammePageFactory(PortalPageFactory):
    class Meta:
        model = portal.ScienceProgrammePage

    code = factory.Sequence(lambda n: f"PT-{n:03d}")
    level = "province"
    lead_unit = "Trung tâm Khuyến nông tỉnh"
    principal = "ThS. Lê Thị Thu"
    start_date = datetime.date(2024, 3, 1)
    end_date = datetime.date(2025, 12, 31)
    status = "accepted"
    acceptance_date = datetime.date(2026, 2, 15)
    summary = "Mô hình sản xuất chè an toàn."


class StatisticsReportPageFactory(PortalPageFactory):
    class Meta:
        model = portal.StatisticsReportPage

    period = "Năm 2025"
    report_date = factory.LazyFunction(datetime.date.today)
    data_file = factory.SubFactory(
        DocumentFactory,
        file=factory.LazyFunction(lambda: ContentFile(b"Chi tieu,So lieu\nDan so,6820\n", "so-lieu.csv")),
    )
    summary = "Dân số trung bình 6.820 người."


class LegalDocumentIndexPageFactory(PortalPageFactory):
    class Meta:
        model = portal.LegalDocumentIndexPage

    title = "Văn bản"
    slug = "van-ban"


class LegalDocumentPageFactory(PortalPageFactory):
    """A legal document; ``doc_type`` / ``issuing_body`` / ``field`` by name from the seeded lists."""

    class Meta:
        model = portal.LegalDocumentPage

    class Params:
        type_name = "Quyết định"
        body_name = "Ủy ban nhân dân"
        sector = None

    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    title = factory.LazyAttribute(lambda page: f"{page.type_name} {page.number}")
    doc_type = factory.LazyAttribute(lambda page: portal.DocumentType.objects.get(name=page.type_name))
    issuing_body = factory.LazyAttribute(lambda page: portal.IssuingBody.objects.get(name=page.body_name))
    field = factory.LazyAttribute(lambda page: portal.Sector.objects.filter(name=page.sector).first())
    issue_date = factory.LazyFunction(datetime.date.today)
    effective_date = factory.SelfAttribute("issue_date")
    summary = factory.LazyAttribute(lambda page: f"Về việc {page.number}")
    signer = "Chủ tịch UBND"
    status = "in_force"


class ProjectIndexPageFactory(PortalPageFactory):
    class Meta:
        model = portal.ProjectIndexPage

    title = "Dự án, đấu thầu, mua sắm công"
    slug = "du-an"


class ProjectPageFactory(PortalPageFactory):
    class Meta:
        model = portal.ProjectPage

    objective = "Nâng cấp hạ tầng."
    project_type = "public_investment"
    start_year = 2025
    end_year = 2026
    budget = 1000
    funding_type = "state_budget"
    sponsor = "UBND xã"
    location = "Xã"
    status = "in_progress"


class ServiceIndexPageFactory(PortalPageFactory):
    class Meta:
        model = portal.ServiceIndexPage

    title = "Dịch vụ công trực tuyến"
    slug = "dich-vu-cong"


class ServicePageFactory(PortalPageFactory):
    class Meta:
        model = portal.ServicePage

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    agency = "UBND xã"
    user_type = "citizen"
    level = "full"
    fee = "Miễn lệ phí"
    processing_time = "Ngay trong ngày"
    sector = factory.LazyFunction(lambda: portal.Sector.objects.get(name="Hộ tịch"))
    summary = factory.LazyAttribute(lambda page: f"Thủ tục {page.title.lower()}.")
    required_documents = rich("Tờ khai theo mẫu;", "Giấy tờ tùy thân.")
    guidance = rich("Bước 1: Nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa.")


class DossierStatisticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = portal.DossierStatistics

    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 1, 31)
    received = 12
    processed = 10
    on_time = 8
    late = 2


class ContactDirectoryPageFactory(PortalPageFactory):
    class Meta:
        model = portal.ContactDirectoryPage

    title = "Danh bạ cán bộ"
    slug = "danh-ba"


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = portal.ContactDirectoryPage.officials.rel.related_model

    name = factory.Sequence(lambda n: f"Cán bộ {n}")
    position = "Công chức"
    unit = "Văn phòng"
    phone = "0210 3846 200"
    email = factory.Sequence(lambda n: f"canbo{n}@example.gov.vn")
    sort_order = factory.Sequence(int)


class LinksPageFactory(PortalPageFactory):
    class Meta:
        model = portal.LinksPage

    title = "Liên kết website"
    slug = "lien-ket"


class GovernmentLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = portal.GovernmentLink

    name = "Cổng Thông tin điện tử Chính phủ"
    url = "https://chinhphu.vn/"
    group = "central"
    locale = factory.LazyFunction(Locale.get_default)
    sort_order = factory.Sequence(int)


# --- citizen interaction -------------------------------------------------------------------------


class QuestionIndexPageFactory(PortalPageFactory):
    class Meta:
        model = participation.QuestionIndexPage

    title = "Hỏi đáp"
    slug = "hoi-dap"
    receiving_unit = "Văn phòng HĐND và UBND"


class ConsultationIndexPageFactory(PortalPageFactory):
    class Meta:
        model = participation.ConsultationIndexPage

    title = "Lấy ý kiến dự thảo"
    slug = "lay-y-kien"


class ConsultationPageFactory(PortalPageFactory):
    class Meta:
        model = participation.ConsultationPage

    summary = "Dự thảo lấy ý kiến nhân dân."
    body = rich("Điều 1. Phạm vi điều chỉnh.")
    open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    close_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=25))
    unit_name = "Văn phòng HĐND và UBND"
    unit_address = "Trụ sở UBND"
    unit_phone = "0210 3 856 123"
    unit_email = "vanphong@example.gov.vn"
