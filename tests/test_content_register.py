"""The legal-document search tool (D6) and the JSON API (D30) on the content_site content."""

from __future__ import annotations

import random
import re
import time

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page

from .content_helpers import host

pytestmark = pytest.mark.django_db

pytest_plugins = ["tests.content_fixtures"]


def get(client, tenant, url, **extra):
    return client.get(url, HTTP_HOST=host(tenant), **extra)


def numbers(body: str) -> list[str]:
    """Document numbers of the result table, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', body)


def ids(tenant, model, **filters) -> int:
    with tenant_context(tenant):
        return model.objects.get(**filters).pk


def test_document_search_form_is_labelled_and_lists_documents_in_force(client, doc_register):
    body = get(client, doc_register, "/van-ban/").content.decode()
    for field in (
        "q",
        "number",
        "doc_type",
        "issuing_body",
        "field",
        "signer",
        "status",
        "year",
        "date_from",
        "date_to",
        "sort",
    ):
        assert f'<label for="id_{field}">' in body and f'id="id_{field}"' in body
    assert 'method="get"' in body and 'role="search"' in body
    found = numbers(body)
    assert "09/QĐ-BBT" in found and "05/QĐ-UBND" in found
    assert "31/QĐ-UBND" not in found  # withdrawn: not listed by default
    assert "Tìm thấy 9 văn bản" in body


@pytest.mark.parametrize(
    "query, expected",
    [
        ("number=42%2FKH", ["42/KH-UBND"]),
        ("q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91", ["42/KH-UBND"]),  # "chuyển đổi số" (free text)
        ("signer=L%C3%B2+Th%E1%BB%8B+Mai", ["12/KH-MTTQ"]),
        ("status=replaced", ["05/QĐ-UBND"]),
        ("status=withdrawn", ["31/QĐ-UBND"]),
    ],
)
def test_document_search_filters(client, doc_register, query, expected):
    assert numbers(get(client, doc_register, f"/van-ban/?{query}").content.decode()) == expected


def test_document_search_filters_on_type_body_field_and_dates(client, doc_register):
    from sites.models import DocumentType, IssuingBody, LegalDocumentPage, Sector

    decision = ids(doc_register, DocumentType, name="Quyết định")
    party = ids(doc_register, IssuingBody, name="Đảng ủy")
    ict = ids(doc_register, Sector, name="Thông tin và truyền thông")
    assert sorted(numbers(get(client, doc_register, f"/van-ban/?doc_type={decision}").content.decode())) == [
        "05/QĐ-UBND",
        "09/QĐ-BBT",
    ]
    assert numbers(get(client, doc_register, f"/van-ban/?issuing_body={party}").content.decode()) == ["03-NQ/ĐU"]
    assert sorted(numbers(get(client, doc_register, f"/van-ban/?field={ict}").content.decode())) == [
        "09/QĐ-BBT",
        "42/KH-UBND",
    ]
    with tenant_context(doc_register):
        doc = LegalDocumentPage.objects.live().get(number="118/UBND-VP")
    day = doc.issue_date
    by_day = numbers(
        get(client, doc_register, f"/van-ban/?date_from={day:%Y-%m-%d}&date_to={day:%d/%m/%Y}").content.decode()
    )
    assert by_day == ["118/UBND-VP"]
    by_year = numbers(get(client, doc_register, f"/van-ban/?year={day.year}&doc_type={decision}").content.decode())
    with tenant_context(doc_register):
        expected = set(
            LegalDocumentPage.objects.live()
            .filter(issue_date__year=day.year, doc_type_id=decision)
            .exclude(status="withdrawn")
            .values_list("number", flat=True)
        )
    assert set(by_year) == expected


def test_document_search_sorts_and_keeps_filters_in_bookmarkable_pages(client, doc_register):
    from sites.models import DocumentType, IssuingBody, LegalDocumentPage

    with tenant_context(doc_register):
        index = Page.objects.get(slug="van-ban")
        notice = DocumentType.objects.get(name="Thông báo")
        body = IssuingBody.objects.get(name="Ủy ban nhân dân")
        for number in range(25):
            index.add_child(
                instance=LegalDocumentPage(
                    title=f"Thông báo {number:02d}",
                    slug=f"tb-{number:02d}",
                    doc_type=notice,
                    issuing_body=body,
                    number=f"{100 + number}/TB-UBND",
                    issue_date=f"2025-01-{number + 1:02d}",
                    summary="Thông báo lịch họp",
                    signer="Văn phòng",
                )
            )
    url = f"/van-ban/?doc_type={notice.pk}&sort=number"
    first = get(client, doc_register, url).content.decode()
    assert "Tìm thấy 26 văn bản" in first
    first_numbers = numbers(first)
    assert first_numbers == sorted(first_numbers) and len(first_numbers) == 20
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "doc_type=" in next_link and "sort=number" in next_link and "page=2" in next_link
    second = numbers(get(client, doc_register, f"/van-ban/{next_link}").content.decode())
    assert len(second) == 6 and second[0] > first_numbers[-1]
    oldest = numbers(get(client, doc_register, f"/van-ban/?doc_type={notice.pk}&sort=issue_date").content.decode())
    assert oldest[0] == "100/TB-UBND"


def test_document_search_bad_input_gives_clear_errors_and_no_results(client, doc_register):
    body = get(client, doc_register, "/van-ban/?date_from=2026-05-01&date_to=2026-01-01").content.decode()
    assert "“Từ ngày” phải trước hoặc bằng “đến ngày”." in body and numbers(body) == []
    body = get(client, doc_register, "/van-ban/?year=abc&sort=drop").content.decode()
    assert 'id="id_year_error"' in body and 'id="id_sort_error"' in body and numbers(body) == []


# --- JSON API (D30) --------------------------------------------------------------------------


def api(client, tenant, path, **extra):
    return get(client, tenant, f"/api/v1/{path}", **extra)


def test_api_index_and_documents_are_paginated(client, doc_register):
    index = api(client, doc_register, "").json()
    assert set(index["endpoints"]) == {"documents", "services", "news", "contacts"}
    page = api(client, doc_register, "documents/?page_size=4").json()
    assert page["count"] == 9 and page["num_pages"] == 3 and len(page["results"]) == 4
    assert page["previous"] is None and "page=2" in page["next"] and "page_size=4" in page["next"]
    last = api(client, doc_register, "documents/?page_size=4&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    first = page["results"][0]
    assert {
        "number",
        "doc_type",
        "issuing_body",
        "issue_date",
        "effective_date",
        "summary",
        "signer",
        "status",
        "files",
    } <= set(first)


def test_api_filters_match_the_search_tool(client, doc_register):
    from sites.models import DocumentType

    decision = ids(doc_register, DocumentType, name="Quyết định")
    found = api(client, doc_register, f"documents/?doc_type={decision}&sort=number").json()["results"]
    assert [d["number"] for d in found] == ["05/QĐ-UBND", "09/QĐ-BBT"]
    assert found[1]["files"] and found[1]["files"][0]["extension"] == "pdf"
    withdrawn = api(client, doc_register, "documents/?status=withdrawn").json()["results"]
    assert [d["number"] for d in withdrawn] == ["31/QĐ-UBND"] and withdrawn[0]["files"] == []
    services = api(client, doc_register, "services/?level=full&foreigner_usable=true").json()["results"]
    assert {s["code"] for s in services} == {"1.001193", "2.000720"}
    assert all(s["dossiers"]["processed"] == s["dossiers"]["on_time"] + s["dossiers"]["late"] for s in services)
    news = api(client, doc_register, "news/?page_size=2").json()
    assert news["count"] == 6 and news["results"][0]["date"] >= news["results"][1]["date"]
    contacts = api(client, doc_register, "contacts/?unit=m%E1%BB%99t+c%E1%BB%ADa").json()  # "một cửa"
    assert {c["name"] for c in contacts["results"]} == {"Hoàng Đức Long", "Bùi Văn Khánh"}


@pytest.mark.parametrize(
    "path, field",
    [
        ("documents/?year=abc", "year"),
        ("documents/?page_size=500", "page_size"),
        ("documents/?page=0", "page"),
        ("documents/?sort=password", "sort"),
        ("services/?level=4", "level"),
        ("news/?date_from=2026-02-30", "date_from"),
        ("documents/?lang=fr", "lang"),
    ],
)
def test_api_rejects_bad_parameters_with_400_json(client, doc_register, path, field):
    response = api(client, doc_register, path)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "Tham số không hợp lệ." and field in body["details"]


def test_api_unknown_parameter_missing_page_method_and_cors(client, doc_register):
    response = api(client, doc_register, "news/?categry=1")
    assert response.status_code == 400 and "categry" in response.json()["error"]
    assert api(client, doc_register, "documents/?page=99").status_code == 404
    assert api(client, doc_register, "documents/999999/").status_code == 404
    post = client.post("/api/v1/documents/", HTTP_HOST=host(doc_register))
    assert post.status_code == 405 and post["Allow"] == "GET, HEAD"
    plain = api(client, doc_register, "documents/", HTTP_ORIGIN="https://other.example")
    assert "Access-Control-Allow-Origin" not in plain  # CORS off by default


def test_api_cors_allowed_origin(client, doc_register, settings):
    settings.API_CORS_ORIGINS = ["https://data.phutho.gov.vn"]
    response = api(client, doc_register, "services/", HTTP_ORIGIN="https://data.phutho.gov.vn")
    assert response["Access-Control-Allow-Origin"] == "https://data.phutho.gov.vn"


def test_api_rate_limit_per_ip(client, doc_register, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    ip, other = (f"2001:db8::{random.randrange(1, 0xFFFF):x}" for _ in range(2))
    if time.time() % 60 > 55:  # the window is one clock minute: do not straddle two
        time.sleep(61 - time.time() % 60)
    codes = [api(client, doc_register, "news/", REMOTE_ADDR=ip).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert api(client, doc_register, "news/", REMOTE_ADDR=other).status_code == 200  # another client
