"""The JSON API convention (search API rate limit, error envelope, headers), site URLs, the console
decorator, generation caches and the tenant tree API of the ground floor."""

from __future__ import annotations

import random
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from core.cache import Generation, shared_store
from core.siteurl import site_origin, site_url

pytestmark = pytest.mark.django_db


def fresh_ip() -> str:
    return f"2001:db8:5ea::{random.randrange(1, 0xFFFF):x}"


def test_the_search_api_answers_429_with_retry_after_after_its_limit(client, province, settings):
    settings.SEARCH_API_RATE_LIMIT_PER_MINUTE = 2
    ip = fresh_ip()
    if time.time() % 60 > 55:  # one-minute window: do not straddle two
        time.sleep(61 - time.time() % 60)
    answers = [
        client.get("/api/v1/search", {"q": "hộ tịch"}, HTTP_HOST=province.primary_hostname, REMOTE_ADDR=ip)
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0]["RateLimit-Limit"] == "2" and answers[0]["RateLimit-Remaining"] == "1"
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert set(refused.json()) == {"error"} and refused["Content-Type"] == "application/json"
    other = client.get("/api/v1/search", {"q": "x"}, HTTP_HOST=province.primary_hostname, REMOTE_ADDR=fresh_ip())
    assert other.status_code == 200


def test_every_endpoint_speaks_the_same_envelope_and_pagination(client, province):
    host = province.primary_hostname
    ip = fresh_ip()
    search = client.get("/api/v1/search", {"q": "x"}, HTTP_HOST=host, REMOTE_ADDR=ip).json()
    news = client.get("/api/v1/news/", HTTP_HOST=host, REMOTE_ADDR=ip).json()
    for page in (search, news):
        assert {"page", "page_size", "has_next", "next", "previous", "results"} <= set(page)
    for path in ("/api/v1/search", "/api/v1/news/"):
        posted = client.post(path, HTTP_HOST=host, REMOTE_ADDR=ip)
        assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD" and "error" in posted.json()
    missing_q = client.get("/api/v1/search", HTTP_HOST=host, REMOTE_ADDR=ip)
    bad_param = client.get("/api/v1/news/", {"nope": "1"}, HTTP_HOST=host, REMOTE_ADDR=ip)
    for response in (missing_q, bad_param):
        assert response.status_code == 400 and isinstance(response.json()["error"], str)


@pytest.mark.parametrize(
    "port, home",
    [(80, "http://xa.example.vn/"), (443, "https://xa.example.vn/"), (8000, "http://xa.example.vn:8000/")],
)
def test_one_rule_for_a_site_url(port, home):
    with override_settings(TENANT_SITE_PORT=port):
        assert site_url("xa.example.vn") == home
        assert site_origin("xa.example.vn") == home.rstrip("/")
        assert site_url("") == ""


def test_console_tree_search_results_and_tree_links_use_the_same_url(province, district):
    from search.documents import tenant_base_url
    from sites import tenancy
    from tenants.services.registry import tenant_tree_rows

    with override_settings(TENANT_SITE_PORT=443, PORTAL_PORT="8443"):
        rows = {row.tenant.pk: row.url for row in tenant_tree_rows()}
        assert rows[province.pk] == f"https://{province.primary_hostname}/"
        assert tenant_base_url(province.primary_hostname) + "/" == rows[province.pk]
        assert tenancy.parent_portal(district).url == rows[province.pk]
        assert ":443" not in rows[district.pk]


def test_staff_required_lets_only_verified_active_staff_into_the_console(client):
    from core.access import is_console_staff

    user_model = get_user_model()
    staff = user_model(username="it", is_staff=True, is_active=True)
    assert not is_console_staff(staff)  # no second factor passed in this session
    staff.is_verified = lambda: True
    assert is_console_staff(staff)
    assert not is_console_staff(user_model(username="citizen", is_staff=False, is_active=True))
    assert not is_console_staff(user_model(username="gone", is_staff=True, is_active=False))


def test_a_generation_bump_invalidates_every_cached_value():
    generation = Generation(f"test-gen-{random.random()}", lambda: shared_store("test"))
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert generation.cached("k", build, 60) == 1
    assert generation.cached("k", build, 60) == 1  # cached
    generation.bump()
    assert generation.cached("k", build, 60) == 2


def test_the_tree_api_says_which_tenants_are_sites(province, district, commune):
    from tenants.models import Tenant
    from tenants.tree import active_sites, all_sites, children_of, is_template_schema, parent_of, subtree_sites

    assert Tenant.objects.filter(schema_name="public").exists()
    assert "public" not in set(all_sites().values_list("schema_name", flat=True))
    district.status = Tenant.Status.SUSPENDED
    district.save()
    assert district in all_sites() and district not in active_sites()
    assert parent_of(commune) == district and parent_of(province) is None
    assert children_of(province) == []  # the suspended district is no active component
    assert set(subtree_sites(district)) == {district, commune}
    from django.conf import settings

    assert is_template_schema(getattr(settings, "TENANT_TEMPLATE_SCHEMA", "tenant_template"))
    assert not is_template_schema(province.schema_name)
