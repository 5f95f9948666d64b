"""Browser e2e (Debian Chromium) on the demo: a news item's YouTube video asks nothing of YouTube until
the visitor presses "Xem video"; then the no-cookie player takes the notice's place and the focus."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
COMMUNE = "sonhung.phutho.localhost"


def test_the_video_player_loads_only_after_the_visitor_asks(demo_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    third_party: list[str] = []

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname or ""
        if host.endswith("localhost") or host in ("127.0.0.1", ""):
            request_route.continue_()
        else:  # no network here: note the request and answer it with nothing
            third_party.append(request_route.request.url)
            request_route.fulfill(status=204, body="")

    page.route("**/*", route)
    try:
        page.goto(demo_server.url(COMMUNE, "/tin-tuc/tin-1/"))
        page.wait_for_load_state("networkidle")
        assert third_party == [] and page.locator("iframe").count() == 0
        play = page.get_by_role("button", name="Xem video")
        assert play.is_visible()
        play.click()
        frame = page.locator(".video iframe")
        frame.wait_for()
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.wait_for_load_state("networkidle")
        assert third_party and all(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in third_party)
    finally:
        page.close()
