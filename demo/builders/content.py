"""Demo content of every page type of ``sites`` for every demo tenant; called by the demo loader.

Idempotent: every page is looked up by slug under its parent first, files and images by title, and
statistics by (service, period); a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from contributors.models import Contributor, Role
from sites.models import (
    ArticlePage,
    ContactDirectoryPage,
    DocumentCorrection,
    DocumentStatus,
    DocumentType,
    DossierStatistics,
    GazetteIssue,
    GazettePage,
    GovernmentLink,
    IntroductionPage,
    IssuingBody,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LinksPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    ProjectIndexPage,
    ProjectPage,
    ScienceProgrammePage,
    SectionIndexPage,
    Sector,
    ServiceIndexPage,
    ServicePage,
    StatisticsReportPage,
    WorkSchedulePage,
)
from sites.reference import seed_reference_lists
from sites.services.legal import attach_file, withdraw_document

from . import files, variety
from .files import png


@dataclass(frozen=True)
class Place:
    """Words that make the demo text of one tenant read naturally."""

    name: str  # "Xã Sơn Hùng"
    short: str  # "Sơn Hùng"
    council: str  # "UBND xã Sơn Hùng"
    level: str  # "xã" / "huyện" / "tỉnh"
    domain: str
    prefix: str  # "UBND" number suffix e.g. 15/QĐ-UBND
    slug: str = ""  # the site's slug: the seed of its own content (``variety``)
    kind: str = "commune"

    def words(self, **more) -> dict:
        """The words of ``variety``'s templates for this site, with ``more`` (a date, figures)."""
        return variety.place_words(self.name, self.kind) | more


def _place(tenant) -> Place:
    level = {"province": "tỉnh", "district": "huyện", "commune": "xã", "agency": "sở"}.get(tenant.kind, "xã")
    name = tenant.name
    short = name.split(" ", 1)[1] if " " in name else name
    if name.startswith("Phường"):
        level = "phường"
    if name.startswith("Sở"):
        short = name
    council = name if tenant.kind == "agency" else f"UBND {level} {short}"
    return Place(
        name=name,
        short=short,
        council=council,
        level=level,
        domain=f"{tenant.slug}.phutho.gov.vn",
        prefix="UBND",
        slug=tenant.slug,
        kind=tenant.kind,
    )


def _home() -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


def _publish(parent: Page, page: Page, first_published_at: datetime.datetime | None = None) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    if first_published_at is not None:  # the day it was posted, as the deadline checks read it
        Page.objects.filter(pk=page.pk).update(first_published_at=first_published_at)
        page.first_published_at = first_published_at  # a later publish of this instance keeps it
    return page


def _child(parent: Page, slug: str) -> Page | None:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page is not None else None


def _ensure(parent: Page, model, slug: str, when: datetime.datetime | None = None, **fields) -> Page:
    existing = _child(parent, slug)
    if existing is not None:
        return existing
    return _publish(parent, model(slug=slug, locale=parent.locale, **fields), when)


def _image(title: str, kind: str, seed: int = 0, size: tuple[int, int] = (960, 600)):
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    import io

    data = png(kind, *size, seed=seed)
    image = image_model(title=title, description=title)
    image.file = ImageFile(io.BytesIO(data), name=f"{kind}-{seed}.png")
    image.save()
    return image


def _document(title: str, filename: str, content: bytes):
    from django.core.files.base import ContentFile

    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = document_model(title=title)
    document.file = ContentFile(content, name=filename)
    document.save()
    return document


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """``day`` at ``hour`` o'clock in the site's time zone (when a demo item was posted)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The date each kind of article's posting deadline counts from (issue 14 item 1), days before posting.
START_DATE_FIELDS = {"law_guidance": ("law_issue_date", 5), "planning": ("approval_date", 3)}
START_DATE_FIELDS |= {"investment": ("approval_date", 3), "waste": ("approval_date", 2)}


def _start_dates(topic: str, posted: datetime.date) -> dict[str, datetime.date]:
    name, days_before = START_DATE_FIELDS.get(topic, (None, 0))
    return {name: posted - datetime.timedelta(days=days_before)} if name else {}


def _rich(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _body(*paragraphs: str) -> list[tuple[str, str]]:
    return [("paragraph", _rich(p)) for p in paragraphs]


def portal_content(tenant, site) -> None:
    """Every page type of ``sites`` (and its snippets, settings and files) for one demo tenant."""
    seed_reference_lists()
    place = _place(tenant)
    home = _home()
    _portal_settings(place)
    _government_links()
    _introduction(home, place)
    _news(home, place)
    _sections(home, place)
    documents = _documents(home, place)
    if tenant.kind == "province":
        _gazette(home, documents)
    _projects(home, place)
    _services(home, place)
    _contacts(home, place)
    _ensure(
        home,
        LinksPage,
        "lien-ket",
        title="Liên kết website",
        show_in_menus=False,
        intro=_rich("Các cổng thông tin điện tử của cơ quan nhà nước cấp trên và các trang thành phần."),
    )


def former_site_content(tenant, site) -> None:
    """What a site closed or merged by the demo's 2025 reform needs (kept small: the demo build time):
    its settings, introduction and news."""
    seed_reference_lists()
    place = _place(tenant)
    home = _home()
    _portal_settings(place)
    _introduction(home, place)
    _news(home, place)


def _portal_settings(place: Place) -> None:
    site = Site.objects.get(is_default_site=True)
    settings_row = PortalSettings.for_site(site)
    if settings_row.address:
        return
    settings_row.editorial_board = f"Ban Biên tập Cổng thông tin điện tử {place.name}"
    settings_row.responsible_person = place.words()["head"]
    settings_row.address = f"Trụ sở {place.council}, {place.short}, tỉnh Phú Thọ"
    settings_row.phone = "0210 3846 123"
    settings_row.fax = "0210 3846 124"
    settings_row.email = f"bbt@{place.domain}"
    settings_row.licence = "Giấy phép số 12/GP-STTTT ngày 15/03/2024 của Sở Thông tin và Truyền thông tỉnh Phú Thọ"
    settings_row.one_stop_url = "https://dichvucong.phutho.gov.vn/"
    settings_row.save()


def _government_links() -> None:
    locale = Locale.get_default()
    links = [
        ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/", "central"),
        ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/", "central"),
        ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/", "central"),
        ("Báo Điện tử Chính phủ", "https://baochinhphu.vn/", "central"),
        ("Hệ thống thông tin giải quyết TTHC tỉnh Phú Thọ", "https://dichvucong.phutho.gov.vn/", "province"),
    ]
    for order, (name, url, group) in enumerate(links, start=1):
        GovernmentLink.objects.get_or_create(
            name=name, locale=locale, defaults={"url": url, "group": group, "sort_order": order}
        )


# fmt: off
# role (``variety.officials``: each site its own names), position, biography, duties.
LEADERS = [
    ("secretary", "Bí thư Đảng ủy",
     "Sinh năm 1972, quê quán Thanh Sơn, Phú Thọ. Thạc sĩ Quản lý kinh tế; lý luận chính trị: Cao cấp.",
     "Lãnh đạo toàn diện; phụ trách công tác tổ chức cán bộ, quốc phòng – an ninh."),
    ("chair", "Chủ tịch Ủy ban nhân dân",
     "Sinh năm 1978, dân tộc Mường. Cử nhân Luật; lý luận chính trị: Cao cấp.",
     "Điều hành chung; phụ trách tài chính – ngân sách, đất đai, cải cách hành chính."),
    ("vice_chair", "Phó Chủ tịch Ủy ban nhân dân",
     "Sinh năm 1983. Kỹ sư Nông nghiệp; lý luận chính trị: Trung cấp.",
     "Phụ trách kinh tế, nông nghiệp, xây dựng, giao thông, tài nguyên và môi trường."),
]
# fmt: on


def _introduction(home: Page, place: Place) -> None:
    if _child(home, "gioi-thieu") is not None:
        return
    org = _image(f"Sơ đồ tổ chức {place.name}", "org", 0)
    admin_map = _image(f"Bản đồ hành chính {place.name}", "map", 1)
    page = IntroductionPage(
        title="Giới thiệu",
        slug="gioi-thieu",
        show_in_menus=True,
        summary=f"{place.name} — vị trí địa lý, điều kiện tự nhiên, lịch sử, văn hóa, bộ máy tổ chức và lãnh đạo.",
        functions=_rich(
            f"{place.council} là cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước "
            "Hội đồng nhân dân cùng cấp và cơ quan hành chính nhà nước cấp trên."
        ),
        body=[
            ("org_chart", {"image": org, "caption": f"Sơ đồ tổ chức bộ máy {place.council}"}),
            ("admin_map", {"image": admin_map, "caption": f"Bản đồ hành chính {place.name}"}),
            (
                "natural_conditions",
                {
                    "heading": "Điều kiện tự nhiên",
                    "text": _rich(
                        f"{place.name} có địa hình đồi núi thấp xen kẽ thung lũng, khí hậu nhiệt đới gió mùa, "
                        "nhiệt độ trung bình năm 23 °C, lượng mưa bình quân 1.800 mm."
                    ),
                    "image": None,
                    "caption": "",
                },
            ),
            (
                "history",
                {
                    "heading": "Lịch sử hình thành",
                    "text": _rich(
                        "Vùng đất có lịch sử lâu đời gắn với nền văn hóa Hùng Vương; trải qua nhiều lần điều chỉnh "
                        "địa giới hành chính, lần gần nhất năm 2025."
                    ),
                    "image": None,
                    "caption": "",
                },
            ),
            (
                "culture",
                {
                    "heading": "Văn hóa, lễ hội",
                    "text": _rich(
                        "Đồng bào Kinh, Mường cùng sinh sống, lưu giữ hát Xoan, hát Ghẹo, lễ hội đình làng "
                        "và nghề dệt thổ cẩm truyền thống."
                    ),
                    "image": None,
                    "caption": "",
                },
            ),
            (
                "relics",
                {
                    "heading": "Di tích, danh thắng",
                    "text": _rich(
                        "Đình làng được xếp hạng di tích lịch sử – văn hóa cấp tỉnh; suối Ngọc và đồi chè "
                        "là điểm du lịch cộng đồng."
                    ),
                    "image": None,
                    "caption": "",
                },
            ),
        ],
    )
    names = variety.officials(place.slug)
    for order, (role, position, bio, duties) in enumerate(LEADERS):
        name = names[role]
        page.leaders.add(
            page.leaders.model(
                name=name,
                position=f"{position} {place.level} {place.short}"
                if place.kind != "agency"
                else variety.position(position, place.kind),
                photo=_image(f"Ảnh {name}", "photo", order, (320, 400)),
                bio=bio,
                duties=_rich(duties),
                phone=f"0210 3846 1{order}0",
                email=f"lanhdao{order + 1}@{place.domain}",
                sort_order=order,
            )
        )
    _publish(home, page)


# The board's collaborators who write and photograph (no account needed: a contributor is a name).
WRITERS = ["Nguyễn Thu Hà", "Hoàng Minh Đức", "Lê Thị Mai", "Đinh Văn Khánh"]
PHOTOGRAPHERS = ["Trần Quang Huy", "Vũ Thanh Tâm", "Hà Thị Lan"]


def _credits(number: int, photo: bool = True) -> list[Contributor]:
    """The byline of the demo's n-th item: a writer, and for news a photographer."""
    rows = [Contributor(role=Role.AUTHOR, name=WRITERS[number % len(WRITERS)])]
    if photo:
        rows.append(Contributor(role=Role.PHOTOGRAPHER, name=PHOTOGRAPHERS[number % len(PHOTOGRAPHERS)]))
    return rows


def news_slug(number: int) -> str:
    """The slug of the demo's news item ``number`` (0-based) on every site."""
    return f"tin-{number + 1}"


# A video of the first news item: the player loads from YouTube only after the visitor's click.
DEMO_VIDEO = {
    "title": "Phóng sự: Chuyển đổi số ở cơ sở",
    "file": None,
    "embed": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    "captions": None,
    "transcript": _rich(
        "Phóng sự giới thiệu cách người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia.",
        "Cán bộ một cửa hướng dẫn từng bước: đăng nhập bằng tài khoản định danh điện tử, chọn thủ tục, "
        "tải giấy tờ và theo dõi kết quả.",
    ),
}


def _news(home: Page, place: Place) -> None:
    """The site's own news (``variety.news_plan``): subjects of its kind's pool and its local one."""
    index = _ensure(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Tin tức – Sự kiện",
        show_in_menus=True,
        intro=_rich(f"Tin hoạt động của {place.name}."),
        supplying_unit=f"Văn phòng {place.council}",
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for number, item in enumerate(variety.news_plan(place.slug, place.kind)):
        slug = news_slug(number)
        if _child(index, slug) is not None:
            continue
        when = now - datetime.timedelta(hours=item.age_hours)
        words = place.words(d=when.strftime("%d/%m/%Y"), **item.numbers)
        subject = item.subject
        lead = _sentence(subject.lead.format(**words))
        page = NewsPage(
            title=_sentence(subject.title.format(**words)),
            slug=slug,
            date=when,
            event_date=timezone.localdate(when),  # posted the day of the event: within the 1 working day
            source=f"Ban Biên tập {place.name}",
            author="Phóng viên cơ sở",
            contributors=_credits(number),
            summary=lead,
            lead_image=_image(f"Ảnh tin {number + 1} – {place.name}", "news", number, (960, 600)),
            lead_caption=f"Quang cảnh sự kiện tại {place.name}",
            body=_body(
                lead,
                _sentence(subject.detail.format(**words)),
                f"Phát biểu tại buổi làm việc, đồng chí {variety.position('Chủ tịch', place.kind)} đề nghị các ban, "
                "ngành, đoàn thể tiếp tục bám sát cơ sở, kịp thời nắm bắt tâm tư, nguyện vọng của nhân dân.",
            ),
        )
        if number == 0:
            page.body.append(("video", DEMO_VIDEO))
        page.categories = list(NewsCategory.objects.filter(name=subject.category))
        _publish(index, page, when)


def _sentence(text: str) -> str:
    """``text`` with its first letter capitalised (a template may start with a lower-case level word)."""
    return text[:1].upper() + text[1:]


# fmt: off
SECTIONS = [
    # slug, title, category, in the main menu, introduction
    ("chi-dao-dieu-hanh", "Chỉ đạo, điều hành", "direction", True,
     "Ý kiến chỉ đạo, điều hành của lãnh đạo; lịch công tác."),
    ("pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật", "law", True,
     "Hướng dẫn thực hiện pháp luật, chế độ, chính sách."),
    ("quy-hoach-ke-hoach", "Chiến lược, quy hoạch, kế hoạch", "plans", True,
     "Quy hoạch, kế hoạch phát triển; dự án kêu gọi đầu tư; tài nguyên, môi trường."),
    ("cong-khai", "Công khai ngân sách, kế hoạch", "disclosure", False,
     "Kế hoạch hằng năm, danh mục thông tin công khai, báo cáo tài chính."),
    ("khoa-hoc-cong-nghe", "Khoa học và công nghệ", "science", False,
     "Chương trình, đề tài khoa học sử dụng ngân sách nhà nước."),
    ("thong-ke", "Thông tin thống kê", "statistics", False, "Số liệu, báo cáo thống kê."),
]
ARTICLES = [
    # section, slug, title, topic, days ago, summary, text ({year}/{last_year} filled in)
    ("chi-dao-dieu-hanh", "chi-dao-phong-chong-thien-tai", "Chỉ đạo chủ động phòng, chống thiên tai mùa mưa bão",
     "directive", 3, "Yêu cầu các thôn, khu dân cư rà soát điểm có nguy cơ sạt lở, chuẩn bị phương án sơ tán.",
     "Các đơn vị trực 24/24 giờ trong mùa mưa bão; kiểm tra, gia cố hệ thống kênh mương, hồ đập."),
    ("chi-dao-dieu-hanh", "tra-loi-kien-nghi-cu-tri", "Trả lời kiến nghị của cử tri về sửa chữa đường liên thôn",
     "petition_answer", 10, "Tuyến đường liên thôn sẽ được sửa chữa trong quý III bằng nguồn vốn sự nghiệp giao thông.",
     "Tiếp thu kiến nghị của cử tri tại kỳ họp, Ủy ban nhân dân đã chỉ đạo khảo sát hiện trạng."),
    ("pho-bien-phap-luat", "luat-dat-dai-2024", "Những điểm mới của Luật Đất đai năm 2024 người dân cần biết",
     "law_guidance", 6, "Tóm tắt các quy định mới về cấp Giấy chứng nhận, bồi thường, hỗ trợ, tái định cư.",
     "Luật Đất đai số 31/2024/QH15 có hiệu lực từ ngày 01/8/2024."),
    ("quy-hoach-ke-hoach", "quy-hoach-su-dung-dat", "Công bố điều chỉnh quy hoạch sử dụng đất đến năm 2030",
     "planning", 20, "Điều chỉnh quy hoạch sử dụng đất được phê duyệt, công khai bản đồ và danh mục công trình.",
     "Quy hoạch được lập theo quy định của Luật Đất đai và Luật Quy hoạch."),
    ("quy-hoach-ke-hoach", "keu-goi-dau-tu-du-lich", "Kêu gọi đầu tư dự án du lịch sinh thái cộng đồng",
     "investment", 25, "Danh mục dự án kêu gọi đầu tư với các ưu đãi về tiền thuê đất và hỗ trợ thủ tục.",
     "Nhà đầu tư quan tâm liên hệ bộ phận một cửa để được hướng dẫn."),
    ("quy-hoach-ke-hoach", "diem-o-nhiem", "Danh sách điểm tập kết chất thải rắn và khu vực cần xử lý ô nhiễm",
     "waste", 30, "Công bố 3 điểm tập kết rác thải sinh hoạt và lộ trình xử lý dứt điểm.",
     "Các thôn tổ chức thu gom rác thải 2 lần/tuần."),
    ("cong-khai", "bao-cao-tai-chinh", "Công khai quyết toán ngân sách năm {last_year}",
     "financial_report", 40, "Báo cáo quyết toán thu, chi ngân sách năm {last_year} đã được HĐND phê chuẩn.", ""),
    ("cong-khai", "ke-hoach-nam", "Kế hoạch phát triển kinh tế – xã hội năm {year}",
     "annual_plan", 60, "Các chỉ tiêu chủ yếu: tăng trưởng 8%, thu nhập bình quân 58 triệu đồng/người/năm.",
     "Kế hoạch được Hội đồng nhân dân thông qua tại kỳ họp cuối năm."),
]
BUDGET_TABLE = [("table", {"first_row_is_table_header": True, "first_col_is_header": False, "data": [
    ["Nội dung", "Dự toán (triệu đồng)", "Quyết toán (triệu đồng)"],
    ["Tổng thu ngân sách", "12.500", "13.120"], ["Tổng chi ngân sách", "12.300", "12.870"]]})]
# fmt: on


def _sections(home: Page, place: Place) -> None:
    """The typed sections (D3, D4, D5, D25, D11, D12) with their articles, schedule, programme and report."""
    today = datetime.date.today()
    years = {"year": today.year, "last_year": today.year - 1}
    sections = {
        slug: _ensure(
            home, SectionIndexPage, slug, title=title, category=category, show_in_menus=in_menu, intro=_rich(intro)
        )
        for slug, title, category, in_menu, intro in SECTIONS
    }
    for number, (section, slug, title, topic, days, summary, text) in enumerate(ARTICLES):
        day = today - datetime.timedelta(days=days)
        _ensure(
            sections[section],
            ArticlePage,
            slug,
            when=_at(day),
            **_start_dates(topic, day),
            title=title.format(**years),
            topic=topic,
            date=day,
            summary=summary.format(**years),
            body=BUDGET_TABLE if topic == "financial_report" else _body(text),
            contributors=_credits(number, photo=False)
            + [Contributor(role=Role.SUPPLIER, name=f"Văn phòng {place.council}")],
        )
    _work_schedule(sections["chi-dao-dieu-hanh"], place, today)
    accepted = today - datetime.timedelta(days=40)
    _ensure(
        sections["khoa-hoc-cong-nghe"],
        ScienceProgrammePage,
        "de-tai-che-an-toan",
        when=_at(accepted + datetime.timedelta(days=6)),  # within the 20 working days after acceptance
        title="Ứng dụng tiến bộ kỹ thuật sản xuất chè an toàn",
        code=f"PT-{today.year - 2}-07",
        level="province",
        field=Sector.objects.filter(name="Nông nghiệp").first(),
        lead_unit="Trung tâm Khuyến nông tỉnh Phú Thọ",
        principal="ThS. Lê Thị Thu",
        start_date=datetime.date(today.year - 2, 3, 1),
        end_date=datetime.date(today.year - 1, 12, 31),
        budget=850,
        status="accepted",
        acceptance_date=accepted,
        summary="Xây dựng mô hình 20 ha chè an toàn, chuyển giao quy trình cho 200 hộ dân.",
        results=_rich("Năng suất tăng 15%, 100% mẫu chè đạt chỉ tiêu an toàn thực phẩm."),
    )
    _statistics_report(sections["thong-ke"], place, today)


def _work_schedule(parent: Page, place: Place, today: datetime.date) -> None:
    """This week's schedule of the site's leaders (``variety.schedule_plan``)."""
    if _child(parent, "lich-cong-tac") is not None:
        return
    monday = today - datetime.timedelta(days=today.weekday())
    schedule = WorkSchedulePage(
        title=f"Lịch công tác tuần từ {monday:%d/%m/%Y}",
        slug="lich-cong-tac",
        week_start=monday,
        note="Lịch có thể thay đổi, cập nhật hằng ngày.",
    )
    for order, (weekday, (hour, minute), content, chair, participants, location) in enumerate(
        variety.schedule_plan(place.slug, place.kind)
    ):
        schedule.entries.add(
            schedule.entries.model(
                day=monday + datetime.timedelta(days=weekday),
                time=datetime.time(hour, minute),
                content=content,
                chair=chair,
                participants=participants,
                location=location,
                sort_order=order,
            )
        )
    _publish(parent, schedule)


def _statistics_report(parent: Page, place: Place, today: datetime.date) -> None:
    if _child(parent, "dan-so-lao-dong") is not None:
        return
    csv = "Chỉ tiêu,Đơn vị,Số liệu\nDân số trung bình,người,6820\nSố hộ,hộ,1712\nLao động trong độ tuổi,người,4105\n"
    data = _document(f"Số liệu dân số – lao động {place.name}", "dan-so-lao-dong.csv", csv.encode("utf-8"))
    _publish(
        parent,
        StatisticsReportPage(
            title=f"Dân số và lao động năm {today.year - 1}",
            slug="dan-so-lao-dong",
            period=f"Năm {today.year - 1}",
            report_date=today - datetime.timedelta(days=15),
            publication_decided_date=today - datetime.timedelta(days=17),
            data_file=data,
            summary="Dân số trung bình 6.820 người; tỷ lệ lao động qua đào tạo đạt 68%.",
            method=_rich("Tổng hợp từ sổ hộ tịch và điều tra lao động – việc làm (phương pháp của Tổng cục Thống kê)."),
            analysis=_body("Dân số tăng 1,1% so với năm trước; lao động nông nghiệp giảm 3 điểm phần trăm."),
        ),
        _at(today - datetime.timedelta(days=15)),
    )


def _documents(home: Page, place: Place) -> dict[str, LegalDocumentPage]:
    index = _ensure(
        home,
        LegalDocumentIndexPage,
        "van-ban",
        title="Văn bản",
        show_in_menus=True,
        intro=_rich("Hệ thống văn bản chỉ đạo, điều hành; tra cứu theo loại, cơ quan ban hành, lĩnh vực, số hiệu."),
    )
    today = datetime.date.today()
    created: dict[str, LegalDocumentPage] = {}
    for spec, days, serial in variety.document_plan(place.slug):
        slug = spec.slug
        existing = _child(index, slug)
        if existing is not None:
            created[slug] = existing
            continue
        issued = today - datetime.timedelta(days=days)
        number = variety.document_number(spec, serial)
        summary = spec.summary.format(**place.words())
        type_name, signer, status = spec.doc_type, variety.document_signer(place.slug, spec), spec.status
        page = LegalDocumentPage(
            title=f"{type_name} {number}: {summary}" if number != "Dự thảo" else summary,
            slug=slug,
            doc_type=DocumentType.objects.get(name=type_name, locale=index.locale),
            issuing_body=IssuingBody.objects.get(name=spec.body, locale=index.locale),
            number=number,
            issue_date=issued,
            effective_date=None if status == "not_yet" else issued,
            summary=summary,
            signer=signer,
            field=Sector.objects.filter(name=spec.sector).first(),
            status="in_force" if status == "replaced" else status,
            is_draft=number == "Dự thảo",
        )
        _publish(index, page, timezone.now() - datetime.timedelta(days=days))
        text = DOCUMENT_TEXT.get(slug) or spec.text
        filename, content = _document_file(place, slug, type_name, number, issued, summary, signer, text)
        attach_file(page, filename, content, title=f"{type_name} {number}").publish()
        created[slug] = page
    signed = created[SIGNED]
    if not signed.corrections.exists():  # the signed decision was corrected once (D6: đính chính)
        signed.corrections.add(
            DocumentCorrection(
                corrected_at=timezone.now() - datetime.timedelta(days=2),
                what_changed="Sửa lỗi chính tả ở Điều 1: “cổng thông tin điện tử” viết đúng tên riêng của Cổng.",
                reason="Lỗi đánh máy khi đăng tải.",
                corrected_by=f"Văn phòng {place.council}",
            )
        )
        signed.save_revision().publish()
    old = created["qd-quy-che-cu"]
    if old.status != DocumentStatus.REPLACED:
        old.status = DocumentStatus.REPLACED
        old.replaced_by = created["kh-chuyen-doi-so"]
        old.expiry_date = created["kh-chuyen-doi-so"].issue_date
        old.save_revision().publish()
    withdrawn = created["qd-thu-hoi-mau"]
    if not withdrawn.is_withdrawn:
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        withdraw_document(
            withdrawn,
            admin,
            "Văn bản đăng tải nhầm thông tin cá nhân của hộ gia đình; thu hồi theo đề nghị của Văn phòng UBND.",
        )
    return created


# What only the attached file says (the search inside attachments finds it; the page shows the summary).
DOCUMENT_TEXT = {
    "qd-quy-che-cong-ttdt": "Ban Biên tập cập nhật thông tin trên Cổng chậm nhất 01 ngày làm việc kể từ khi "
    "nhận được văn bản; tin, bài phải được Trưởng ban hoặc Phó Trưởng ban duyệt trước khi đăng.",
    "nq-ke-hoach-ktxh": "Phấn đấu thu nhập bình quân đầu người đạt 62 triệu đồng, tỷ lệ hộ nghèo đa chiều "
    "giảm 1,5%, 100% thôn, khu dân cư có nhà văn hóa đạt chuẩn.",
    "kh-chuyen-doi-so": "Đến hết năm 2026, 100% hồ sơ thủ tục hành chính được số hóa kết quả giải quyết; mỗi "
    "thôn có ít nhất một tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID.",
    "cv-phong-chong-lut-bao": "Các thôn rà soát hộ dân sống ở khu vực có nguy cơ sạt lở đất, lập phương án di "
    "dời khẩn cấp và bố trí lực lượng trực 24/24 giờ tại các ngầm tràn.",
    "tb-ket-luan-giao-ban": "Giao Văn phòng theo dõi, đôn đốc việc giải quyết hồ sơ trễ hạn, báo cáo Chủ "
    "tịch trước ngày 25 hằng tháng.",
    "kh-mttq-van-dong": "Mỗi khu dân cư đăng ký ít nhất một công trình, phần việc thiết thực chào mừng Đại hội "
    "đại biểu Mặt trận Tổ quốc các cấp.",
    "du-thao-quy-dinh-rac-thai": "Hộ gia đình phân loại rác thải sinh hoạt thành ba nhóm: chất thải rắn có "
    "khả năng tái chế, chất thải thực phẩm và chất thải rắn sinh hoạt khác.",
}
SIGNED, TAMPERED, AS_DOCX, AS_ODT = (
    "qd-quy-che-cong-ttdt",
    "kh-chuyen-doi-so",
    "tb-ket-luan-giao-ban",
    "kh-mttq-van-dong",
)


def _document_file(
    place: Place, slug: str, type_name: str, number: str, issued: datetime.date, summary: str, signer: str, text: str
) -> tuple[str, bytes]:
    """(file name, content) of a demo document: a PDF with its Vietnamese text (one digitally signed by a
    demo certificate, one a tampered copy of a signed file), or a DOCX / ODT for two of them."""
    heading = [
        place.council.upper(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập – Tự do – Hạnh phúc",
        f"Số: {number}" if number != "Dự thảo" else "DỰ THẢO",
        f"{place.short}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
        type_name.upper(),
        summary,
    ]
    body = [
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
        "Căn cứ Nghị định số 42/2022/NĐ-CP của Chính phủ quy định về việc cung cấp thông tin và dịch vụ "
        "công trực tuyến của cơ quan nhà nước trên môi trường mạng;",
        f"Theo đề nghị của Văn phòng {place.council}.",
        f"Điều 1. {summary}.",
        text or f"Các cơ quan, đơn vị thuộc {place.council} tổ chức thực hiện.",
        f"Điều 2. Văn phòng {place.council} và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành.",
        signer,
    ]
    if slug == AS_DOCX:
        return f"{slug}.docx", files.docx_file(*heading, *body)
    if slug == AS_ODT:
        return f"{slug}.odt", files.odt_file(*heading, *body)
    pdf = files.document_pdf(heading, body)
    if slug in (SIGNED, TAMPERED):
        name = signer.rsplit(" ", 3)[-3:] if signer != "—" else [place.council]
        demo_signer, _certificate = files.self_signed_signer(" ".join(name), place.council)
        pdf = files.sign_pdf(pdf, demo_signer)
    if slug == TAMPERED:  # a copy changed after signing: the signature no longer verifies
        pdf = files.tampered(pdf, b"/Producer", b"/Producer".swapcase())
    return f"{slug}.pdf", pdf


# Công báo of the province (D6): issue number, days after the document was issued, document, pages.
GAZETTE = [
    (5, 12, "qd-quy-che-cu", 3, 14),
    (18, 10, "nq-ke-hoach-ktxh", 1, 22),
    (19, 10, "cv-phong-chong-lut-bao", 23, 24),
    (27, 7, "kh-chuyen-doi-so", 5, 18),
]


def _gazette(home: Page, documents: dict[str, LegalDocumentPage]) -> None:
    """The province's gazette page and a few issues with the decisions and resolutions they published."""
    _ensure(
        home,
        GazettePage,
        "cong-bao",
        title="Công báo",
        show_in_menus=True,
        intro=_rich("Công báo tỉnh: các số đã phát hành và văn bản quy phạm pháp luật đăng trong từng số."),
    )
    today = datetime.date.today()
    for number, days_after, slug, first, last in GAZETTE:
        page = documents.get(slug)
        if page is None or page.gazette_issue_id:
            continue
        date = min(page.issue_date + datetime.timedelta(days=days_after), today)
        issue, _created = GazetteIssue.objects.get_or_create(year=date.year, number=number, defaults={"date": date})
        page.gazette_issue, page.gazette_page_from, page.gazette_page_to = issue, first, last
        page.save_revision().publish()


def _projects(home: Page, place: Place) -> None:
    """The site's five projects (``variety.project_plan`` of its kind); an ODA or sponsored one names its
    donor."""
    index = _ensure(
        home,
        ProjectIndexPage,
        "du-an",
        title="Dự án, đấu thầu, mua sắm công",
        show_in_menus=False,
        intro=_rich("Danh mục dự án đầu tư, đấu thầu, mua sắm công theo tình trạng thực hiện."),
    )
    today = datetime.date.today()
    words = place.words()
    for number, (spec, budget) in enumerate(variety.project_plan(place.slug, place.kind)):
        posted = today - datetime.timedelta(days=9 + 23 * number)
        investor = spec.investor or place.council
        if spec.project_type == "investment_call":
            investor = "Đang kêu gọi nhà đầu tư"
        _ensure(
            index,
            ProjectPage,
            spec.slug,
            when=_at(posted),
            approval_date=posted - datetime.timedelta(days=4),
            title=spec.title.format(**words),
            objective=spec.objective,
            field=Sector.objects.filter(name=spec.sector).first(),
            project_type=spec.project_type,
            start_year=today.year + spec.years[0],
            end_year=today.year + spec.years[1],
            budget=budget,
            funding_type=spec.funding,
            sponsor=investor,
            donor=spec.donor,
            location=place.name,
            status=spec.status,
            body=_body(
                "Dự án được phê duyệt chủ trương đầu tư theo quy định của Luật Đầu tư công."
                if spec.project_type != "investment_call"
                else "Nhà đầu tư quan tâm liên hệ Bộ phận một cửa để được cung cấp thông tin, hướng dẫn thủ tục."
            ),
        )


# fmt: off
SERVICES = [
    ("dang-ky-khai-sinh", "Đăng ký khai sinh", "1.001193", "Hộ tịch", "citizen", "full", "Miễn lệ phí",
     "Ngay trong ngày", True),
    ("dang-ky-ket-hon", "Đăng ký kết hôn", "1.000894", "Hộ tịch", "citizen", "partial", "Miễn lệ phí",
     "Ngay trong ngày", False),
    ("chung-thuc-ban-sao", "Chứng thực bản sao từ bản chính", "2.000815", "Chứng thực", "all", "partial",
     "2.000 đồng/trang", "Trong ngày làm việc", True),
    ("xac-nhan-cu-tru", "Xác nhận thông tin về cư trú", "1.004194", "Quốc phòng, an ninh", "citizen", "full",
     "Miễn phí", "03 ngày làm việc", False),
    ("dang-ky-ho-kinh-doanh", "Đăng ký thành lập hộ kinh doanh", "2.000720", "Công thương", "business", "full",
     "100.000 đồng", "03 ngày làm việc", True),
]
# fmt: on

# The fields of the national procedure database each demo service carries: submission methods,
# conditions, result (Decree 63/2010, art. 8).
# fmt: off
SERVICE_DETAILS = {
    "dang-ky-khai-sinh": (["in_person", "online", "post"], "Trẻ em sinh ra chưa được đăng ký khai sinh.",
                          "Giấy khai sinh (bản chính); trích lục khai sinh bản sao nếu có yêu cầu."),
    "dang-ky-ket-hon": (["in_person", "online"], "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do hai bên "
                        "tự nguyện quyết định; không thuộc trường hợp cấm kết hôn.", "Giấy chứng nhận kết hôn."),
    "chung-thuc-ban-sao": (["in_person"], "Bản chính do cơ quan, tổ chức có thẩm quyền cấp hoặc chứng nhận.",
                           "Bản sao được chứng thực từ bản chính."),
    "xac-nhan-cu-tru": (["in_person", "online"], "", "Giấy xác nhận thông tin về cư trú."),
    "dang-ky-ho-kinh-doanh": (["in_person", "online", "post"], "Ngành, nghề đăng ký kinh doanh không bị cấm; "
                              "tên hộ kinh doanh đúng quy định.", "Giấy chứng nhận đăng ký hộ kinh doanh."),
}
# fmt: on


# fmt: off
def _services(home: Page, place: Place) -> None:
    index = _ensure(home, ServiceIndexPage, "dich-vu-cong", title="Dịch vụ công trực tuyến", show_in_menus=True,
                    intro=_rich("Danh mục thủ tục hành chính và dịch vụ công trực tuyến; "
                                "nộp hồ sơ qua Cổng dịch vụ công của tỉnh."))
    form = _document("Mẫu tờ khai đăng ký (demo)", "to-khai.pdf",
                     files.document_pdf(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
                                         "TỜ KHAI (mẫu)"],
                                        ["Họ và tên: ......................................",
                                         "Ngày, tháng, năm sinh: ..........................",
                                         "Nơi cư trú: .....................................",
                                         f"Kính gửi: {place.council}."]))
    today = datetime.date.today()
    for number, (slug, title, code, sector, user_type, level, fee, time, foreigner) in enumerate(SERVICES):
        methods, conditions, result = SERVICE_DETAILS[slug]
        service = _ensure(
            index, ServicePage, slug, title=title, code=code, sector=Sector.objects.filter(name=sector).first(),
            agency=place.council, user_type=user_type, level=level, fee=fee, processing_time=time,
            foreigner_usable=foreigner, summary=f"Thủ tục {title.lower()} tại {place.council}.",
            submission_methods=methods, conditions=_rich(conditions) if conditions else "", result=result,
            required_documents=_rich("Tờ khai theo mẫu;", "Giấy tờ tùy thân (Căn cước công dân hoặc hộ chiếu);",
                                     "Giấy tờ chứng minh liên quan theo quy định."),
            guidance=_rich("Bước 1: Nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa.",
                           "Bước 2: Công chức tiếp nhận, kiểm tra hồ sơ.",
                           "Bước 3: Nhận kết quả trực tuyến hoặc tại Bộ phận một cửa."),
            legal_basis=_rich("Luật Hộ tịch năm 2014; Nghị định 123/2015/NĐ-CP."),
            forms=[("form", {"document": form, "label": "Mẫu tờ khai"})],
        )
        for months_back in (3, 2, 1):
            start = _month_back(today, months_back)
            end = _month_back(today, months_back - 1) - datetime.timedelta(days=1)
            processed = 20 + 7 * number + 3 * months_back
            late = (number + months_back) % 3
            DossierStatistics.objects.get_or_create(
                service=service, period_start=start, period_end=end,
                defaults={"received": processed + 2, "processed": processed, "on_time": processed - late, "late": late})
# fmt: on


def _month_back(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` before ``day``'s month."""
    month_index = day.year * 12 + day.month - 1 - months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


# fmt: off
# role (``variety.officials``), position, unit.
OFFICIALS = [
    ("chair", "Chủ tịch", "Lãnh đạo Ủy ban nhân dân"),
    ("vice_chair", "Phó Chủ tịch", "Lãnh đạo Ủy ban nhân dân"),
    ("office", "Công chức Văn phòng – Thống kê", "Văn phòng"),
    ("justice", "Công chức Tư pháp – Hộ tịch", "Bộ phận một cửa"),
    ("land", "Công chức Địa chính – Xây dựng", "Bộ phận một cửa"),
    ("front", "Chủ tịch Ủy ban Mặt trận Tổ quốc", "Mặt trận Tổ quốc và các đoàn thể"),
]
# fmt: on


def _contacts(home: Page, place: Place) -> None:
    if _child(home, "danh-ba") is not None:
        return
    page = ContactDirectoryPage(
        title="Danh bạ cán bộ",
        slug="danh-ba",
        show_in_menus=True,
        intro=_rich("Thông tin liên hệ của lãnh đạo, công chức."),
    )
    names = variety.officials(place.slug)
    for order, (role, position, unit) in enumerate(OFFICIALS):
        page.officials.add(
            page.officials.model(
                name=names[role],
                position=variety.position(position, place.kind),
                unit=variety.position(unit, place.kind),
                phone=f"0210 3846 2{order:02d}",
                fax="0210 3846 124" if order < 2 else "",
                email=f"canbo{order + 1}@{place.domain}",
                sort_order=order,
            )
        )
    _publish(home, page)
