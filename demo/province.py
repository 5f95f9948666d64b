"""The demo tenant tree and the editorial board accounts of every site.

The demo province has today's two levels (since 1 July 2025 districts are abolished): the province
portal, its agency and communes/wards directly beneath it. The loader (``demo.loader``) reaches that
tree the way a province did: it builds the 2024 tree (communes under their districts), then runs the
2025 restructuring through the services the console uses — one commune merge (Đồng Sơn + Tân Sơn →
Lai Đồng), the communes moved up to the province (``formerly``: their district) with a new primary
hostname by the regulations (the old one kept), and each district closed into the province portal
(status *merged*: its hostnames redirect there, its schema keeps its history).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

CONSOLE_PASSWORD = "CongTTDT-2026"  # demo only; printed by bin/demo


def site_password(slug: str) -> str:
    """The password of every board account of one demo site: each site its own, so one site's login never
    opens another site's admin (printed per site by bin/demo)."""
    return f"{slug.capitalize()}-{hashlib.sha256(f'congttdt-demo:{slug}'.encode()).hexdigest()[:6]}"


@dataclass(frozen=True)
class DemoSite:
    slug: str
    name: str
    name_en: str
    kind: str
    parent: str | None = None  # tree path of its parent today
    intro: str = ""
    extra: dict = field(default_factory=dict)
    formerly: str | None = None  # tree path of its parent before the 2025 reform (built there first)

    @property
    def path(self) -> str:
        return f"{self.parent}.{self.slug}" if self.parent else self.slug

    @property
    def built_path(self) -> str:
        """Where the 2024 tree had it."""
        return f"{self.formerly}.{self.slug}" if self.formerly else self.path


SITES: list[DemoSite] = [
    DemoSite(
        "phutho",
        "Tỉnh Phú Thọ",
        "Phu Tho Province",
        "province",
        intro="Cổng thông tin điện tử tỉnh Phú Thọ — vùng đất Tổ Hùng Vương, cửa ngõ Tây Bắc của Thủ đô.",
    ),
    # 2025 reorganisation of the departments: the Sở Thông tin và Truyền thông was merged into it.
    DemoSite(
        "skhcn",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "agency",
        "phutho",
        intro="Cơ quan chuyên môn thuộc UBND tỉnh, tham mưu quản lý nhà nước về khoa học, công nghệ, đổi mới "
        "sáng tạo, chuyển đổi số, bưu chính và viễn thông; tiếp nhận chức năng, nhiệm vụ của Sở Thông tin và "
        "Truyền thông từ ngày 01/3/2025.",
    ),
    DemoSite(
        "sonhung",
        "Xã Sơn Hùng",
        "Son Hung Commune",
        "commune",
        "phutho",
        intro="Xã Sơn Hùng (trước đây thuộc huyện Thanh Sơn) có 12 khu dân cư với hơn 6.800 nhân khẩu.",
        formerly="phutho.thanhson",
    ),
    DemoSite(
        "thucluyen",
        "Xã Thục Luyện",
        "Thuc Luyen Commune",
        "commune",
        "phutho",
        intro="Xã Thục Luyện có di tích đình Thục Luyện và các lễ hội truyền thống của đồng bào Mường.",
        formerly="phutho.thanhson",
    ),
    DemoSite(
        "xuanson",
        "Xã Xuân Sơn",
        "Xuan Son Commune",
        "commune",
        "phutho",
        intro="Xã Xuân Sơn nằm trong vùng lõi Vườn quốc gia Xuân Sơn, phát triển du lịch cộng đồng.",
        formerly="phutho.thanhson",
    ),
    DemoSite(
        "sonvi",
        "Xã Sơn Vi",
        "Son Vi Commune",
        "commune",
        "phutho",
        intro="Xã Sơn Vi nơi phát hiện nền văn hóa Sơn Vi thời đồ đá cũ.",
        formerly="phutho.camkhe",
    ),
    DemoSite(
        "tienluong",
        "Xã Tiên Lương",
        "Tien Luong Commune",
        "commune",
        "phutho",
        intro="Xã Tiên Lương có đồi chè Long Cốc và nghề đan lát truyền thống.",
        formerly="phutho.camkhe",
    ),
    DemoSite(
        "vanban",
        "Xã Văn Bán",
        "Van Ban Commune",
        "commune",
        "phutho",
        intro="Xã Văn Bán phát triển kinh tế đồi rừng và chăn nuôi tập trung.",
        formerly="phutho.camkhe",
    ),
    # A ward created by the reform straight under the province (no 2024 history in the demo).
    DemoSite(
        "vietri",
        "Phường Việt Trì",
        "Viet Tri Ward",
        "commune",
        "phutho",
        intro="Phường Việt Trì, trung tâm hành chính của tỉnh, trực thuộc tỉnh sau sắp xếp năm 2025.",
    ),
]

# The districts of the 2024 tree, built with the portal content only (settings, introduction, news: the
# demo build stays short). Once their communes have moved up, each is closed into DISTRICT_SUCCESSOR.
FORMER_DISTRICTS: list[DemoSite] = [
    DemoSite(
        "thanhson",
        "Huyện Thanh Sơn",
        "Thanh Son District",
        "district",
        "phutho",
        intro="Huyện Thanh Sơn (đến ngày 30/6/2025) — huyện miền núi phía Tây Nam tỉnh, có Vườn quốc gia Xuân Sơn.",
    ),
    DemoSite(
        "camkhe",
        "Huyện Cẩm Khê",
        "Cam Khe District",
        "district",
        "phutho",
        intro="Huyện Cẩm Khê (đến ngày 30/6/2025) — huyện trung du ven sông Thao, nổi tiếng với nghề trồng chè.",
    ),
]
# The province portal succeeds an abolished district: the district's tasks went to the province and to
# the communes, and the portal lists every commune, whichever district it was in.
DISTRICT_SUCCESSOR = "phutho"
# Agencies of demo databases built before this tree (``bin/demo`` on an existing database) → their successor.
LEGACY_AGENCIES = {"phutho.stttt": "phutho.skhcn"}

# One commune merge of the 2025 reform, already run by the demo (``demo.loader``): two former
# communes of Thanh Sơn, built with the portal content only, merged into a new commune directly
# under the province. Their hostnames stay and answer 301 to the matching pages of the new site.
FORMER_COMMUNES: list[DemoSite] = [
    DemoSite(
        "dongson",
        "Xã Đồng Sơn",
        "Dong Son Commune",
        "commune",
        "phutho",
        intro="Xã Đồng Sơn (trước sáp nhập) có 8 khu dân cư dọc suối Giày.",
        formerly="phutho.thanhson",
    ),
    DemoSite(
        "tanson",
        "Xã Tân Sơn",
        "Tan Son Commune",
        "commune",
        "phutho",
        intro="Xã Tân Sơn (trước sáp nhập) nổi tiếng với đồi cọ và chè Shan tuyết.",
        formerly="phutho.thanhson",
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

# Board accounts of every site: username suffix → (group, is superuser); password: site_password(slug)
BOARD = [
    ("quantri", None, True),
    ("bientap", "Biên tập viên", False),
    ("photruongban", "Phó trưởng ban", False),
    ("truongban", "Trưởng ban", False),
    ("congtacvien", "Cộng tác viên", False),  # a collaborator: drafts and submits, never publishes
]
# Province IT's console account (public schema): since 2025 province IT belongs to the Sở KH&CN.
CONSOLE_ADMIN = "sokhcn"
