"""Browser e2e (Debian Chromium): a citizen asks a question, keeps the tracking code and follows it."""
import pytest
from django_tenants.utils import tenant_context

from participation.models import Question
from participation.services import questions as qa
from tests.live_in_transaction import InTransactionLiveServer
from tests.participation_helpers import PERSONAL, QUESTION, clean_participation_redis, portal  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.browser]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP *.localhost 127.0.0.1"]


@pytest.fixture
def server(portal):
    with InTransactionLiveServer() as live:  # before Playwright: it captures the test's connection
        yield live


@pytest.fixture
def browser_page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(locale="vi-VN")
        page.set_default_timeout(20_000)
        yield page
        browser.close()


def test_citizen_asks_a_question_and_follows_its_status(portal, server, browser_page, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the test thread
    server.bind_here()
    page = browser_page
    page.goto(server.url(portal.host, "/hoi-dap/"))
    assert page.locator("h1").inner_text() == "Hỏi đáp"
    # A first try without an address is refused with a message next to the field
    page.get_by_label("Họ và tên").fill(QUESTION["asker_name"])
    page.get_by_label("Tiêu đề câu hỏi").fill(QUESTION["title"])
    page.get_by_label("Nội dung câu hỏi").fill(QUESTION["body"])
    page.get_by_role("button", name="Gửi câu hỏi").click()
    assert "Câu hỏi chưa được gửi" in page.locator("[role=alert]").first.inner_text()
    assert page.get_by_label("Địa chỉ liên hệ").get_attribute("aria-invalid") == "true"
    # Complete the form: the typed values were kept
    assert page.get_by_label("Họ và tên").input_value() == QUESTION["asker_name"]
    page.get_by_label("Địa chỉ liên hệ").fill(QUESTION["asker_address"])
    page.get_by_label("Điện thoại (không bắt buộc)").fill(QUESTION["asker_phone"])
    page.get_by_label("Lĩnh vực").select_option("Đất đai")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.get_by_role("heading", name="Đã tiếp nhận câu hỏi").wait_for()
    code = page.locator("#ma-tra-cuu").inner_text().strip()
    assert len(code) == 10

    page.get_by_role("link", name="Xem tình trạng câu hỏi").click()
    assert page.locator("#tinh-trang").inner_text() == "Đã tiếp nhận"

    # The site answers the question (editors' side)
    with tenant_context(portal.tenant):
        question = Question.objects.get(tracking_code=code)
        qa.assign(question, "Phòng Tài nguyên và Môi trường")
        qa.answer(question, "Hồ sơ tách thửa gồm đơn đề nghị và giấy chứng nhận.")

    # Days later the citizen comes back with the code, typed with spaces and in lower case
    page.goto(server.url(portal.host, "/hoi-dap/"))
    page.get_by_label("Mã tra cứu").fill(f"{code[:5].lower()} {code[5:].lower()}")
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator("#tinh-trang").inner_text() == "Đã trả lời"
    assert "Hồ sơ tách thửa gồm đơn đề nghị" in page.locator("#tra-loi").inner_text()
    html = page.content()
    assert not any(value in html for value in PERSONAL)
    with tenant_context(portal.tenant):
        stored = Question.objects.get(tracking_code=code)
    assert (stored.asker_name, stored.asker_address, stored.status) == (
        QUESTION["asker_name"], QUESTION["asker_address"], "answered")
