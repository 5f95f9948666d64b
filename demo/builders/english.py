"""Demo: English versions of the legally required pages on most demo sites, through wagtail-localize.

Two sites are deliberately left without English and one is made stale (its Vietnamese source is
edited after the English translation was synced), so the coverage report shows every state. The
loader runs it after the other builders, so it picks up every live page with ``english_duty``.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page, Site

from localization.machine_translator import ProvinceMemoryTranslator
from localization.services.coverage import STALE, duty_page_models, english_status
from localization.services.glossary import Glossary
from localization.services.translate import translate_page
from sites.models import GovernmentLink, PortalSettings
from tenants.models import Tenant

from ..province import DemoSite

LEAVE_UNTRANSLATED = {"sonvi", "vanban"}
MAKE_STALE = "tienluong"
STALE_NOTE = "Thông tin được cập nhật theo số liệu mới nhất của Ủy ban nhân dân xã."

ENGLISH_INTROS = {
    "phutho": "The e-portal of Phu Tho Province — land of the Hung Kings, gateway to the north-west of the capital.",
    "skhcn": "A specialised agency of the Provincial People's Committee advising on state management of science, "
    "technology, innovation, digital transformation, post and telecommunications; it took over the functions "
    "of the Department of Information and Communications on 1 March 2025.",
    "sonhung": "Son Hung Commune (formerly in Thanh Son District) has 12 residential areas and more than 6,800 "
    "inhabitants.",
    "thucluyen": "Thuc Luyen Commune has the Thuc Luyen communal house relic and traditional festivals of the "
    "Muong people.",
    "xuanson": "Xuan Son Commune lies in the core zone of Xuan Son National Park and develops community-based tourism.",
    "sonvi": "Son Vi Commune, where the Palaeolithic Son Vi culture was discovered.",
    "tienluong": "Tien Luong Commune has the Long Coc tea hills and traditional basket weaving.",
    "vanban": "Van Ban Commune develops hill-forest farming and concentrated livestock breeding.",
    "vietri": "Viet Tri Ward, the administrative centre of the province, directly under the province since "
    "the 2025 reorganisation.",
}


# English of the demo texts of the required pages (demo/builders/content.py), with the site's names as
# placeholders: {name} "Xã Sơn Hùng" / "Son Hung Commune", {council} "UBND xã Sơn Hùng" / "People's
# Committee of Son Hung Commune". Texts not listed are pre-filled by the translator or left to editors.
PHRASEBOOK = {
    "{name} — vị trí địa lý, điều kiện tự nhiên, lịch sử, văn hóa, bộ máy tổ chức và lãnh đạo.": "{name} — location, natural conditions, history, culture, organisation and leadership.",
    "Sơ đồ tổ chức bộ máy {council}": "Organisation chart of the {council}",
    "Bản đồ hành chính {name}": "Administrative map of {name}",
    "{name} có địa hình đồi núi thấp xen kẽ thung lũng, khí hậu nhiệt đới gió mùa, nhiệt độ trung bình năm 23 °C, "
    "lượng mưa bình quân 1.800 mm.": "{name} has low hills interspersed with valleys and a tropical monsoon climate, with an average annual "
    "temperature of 23 °C and average rainfall of 1,800 mm.",
    "Lịch sử hình thành": "History",
    "Vùng đất có lịch sử lâu đời gắn với nền văn hóa Hùng Vương; trải qua nhiều lần điều chỉnh địa giới hành "
    "chính, lần gần nhất năm 2025.": "A land with a long history linked to the culture of the Hung Kings; its administrative boundaries have "
    "been adjusted several times, most recently in 2025.",
    "Văn hóa, lễ hội": "Culture and festivals",
    "Đồng bào Kinh, Mường cùng sinh sống, lưu giữ hát Xoan, hát Ghẹo, lễ hội đình làng và nghề dệt thổ cẩm "
    "truyền thống.": "Kinh and Muong people live side by side, preserving Xoan and Gheo singing, communal-house festivals and "
    "traditional brocade weaving.",
    "Di tích, danh thắng": "Relics and landmarks",
    "Đình làng được xếp hạng di tích lịch sử – văn hóa cấp tỉnh; suối Ngọc và đồi chè là điểm du lịch cộng đồng.": "The village communal house is a provincial historical and cultural relic; Ngoc stream and the tea hills "
    "are community tourism sites.",
    "{council} là cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân cùng cấp và "
    "cơ quan hành chính nhà nước cấp trên.": "The {council} is the local state administrative body, accountable to the People's Council at the same "
    "level and to the state administrative bodies above it.",
    "Sinh năm 1972, quê quán Thanh Sơn, Phú Thọ. Trình độ chuyên môn: Thạc sĩ Quản lý kinh tế; lý luận chính "
    "trị: Cao cấp.": "Born in 1972 in Thanh Son, Phu Tho. Qualification: Master of Economic Management; political theory: "
    "advanced.",
    "Lãnh đạo toàn diện công tác xây dựng Đảng, chính quyền; phụ trách công tác tổ chức cán bộ, quốc phòng – "
    "an ninh.": "Overall leadership of Party and government building; in charge of personnel, defence and security.",
    "Sinh năm 1978, dân tộc Mường. Cử nhân Luật; lý luận chính trị: Cao cấp.": "Born in 1978, of Muong ethnicity. Bachelor of Law; political theory: advanced.",
    "Lãnh đạo, điều hành chung hoạt động của Ủy ban nhân dân; phụ trách tài chính – ngân sách, đất đai, cải cách "
    "hành chính.": "Leads and directs the work of the People's Committee; in charge of finance and budget, land and "
    "administrative reform.",
    "Sinh năm 1983. Kỹ sư Nông nghiệp; lý luận chính trị: Trung cấp.": "Born in 1983. Agricultural engineer; political theory: intermediate.",
    "Phụ trách kinh tế, nông nghiệp, xây dựng, giao thông, tài nguyên và môi trường; Trưởng Ban chỉ đạo chương "
    "trình nông thôn mới.": "In charge of the economy, agriculture, construction, transport, natural resources and environment; head "
    "of the steering committee for new rural development.",
    "Dịch vụ công trực tuyến": "Online public services",
    "Danh mục thủ tục hành chính và dịch vụ công trực tuyến; nộp hồ sơ qua Cổng dịch vụ công của tỉnh.": "Catalogue of administrative procedures and online public services; apply through the province's public "
    "service portal.",
    "Đăng ký khai sinh": "Birth registration",
    "Đăng ký kết hôn": "Marriage registration",
    "Chứng thực bản sao từ bản chính": "Certification of copies from originals",
    "Xác nhận thông tin về cư trú": "Confirmation of residence information",
    "Đăng ký thành lập hộ kinh doanh": "Household business registration",
    "Thủ tục đăng ký khai sinh tại {council}.": "Birth registration at the {council}.",
    "Thủ tục đăng ký kết hôn tại {council}.": "Marriage registration at the {council}.",
    "Thủ tục chứng thực bản sao từ bản chính tại {council}.": "Certification of copies from originals at the {council}.",
    "Thủ tục xác nhận thông tin về cư trú tại {council}.": "Confirmation of residence information at the {council}.",
    "Thủ tục đăng ký thành lập hộ kinh doanh tại {council}.": "Household business registration at the {council}.",
    "{council}": "{council}",
    "Miễn lệ phí": "Free of charge",
    "Miễn phí": "Free of charge",
    "Ngay trong ngày": "The same day",
    "Trong ngày làm việc": "Within the working day",
    "03 ngày làm việc": "3 working days",
    "2.000 đồng/trang": "VND 2,000 per page",
    "100.000 đồng": "VND 100,000",
    "Tờ khai theo mẫu;": "The application form;",
    "Giấy tờ tùy thân (Căn cước công dân hoặc hộ chiếu);": "An identity document (citizen identity card or passport);",
    "Giấy tờ chứng minh liên quan theo quy định.": "Supporting documents as required by law.",
    "Bước 1: Nộp hồ sơ trực tuyến hoặc tại Bộ phận một cửa.": "Step 1: Apply online or at the one-stop shop.",
    "Bước 2: Công chức tiếp nhận, kiểm tra hồ sơ.": "Step 2: A civil servant receives and checks the application.",
    "Bước 3: Nhận kết quả trực tuyến hoặc tại Bộ phận một cửa.": "Step 3: Receive the result online or at the one-stop shop.",
    "Luật Hộ tịch năm 2014; Nghị định 123/2015/NĐ-CP.": "Law on Civil Status 2014; Decree 123/2015/ND-CP.",
    "Mẫu tờ khai": "Application form",
    "Danh bạ cán bộ": "Officials' directory",
    "Thông tin liên hệ của lãnh đạo, công chức.": "Contact details of leaders and civil servants.",
    "Lãnh đạo Ủy ban nhân dân": "People's Committee leadership",
    "Mặt trận Tổ quốc và các đoàn thể": "Fatherland Front and mass organisations",
    "Lãnh đạo Sở": "Department leadership",
    "Công đoàn và các đoàn thể cơ quan": "Trade union and mass organisations of the department",
}


def _site_names(tenant: Tenant, site: DemoSite) -> tuple[dict[str, str], dict[str, str]]:
    """The site's name and its council's, in Vietnamese and in English ({name}, {council})."""
    level, _space, short = tenant.name.partition(" ")
    level = level.lower()
    if tenant.kind == Tenant.Kind.AGENCY or not short:
        council_vi, council_en = tenant.name, tenant.name_en or tenant.name
    else:
        council_vi = f"UBND {level} {short}"
        council_en = Glossary.load().translate(f"Ủy ban nhân dân {level} {short}") or tenant.name_en
    return (
        {"name": tenant.name, "council": council_vi},
        {"name": tenant.name_en or site.name_en, "council": council_en},
    )


def _site_texts(tenant: Tenant, site: DemoSite) -> dict[str, str]:
    """Vietnamese → English of this site's demo texts (names filled into the phrasebook)."""
    vi, en = _site_names(tenant, site)
    texts = {source.format(**vi): target.format(**en) for source, target in PHRASEBOOK.items()}
    texts.update({site.name: site.name_en, site.intro: ENGLISH_INTROS.get(site.slug, ""), "trang-chu": "home"})
    return {source: target for source, target in texts.items() if target}


def _pages_to_translate(home: Page) -> list[Page]:
    """The home page plus every live Vietnamese page with an English duty, parents first."""
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    pages = [home]
    for model in duty_page_models():
        for page in model.objects.live().filter(locale=source_locale).order_by("path"):
            requires = getattr(page, "requires_english", None)
            if not callable(requires) or requires():
                pages.append(page)
    return sorted({page.pk: page for page in pages}.values(), key=lambda page: page.path)


GOVERNMENT_LINKS_EN = {
    "Cổng Thông tin điện tử Chính phủ": "Government e-Portal of Viet Nam",
    "Cổng Dịch vụ công quốc gia": "National Public Service Portal",
    "Cơ sở dữ liệu quốc gia về văn bản pháp luật": "National Database of Legal Documents",
    "Báo Điện tử Chính phủ": "Government News",
    "Hệ thống thông tin giải quyết TTHC tỉnh Phú Thọ": "Phu Tho Province administrative procedure system",
}


def _english_footer(tenant: Tenant, site: DemoSite) -> None:
    """English footer of every demo site: the editorial board's contacts (D10) and the government links."""
    _vi, en = _site_names(tenant, site)
    contacts = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if not contacts.editorial_board_en:
        contacts.editorial_board_en = f"Editorial Board of the {en['name']} e-Portal"
        head = "Director" if tenant.kind == Tenant.Kind.AGENCY else "Chairperson"
        contacts.responsible_person_en = f"{head} of the {en['council']}"
        contacts.address_en = f"Head office of the {en['council']}, Phu Tho Province"
        contacts.licence_en = (
            "Licence No. 12/GP-STTTT of 15 March 2024 issued by the Department of "
            "Information and Communications of Phu Tho Province"
        )
        contacts.save()
    english = Locale.objects.get(language_code="en")
    for link in GovernmentLink.objects.filter(locale=Locale.get_default(), name__in=GOVERNMENT_LINKS_EN):
        if link.get_translation_or_none(english) is None:
            translated = link.copy_for_translation(english)
            translated.name = GOVERNMENT_LINKS_EN[link.name]
            translated.save()


def english_versions(tenant: Tenant, site: DemoSite) -> None:
    _english_footer(tenant, site)
    if site.slug in LEAVE_UNTRANSLATED:
        return
    english = Locale.objects.get(language_code="en")
    home = Site.objects.get(is_default_site=True).root_page.specific
    texts = _site_texts(tenant, site)
    translator = ProvinceMemoryTranslator({})  # memory + glossary only: the demo sends nothing anywhere
    pages = _pages_to_translate(home)
    for page in pages:
        existing = page.get_translation_or_none(english)
        if existing is None or not existing.live:
            translate_page(page, "en", texts, translator)
    if site.slug == MAKE_STALE:
        _make_stale(pages)


def _make_stale(pages: list[Page]) -> None:
    """Edit the Vietnamese source of the first required page (the home page until content types
    with English duties exist) after its English version was synced: the report shows it stale."""
    page = next((page for page in pages if getattr(page, "english_duty", None)), pages[0])
    if english_status(page).status == STALE:
        return
    page.search_description = STALE_NOTE
    page.save_revision().publish()
