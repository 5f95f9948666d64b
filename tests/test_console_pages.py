"""Every console page answers for a verified console account (forms, confirmation, lists), in Vietnamese
with its English catalogue, and for a phone (one layout with the viewport set)."""

from __future__ import annotations

from django.utils import translation

from console.actions import ACTIONS
from console.views import ACCOUNT_ACTIONS

from .console_helpers import HOST, console_staff, verified_login


def test_every_console_page_renders(client, commune):
    officer = verified_login(client, console_staff())
    officer.get(f"/don-vi/{commune.path}/tai-khoan/", **HOST)
    urls = ["/", "/don-vi/", "/don-vi/tao-moi/", "/tai-khoan/", "/tai-khoan/?q=nguyen", "/nhat-ky/", "/khoa-dang-nhap/"]
    urls += ["/sap-nhap/", f"/sap-nhap/?nguon={commune.path}"]
    urls += [f"/don-vi/{commune.path}/", f"/don-vi/{commune.path}/tai-khoan/"]
    urls += [f"/don-vi/{commune.path}/{slug}/" for slug in ACTIONS]
    urls += [f"/don-vi/{commune.path}/tai-khoan/1/{slug}/" for slug in ACCOUNT_ACTIONS]
    urls += ["/nhuan-but/", "/nhuan-but/tao-moi/"]
    for url in urls:
        page = officer.get(url, **HOST)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert 'name="viewport"' in body and "<main" in body, url
    assert officer.get("/don-vi/khong.co/", **HOST).status_code == 404
    assert officer.get(f"/don-vi/{commune.path}/khong-co/", **HOST).status_code == 404
    assert officer.get("/sap-nhap/999999/", **HOST).status_code == 404
    with translation.override("en"):
        english = officer.get("/don-vi/", HTTP_ACCEPT_LANGUAGE="en", **HOST).content.decode()
    assert "Search by name or hostname" in english
    with translation.override("en"):
        english = officer.get("/sap-nhap/", HTTP_ACCEPT_LANGUAGE="en", **HOST).content.decode()
    assert "Merge sites" in english and "Source sites (tree paths" in english
