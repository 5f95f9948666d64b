"""Accounts across sites (issue 11 item 5): province IT lists every site's editors with roles, last login
and second-factor state, creates, disables, resets a password and moves a role — in that site's schema,
each in the audit log — and finds a person across the province with or without diacritics."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from console.models import AuditEntry

from .console_helpers import HOST, confirmed, console_staff, verified_login

PASSWORD = "Mat-khau-dai-2026!"


@pytest.fixture
def officer(client, db):
    return verified_login(client, console_staff())


def site_user(tenant, username):
    with tenant_context(tenant):
        return get_user_model().objects.filter(username=username).first()


def roles(tenant, username) -> list[str]:
    with tenant_context(tenant):
        return list(get_user_model().objects.get(username=username).groups.values_list("name", flat=True))


def test_province_it_manages_a_sites_accounts(officer, commune, district):
    url = f"/don-vi/{commune.path}/tai-khoan/"
    data = {"username": "nva", "full_name": "Nguyễn Văn An", "role": "Biên tập viên", "password": PASSWORD}
    assert officer.post(url, data, **HOST).status_code == 302
    user = site_user(commune, "nva")
    assert user is not None and user.first_name == "Nguyễn Văn" and roles(commune, "nva") == ["Biên tập viên"]
    with schema_context("public"):
        assert not get_user_model().objects.filter(username="nva").exists()  # only in the site's schema
    duplicate = officer.post(url, data, **HOST)
    assert duplicate.status_code == 400 and "duplicate username" in duplicate.content.decode()
    weak = officer.post(url, {**data, "username": "yeu", "password": "123"}, **HOST)
    assert weak.status_code == 400 and site_user(commune, "yeu") is None

    listing = officer.get(url, **HOST).content.decode()
    assert "nva" in listing and "Biên tập viên" in listing and "chưa bao giờ" in listing

    base = f"{url}{user.pk}/"
    assert confirmed(officer, base + "vai-tro/", {"role": "Trưởng ban"}).status_code == 302
    assert roles(commune, "nva") == ["Trưởng ban"]
    new_password = "Mat-khau-moi-2026!"
    assert confirmed(officer, base + "dat-lai-mat-khau/", {"password": new_password}).status_code == 302
    assert site_user(commune, "nva").check_password(new_password)
    assert confirmed(officer, base + "khoa/").status_code == 302
    assert not site_user(commune, "nva").is_active
    login = Client().post(
        "/admin/login/", {"username": "nva", "password": new_password}, HTTP_HOST=commune.primary_hostname
    )
    assert login.status_code == 200  # disabled: no sign-in
    assert officer.post(base + "khoa/", {"confirm": "1"}, **HOST).status_code == 400

    # The same person on a second site; found province-wide without diacritics.
    other_url = f"/don-vi/{district.path}/tai-khoan/"
    assert officer.post(other_url, {**data, "username": "an.nv"}, **HOST).status_code == 302
    found = officer.get("/tai-khoan/", {"q": "nguyen van an"}, **HOST)
    sites = {account.tenant.path for account in found.context["found"]}
    assert sites == {commune.path, district.path}
    with schema_context("public"):
        actions = list(
            AuditEntry.objects.filter(action__startswith="account_").order_by("pk").values_list("action", "site_path")
        )
    assert actions == [
        ("account_create", commune.path),
        ("account_role", commune.path),
        ("account_reset_password", commune.path),
        ("account_disable", commune.path),
        ("account_create", district.path),
    ]


def test_a_role_move_keeps_sections_only_for_a_role_that_works_within_sections(officer, commune):
    """The rule of the head's screen: an editor narrowed to a section moved to Cộng tác viên keeps the
    section (now as a collaborator of it); moved to Trưởng ban, who approves across the site, his section
    groups go and he holds the site-wide role only."""
    from sites.models import NewsIndexPage
    from sites.services import members

    from .content_helpers import add_index, make_user

    url = f"/don-vi/{commune.path}/tai-khoan/"
    data = {"username": "nvb", "full_name": "Nguyễn Văn Bình", "role": "Biên tập viên", "password": PASSWORD}
    assert officer.post(url, data, **HOST).status_code == 302
    with tenant_context(commune):
        news = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        head = make_user("truongban", "Trưởng ban")
        members.assign_sections(head, get_user_model().objects.get(username="nvb"), [news.pk])
    assert roles(commune, "nvb") == ["Biên tập viên · Tin tức"]
    base = f"{url}{site_user(commune, 'nvb').pk}/vai-tro/"

    same = officer.post(base, {"role": "Biên tập viên", "confirm": "1"}, **HOST)
    assert same.status_code == 400 and "already has this role" in same.content.decode()
    assert confirmed(officer, base, {"role": "Cộng tác viên"}).status_code == 302
    assert roles(commune, "nvb") == ["Cộng tác viên · Tin tức"]
    with tenant_context(commune):
        section_group = get_user_model().objects.get(username="nvb").groups.get()
        assert list(section_group.page_permissions.values_list("page_id", "permission__codename")) == [
            (news.pk, "add_page")  # a collaborator's right on the section: add, never change or publish
        ]

    assert confirmed(officer, base, {"role": "Trưởng ban"}).status_code == 302
    assert roles(commune, "nvb") == ["Trưởng ban"]
    with schema_context("public"):
        moves = list(AuditEntry.objects.filter(action="account_role").order_by("pk").values_list("before", "after"))
    assert [(before["roles"], after["roles"]) for before, after in moves] == [
        (["Biên tập viên · Tin tức"], ["Cộng tác viên · Tin tức"]),
        (["Cộng tác viên · Tin tức"], ["Trưởng ban"]),
    ]
