"""The content the content tests assert on, built with ``tests.factories`` in the current tenant: a page
of every type of ``sites`` (introduction, news, sections with articles, schedule, programme, report,
legal register, projects, services with dossier statistics, contacts, links), the footer's contacts and
government links. The tests' own data: it does not follow the demo province."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from sites.models import DocumentStatus, GazetteIssue, GazettePage, LegalDocumentPage, PortalSettings
from sites.services.legal import attach_file, withdraw_document

from . import factories as f

# fmt: off
NEWS = [
    ("Hội nghị tổng kết công tác năm", "Tin hoạt động"),
    ("Ra quân trồng cây đầu xuân", "Văn hóa – xã hội"),
    ("Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính", "Kinh tế"),
    ("Tập huấn kỹ thuật trồng chè an toàn", "Kinh tế"),
    ("Diễn tập phòng thủ khu vực đạt kết quả tốt", "Quốc phòng – an ninh"),
    ("Thông báo lịch tiếp công dân định kỳ", "Thông báo"),
]
SECTIONS = [  # slug, title, category, articles (slug, title, topic)
    ("chi-dao-dieu-hanh", "Chỉ đạo, điều hành", "direction",
     [("chi-dao-phong-chong-thien-tai", "Chỉ đạo chủ động phòng, chống thiên tai", "directive")]),
    ("quy-hoach-ke-hoach", "Chiến lược, quy hoạch, kế hoạch", "plans",
     [("quy-hoach-su-dung-dat", "Công bố điều chỉnh quy hoạch sử dụng đất đến năm 2030", "planning"),
      ("keu-goi-dau-tu-du-lich", "Kêu gọi đầu tư dự án du lịch sinh thái cộng đồng", "investment")]),
    ("khoa-hoc-cong-nghe", "Khoa học và công nghệ", "science", []),
    ("thong-ke", "Thông tin thống kê", "statistics", []),
]
DOCUMENTS = [  # slug, type, issuing body, number, days ago, summary, signer, sector, status
    ("qd-quy-che-cong-ttdt", "Quyết định", "Ban Biên tập cổng thông tin điện tử", "09/QĐ-BBT", 400,
     "Ban hành Quy chế hoạt động của Cổng thông tin điện tử", "Trưởng ban Nguyễn Văn An",
     "Thông tin và truyền thông", "in_force"),
    ("nq-ke-hoach-ktxh", "Nghị quyết", "Hội đồng nhân dân", "15/NQ-HĐND", 120,
     "Về kế hoạch phát triển kinh tế – xã hội", "Chủ tịch HĐND Hà Văn Thắng", "Tài chính", "in_force"),
    ("kh-chuyen-doi-so", "Kế hoạch", "Ủy ban nhân dân", "42/KH-UBND", 60,
     "Kế hoạch chuyển đổi số năm 2026", "Chủ tịch UBND Đinh Thị Hương", "Thông tin và truyền thông", "in_force"),
    ("cv-phong-chong-lut-bao", "Công văn", "Ủy ban nhân dân", "118/UBND-VP", 20,
     "Về việc chủ động ứng phó mưa lũ, sạt lở đất", "Phó Chủ tịch UBND Nguyễn Quang Minh", "Nông nghiệp", "in_force"),
    ("tb-ket-luan-giao-ban", "Thông báo", "Ủy ban nhân dân", "27/TB-UBND", 8,
     "Kết luận của Chủ tịch UBND tại cuộc họp giao ban tháng", "Chủ tịch UBND Đinh Thị Hương", "Nội vụ", "in_force"),
    ("qd-quy-che-cu", "Quyết định", "Ủy ban nhân dân", "05/QĐ-UBND", 900,
     "Ban hành Quy chế làm việc (đã được thay thế)", "Chủ tịch UBND Đinh Thị Hương", "Nội vụ", "in_force"),
    ("nq-an-toan-giao-thong", "Nghị quyết", "Đảng ủy", "03-NQ/ĐU", 200,
     "Về tăng cường bảo đảm trật tự an toàn giao thông", "Bí thư Đảng ủy Hà Văn Thắng", "Giao thông vận tải",
     "in_force"),
    ("kh-mttq-van-dong", "Kế hoạch", "Ủy ban Mặt trận Tổ quốc Việt Nam", "12/KH-MTTQ", 90,
     "Tổ chức cuộc vận động Toàn dân đoàn kết xây dựng nông thôn mới", "Chủ tịch UBMTTQ Lò Thị Mai",
     "Văn hóa, thể thao và du lịch", "in_force"),
    ("qd-thu-hoi-mau", "Quyết định", "Ủy ban nhân dân", "31/QĐ-UBND", 45,
     "Phê duyệt danh sách hộ nghèo (đăng nhầm thông tin cá nhân)", "Chủ tịch UBND Đinh Thị Hương",
     "Lao động, thương binh và xã hội", "in_force"),
    ("du-thao-quy-dinh-rac-thai", "Quy định", "Ủy ban nhân dân", "Dự thảo", 5,
     "Dự thảo Quy định thu gom, phân loại rác thải sinh hoạt", "—", "Tài nguyên và môi trường", "not_yet"),
]
PROJECTS = [  # slug, title, type, status, funding
    ("duong-lien-thon", "Cứng hóa đường giao thông liên thôn", "public_investment", "in_progress", "state_budget"),
    ("nha-van-hoa", "Cải tạo nhà văn hóa các khu dân cư", "procurement", "completed", "state_budget"),
    ("du-lich-sinh-thai", "Khu du lịch sinh thái cộng đồng suối Ngọc", "investment_call", "preparing", "private"),
]
SERVICES = [  # slug, title, code, user type, level, foreigners can use it
    ("dang-ky-khai-sinh", "Đăng ký khai sinh", "1.001193", "citizen", "full", True),
    ("dang-ky-ket-hon", "Đăng ký kết hôn", "1.000894", "citizen", "partial", False),
    ("chung-thuc-ban-sao", "Chứng thực bản sao từ bản chính", "2.000815", "all", "partial", True),
    ("xac-nhan-cu-tru", "Xác nhận thông tin về cư trú", "1.004194", "citizen", "full", False),
    ("dang-ky-ho-kinh-doanh", "Đăng ký thành lập hộ kinh doanh", "2.000720", "business", "full", True),
]
OFFICIALS = [
    ("Đinh Thị Hương", "Chủ tịch", "Lãnh đạo Ủy ban nhân dân"),
    ("Phạm Thu Trang", "Công chức Văn phòng – Thống kê", "Văn phòng"),
    ("Hoàng Đức Long", "Công chức Tư pháp – Hộ tịch", "Bộ phận một cửa"),
    ("Bùi Văn Khánh", "Công chức Địa chính – Xây dựng", "Bộ phận một cửa"),
]
# fmt: on


def build_content(tenant) -> None:
    """Every page type of ``sites`` (with what the content tests look for) in the current tenant."""
    domain = f"{tenant.slug}.phutho.gov.vn"
    council = f"UBND {tenant.name}"
    settings_row = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.editorial_board = f"Ban Biên tập Cổng thông tin điện tử {tenant.name}"
    settings_row.responsible_person = f"Chủ tịch {council}"
    settings_row.address = f"Trụ sở {council}"
    settings_row.phone, settings_row.fax, settings_row.email = "0210 3846 123", "0210 3846 124", f"bbt@{domain}"
    settings_row.save()
    f.GovernmentLinkFactory()
    _introduction()
    _news()
    _sections()
    _documents(council)
    _projects(council)
    _services(council)
    contacts = f.ContactDirectoryPageFactory(publish=False)
    for number, (name, position, unit) in enumerate(OFFICIALS, start=1):
        f.OfficialFactory(page=contacts, name=name, position=position, unit=unit, email=f"canbo{number}@{domain}")
    contacts.save_revision().publish()
    f.LinksPageFactory()
    if tenant.kind == "province":
        _gazette()


def _gazette() -> None:
    """The official gazette (a province portal's): one issue carrying the digital-transformation plan."""
    gazette = GazettePage(title="Công báo", slug="cong-bao")
    f.home().add_child(instance=gazette)
    gazette.save_revision().publish()
    issue = GazetteIssue.objects.create(number=7, date=datetime.date.today() - datetime.timedelta(days=3))
    plan = LegalDocumentPage.objects.get(slug="kh-chuyen-doi-so")
    plan.gazette_issue, plan.gazette_page_from, plan.gazette_page_to = issue, 3, 9
    plan.save_revision().publish()


def _introduction() -> None:
    org, admin_map = f.ImageFactory(title="Sơ đồ tổ chức"), f.ImageFactory(title="Bản đồ hành chính")
    page = f.IntroductionPageFactory(
        publish=False,
        body=[
            ("org_chart", {"image": org, "caption": "Sơ đồ tổ chức bộ máy"}),
            ("admin_map", {"image": admin_map, "caption": "Bản đồ hành chính"}),
            ("relics", {"heading": "Di tích, danh thắng", "text": f.rich("Đình làng."), "image": None, "caption": ""}),
        ],
    )
    f.LeaderFactory(page=page, name="Đinh Thị Hương", photo=f.ImageFactory(title="Ảnh lãnh đạo"))
    page.save_revision().publish()


def _news() -> None:
    index = f.NewsIndexPageFactory()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for number, (title, category) in enumerate(NEWS):
        when = now - datetime.timedelta(days=2 * number, hours=number)
        f.NewsPageFactory(
            parent=index,
            title=title,
            slug=f"tin-{number + 1}",
            date=when,
            lead_image=f.ImageFactory(),
            categories=[category],
            first_published_at=when,
        )


def _sections() -> None:
    today = datetime.date.today()
    sections = {}
    for slug, title, category, articles in SECTIONS:
        sections[slug] = f.SectionIndexPageFactory(slug=slug, title=title, category=category)
        for days, (article_slug, article_title, topic) in enumerate(articles, start=1):
            f.ArticlePageFactory(
                parent=sections[slug],
                slug=article_slug,
                title=article_title,
                topic=topic,
                date=today - datetime.timedelta(days=days),
            )
    schedule = f.WorkSchedulePageFactory(parent=sections["chi-dao-dieu-hanh"], publish=False)
    f.ScheduleEntryFactory(page=schedule, day=schedule.week_start)
    schedule.save_revision().publish()
    f.ScienceProgrammePageFactory(parent=sections["khoa-hoc-cong-nghe"], title="Sản xuất chè an toàn")
    f.StatisticsReportPageFactory(parent=sections["thong-ke"], title="Dân số và lao động", data_file__title="Số liệu")


def _documents(council: str) -> None:
    index = f.LegalDocumentIndexPageFactory()
    today = datetime.date.today()
    pages = {}
    for slug, type_name, body_name, number, days, summary, signer, sector, status in DOCUMENTS:
        issued = today - datetime.timedelta(days=days)
        page = f.LegalDocumentPageFactory(
            parent=index,
            slug=slug,
            title=f"{type_name} {number}: {summary}",
            type_name=type_name,
            body_name=body_name,
            sector=sector,
            number=number,
            issue_date=issued,
            effective_date=None if status == "not_yet" else issued,
            summary=summary,
            signer=signer,
            status=status,
            is_draft=number == "Dự thảo",
            first_published_at=timezone.now() - datetime.timedelta(days=days),
        )
        attach_file(page, f"{slug}.pdf", f.pdf_bytes(f"{council} {number}"), title=f"{type_name} {number}").publish()
        pages[slug] = page
    old, new = pages["qd-quy-che-cu"], pages["kh-chuyen-doi-so"]
    old.status, old.replaced_by, old.expiry_date = DocumentStatus.REPLACED, new, new.issue_date
    old.save_revision().publish()
    admin = get_user_model().objects.create_superuser("quantri-noi-dung", password=None)
    withdraw_document(pages["qd-thu-hoi-mau"], admin, "Văn bản đăng tải nhầm thông tin cá nhân; thu hồi theo đề nghị.")


def _projects(council: str) -> None:
    index = f.ProjectIndexPageFactory()
    for slug, title, kind, status, funding in PROJECTS:
        f.ProjectPageFactory(
            parent=index,
            slug=slug,
            title=title,
            project_type=kind,
            status=status,
            funding_type=funding,
            sponsor=council,
        )


def _services(council: str) -> None:
    index = f.ServiceIndexPageFactory()
    form = f.DocumentFactory(title="Mẫu tờ khai")
    today = datetime.date.today()
    for number, (slug, title, code, user_type, level, foreigners) in enumerate(SERVICES):
        service = f.ServicePageFactory(
            parent=index,
            slug=slug,
            title=title,
            code=code,
            agency=council,
            user_type=user_type,
            level=level,
            foreigner_usable=foreigners,
            forms=[("form", {"document": form, "label": "Mẫu tờ khai"})],
        )
        for months_back in (2, 1):
            start = _month_back(today, months_back)
            processed, late = 20 + 7 * number + 3 * months_back, (number + months_back) % 3
            f.DossierStatisticsFactory(
                service=service,
                period_start=start,
                period_end=_month_back(today, months_back - 1) - datetime.timedelta(days=1),
                received=processed + 2,
                processed=processed,
                on_time=processed - late,
                late=late,
            )


def _month_back(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)
