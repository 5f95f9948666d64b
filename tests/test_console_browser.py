"""The province-IT journey in Debian Chromium (issue 11): sign in with the password and a TOTP code
(enrolment: the code computed from the key the page shows), keep the recovery codes, create a commune,
suspend it with a reason, see its 503 page with that reason, resume it, preview a merge, open the
compliance dashboard — axe finds no WCAG 2.1 AA
violation on the console pages on the way, at a phone's width."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp

from demo.province import CONSOLE_ADMIN, CONSOLE_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.demo]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COMMUNE_HOST = "xathu.phutho.localhost"


def accessible(page) -> None:
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def code_for(manual_key: str) -> str:
    key = manual_key.replace(" ", "")
    return f"{totp(b32decode(key + '=' * (-len(key) % 8))):06d}"


def continue_and_confirm(page) -> None:
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_selector("text=Xác nhận thao tác")
    accessible(page)
    page.get_by_role("button", name="Xác nhận").click()


def test_province_it_creates_suspends_and_resumes_a_commune(demo_server, browser):
    console = demo_server.url("localhost")
    # A phone, in Vietnamese (Chromium's default Accept-Language is English: the console would answer in English).
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(console + "dang-nhap/")
        accessible(page)
        page.get_by_label("Tên đăng nhập").fill(CONSOLE_ADMIN)
        page.get_by_label("Mật khẩu").fill(CONSOLE_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/dang-nhap/xac-thuc/"))
        key = page.locator("figcaption code").inner_text()
        page.get_by_label("Mã xác thực").fill(code_for(key))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_selector("text=Tôi đã lưu các mã")
        assert page.locator("ul.codes li").count() == 10
        page.get_by_text("Tôi đã lưu các mã").click()

        page.goto(console + "don-vi/tao-moi/?parent=phutho")
        accessible(page)
        page.get_by_label("Tên (tiếng Việt)").fill("Xã Thử Nghiệm")
        page.get_by_label("Tên (tiếng Anh)").fill("Thu Nghiem Commune")
        page.get_by_label("Mã ngắn (a–z, 0–9)").fill("xathu")
        page.get_by_label("Cấp").select_option("commune")
        page.get_by_label("Tài khoản quản trị đầu tiên").fill("quantri")
        page.get_by_label("Mật khẩu của tài khoản đó").fill("Mat-khau-dai-2026!")
        continue_and_confirm(page)
        page.wait_for_url(re.compile(r"/don-vi/phutho\.xathu/$"))
        accessible(page)
        assert page.get_by_text(COMMUNE_HOST).count() >= 1

        page.get_by_role("link", name="Tạm dừng").click()
        page.get_by_label("Lý do (hiện trên trang tạm dừng)").fill("Đang sáp nhập đơn vị hành chính")
        continue_and_confirm(page)
        page.wait_for_selector("text=Đã tạm dừng đơn vị.")

        citizen = context.new_page()
        answer = citizen.goto(demo_server.url(COMMUNE_HOST))
        assert answer.status == 503 and "Đang sáp nhập đơn vị hành chính" in citizen.content()

        page.get_by_role("link", name="Hoạt động lại").click()
        continue_and_confirm(page)
        page.wait_for_selector("text=Đơn vị đã hoạt động lại.")
        assert citizen.goto(demo_server.url(COMMUNE_HOST)).status == 200

        page.goto(console + "don-vi/?q=xa+thu+nghiem")
        accessible(page)
        assert page.get_by_role("link", name="Xã Thử Nghiệm").count() == 1
        page.goto(console + "nhat-ky/")
        accessible(page)
        assert page.get_by_text("suspend", exact=True).count() >= 1

        # The merge screen and its dry-run preview (which changes nothing), the compliance dashboard.
        page.goto(console + "sap-nhap/")
        accessible(page)
        page.get_by_label("Các đơn vị nguồn", exact=False).fill("phutho.sonvi")
        page.get_by_label("Đơn vị đích có sẵn", exact=False).fill("phutho.tienluong")
        page.get_by_role("button", name="Xem trước").click()
        page.wait_for_selector("text=Xác nhận sáp nhập")
        accessible(page)
        for path in ("tuan-thu/", "tuan-thu-theo-cap/"):
            page.goto(console + path)
            accessible(page)
    finally:
        context.close()
        try:  # leave the demo as it was (the delete needs its export first)
            demo_server.manage("tenants", "export", "phutho.xathu")
            demo_server.manage("tenants", "delete", "phutho.xathu")
        except Exception:  # the commune was not created: nothing to remove
            pass
