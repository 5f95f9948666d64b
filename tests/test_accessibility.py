"""WCAG 2.1 A/AA with axe-core in Debian Chromium on every public page type of the demo (D24); the same
pages raise no script error and nothing refused by their Content-Security-Policy (issue 12)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SAMPLE_SITES = ("phutho", "phutho.skhcn", "phutho.sonhung")


def axe_violations(browser, url: str) -> list[dict]:
    """axe's violations, plus one pseudo-violation per CSP refusal in the console and per script error."""
    page = browser.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url, wait_until="load")
        script_errors = list(errors)  # before axe runs (its own evaluation is not the page's)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        console = [{"id": "console-error", "impact": "csp", "help": text, "nodes": []} for text in script_errors]
        return results.response["violations"] + console
    finally:
        page.close()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def page_urls(demo_server) -> list[str]:
    """Each site's home page (province, agency and commune homes differ) and every other page type in
    each language once — the pages of one type share their template and includes on every site."""
    urls, seen = [], set()
    for entry in demo_server.pages(*SAMPLE_SITES):
        key = (entry["type"], entry["language"])
        if entry["type"].endswith("HomePage"):
            key = (*key, entry["tenant"])
        if key not in seen:
            seen.add(key)
            urls.append(entry["url"])
    urls += [demo_server.url("localhost"), demo_server.url("khongton.phutho.localhost")]
    # Views outside the page tree: search with results and facets, the services roll-up, English.
    commune, province = "sonhung.phutho.localhost", "www.phutho.localhost"
    urls += [
        demo_server.url(commune, "/tim-kiem/?q=dang+ky+ho+tich"),
        demo_server.url(commune, "/en/"),
        demo_server.url(commune, "/en/tim-kiem/?q=son+hung"),
        demo_server.url(province, "/tong-hop-dich-vu-cong/"),
    ]
    return urls


def test_every_public_page_type_has_no_wcag_violations(demo_server, browser):
    urls = page_urls(demo_server)
    assert len(urls) >= len(SAMPLE_SITES) + 2
    failures = {url: describe(v) for url in urls if (v := axe_violations(browser, url))}
    assert not failures, "\n".join(f"{url}\n{text}" for url, text in failures.items())


def test_suspended_notice_has_no_wcag_violations(demo_server, browser):
    demo_server.manage("tenants", "suspend", "phutho.sonvi")
    try:
        violations = axe_violations(browser, demo_server.url("sonvi.phutho.localhost"))
    finally:
        demo_server.manage("tenants", "resume", "phutho.sonvi")
    assert not violations, describe(violations)
