"""The demo tenant tree and the editorial board accounts of every site."""

from __future__ import annotations

from dataclasses import dataclass, field

DEMO_PASSWORD = "CongTTDT-2026"  # demo only; printed by bin/demo


@dataclass(frozen=True)
class DemoSite:
    slug: str
    name: str
    name_en: str
    kind: str
    parent: str | None = None
    intro: str = ""
    extra: dict = field(default_factory=dict)


SITES: list[DemoSite] = [
    DemoSite(
        "phutho",
        "Tỉnh Phú Thọ",
        "Phu Tho Province",
        "province",
        intro="Cổng thông tin điện tử tỉnh Phú Thọ — vùng đất Tổ Hùng Vương, cửa ngõ Tây Bắc của Thủ đô.",
    ),
    DemoSite(
        "stttt",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        "agency",
        "phutho",
        intro="Cơ quan chuyên môn thuộc UBND tỉnh, tham mưu quản lý nhà nước về thông tin và truyền thông.",
    ),
    DemoSite(
        "thanhson",
        "Huyện Thanh Sơn",
        "Thanh Son District",
        "district",
        "phutho",
        intro="Huyện miền núi phía Tây Nam tỉnh Phú Thọ, có Vườn quốc gia Xuân Sơn.",
    ),
    DemoSite(
        "camkhe",
        "Huyện Cẩm Khê",
        "Cam Khe District",
        "district",
        "phutho",
        intro="Huyện trung du ven sông Thao, nổi tiếng với nghề trồng chè và làng nghề truyền thống.",
    ),
    DemoSite(
        "sonhung",
        "Xã Sơn Hùng",
        "Son Hung Commune",
        "commune",
        "phutho.thanhson",
        intro="Xã Sơn Hùng nằm ở phía Bắc huyện Thanh Sơn, có 12 khu dân cư với hơn 6.800 nhân khẩu.",
    ),
    DemoSite(
        "thucluyen",
        "Xã Thục Luyện",
        "Thuc Luyen Commune",
        "commune",
        "phutho.thanhson",
        intro="Xã Thục Luyện có di tích đình Thục Luyện và các lễ hội truyền thống của đồng bào Mường.",
    ),
    DemoSite(
        "xuanson",
        "Xã Xuân Sơn",
        "Xuan Son Commune",
        "commune",
        "phutho.thanhson",
        intro="Xã Xuân Sơn nằm trong vùng lõi Vườn quốc gia Xuân Sơn, phát triển du lịch cộng đồng.",
    ),
    DemoSite(
        "sonvi",
        "Xã Sơn Vi",
        "Son Vi Commune",
        "commune",
        "phutho.camkhe",
        intro="Xã Sơn Vi nơi phát hiện nền văn hóa Sơn Vi thời đồ đá cũ.",
    ),
    DemoSite(
        "tienluong",
        "Xã Tiên Lương",
        "Tien Luong Commune",
        "commune",
        "phutho.camkhe",
        intro="Xã Tiên Lương có đồi chè Long Cốc và nghề đan lát truyền thống.",
    ),
    DemoSite(
        "vanban",
        "Xã Văn Bán",
        "Van Ban Commune",
        "commune",
        "phutho.camkhe",
        intro="Xã Văn Bán phát triển kinh tế đồi rừng và chăn nuôi tập trung.",
    ),
    # A commune straight under the province (2025 reform: no district level) — the tree allows it.
    DemoSite(
        "vietri",
        "Phường Việt Trì",
        "Viet Tri Ward",
        "commune",
        "phutho",
        intro="Phường Việt Trì, trung tâm hành chính của tỉnh, trực thuộc tỉnh sau sắp xếp năm 2025.",
    ),
]

# One commune merge of the 2025 reform, already run by the demo (``demo.loader``): two former
# communes of Thanh Sơn, built with the portal content only, merged into a new commune directly
# under the province. Their hostnames stay and answer 301 to the matching pages of the new site.
FORMER_COMMUNES: list[DemoSite] = [
    DemoSite(
        "dongson",
        "Xã Đồng Sơn",
        "Dong Son Commune",
        "commune",
        "phutho.thanhson",
        intro="Xã Đồng Sơn (trước sáp nhập) có 8 khu dân cư dọc suối Giày.",
    ),
    DemoSite(
        "tanson",
        "Xã Tân Sơn",
        "Tan Son Commune",
        "commune",
        "phutho.thanhson",
        intro="Xã Tân Sơn (trước sáp nhập) nổi tiếng với đồi cọ và chè Shan tuyết.",
    ),
]
MERGED_COMMUNE = DemoSite(
    "laidong",
    "Xã Lai Đồng",
    "Lai Dong Commune",
    "commune",
    "phutho",
    intro="Xã Lai Đồng được thành lập ngày 01/7/2025 trên cơ sở sáp nhập xã Đồng Sơn và xã Tân Sơn.",
)

# Board accounts of every site: username suffix → (group, is superuser)
BOARD = [
    ("quantri", None, True),
    ("bientap", "Biên tập viên", False),
    ("photruongban", "Phó trưởng ban", False),
    ("truongban", "Trưởng ban", False),
]
CONSOLE_ADMIN = "sotttt"
