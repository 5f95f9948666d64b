"""Lifecycle actions of the province-IT console over HTTP (issue 11 item 3), as a console account with its
second factor passed: each through a confirmation page and the same service as ``manage.py tenants``,
each in the audit log; bad input → a clear Vietnamese/English error and nothing changed."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from console.models import AuditEntry
from core.siteurl import site_url
from search.models import Entry
from tenants.models import Domain, Tenant

from .console_helpers import HOST, confirmed, console_staff, verified_login
from .search_support import add_page, drain

PASSWORD = "Mat-khau-dai-2026!"


@pytest.fixture
def officer(client, db):
    return verified_login(client, console_staff("cntt_tinh"))


def audit(action: str, site: str | None = None) -> list[AuditEntry]:
    with schema_context("public"):
        found = AuditEntry.objects.filter(action=action).order_by("pk")
        return list(found.filter(site_path=site) if site is not None else found)


def fresh(tenant) -> Tenant:
    with schema_context("public"):
        return Tenant.objects.get(pk=tenant.pk)


def test_create_a_commune_with_its_first_admin_after_confirmation(officer, district):
    data = {
        "name": "Xã Hương Cần",
        "name_en": "Huong Can Commune",
        "slug": "huongcan",
        "kind": "commune",
        "parent": district.path,
        "admin_username": "quantri",
        "admin_password": PASSWORD,
    }
    preview = officer.post("/don-vi/tao-moi/", data, **HOST)
    assert preview.status_code == 200 and "Xác nhận thao tác" in preview.content.decode()
    with schema_context("public"):
        assert not Tenant.objects.filter(path="phutho.thanhson.huongcan").exists()  # not before confirming
    done = officer.post("/don-vi/tao-moi/", {**data, "confirm": "1"}, **HOST)
    assert done.status_code == 302 and done["Location"] == "/don-vi/phutho.thanhson.huongcan/"
    with schema_context("public"):
        tenant = Tenant.objects.get(path="phutho.thanhson.huongcan")
    assert tenant.primary_hostname == "huongcan.thanhson.phutho.localhost"
    from django.contrib.auth import get_user_model

    with schema_context(tenant.schema_name):
        assert get_user_model().objects.get(username="quantri").check_password(PASSWORD)
    [entry] = audit("create", tenant.path)
    assert entry.actor == "cntt_tinh" and entry.via == "console" and entry.site_path == tenant.path
    assert officer.get(done["Location"], **HOST).status_code == 200

    # Bad input: a duplicate slug, a duplicate domain → a bilingual error, nothing created.
    again = officer.post("/don-vi/tao-moi/", {**data, "confirm": "1"}, **HOST)
    assert again.status_code == 400 and "duplicate slug" in again.content.decode()
    other = {**data, "slug": "huongcan2", "hostname": tenant.primary_hostname, "confirm": "1"}
    clash = officer.post("/don-vi/tao-moi/", other, **HOST)
    assert clash.status_code == 400 and "duplicate domain" in clash.content.decode()
    weak = officer.post(
        "/don-vi/tao-moi/", {**data, "slug": "huongcan3", "admin_password": "123", "confirm": "1"}, **HOST
    )
    assert weak.status_code == 400
    with schema_context("public"):
        assert not Tenant.objects.filter(path__in=["phutho.thanhson.huongcan2", "phutho.thanhson.huongcan3"]).exists()
    created = [e.site_path for e in audit("create") if e.site_path.startswith("phutho")]
    assert created == ["phutho", "phutho.thanhson", "phutho.thanhson.huongcan"]


def test_rename_domains_and_emc_code(officer, commune):
    url = f"/don-vi/{commune.path}/"
    assert confirmed(officer, url + "doi-ten/", {"name": "Xã Sơn Hùng mới", "name_en": "Son Hung"}).status_code == 302
    assert (fresh(commune).name, fresh(commune).name_en) == ("Xã Sơn Hùng mới", "Son Hung")
    [renamed] = audit("rename")
    assert renamed.before == {"name": "Xã Sơn Hùng", "name_en": ""} and renamed.after["name_en"] == "Son Hung"
    empty = officer.post(url + "doi-ten/", {"name": " ", "name_en": "x", "confirm": "1"}, **HOST)
    assert empty.status_code == 400 and fresh(commune).name == "Xã Sơn Hùng mới"

    assert confirmed(officer, url + "them-ten-mien/", {"hostname": "sonhung.gov.vn"}).status_code == 302
    duplicate = officer.post(url + "them-ten-mien/", {"hostname": "sonhung.gov.vn", "confirm": "1"}, **HOST)
    assert duplicate.status_code == 400 and "đã được dùng (duplicate domain)" in duplicate.content.decode()
    bad = officer.post(url + "them-ten-mien/", {"hostname": "sai tên", "confirm": "1"}, **HOST)
    assert bad.status_code == 400 and "invalid hostname" in bad.content.decode()
    assert confirmed(officer, url + "ten-mien-chinh/", {"hostname": "sonhung.gov.vn"}).status_code == 302
    assert fresh(commune).primary_hostname == "sonhung.gov.vn"
    old = "sonhung.thanhson.phutho.localhost"
    primary = officer.post(url + "go-ten-mien/", {"hostname": "sonhung.gov.vn", "confirm": "1"}, **HOST)
    assert primary.status_code == 400 and "primary domain" in primary.content.decode()
    assert confirmed(officer, url + "go-ten-mien/", {"hostname": old}).status_code == 302
    with schema_context("public"):
        assert list(Domain.objects.filter(tenant=commune).values_list("domain", flat=True)) == ["sonhung.gov.vn"]

    assert confirmed(officer, url + "ma-emc/", {"code": "EMC-123"}).status_code == 302
    assert fresh(commune).emc_code == "EMC-123"
    too_long = officer.post(url + "ma-emc/", {"code": "x" * 201, "confirm": "1"}, **HOST)
    assert too_long.status_code == 400 and fresh(commune).emc_code == "EMC-123"
    logged = AuditEntry.objects.filter(site_path=commune.path).exclude(action="create").order_by("pk")
    assert [e.action for e in logged] == [
        "rename",
        "add_domain",
        "set_primary_domain",
        "remove_domain",
        "set_emc",
    ]


def test_suspend_with_a_reason_on_the_503_page_resume_and_archive(officer, commune):
    url = f"/don-vi/{commune.path}/"
    site_host = {"HTTP_HOST": commune.primary_hostname}
    client = Client()  # a citizen (the officer's session stays on the platform host)
    no_reason = officer.post(url + "tam-dung/", {"reason": "", "confirm": "1"}, **HOST)
    assert no_reason.status_code == 400 and fresh(commune).status == "active"
    reason = "Sáp nhập đơn vị hành chính"
    assert confirmed(officer, url + "tam-dung/", {"reason": reason}).status_code == 302
    page = client.get("/", **site_host)
    assert page.status_code == 503 and reason in page.content.decode()
    assert reason in officer.get(url, **HOST).content.decode()
    again = officer.post(url + "tam-dung/", {"reason": reason, "confirm": "1"}, **HOST)
    assert again.status_code == 400 and "already has this status" in again.content.decode()
    assert confirmed(officer, url + "hoat-dong-lai/").status_code == 302
    assert client.get("/", **site_host).status_code == 200
    assert confirmed(officer, url + "luu-tru/").status_code == 302
    assert fresh(commune).status == "archived" and client.get("/", **site_host).status_code == 503
    [suspended] = audit("suspend", commune.path)
    assert suspended.after == {"status": "suspended", "reason": reason} and suspended.actor == "cntt_tinh"
    assert len(audit("resume", commune.path)) == len(audit("archive", commune.path)) == 1


def test_reparent_moves_the_subtree_its_paths_and_search_entries(officer, make_tenant, province, district, commune):
    agency = make_tenant("vanphong", kind="agency", parent=district, name="Văn phòng huyện")
    add_page(commune, "Tin xã Sơn Hùng")
    drain()
    url = f"/don-vi/{district.path}/chuyen/"
    own = officer.post(url, {"parent": commune.path, "confirm": "1"}, **HOST)
    assert own.status_code == 400 and "own subtree" in own.content.decode()
    assert fresh(commune).path == "phutho.thanhson.sonhung"

    # A commune moved up under the province (its district abolished): path and search scope follow.
    assert confirmed(officer, f"/don-vi/{commune.path}/chuyen/", {"parent": province.path}).status_code == 302
    moved = fresh(commune)
    assert moved.path == "phutho.sonhung" and moved.parent_id == province.pk
    with schema_context("public"):
        assert set(Entry.objects.filter(tenant=moved).values_list("tenant_path", flat=True)) == {"phutho.sonhung"}
    assert officer.get("/don-vi/phutho.sonhung/", **HOST).status_code == 200
    [entry] = audit("reparent", "phutho.sonhung")
    assert entry.before["path"] == "phutho.thanhson.sonhung" and entry.after["path"] == "phutho.sonhung"
    unknown = officer.post(f"/don-vi/{agency.path}/chuyen/", {"parent": "nowhere", "confirm": "1"}, **HOST)
    assert unknown.status_code == 400 and "parent not found" in unknown.content.decode()
    make_tenant("xaso", kind="commune", parent=province, name="Xã Số")
    twin = make_tenant("xaso", kind="commune", parent=district, name="Xã Số (huyện)")
    clash = officer.post(f"/don-vi/{twin.path}/chuyen/", {"parent": province.path, "confirm": "1"}, **HOST)
    assert clash.status_code == 400 and "duplicate slug" in clash.content.decode()
    wrong_kind = officer.post(f"/don-vi/{district.path}/chuyen/", {"parent": agency.path, "confirm": "1"}, **HOST)
    assert wrong_kind.status_code == 400 and fresh(district).path == "phutho.thanhson"


def test_close_an_abolished_district_into_the_province(officer, client, province, district, commune):
    """The 2025 reform: the district's communes moved up first, then the district is closed into the
    province portal — merged, every URL of its hostnames 301 to the portal's home, nothing new under it."""
    url = f"/don-vi/{district.path}/ket-thuc/"
    busy = officer.post(url, {"successor": province.path, "confirm": "1"}, **HOST)
    assert busy.status_code == 400 and "still has sub-sites" in busy.content.decode()
    assert fresh(district).status == "active"
    call_command("tenants", "move", commune.path, province.path)
    itself = officer.post(url, {"successor": district.path, "confirm": "1"}, **HOST)
    assert itself.status_code == 400 and "cannot succeed itself" in itself.content.decode()
    unknown = officer.post(url, {"successor": "nowhere", "confirm": "1"}, **HOST)
    assert unknown.status_code == 400 and "successor not found" in unknown.content.decode()
    a_commune = officer.post("/don-vi/phutho.sonhung/ket-thuc/", {"successor": province.path, "confirm": "1"}, **HOST)
    assert a_commune.status_code == 400 and "use the merge" in a_commune.content.decode()
    assert fresh(district).status == "active" and not audit("close")

    assert confirmed(officer, url, {"successor": province.path}).status_code == 302
    closed = fresh(district)
    assert closed.status == "merged" and closed.successor_id == province.pk
    [entry] = audit("close", district.path)
    assert entry.after == {"status": "merged", "successor": province.path} and entry.via == "console"
    page = officer.get(f"/don-vi/{district.path}/", **HOST).content.decode()
    assert "Đơn vị kế thừa" in page and province.name in page
    answer = client.get("/tin-tuc/", HTTP_HOST=district.primary_hostname)
    assert answer.status_code == 301 and answer["Location"] == site_url(province.primary_hostname)
    again = officer.post(url, {"successor": province.path, "confirm": "1"}, **HOST)
    assert again.status_code == 400 and "already merged" in again.content.decode()
    under = officer.post(
        "/don-vi/tao-moi/",
        {
            "name": "Xã Mới",
            "slug": "xamoi",
            "kind": "commune",
            "parent": district.path,
            "admin_username": "quantri",
            "admin_password": PASSWORD,
            "confirm": "1",
        },
        **HOST,
    )
    assert under.status_code == 400 and "the parent is merged" in under.content.decode()
    back = officer.post("/don-vi/phutho.sonhung/chuyen/", {"parent": district.path, "confirm": "1"}, **HOST)
    assert back.status_code == 400 and "the parent is merged" in back.content.decode()


def test_close_command_refuses_a_district_with_communes_then_closes_it(province, district, commune):
    with pytest.raises(CommandError, match="still has sub-sites"):
        call_command("tenants", "close", district.path, "--into", province.path)
    call_command("tenants", "move", commune.path, province.path)
    out = StringIO()
    call_command("tenants", "close", district.path, "--into", province.path, stdout=out)
    assert "closed, redirecting" in out.getvalue()
    listing = StringIO()
    call_command("tenants", "list", stdout=listing)
    assert f"⇢ {district.name} [district] {district.path}" in listing.getvalue()
    assert f"(Đã sáp nhập → {province.path})" in listing.getvalue()
    [entry] = audit("close", district.path)
    assert entry.via == "command"


def test_delete_needs_an_export_first(officer, commune, settings, tmp_path):
    settings.TENANT_EXPORT_ROOT = tmp_path
    url = f"/don-vi/{commune.path}/xoa/"
    refused = officer.post(url, {"confirm": "1"}, **HOST)
    assert refused.status_code == 400 and "no recent export" in refused.content.decode()
    assert schema_exists(commune.schema_name) and fresh(commune)


def test_lifecycle_commands_are_logged_and_list_prints_json(commune):
    call_command("tenants", "suspend", commune.path, "--reason", "Bảo trì")
    [entry] = audit("suspend", commune.path)
    assert entry.via == "command" and entry.actor.startswith("manage.py") and entry.after["reason"] == "Bảo trì"
    call_command("tenants", "rename", commune.path, "--name", "Xã Sơn Hùng", "--name-en", "Son Hung Commune")
    assert audit("rename", commune.path)[0].after["name_en"] == "Son Hung Commune"
    out = StringIO()
    call_command("tenants", "list", "--format", "json", stdout=out)
    rows = {row["path"]: row for row in json.loads(out.getvalue())}
    assert rows[commune.path] == {
        "path": commune.path,
        "kind": "commune",
        "status": "suspended",
        "name": "Xã Sơn Hùng",
        "name_en": "Son Hung Commune",
        "primary_domain": "sonhung.thanhson.phutho.localhost",
        "domains": ["sonhung.thanhson.phutho.localhost"],
        "parent": "phutho.thanhson",
        "successor": None,
        "emc_code": "",
    }
    assert rows["phutho"]["parent"] is None
