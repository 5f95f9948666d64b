"""Browser e2e (Debian Chromium) on the demo province: the home pages' default blocks (issue 16 item 1)
reflow at 320 px without sideways scrolling (WCAG 1.4.10), have no axe-core WCAG 2.1 A/AA violation,
and keep the identity banner, the EMC badge's section and the parent-portal link."""

import pytest

from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser
PROVINCE = "www.phutho.localhost"
COMMUNE = "sonhung.phutho.localhost"


def test_the_home_blocks_reflow_on_a_phone_and_keep_the_layout(demo_server, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        for hostname in (PROVINCE, COMMUNE):
            page.goto(demo_server.url(hostname, "/"))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (hostname, overflow)
            headings = page.eval_on_selector_all(".home-blocks h2", "nodes => nodes.map(n => n.textContent.trim())")
            for heading in ("Tin mới", "Văn bản mới", "Lịch công tác tuần này", "Lấy ý kiến dự thảo",
                            "Hỏi đáp mới trả lời", "Dịch vụ công trực tuyến"):  # fmt: skip
                assert heading in headings, (hostname, heading, headings)
            assert page.locator(".site-header .identity").is_visible()  # the identity banner
            assert page.locator("#footer-monitoring").count() == 1  # the EMC badge's section
        assert "Trang thành phần của" in page.content()  # the commune links to its parent portal
    finally:
        page.close()


def test_the_home_pages_have_no_wcag_violations(demo_server, browser):
    failures = {}
    for hostname in (PROVINCE, COMMUNE):
        url = demo_server.url(hostname, "/")
        if violations := axe_violations(browser, url):
            failures[url] = [(v["id"], [n["target"] for n in v.get("nodes", [])][:3]) for v in violations]
    assert failures == {}
