"""Demo content of citizen interaction (``participation``) for every demo site: questions and answers
(the first answer citing the site's newest legal document; the site's list of handling units),
consultations, the visitor counter's figures, ratings. Idempotent: every builder finds before it creates."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.text import ascii_slug
from participation.models import (
    ConsultationComment,
    ConsultationIndexPage,
    ConsultationPage,
    ProcessingUnit,
    Question,
    QuestionIndexPage,
    SiteRating,
    VisitDay,
)
from participation.services import citations
from participation.services import questions as qa
from sites.models import LegalDocumentPage

QUESTIONS = [
    (
        "individual",
        "Nguyễn Văn Hùng",
        "Khu 3, xã Sơn Hùng",
        "Đất đai",
        "Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi có giấy chứng nhận quyền sử dụng đất cấp năm 1998, nay muốn cấp đổi sang mẫu mới thì cần "
        "chuẩn bị những giấy tờ gì và nộp ở đâu?",
        "Hồ sơ cấp đổi gồm: đơn đề nghị cấp đổi (Mẫu số 11/ĐK) và bản gốc giấy chứng nhận đã cấp. Ông nộp hồ sơ tại "
        "Bộ phận tiếp nhận và trả kết quả của UBND xã hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia. Thời hạn "
        "giải quyết không quá 7 ngày làm việc.",
        "Công chức Địa chính – Xây dựng",
    ),
    (
        "individual",
        "Trần Thị Mai",
        "Khu 7, xã Sơn Hùng",
        "Chính sách xã hội",
        "Chế độ trợ cấp cho người cao tuổi từ 75 tuổi",
        "Mẹ tôi năm nay 76 tuổi, không có lương hưu. Xin hỏi mẹ tôi có được hưởng trợ cấp xã hội hằng tháng không?",
        "Theo Luật Bảo hiểm xã hội 2024, người từ đủ 75 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng "
        "được hưởng trợ cấp hưu trí xã hội. Gia đình liên hệ công chức Văn hóa – Xã hội của xã để được hướng dẫn lập "
        "tờ khai.",
        "Công chức Văn hóa – Xã hội",
    ),
    (
        "organisation",
        "Hợp tác xã Chè Long Cốc",
        "Xóm Đồng, xã Tiên Lương",
        "Thủ tục hành chính",
        "Đăng ký nhãn hiệu tập thể cho sản phẩm chè",
        "Hợp tác xã muốn đăng ký nhãn hiệu tập thể cho sản phẩm chè của các thành viên. Xin hướng dẫn cơ quan tiếp "
        "nhận và hồ sơ cần thiết.",
        "Hồ sơ đăng ký nhãn hiệu tập thể nộp tại Cục Sở hữu trí tuệ; Sở Khoa học và Công nghệ hỗ trợ tư vấn và kinh phí "
        "theo chương trình phát triển tài sản trí tuệ của tỉnh. Hợp tác xã cần xây dựng quy chế sử dụng nhãn hiệu.",
        "Văn phòng HĐND và UBND",
    ),
]
PENDING = (
    "individual",
    "Hà Văn Sơn",
    "Khu 12, xã Sơn Hùng",
    "Xây dựng, quy hoạch",
    "Cấp phép xây dựng nhà ở nông thôn",
    "Nhà tôi ở nông thôn, xây nhà 2 tầng có phải xin giấy phép xây dựng không?",
)


def _home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


def _child(parent, model, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def questions_and_answers(tenant, site) -> None:
    page = _child(
        _home(),
        QuestionIndexPage,
        "hoi-dap",
        title="Hỏi đáp",
        intro=f"<p>Người dân, tổ chức gửi câu hỏi tới {site.name}. Câu hỏi được trả lời trong 15 ngày làm việc.</p>",
        receiving_unit="Văn phòng HĐND và UBND",
    )
    for unit in sorted({row[-1] for row in QUESTIONS} | {"Văn phòng HĐND và UBND"}):
        email = f"{ascii_slug(unit)[:40]}@example.gov.vn"
        ProcessingUnit.objects.get_or_create(name=unit, defaults={"email": email})
    if Question.objects.filter(page=page).exists():
        return
    cited = LegalDocumentPage.objects.live().order_by("-issue_date").first()
    now = timezone.now()
    for age, (kind, name, address, topic, title, body, answer_text, unit) in zip((40, 25, 12), QUESTIONS, strict=True):
        question = qa.submit_question(
            page,
            {
                "asker_kind": kind,
                "asker_name": name,
                "asker_address": address,
                "topic": topic,
                "title": title,
                "body": body,
            },
            received_at=now - timedelta(days=age),
        )
        qa.assign(question, unit)
        question.answered_at = question.received_at + timedelta(days=4)  # within the 15 working days
        qa.answer(question, answer_text, unit=unit)
        if cited is not None and age == 40:
            citations.cite(question, [cited])
        qa.set_published(question, True)
    kind, name, address, topic, title, body = PENDING
    qa.submit_question(
        page,
        {
            "asker_kind": kind,
            "asker_name": name,
            "asker_address": address,
            "topic": topic,
            "title": title,
            "body": body,
        },
    )


def consultations(tenant, site) -> None:
    index = _child(
        _home(),
        ConsultationIndexPage,
        "lay-y-kien",
        title="Lấy ý kiến dự thảo",
        intro="<p>Dự thảo văn bản, chính sách lấy ý kiến nhân dân.</p>",
    )
    now = timezone.now()
    contact = {
        "unit_name": "Văn phòng HĐND và UBND",
        "unit_address": f"Trụ sở {site.name}",
        "unit_phone": "0210 3 856 123",
        "unit_email": "vanphong@example.gov.vn",
    }
    _child(
        index,
        ConsultationPage,
        "du-thao-quy-che-dan-chu",
        title="Dự thảo Quy chế thực hiện dân chủ ở cơ sở",
        summary="Quy chế quy định những nội dung công khai, nhân dân bàn và quyết định, tham gia ý kiến.",
        body="<p>Điều 1. Phạm vi điều chỉnh: Quy chế này quy định việc thực hiện dân chủ ở cơ sở…</p>"
        "<p>Điều 2. Đối tượng áp dụng: cán bộ, công chức và nhân dân trên địa bàn.</p>",
        open_at=now - timedelta(days=5),
        close_at=now + timedelta(days=25),
        **contact,
    )
    closed = _child(
        index,
        ConsultationPage,
        "du-thao-ke-hoach-nong-thon-moi",
        title="Dự thảo Kế hoạch xây dựng nông thôn mới kiểu mẫu giai đoạn 2025–2030",
        summary="Mục tiêu, nhiệm vụ và nguồn lực xây dựng nông thôn mới kiểu mẫu.",
        body="<p>I. Mục tiêu: đến năm 2030 đạt chuẩn nông thôn mới kiểu mẫu…</p>",
        open_at=now - timedelta(days=60),
        close_at=now - timedelta(days=30),
        comments_summary="<p>Đã nhận 3 ý kiến; tiếp thu ý kiến về bổ sung chỉ tiêu nước sạch, "
        "giải trình ý kiến về nguồn vốn đối ứng.</p>",
        **contact,
    )
    if not ConsultationComment.objects.filter(consultation=closed).exists():
        for offset, (name, text, status) in enumerate(
            [
                ("Lê Văn Bình", "Đề nghị bổ sung chỉ tiêu tỷ lệ hộ dùng nước sạch đạt 100%.", "approved"),
                ("Phạm Thị Hoa", "Cần làm rõ nguồn vốn đối ứng của nhân dân.", "approved"),
                ("Nguyễn Thị Lan", "Đề nghị ưu tiên đường giao thông nội đồng.", "rejected"),
            ]
        ):
            ConsultationComment.objects.create(
                consultation=closed,
                name=name,
                contact="Khu 1",
                body=text,
                status=status,
                submitted_at=now - timedelta(days=50 - offset),
                moderated_at=now - timedelta(days=29),
            )


def visits(tenant, site) -> None:
    """The visitor counter's daily rows of the last 60 days (D19), a weekly rhythm around a base figure."""
    if VisitDay.objects.exists():
        return
    today = timezone.localdate()
    base = 80 + sum(map(ord, site.slug)) % 120
    VisitDay.objects.bulk_create(
        [
            VisitDay(date=today - timedelta(days=age), visits=base + (37 * age) % 53 - (25 if age % 7 in (0, 6) else 0))
            for age in range(1, 61)
        ]
    )


def ratings(tenant, site) -> None:
    if SiteRating.objects.exists():
        return
    now = timezone.now()
    scores = [(5, 4, 4, 5), (4, 4, 3, 4), (5, 5, 5, 4), (3, 4, 4, 3), (4, 5, 4, 4), (5, 4, 5, 5)]
    SiteRating.objects.bulk_create(
        [
            SiteRating(interface=a, content=b, quality=c, support=d, submitted_at=now - timedelta(days=12 * i))
            for i, (a, b, c, d) in enumerate(scores)
        ]
    )
