"""Tenancy foundation: provisioning, isolation, routing, lifecycle and bad input."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context, schema_exists, tenant_context

from tenants.models import Domain, Tenant
from tenants.services import domains, registry
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, provision_tenant


def host(tenant):
    return tenant.primary_hostname


def test_provisioning_creates_an_isolated_schema_with_home_page_site_locales_and_board(commune, district):
    from wagtail.models import Locale, Site, Workflow

    assert schema_exists(commune.schema_name)
    assert commune.path == "phutho.thanhson.sonhung"
    assert host(commune) == "sonhung.thanhson.phutho.localhost"
    with tenant_context(commune):
        site = Site.objects.get()
        assert site.hostname == host(commune)
        assert site.root_page.specific.title == "Xã Sơn Hùng"
        assert sorted(Locale.objects.values_list("language_code", flat=True)) == ["en", "vi"]
        from django.contrib.auth.models import Group

        assert set(Group.objects.values_list("name", flat=True)) >= {"Biên tập viên", "Phó trưởng ban", "Trưởng ban"}
        workflow = Workflow.objects.get()
        assert [t.name for t in workflow.tasks] == ["Biên tập (Phó trưởng ban)", "Duyệt (Trưởng ban)"]
    with tenant_context(district):
        assert Site.objects.get().root_page.title == "Huyện Thanh Sơn"


def test_home_pages_are_served_per_host(client, commune, district):
    response = client.get("/", HTTP_HOST=host(commune))
    assert response.status_code == 200
    assert "Xã Sơn Hùng" in response.content.decode()
    body = client.get("/", HTTP_HOST=host(district)).content.decode()
    assert "<h1>Huyện Thanh Sơn</h1>" in body
    assert "<h1>Xã Sơn Hùng</h1>" not in body  # (the commune is linked as a component site, D28)


def test_editor_of_one_tenant_cannot_log_in_on_another(client, make_tenant, province):
    a = make_tenant("huyena", kind="district", parent=province, admin_username="bientap_a", admin_password="Mk-2026-a!")
    b = make_tenant("huyenb", kind="district", parent=province)
    with tenant_context(b):
        assert not get_user_model().objects.filter(username="bientap_a").exists()
    from django.test import Client

    ok = client.post("/admin/login/", {"username": "bientap_a", "password": "Mk-2026-a!"}, HTTP_HOST=host(a))
    assert ok.status_code == 302
    assert client.get("/admin/", HTTP_HOST=host(a)).status_code == 200
    # A browser keeps cookies per host: a second client plays the same person on B's host.
    on_b = Client()
    denied = on_b.post("/admin/login/", {"username": "bientap_a", "password": "Mk-2026-a!"}, HTTP_HOST=host(b))
    assert denied.status_code == 200  # the login form again, with an error
    assert on_b.get("/admin/", HTTP_HOST=host(b)).status_code == 302  # not signed in on B
    # Even A's session cookie carried over to B's host means nothing there.
    on_b.cookies = client.cookies
    assert on_b.get("/admin/", HTTP_HOST=host(b)).status_code == 302


def test_unknown_host_gets_platform_404_without_tenant_data(client, commune):
    response = client.get("/", HTTP_HOST="khongco.phutho.localhost")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy" in body and "Sơn Hùng" not in body


def test_suspended_tenant_answers_503_in_vietnamese_and_english(client, commune):
    registry.set_status(commune.path, "suspended")
    response = client.get("/", HTTP_HOST=host(commune))
    assert response.status_code == 503
    body = response.content.decode()
    assert "tạm ngừng hoạt động" in body and "temporarily unavailable" in body
    registry.set_status(commune.path, "active")
    assert client.get("/", HTTP_HOST=host(commune)).status_code == 200


def test_platform_host_shows_the_tenant_tree(client, commune):
    response = client.get("/", HTTP_HOST="localhost")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Xã Sơn Hùng" in body and "Huyện Thanh Sơn" in body and host(commune) in body


def test_domains_can_be_added_promoted_and_removed(client, commune):
    domains.add_domain(commune.path, "sonhung.example.localhost")
    assert client.get("/", HTTP_HOST="sonhung.example.localhost").status_code == 200
    domains.add_domain(commune.path, "xasonhung.localhost", primary=True)
    from wagtail.models import Site

    with tenant_context(commune):
        assert Site.objects.get().hostname == "xasonhung.localhost"
    with pytest.raises(TenantError, match="tên miền chính"):
        domains.remove_domain(commune.path, "xasonhung.localhost")
    domains.remove_domain(commune.path, "sonhung.example.localhost")
    assert client.get("/", HTTP_HOST="sonhung.example.localhost").status_code == 404


def _counts():
    with schema_context("public"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace")
            return Tenant.objects.count(), Domain.objects.count(), cursor.fetchone()[0]


@pytest.mark.parametrize(
    "spec, message",
    [
        (dict(slug="phutho", kind="province"), "duplicate slug"),
        (dict(slug="khac", kind="province", hostname="www.phutho.localhost"), "duplicate domain"),
        (dict(slug="khac", kind="province", hostname="bad_host!.localhost"), "invalid hostname"),
        (dict(slug="xa1", kind="commune"), "needs a parent"),
        (dict(slug="xa2", kind="district", parent_path="phutho.thanhson"), "cannot sit under a district"),
        (dict(slug="Sai Mã", kind="province"), "invalid slug"),
        (dict(slug="xa3", kind="commune", parent_path="khongco"), "parent not found"),
        (dict(slug="xa4", kind="hamlet"), "unknown kind"),
    ],
)
def test_bad_input_gives_a_clear_error_and_creates_nothing(district, spec, message):
    before = _counts()
    with pytest.raises(TenantError, match=message):
        provision_tenant(TenantSpec(name="Đơn vị thử", **spec))
    assert _counts() == before


def test_failure_inside_provisioning_leaves_nothing_behind(province, monkeypatch):
    from tenants import signals

    def explode(**_kwargs):
        raise RuntimeError("boom")

    signals.tenant_provisioned.connect(explode, dispatch_uid="explode")
    before = _counts()
    try:
        with pytest.raises(RuntimeError):
            provision_tenant(TenantSpec(name="Huyện Lỗi", slug="loi", kind="district", parent_path="phutho"))
    finally:
        signals.tenant_provisioned.disconnect(dispatch_uid="explode")
    assert _counts() == before
    assert not schema_exists("phutho_loi")


def test_nfd_names_are_stored_as_nfc(make_tenant):
    import unicodedata

    tenant = make_tenant("sh", name=unicodedata.normalize("NFD", "Tỉnh Sơn Hùng"))
    tenant.refresh_from_db()
    assert tenant.name == unicodedata.normalize("NFC", "Tỉnh Sơn Hùng")


def test_province_it_sets_and_clears_a_sites_emc_code_from_the_command_line(client, commune):
    from io import StringIO

    from django.core.management import CommandError, call_command

    call_command("tenants", "set-emc", commune.path, "EMC-PT-0099", stdout=StringIO())
    body = client.get("/", HTTP_HOST=commune.primary_hostname).content.decode()
    assert 'data-emc-id="EMC-PT-0099"' in body  # the routing cache was refreshed
    with pytest.raises(CommandError, match="tối đa 200 ký tự"):
        call_command("tenants", "set-emc", commune.path, "x" * 201)
    assert Tenant.objects.get(pk=commune.pk).emc_code == "EMC-PT-0099"  # refused input changed nothing
    call_command("tenants", "set-emc", commune.path, "", stdout=StringIO())
    assert "emc-badge" not in client.get("/", HTTP_HOST=commune.primary_hostname).content.decode()
