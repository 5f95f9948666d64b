"""The one place where checks are registered: adding a criterion is one function (in ``checks/``)
and one line in ``CHECKS``. Each line names the check's code, the duty (D1–D37, DESIGN.md §4) it
speaks for, its score group and weight within the group (``compliance.scoring``), and the function.

A duty's status is the worst status of its checks; a duty without a check is *not applicable*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .checks import deadlines, interaction, platform, sections, technical
from .context import CheckContext
from .findings import Outcome

DUTIES = {
    "D1": _("Giới thiệu"),
    "D2": _("Tin tức, sự kiện"),
    "D3": _("Chỉ đạo, điều hành"),
    "D4": _("Phổ biến, giáo dục pháp luật"),
    "D5": _("Chiến lược, quy hoạch, kế hoạch"),
    "D6": _("Văn bản pháp luật"),
    "D7": _("Dự án, đầu tư, đấu thầu, mua sắm công"),
    "D8": _("Lấy ý kiến góp ý"),
    "D9": _("Thông tin liên hệ của cán bộ"),
    "D10": _("Thông tin liên hệ của cổng"),
    "D11": _("Chương trình, đề tài khoa học"),
    "D12": _("Thông tin thống kê"),
    "D13": _("Tiếng Anh"),
    "D14": _("Liên kết, tích hợp"),
    "D15": _("Dịch vụ công trực tuyến"),
    "D16": _("Hỏi đáp"),
    "D17": _("Chức năng hỗ trợ"),
    "D18": _("Quy trình biên tập"),
    "D19": _("Thống kê truy cập"),
    "D20": _("Báo cáo hoạt động"),
    "D21": _("Mã hóa tiếng Việt"),
    "D22": _("An toàn thông tin"),
    "D23": _("Đánh giá của người dân"),
    "D24": _("Hỗ trợ người khuyết tật"),
    "D25": _("Công khai thông tin"),
    "D26": _("Siêu dữ liệu trang"),
    "D27": _("Giám sát quốc gia (EMC)"),
    "D28": _("Trang thành phần"),
    "D29": _("Tốc độ tải trang"),
    "D30": _("Dữ liệu có cấu trúc, dịch vụ web"),
    "D31": _("Sao lưu, phục hồi"),
    "D32": _("Cấp độ an toàn hệ thống"),
    "D33": _("Nhuận bút"),
    "D34": _("Cộng tác viên, tiếp nhận thông tin"),
    "D35": _("Đơn vị chịu trách nhiệm, thời hạn"),
    "D36": _("Toàn vẹn văn bản"),
    "D37": _("Thống kê đóng góp"),
}

CONTENT, TIMELINESS, INTERACTION, TECHNICAL = "content", "timeliness", "interaction", "technical"


@dataclass(frozen=True)
class Check:
    code: str
    duty: str
    group: str
    weight: int
    run: Callable[[CheckContext], Outcome]


CHECKS: tuple[Check, ...] = (
    # Required information (sections present and non-empty, kept current)
    Check("intro", "D1", CONTENT, 3, sections.introduction),
    Check("news", "D2", CONTENT, 3, sections.news),
    Check("direction", "D3", CONTENT, 2, sections.direction),
    Check("weekly-schedule", "D3", CONTENT, 2, sections.weekly_schedule),
    Check("law", "D4", CONTENT, 2, sections.law_dissemination),
    Check("plans", "D5", CONTENT, 2, sections.plans),
    Check("documents", "D6", CONTENT, 3, sections.legal_documents),
    Check("document-files", "D6", CONTENT, 2, technical.document_files),
    Check("projects", "D7", CONTENT, 2, sections.projects),
    Check("officials", "D9", CONTENT, 3, sections.officials),
    Check("portal-contacts", "D10", CONTENT, 2, sections.portal_contacts),
    Check("science", "D11", CONTENT, 1, sections.science),
    Check("statistics", "D12", CONTENT, 1, sections.statistics),
    Check("english", "D13", CONTENT, 2, technical.english),
    Check("disclosure", "D25", CONTENT, 2, sections.disclosure),
    # Timeliness: each posting deadline, item by item (D35)
    Check("news-on-time", "D2", TIMELINESS, 3, deadlines.news_on_time),
    Check("law-on-time", "D4", TIMELINESS, 1, deadlines.law_on_time),
    Check("plans-on-time", "D5", TIMELINESS, 1, deadlines.plans_on_time),
    Check("documents-on-time", "D6", TIMELINESS, 3, deadlines.documents_on_time),
    Check("withdrawals-in-time", "D6", TIMELINESS, 2, deadlines.withdrawals_in_time),
    Check("projects-on-time", "D7", TIMELINESS, 1, deadlines.projects_on_time),
    Check("science-on-time", "D11", TIMELINESS, 1, deadlines.science_on_time),
    Check("statistics-on-time", "D12", TIMELINESS, 1, deadlines.statistics_on_time),
    Check("deadline-settings", "D35", TIMELINESS, 0, deadlines.deadline_settings),  # informational: weight 0
    # Interaction and public services
    Check("consultations", "D8", INTERACTION, 2, sections.consultations),
    Check("consultation-summaries", "D8", INTERACTION, 2, interaction.consultation_summaries),
    Check("services", "D15", INTERACTION, 3, sections.public_services),
    Check("questions-page", "D16", INTERACTION, 2, sections.questions_page),
    Check("questions-in-time", "D16", INTERACTION, 3, interaction.questions_in_time),
    Check("visitors", "D19", INTERACTION, 1, interaction.visitor_counter),
    Check("rating", "D23", INTERACTION, 1, interaction.rating_figures),
    # Technical requirements (Circular 22/2023)
    Check("government-links", "D14", TECHNICAL, 2, technical.government_links),
    Check("support-functions", "D17", TECHNICAL, 1, platform.platform_feature),
    Check("workflow", "D18", TECHNICAL, 1, platform.platform_feature),
    Check("reports", "D20", TECHNICAL, 1, platform.not_checked),
    Check("unicode", "D21", TECHNICAL, 1, platform.platform_feature),
    Check("security", "D22", TECHNICAL, 1, platform.platform_feature),
    Check("accessibility", "D24", TECHNICAL, 1, platform.platform_feature),
    Check("dublin-core", "D26", TECHNICAL, 2, technical.dublin_core_sample),
    Check("emc", "D27", TECHNICAL, 3, technical.emc_code),
    Check("parent-portal", "D28", TECHNICAL, 2, technical.parent_portal),
    Check("page-speed", "D29", TECHNICAL, 1, platform.not_checked),
    Check("web-services", "D30", TECHNICAL, 1, platform.platform_feature),
    Check("backups", "D31", TECHNICAL, 2, platform.backups),
    Check("security-level", "D32", TECHNICAL, 1, platform.platform_feature),
)
