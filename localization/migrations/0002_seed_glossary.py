"""Seed the province glossary with the standard Vietnamese administrative terms and their official
English (province IT edits them afterwards in the console)."""
from django.db import migrations

from localization.text import match_key

# (Vietnamese, English, English attributive form, is an administrative level, note)
TERMS = [
    # Administrative levels: the proper name comes first in English ("Son Hung Commune").
    ("tỉnh", "province", "Provincial", True, ""),
    ("thành phố", "city", "City", True, ""),
    ("huyện", "district", "District", True, ""),
    ("quận", "urban district", "District", True, ""),
    ("thị xã", "town", "Town", True, ""),
    ("xã", "commune", "Commune", True, ""),
    ("phường", "ward", "Ward", True, ""),
    ("thị trấn", "township", "Township", True, ""),
    ("thôn", "village", "Village", True, ""),
    ("tổ dân phố", "residential group", "Residential Group", True, ""),
    # Bodies
    ("Ủy ban nhân dân", "People's Committee", "", False, "Viết tắt UBND."),
    ("Hội đồng nhân dân", "People's Council", "", False, "Viết tắt HĐND."),
    ("Ủy ban Mặt trận Tổ quốc", "Fatherland Front Committee", "", False, ""),
    ("Mặt trận Tổ quốc Việt Nam", "Vietnam Fatherland Front", "", False, ""),
    ("Đảng ủy", "Party Committee", "", False, ""),
    ("Đảng bộ", "Party Organization", "", False, ""),
    ("Ủy ban Kiểm tra", "Inspection Committee", "", False, ""),
    ("Văn phòng", "Office", "", False, ""),
    ("Sở Thông tin và Truyền thông", "Department of Information and Communications", "", False, ""),
    ("Sở", "Department", "", False, "Cơ quan chuyên môn cấp tỉnh."),
    ("Thanh tra", "Inspectorate", "", False, ""),
    ("Công an", "Police", "", False, ""),
    ("Ban Chỉ huy Quân sự", "Military Command", "", False, ""),
    ("Kho bạc Nhà nước", "State Treasury", "", False, ""),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ho Chi Minh Communist Youth Union", "", False, ""),
    ("Hội Liên hiệp Phụ nữ", "Women's Union", "", False, ""),
    ("Hội Nông dân", "Farmers' Union", "", False, ""),
    ("Hội Cựu chiến binh", "Veterans' Association", "", False, ""),
    ("Bộ phận tiếp nhận và trả kết quả", "Reception and Result Delivery Unit", "", False, "Bộ phận một cửa."),
    ("Bộ phận một cửa", "One-stop shop", "", False, ""),
    ("Ban biên tập", "Editorial Board", "", False, ""),
    # Positions
    ("Trưởng ban biên tập", "Editor-in-chief", "", False, ""),
    ("Phó Trưởng ban biên tập", "Deputy Editor-in-chief", "", False, ""),
    ("Chủ tịch", "Chairman", "", False, "Hoặc “Chairperson”."),
    ("Phó Chủ tịch", "Vice Chairman", "", False, "Hoặc “Vice Chairperson”."),
    ("Bí thư", "Secretary", "", False, ""),
    ("Phó Bí thư", "Deputy Secretary", "", False, ""),
    ("Chánh Văn phòng", "Chief of Office", "", False, ""),
    ("Giám đốc", "Director", "", False, ""),
    ("Phó Giám đốc", "Deputy Director", "", False, ""),
    ("Trưởng phòng", "Head of Division", "", False, ""),
    ("Công chức", "Civil servant", "", False, ""),
    ("Cán bộ", "Official", "", False, ""),
    ("Công chức Văn phòng - Thống kê", "Office and Statistics Officer", "", False, ""),
    ("Công chức Tư pháp - Hộ tịch", "Justice and Civil Status Officer", "", False, ""),
    ("Công chức Địa chính - Xây dựng", "Land Administration and Construction Officer", "", False, ""),
    ("Công chức Tài chính - Kế toán", "Finance and Accounting Officer", "", False, ""),
    ("Công chức Văn hóa - Xã hội", "Culture and Social Affairs Officer", "", False, ""),
    # Services and documents
    ("Thủ tục hành chính", "Administrative procedure", "", False, ""),
    ("Dịch vụ công trực tuyến", "Online public service", "", False, ""),
    ("Dịch vụ công trực tuyến toàn trình", "Full online public service", "", False, "Nghị định 42/2022/NĐ-CP."),
    ("Dịch vụ công trực tuyến một phần", "Partial online public service", "", False, "Nghị định 42/2022/NĐ-CP."),
    ("Cổng thông tin điện tử", "Web portal", "", False, ""),
    ("Trang thông tin điện tử", "Website", "", False, ""),
    ("Văn bản quy phạm pháp luật", "Legal normative document", "", False, ""),
    ("Nghị định", "Decree", "", False, ""),
    ("Thông tư", "Circular", "", False, ""),
    ("Nghị quyết", "Resolution", "", False, ""),
    ("Quyết định", "Decision", "", False, ""),
    ("Chỉ thị", "Directive", "", False, ""),
    ("Kế hoạch", "Plan", "", False, ""),
    ("Thông báo", "Notice", "", False, ""),
    ("Báo cáo", "Report", "", False, ""),
    ("Công văn", "Official letter", "", False, ""),
    # Portal sections (D1, D9, D15)
    ("Giới thiệu", "Introduction", "", False, ""),
    ("Giới thiệu chung", "General introduction", "", False, ""),
    ("Cơ cấu tổ chức", "Organizational structure", "", False, ""),
    ("Chức năng, nhiệm vụ", "Functions and duties", "", False, ""),
    ("Chức năng, nhiệm vụ, quyền hạn", "Functions, duties and powers", "", False, ""),
    ("Lãnh đạo", "Leadership", "", False, ""),
    ("Danh bạ điện thoại", "Telephone directory", "", False, ""),
    ("Thông tin liên hệ", "Contact information", "", False, ""),
    ("Điều kiện tự nhiên", "Natural conditions", "", False, ""),
    ("Lịch sử", "History", "", False, ""),
    ("Văn hóa", "Culture", "", False, ""),
    ("Di tích", "Historical relic", "", False, ""),
    ("Bản đồ hành chính", "Administrative map", "", False, ""),
    ("Tin tức", "News", "", False, ""),
    ("Sự kiện", "Events", "", False, ""),
    ("Hỏi đáp", "Questions and answers", "", False, ""),
    ("Thống kê", "Statistics", "", False, ""),
]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("localization", "GlossaryTerm")
    for vi, en, attributive, is_level, notes in TERMS:
        GlossaryTerm.objects.get_or_create(
            key=match_key(vi),
            defaults={"vi": vi, "en": en, "en_attributive": attributive, "is_level": is_level, "notes": notes},
        )


def unseed(apps, schema_editor):
    GlossaryTerm = apps.get_model("localization", "GlossaryTerm")
    GlossaryTerm.objects.filter(key__in=[match_key(vi) for vi, *_rest in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("localization", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
