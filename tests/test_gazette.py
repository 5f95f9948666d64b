"""Công báo (issue 17, item 3): the board's editor (Biên tập viên, not a superuser) records gazette issues in the
admin and links documents to them from the document's edit form (page range checked); the gazette page of a
province portal lists each issue with its documents and their summaries; the register and the JSON API
filter on the gazette; a duplicate issue number in a year and bad page ranges are refused with a message and
nothing changed; district and commune sites cannot create a gazette page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import Site

from sites.models import GazetteIssue, GazettePage, HomePage, LegalDocumentIndexPage, LegalDocumentPage

from .content_helpers import add_index, add_legal_document, host, make_board, signed_in
from .content_helpers import legal_form as form

pytest_plugins = ["tests.content_fixtures"]

ISSUE_ADD = "/admin/snippets/portal/gazetteissue/add/"
EDIT = "/admin/pages/{pk}/edit/"
DOCUMENTS = {
    "qd-21": ("21/QĐ-UBND", "Ban hành Quy định quản lý chợ trên địa bàn tỉnh"),
    "qd-22": ("22/QĐ-UBND", "Phê duyệt Kế hoạch phát triển rừng bền vững giai đoạn 2026-2030"),
    "qd-23": ("23/QĐ-UBND", "Công bố danh mục thủ tục hành chính lĩnh vực tư pháp"),
}


@pytest.fixture
def gazette(make_tenant, content_media):
    """A province portal with three live decisions, a gazette page and the board accounts."""
    tenant = make_tenant("congbao", name="Tỉnh Công Báo")
    with tenant_context(tenant):
        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        for slug, (number, summary) in DOCUMENTS.items():
            doc = add_legal_document(index, slug, number, summary, signer="Lê Văn Cường",
                                     issue_date=datetime.date(2026, 3, 2))  # fmt: skip
            doc.save_revision().publish()
        add_index(GazettePage, "cong-bao", "Công báo")
        make_board()
    return tenant


def add_issue(tenant, number, date: str, username: str = "bientap"):
    """Post the admin's "add gazette issue" form signed in as ``username``; the response and the issue count."""
    response = signed_in(tenant, username).post(
        ISSUE_ADD, {"number": number, "date": date, "note": ""}, HTTP_HOST=host(tenant)
    )
    with tenant_context(tenant):
        return response, GazetteIssue.objects.count()


def link(tenant, slug: str, issue: GazetteIssue | None, start="", end="", publish: bool = True):
    """The editor sets the document's gazette issue and pages in its edit form; the head publishes it."""
    with tenant_context(tenant):
        doc = LegalDocumentPage.objects.get(slug=slug)
        data = form(doc, gazette_issue=issue.pk if issue else "", gazette_page_from=start, gazette_page_to=end)
        before = doc.revisions.count()
    response = signed_in(tenant, "bientap").post(EDIT.format(pk=doc.pk), data, HTTP_HOST=host(tenant))
    with tenant_context(tenant):
        doc = LegalDocumentPage.objects.get(pk=doc.pk)
        changed = doc.revisions.count() - before
        if publish and response.status_code == 302:
            doc.get_latest_revision().publish(user=get_user_model().objects.get(username="truongban"))
    return response, changed


def issue(tenant, number: int, year: int = 2026) -> GazetteIssue:
    with tenant_context(tenant):
        return GazetteIssue.objects.get(number=number, year=year)


def page_html(tenant, path: str) -> str:
    response = Client().get(path, HTTP_HOST=host(tenant))
    assert response.status_code == 200
    return response.content.decode()


def test_editor_records_issues_and_a_duplicate_number_in_a_year_is_refused(gazette):
    response, count = add_issue(gazette, 12, "2026-03-05")
    assert response.status_code == 302 and count == 1
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    refused, after = add_issue(gazette, 12, "2026-11-20")
    assert refused.status_code == 200 and after == 1
    assert "Năm 2026 đã có số công báo 12" in refused.content.decode()
    other_year, total = add_issue(gazette, 12, "2025-12-30")  # numbering restarts every year
    assert other_year.status_code == 302 and total == 2
    zero, unchanged = add_issue(gazette, 0, "2026-04-01")
    assert zero.status_code == 200 and unchanged == 2


def test_gazette_page_lists_each_issue_with_its_documents_and_summaries(gazette):
    add_issue(gazette, 12, "2026-03-05")
    add_issue(gazette, 13, "2026-03-12")
    first, second = issue(gazette, 12), issue(gazette, 13)
    assert link(gazette, "qd-21", first, 5, 12)[0].status_code == 302
    assert link(gazette, "qd-22", first, 13)[0].status_code == 302
    assert link(gazette, "qd-23", second)[0].status_code == 302
    html = page_html(gazette, "/cong-bao/")
    issue_12, issue_13 = html.index("Công báo số 12/2026"), html.index("Công báo số 13/2026")
    assert issue_13 < issue_12  # newest first
    section_12 = html[issue_12:]
    assert "Ban hành Quy định quản lý chợ" in section_12 and "tr. 5–12" in section_12 and "tr. 13" in section_12
    assert section_12.index("21/QĐ-UBND") < section_12.index("22/QĐ-UBND")  # in page order
    assert "23/QĐ-UBND" in html[issue_13:issue_12] and "23/QĐ-UBND" not in section_12
    assert '<time datetime="2026-03-05">05/03/2026</time>' in html
    assert "Công báo" in page_html(gazette, "/van-ban/qd-21/") and "Số 12/2026" in page_html(gazette, "/van-ban/qd-21/")
    # A year filter keeps that year; an unknown year shows them all.
    add_issue(gazette, 40, "2025-12-30")
    assert "40/2025" not in page_html(gazette, "/cong-bao/?year=2026")
    assert "40/2025" in page_html(gazette, "/cong-bao/?year=abc")


def test_register_and_api_filter_exactly_the_linked_documents(gazette):
    add_issue(gazette, 12, "2026-03-05")
    add_issue(gazette, 13, "2026-03-12")
    first, second = issue(gazette, 12), issue(gazette, 13)
    link(gazette, "qd-21", first, 1, 4)
    link(gazette, "qd-23", second)

    def numbers(query: str) -> set[str]:
        response = Client().get(f"/api/v1/documents/?{query}", HTTP_HOST=host(gazette))
        assert response.status_code == 200, response.content
        return {item["number"] for item in response.json()["results"]}

    assert numbers(f"gazette_issue={first.pk}") == {"21/QĐ-UBND"}
    assert numbers("gazette=published") == {"21/QĐ-UBND", "23/QĐ-UBND"}
    assert numbers("gazette=unpublished") == {"22/QĐ-UBND"}
    response = Client().get(f"/api/v1/documents/?gazette_issue={first.pk}", HTTP_HOST=host(gazette))
    assert response.json()["results"][0]["gazette"] == {
        "issue": first.pk, "number": 12, "year": 2026, "date": "2026-03-05", "page_from": 1, "page_to": 4,
    }  # fmt: skip
    assert Client().get("/api/v1/documents/?gazette=maybe", HTTP_HOST=host(gazette)).status_code == 400
    html = page_html(gazette, f"/van-ban/?gazette_issue={second.pk}")
    assert "23/QĐ-UBND" in html and "21/QĐ-UBND" not in html and "22/QĐ-UBND" not in html
    assert 'name="gazette_issue"' in html and "Số 12/2026 (05/03/2026)" in html
    conflict = page_html(gazette, f"/van-ban/?gazette=unpublished&gazette_issue={first.pk}")
    assert "Không thể vừa chọn" in conflict and "21/QĐ-UBND</a>" not in conflict


def test_bad_page_ranges_are_refused_and_nothing_changes(gazette):
    add_issue(gazette, 12, "2026-03-05")
    first = issue(gazette, 12)
    for issue_, start, end, message in (
        (first, 9, 3, "Trang kết thúc không được nhỏ hơn trang bắt đầu"),
        (None, 3, "", "phải chọn số công báo"),
        (first, "", 7, "Phải ghi trang bắt đầu"),
    ):
        response, changed = link(gazette, "qd-21", issue_, start, end)
        assert response.status_code == 200 and changed == 0
        assert message in response.content.decode()
    with tenant_context(gazette):
        assert LegalDocumentPage.objects.get(slug="qd-21").gazette_issue_id is None


def test_an_issue_with_documents_cannot_be_deleted(gazette):
    add_issue(gazette, 12, "2026-03-05")
    link(gazette, "qd-21", issue(gazette, 12))
    with tenant_context(gazette):
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            GazetteIssue.objects.get(number=12).delete()
        pk = GazetteIssue.objects.get(number=12).pk
    head = signed_in(gazette, "truongban")
    url = f"/admin/snippets/portal/gazetteissue/delete/{pk}/"
    response = head.post(url, HTTP_HOST=host(gazette))
    assert response.status_code in (302, 403)  # the admin says the issue is in use; never a 500
    with tenant_context(gazette):
        assert GazetteIssue.objects.filter(pk=pk).exists()


def test_only_a_province_portal_offers_the_gazette_page(gazette, district):
    with tenant_context(gazette):
        home = Site.objects.get(is_default_site=True).root_page.specific
        assert GazettePage.can_create_at(home) is False  # one gazette page per portal: already there
        GazettePage.objects.all().delete()
        assert GazettePage.can_create_at(HomePage.objects.get(pk=home.pk))
    with tenant_context(district):
        home = Site.objects.get(is_default_site=True).root_page.specific
        assert GazettePage.can_create_at(home) is False
        add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
    html = page_html(district, "/van-ban/")
    assert 'name="gazette_issue"' not in html  # no gazette on a district site: no gazette filter


def test_demo_province_has_a_gazette_with_issues_and_running_it_again_changes_nothing(gazette):
    from demo.builders import variety
    from demo.builders.content import GAZETTE, _documents, _gazette, _home, _place

    with tenant_context(gazette):
        GazettePage.objects.all().delete()
        documents = _documents(_home(), _place(gazette))
        _gazette(_home(), documents)
        issues = GazetteIssue.objects.count()
        _gazette(_home(), documents)
        assert GazetteIssue.objects.count() == issues == len(GAZETTE)
        linked = LegalDocumentPage.objects.live().exclude(gazette_issue=None).count()
    assert linked == len(GAZETTE)
    html = page_html(gazette, "/cong-bao/")
    spec, _days, serial = variety.document_of(gazette.slug, "nq-ke-hoach-ktxh")  # this site's own number
    summary = spec.summary.format(**variety.place_words(gazette.name, gazette.kind))
    assert summary in html and variety.document_number(spec, serial) in html


def test_the_migration_lets_the_board_of_an_existing_site_keep_the_gazette(gazette):
    import importlib
    from types import SimpleNamespace

    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("sites.migrations.0010_gazette")
    with tenant_context(gazette):
        issue_permissions = Permission.objects.filter(codename__endswith="_gazetteissue")
        for group in Group.objects.all():
            group.permissions.remove(*issue_permissions)
        state = MigrationLoader(connection).project_state(("portal", "0010_gazette")).apps
        migration.grant_issue_permissions(state, SimpleNamespace(connection=connection))
        granted = {
            group.name: set(
                group.permissions.filter(codename__endswith="_gazetteissue").values_list("codename", flat=True)
            )
            for group in Group.objects.filter(name__in=["Biên tập viên", "Trưởng ban"])
        }
    assert granted["Biên tập viên"] == {"add_gazetteissue", "change_gazetteissue", "view_gazetteissue"}
    assert granted["Trưởng ban"] == granted["Biên tập viên"] | {"delete_gazetteissue"}


def test_the_gazette_menu_entry_shows_only_in_a_province_portals_admin(gazette, district):
    with tenant_context(district):
        make_board()
    menu_link = f'"url": "{ISSUE_ADD.removesuffix("add/")}"'  # the sidebar menu is JSON in the page
    province_admin = signed_in(gazette, "bientap").get("/admin/", HTTP_HOST=host(gazette))
    district_admin = signed_in(district, "bientap").get("/admin/", HTTP_HOST=host(district))
    assert province_admin.status_code == district_admin.status_code == 200
    assert menu_link in province_admin.content.decode()
    assert menu_link not in district_admin.content.decode()
