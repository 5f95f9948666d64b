"""Browser e2e (Debian Chromium) on the demo province: a document is found by its number, in the site's
document search tool and in the province-wide search box."""

from urllib.parse import quote

import pytest

from demo.builders import variety

pytestmark = pytest.mark.browser
COMMUNE = "sonhung.phutho.localhost"
NUMBER = variety.document_number(*variety.document_of("sonhung", "qd-quy-che-cong-ttdt")[::2])  # e.g. 43/QĐ-BBT


def test_an_editor_finds_a_document_by_number(demo_server, browser):
    page = browser.new_page()
    try:
        page.goto(demo_server.url(COMMUNE, "/van-ban/"))
        page.get_by_label("Số, ký hiệu").fill(NUMBER)
        page.locator("form").get_by_role("button", name="Tìm kiếm").click()
        page.wait_for_url("**/van-ban/?*")
        assert f"number={quote(NUMBER, safe='')}" in page.url  # a bookmarkable URL
        rows = page.locator("table.documents tbody tr")
        assert rows.count() == 1 and NUMBER in rows.first.inner_text()
        rows.first.get_by_role("link").first.click()
        page.wait_for_load_state()
        assert NUMBER in page.locator("main").inner_text()

        # The same number in the site's search box: the document comes first.
        page.goto(demo_server.url(COMMUNE, "/"))
        page.get_by_role("search").get_by_label("Tìm kiếm").fill(NUMBER.lower())
        page.get_by_role("search").get_by_role("button").click()
        page.wait_for_url("**/tim-kiem/?*")
        first = page.locator("ol.results > li").first
        assert NUMBER in first.inner_text() and "Văn bản" in first.inner_text()
    finally:
        page.close()
