"""Browser e2e (Debian Chromium) on the demo province: the menu on a phone is a button that works with
the keyboard, "more sections" opens and closes, and no page the menu leads to scrolls sideways at 320 px
(WCAG 2.1 reflow, 1.4.10)."""

import pytest

pytestmark = pytest.mark.browser
PROVINCE = "www.phutho.localhost"


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_phone_menu_is_a_button_that_works_with_the_keyboard(demo_server, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto(demo_server.url(PROVINCE, "/"))
        toggle = page.locator(".menu-toggle")
        menu = page.locator("#main-menu")
        assert toggle.is_visible() and not menu.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        page.keyboard.press("Enter")
        assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
        more = page.locator(".more-toggle")
        more.focus()
        page.keyboard.press("Space")
        assert page.locator("#more-menu").is_visible() and more.get_attribute("aria-expanded") == "true"
        page.locator("#more-menu a").first.focus()
        page.keyboard.press("Escape")
        assert not page.locator("#more-menu").is_visible()
        assert page.evaluate("document.activeElement.classList.contains('more-toggle')")
        links = page.eval_on_selector_all("#main-menu a", "nodes => nodes.map(n => n.getAttribute('href'))")
        assert len(links) >= 8  # home, sections in menus and the other sections

        # Every page the menu leads to reflows at 320 px: nothing wider than the screen.
        wide = {}
        for href in dict.fromkeys(links):
            page.goto(demo_server.url(PROVINCE, href))
            if (overflow := _overflow(page)) > 0:
                wide[href] = overflow
        assert wide == {}
    finally:
        page.close()


def test_on_a_desktop_the_menu_is_open_and_more_sections_is_a_disclosure(demo_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(demo_server.url(PROVINCE, "/"))
        assert not page.locator(".menu-toggle").is_visible() and page.locator("#main-menu").is_visible()
        more = page.locator(".more-toggle")
        assert more.is_visible() and not page.locator("#more-menu").is_visible()
        more.click()
        first = page.locator("#more-menu a").first
        assert first.is_visible()
        page.locator("main").click()  # a click elsewhere closes it
        assert not first.is_visible()
    finally:
        page.close()
