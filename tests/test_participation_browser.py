"""Browser e2e (Debian Chromium): a citizen asks a question, keeps the tracking code and follows it."""

import pytest
from django_tenants.utils import tenant_context

from participation.models import Question
from participation.services import questions as qa
from tests.live_in_transaction import InTransactionLiveServer, in_browser
from tests.participation_helpers import PERSONAL, QUESTION

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """axe-core, WCAG 2.1 A/AA: no violation on the page as it is now (D24)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


pytestmark = [pytest.mark.django_db, pytest.mark.browser, pytest.mark.usefixtures("participation_redis")]


def test_citizen_asks_a_question_and_follows_its_status(citizen_site):
    with InTransactionLiveServer() as server:
        home = server.url(citizen_site.host, "/hoi-dap/")

        def ask(page) -> str:
            page.goto(home)
            assert page.locator("h1").inner_text() == "Hỏi đáp"
            # A first try without an address is refused with a message tied to the field
            page.get_by_label("Họ và tên").fill(QUESTION["asker_name"])
            page.get_by_label("Tiêu đề câu hỏi").fill(QUESTION["title"])
            page.get_by_label("Nội dung câu hỏi").fill(QUESTION["body"])
            page.get_by_role("button", name="Gửi câu hỏi").click()
            assert "Câu hỏi chưa được gửi" in page.locator("[role=alert]").first.inner_text()
            assert_accessible(page)  # the form with its error messages
            assert page.get_by_label("Địa chỉ liên hệ").get_attribute("aria-invalid") == "true"
            # The typed values were kept: complete the form and send it
            assert page.get_by_label("Họ và tên").input_value() == QUESTION["asker_name"]
            page.get_by_label("Địa chỉ liên hệ").fill(QUESTION["asker_address"])
            page.get_by_label("Điện thoại (không bắt buộc)").fill(QUESTION["asker_phone"])
            page.get_by_label("Lĩnh vực").select_option("Đất đai")
            page.get_by_role("button", name="Gửi câu hỏi").click()
            page.get_by_role("heading", name="Đã tiếp nhận câu hỏi").wait_for()
            code = page.locator("#ma-tra-cuu").inner_text().strip()
            assert_accessible(page)
            page.get_by_role("link", name="Xem tình trạng câu hỏi").click()
            assert page.locator("#tinh-trang").inner_text() == "Đã tiếp nhận"
            return code

        code = in_browser(ask)
        assert len(code) == 10

        # The site's editors assign and answer the question
        with tenant_context(citizen_site.tenant):
            question = Question.objects.get(tracking_code=code)
            assert (question.asker_name, question.asker_address) == (QUESTION["asker_name"], QUESTION["asker_address"])
            qa.assign(question, "Phòng Tài nguyên và Môi trường")
            qa.answer(question, "Hồ sơ tách thửa gồm đơn đề nghị và giấy chứng nhận.")

        def follow(page) -> str:
            # Days later the citizen comes back with the code, typed with a space and in lower case
            page.goto(home)
            page.get_by_label("Mã tra cứu").fill(f"{code[:5].lower()} {code[5:].lower()}")
            page.get_by_role("button", name="Tra cứu").click()
            assert page.locator("#tinh-trang").inner_text() == "Đã trả lời"
            assert "Hồ sơ tách thửa gồm đơn đề nghị" in page.locator("#tra-loi").inner_text()
            assert_accessible(page)
            html = page.content()
            page.get_by_role("link", name="Đánh giá trang thông tin").click()  # footer link
            page.get_by_role("heading", name="Đánh giá trang thông tin").wait_for()
            assert_accessible(page)
            return html

        html = in_browser(follow)
    assert not any(value in html for value in PERSONAL)
