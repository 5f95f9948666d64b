"""Cross-tenant attack suite (issue 12) against the real uvicorn server of the demo (``demo_server``).

For pairs of demo sites (every site attacks and is attacked; pairs sampled deterministically: each site
against its next and its sixth neighbour in path order), nothing of site A is reachable through site
B: no file (documents, renditions, the raw media path), no page (a draft, a password-protected page, a
withdrawn document's file), no session, no admin object by id, no password-reset token. Nothing private
— drafts, protected pages, withdrawn documents, askers' personal data — is in any site's search, API,
sitemap, RSS or the province's roll-ups. Host-header tricks reach no other site. Oversized bodies get
413 before they are read, and every demo page type runs under the strict CSP.

The server is the session's one demo server; the attack data (a draft and a protected page in every
site, ids, tokens) is made once for the module in one ``manage.py shell`` of the demo, plain HTTP after.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote

import pytest

from demo.province import site_password

from . import security_support as support
from .demo_support import query

pytestmark = pytest.mark.demo


def _password(site: dict) -> str:
    """The demo board's password on that site (each site its own)."""
    return site_password(site["path"].rsplit(".", 1)[-1])


SETUP = r"""
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import schema_context, tenant_context
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from participation.models import Question
from sites.models import LegalDocumentPage, NewsIndexPage, NewsPage
from tenants.tree import active_sites

result = []
with schema_context("public"):
    tenants = list(active_sites().order_by("path"))  # merged sites only redirect
for tenant in tenants:
    with tenant_context(tenant):
        tag = "zz" + tenant.schema_name.replace("_", "")
        news = NewsPage.objects.live().public().filter(locale__language_code="vi").order_by("pk").first()
        draft = NewsPage.objects.filter(slug=f"{tag}-nhap").first() or news.copy(
            update_attrs={"title": f"{tag}banhap Bản nháp chưa duyệt", "slug": f"{tag}-nhap"}, keep_live=False
        )
        draft.save_revision()
        private = NewsPage.objects.filter(slug=f"{tag}-rieng").first()
        if private is None:
            private = news.copy(
                update_attrs={"title": f"{tag}riengtu Trang nội bộ", "slug": f"{tag}-rieng"}, keep_live=False
            )
            private.save_revision().publish()
            PageViewRestriction.objects.create(page=private, restriction_type="password", password="NoiBo-2026")
        withdrawn = next(p for p in LegalDocumentPage.objects.live() if p.is_withdrawn and p.files.exists())
        wfile = withdrawn.files.first().document
        live_doc = next(p for p in LegalDocumentPage.objects.live().public() if p.public_files())
        lfile = live_doc.public_files()[0].document
        image = get_image_model().objects.order_by("pk").first()
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        questions = list(Question.objects.order_by("pk"))
        index = NewsIndexPage.objects.live().filter(locale__language_code="vi").first()
        result.append({
            "path": tenant.path,
            "schema": tenant.schema_name,
            "name": tenant.name,
            "host": tenant.primary_hostname,
            "draft": {"id": draft.pk, "url": f"{news.get_parent().url}{tag}-nhap/", "marker": f"{tag}banhap",
                      "slug": f"{tag}-nhap"},
            "private": {"id": private.pk, "url": private.url, "marker": f"{tag}riengtu", "slug": f"{tag}-rieng"},
            "withdrawn": {
                "page": withdrawn.url, "title": withdrawn.title, "doc_id": wfile.pk,
                "file": wfile.url, "media": "/media/" + wfile.file.name,
            },
            "document": {"doc_id": lfile.pk, "file": lfile.url, "media": "/media/" + lfile.file.name},
            "rendition": image.get_rendition("width-120").url if image else None,
            "admin": admin.username,
            "reset": [urlsafe_base64_encode(force_bytes(admin.pk)), default_token_generator.make_token(admin)],
            "personal": sorted({v for q in questions for v in (q.asker_name, q.asker_address, q.asker_email,
                                                               q.asker_phone) if v}),
            "tracking": [q.tracking_code for q in questions if not q.published][:1],
            "rss": f"{index.url}rss/" if index else None,
            "news_title": news.title,
        })
call_command("search_drain")
"""


def _pairs(count: int) -> list[tuple[int, int]]:
    """Deterministic sample: every site against its next and its sixth neighbour (both directions)."""
    steps = sorted({1, min(6, count - 1), count - 1} - {0})
    return [(i, (i + step) % count) for i in range(count) for step in steps]


@pytest.fixture(scope="module")
def demo(demo_server):
    sites = query(demo_server, SETUP)
    return {"server": demo_server, "sites": sites, "http": support.HttpClient(demo_server.port)}


@pytest.fixture(scope="module")
def pairs(demo):
    return [(demo["sites"][a], demo["sites"][b]) for a, b in _pairs(len(demo["sites"]))]


def fetch_bytes(client: support.HttpClient, host: str, path: str) -> support.Response:
    return client.get(host, quote(path, safe="/%?=&"))


def test_a_reset_token_works_only_on_its_own_site(demo, pairs):
    """First: signing in (later tests) changes last_login, which ends every reset token of the account."""
    client = demo["http"]
    for victim, attacker in pairs:
        uid, token = victim["reset"]
        path = f"/admin/password_reset/confirm/{uid}/{token}/"
        assert client.get(attacker["host"], path).status == 200, attacker["path"]  # "invalid link" page
    site = demo["sites"][0]
    path = f"/admin/password_reset/confirm/{site['reset'][0]}/{site['reset'][1]}/"
    assert client.get(site["host"], path).status == 302  # control: valid on its own site


def test_files_of_one_site_never_answer_through_another(demo, pairs):
    client = demo["http"]
    for victim, attacker in pairs:
        own = fetch_bytes(client, victim["host"], victim["document"]["file"])
        assert own.status == 200 and own.body, victim["path"]
        for path in (victim["document"]["file"], victim["withdrawn"]["file"]):
            through = fetch_bytes(client, attacker["host"], path)
            assert through.status != 200 or through.body != own.body, (victim["path"], attacker["path"], path)
        for path in (victim["document"]["media"], victim["withdrawn"]["media"], victim["rendition"]):
            if path:
                assert fetch_bytes(client, attacker["host"], path).status == 404, (attacker["path"], path)
        for path in (victim["document"]["media"], victim["withdrawn"]["media"]):  # documents never under /media
            assert fetch_bytes(client, victim["host"], path).status == 404, path
        if victim["rendition"]:
            assert fetch_bytes(client, victim["host"], victim["rendition"]).status == 200


def test_a_withdrawn_file_answers_410_on_its_own_site_and_nothing_anywhere(demo):
    client = demo["http"]
    for site in demo["sites"]:
        assert fetch_bytes(client, site["host"], site["withdrawn"]["file"]).status == 410, site["path"]
        assert fetch_bytes(client, site["host"], site["withdrawn"]["media"]).status == 404, site["path"]


def test_drafts_and_protected_pages_stay_hidden_on_every_host(demo, pairs):
    client = demo["http"]
    for victim, attacker in pairs:
        for host in (victim["host"], attacker["host"]):
            draft = client.get(host, victim["draft"]["url"])
            assert victim["draft"]["marker"] not in draft.text and draft.status == 404, (host, victim["path"])
            private = client.get(host, victim["private"]["url"])
            assert victim["private"]["marker"] not in private.text or host == victim["host"], host
            if host == victim["host"]:  # its own site: the password form, not the content
                assert private.status == 200 and 'name="password"' in private.text
                assert "Bản nháp" not in private.text


def test_nothing_private_in_search_api_sitemap_rss_or_roll_ups(demo):
    """Every site's public views, and the province's, which rolls up the whole tree: no draft, no
    protected page, no withdrawn document in search; no asker's personal data anywhere."""
    client = demo["http"]
    sites = demo["sites"]
    province = sites[0]
    # What must never be listed: the drafts' and protected pages' slugs (a search page echoes its query,
    # never a result's URL) and, in listings, their title markers.
    slugs = [s["draft"]["slug"] for s in sites] + [s["private"]["slug"] for s in sites]
    markers = [s["draft"]["marker"] for s in sites] + [s["private"]["marker"] for s in sites]
    personal = sorted({value for s in sites for value in s["personal"]})
    assert personal, "the demo has askers"
    control = client.get(province["host"], f"/api/v1/search?q={quote(sites[1]['news_title'])}")
    assert json.loads(control.text)["results"], "control: a live page is found"
    for site in sites:
        # The province's search covers the whole tree (each site's is its own subtree of it).
        for query_text in (site["draft"]["marker"], site["private"]["marker"], site["withdrawn"]["title"]):
            host = province["host"]
            page = client.get(host, f"/tim-kiem/?q={quote(query_text)}")
            assert page.status == 200 and not [x for x in slugs if x in page.text], (host, query_text)
            api = client.get(host, f"/api/v1/search?q={quote(query_text)}")
            assert api.status == 200, (host, api.text[:200])
            results = json.loads(api.text)["results"]
            assert not [r for r in results if any(x in r["url"] for x in slugs)], (host, query_text)
            assert not [r for r in results if r["title"] == site["withdrawn"]["title"]], (host, query_text)
        listings = ["/", "/sitemap.xml", "/api/v1/news/", "/api/v1/documents/", "/hoi-dap/"]
        for path in listings + ([site["rss"]] if site["rss"] else []):
            response = client.get(site["host"], path)
            assert response.status == 200, (site["path"], path)
            text = response.text
            assert not [x for x in slugs + markers if x in text], (site["path"], path)
            assert not [p for p in personal if p in text], (site["path"], path)
        if site["tracking"]:  # the asker's own status page shows the status, not who asked
            status = client.get(site["host"], f"/hoi-dap/tra-cuu/?ma={site['tracking'][0]}")
            assert status.status == 200 and not [p for p in personal if p in status.text], site["path"]


def test_sessions_stay_on_their_own_host(demo, pairs):
    seen = set()
    for victim, attacker in pairs:
        if victim["path"] in seen:
            continue
        seen.add(victim["path"])
        client = support.HttpClient(demo["server"].port)
        login = client.admin_login(victim["host"], victim["admin"], _password(victim))
        assert login.status == 302, (victim["path"], login.text[:300])
        cookie = support.session_cookie_attributes(login)
        assert cookie and not support.has_domain_attribute(cookie) and "HttpOnly" in cookie  # host-only
        assert client.get(victim["host"], "/admin/").status == 200
        session = client.cookies[victim["host"]]["sessionid"]
        stolen = client.get(attacker["host"], "/admin/", headers={"Cookie": f"sessionid={session}"})
        assert stolen.status == 302 and "/admin/login/" in stolen.header("Location"), attacker["path"]
        # Admin object ids of the victim, opened with the victim's session on the attacker's host: no way in.
        for path in (
            f"/admin/pages/{victim['private']['id']}/edit/",
            f"/admin/pages/{victim['draft']['id']}/edit/",
            f"/admin/documents/edit/{victim['withdrawn']['doc_id']}/",
        ):
            response = client.get(attacker["host"], path, headers={"Cookie": f"sessionid={session}"})
            assert response.status == 302 and victim["private"]["marker"] not in response.text, path
            own = client.get(victim["host"], path)
            assert own.status == 200, (victim["path"], path)


def test_admin_object_ids_of_another_site_show_only_the_attackers_own_objects(demo, pairs):
    for victim, attacker in pairs[:6]:
        client = support.HttpClient(demo["server"].port)
        assert client.admin_login(attacker["host"], attacker["admin"], _password(attacker)).status == 302
        for path in (f"/admin/pages/{victim['private']['id']}/edit/", f"/admin/pages/{victim['draft']['id']}/edit/"):
            response = client.get(attacker["host"], path)
            assert victim["draft"]["marker"] not in response.text and victim["private"]["marker"] not in response.text


def test_host_header_tricks_reach_no_other_site(demo, pairs):
    client = demo["http"]
    for victim, attacker in pairs[:6]:
        marker = attacker["name"]
        forwarded = client.get(victim["host"], "/", headers={"X-Forwarded-Host": f"{attacker['host']}"})
        assert forwarded.status == 200 and victim["name"] in forwarded.text
        assert f"//{attacker['host']}" not in forwarded.text.split("</head>")[0]  # canonical, alternates
        ported = client.get(victim["host"], "/", headers={"Host": f"{victim['host']}:1"})
        assert ported.status == 200 and ":1/" not in ported.text  # absolute URLs from the configured domain
        for bad in (f"{attacker['host']}.evil.test", f"{victim['host']}@{attacker['host']}", ""):
            response = client.get(victim["host"], "/", headers={"Host": bad})
            assert response.status in (400, 404) and marker not in response.text, bad
    unknown = client.get("khong-co.phutho.localhost", "/")
    assert unknown.status == 404 and not any(s["name"] in unknown.text for s in demo["sites"][1:])


def test_an_oversized_body_gets_413_from_the_real_server_before_it_is_sent(demo):
    site = demo["sites"][1]
    connection = http.client.HTTPConnection("127.0.0.1", demo["server"].port, timeout=10)
    try:
        connection.putrequest("POST", "/hoi-dap/", skip_host=True)
        connection.putheader("Host", f"{site['host']}:{demo['server'].port}")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(30 * 1024 * 1024))
        connection.endheaders()  # headers only: the 30 MB never leave
        response = connection.getresponse()
        assert response.status == 413
        page = response.read().decode()
        assert "Dữ liệu gửi lên quá lớn" in page and "Request too large" in page
    except (TimeoutError, ConnectionResetError, BrokenPipeError) as error:
        raise AssertionError(f"no 413 before the body: {error!r}") from error
    finally:
        connection.close()


def test_every_demo_page_type_runs_under_the_strict_csp(demo):
    """One URL per live page type and language of a province, a district and a commune (demo_pages)."""
    client = demo["http"]
    sites = demo["sites"]
    chosen = [sites[0]["path"], sites[len(sites) // 2]["path"], sites[-1]["path"]]
    pages = demo["server"].pages(*chosen)
    assert len(pages) > 10
    by_path = {s["path"]: s for s in sites}
    for page in pages:
        host = by_path[page["tenant"]]["host"]
        path = quote("/" + page["url"].split("/", 3)[3], safe="/%?=&")
        response = client.get(host, path)
        assert response.status == 200, page
        csp = response.header("Content-Security-Policy")
        # No 'unsafe-inline'; a nonce only where the page has inline code to allow (a page without any
        # gets the stricter 'self'); and nothing on the page that the policy would block.
        assert "script-src" in csp and "'unsafe-inline'" not in csp, page
        assert support.blocked_inline_code(csp, response.text) == [], page
        assert response.header("Permissions-Policy") and response.header("Referrer-Policy"), page
    for site in sites:
        txt = client.get(site["host"], "/.well-known/security.txt")
        assert txt.status == 200 and "Contact: " in txt.text and "Expires: " in txt.text
