"""Helpers of the content tests (no fixtures): reach a tenant over HTTP, board accounts, index pages."""

from __future__ import annotations


def host(tenant) -> str:
    return tenant.primary_hostname


BOARD_PASSWORD = "Mk-2026-bientap!"


def make_user(username: str, group: str | None = None, superuser: bool = False):
    """A staff account of the current tenant schema, in one of the editorial groups."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, password=BOARD_PASSWORD, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(tenant, username: str):
    """A browser session signed in to ``tenant``'s admin."""
    from django.test import Client

    client = Client()
    assert (
        client.post(
            "/admin/login/", {"username": username, "password": BOARD_PASSWORD}, HTTP_HOST=host(tenant)
        ).status_code
        == 302
    )
    return client


def add_index(model, slug: str, title: str, **fields):
    """Create and publish an index page under the home page of the current tenant schema."""
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    index = model(title=title, slug=slug, **fields)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def add_legal_document(
    index,
    slug: str,
    number: str,
    summary: str,
    doc_type: str = "Quyết định",
    issuing_body: str = "Ủy ban nhân dân",
    **fields,
):
    """A live legal document under ``index`` (types and bodies from the seeded reference lists)."""
    from sites.models import DocumentType, IssuingBody, LegalDocumentPage

    document = LegalDocumentPage(
        title=f"{doc_type} {number}",
        slug=slug,
        number=number,
        summary=summary,
        doc_type=DocumentType.objects.get(name=doc_type),
        issuing_body=IssuingBody.objects.get(name=issuing_body),
        **fields,
    )
    index.add_child(instance=document)
    return document


BOARD = {"bientap": "Biên tập viên", "photruongban": "Phó trưởng ban", "truongban": "Trưởng ban"}


def make_board() -> None:
    """The three editorial accounts of D18 (update, edit, approve) in the current tenant schema."""
    for username, group in BOARD.items():
        make_user(username, group)


def upload_as(tenant, username: str, filename: str, content: bytes, title: str) -> int:
    """The board member uploads a file in the admin's Documents screen, signed in as that member; its id."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import tenant_context
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    with tenant_context(tenant):
        collection = Collection.get_first_root_node().pk
    upload = SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    response = signed_in(tenant, username).post(
        "/admin/documents/add/", {"title": title, "file": upload, "collection": collection}, HTTP_HOST=host(tenant)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant):
        return get_document_model().objects.get(title=title).pk


def legal_form(doc, confirm: bool = True, files=None, corrections=None, **fields) -> dict:
    """The admin edit form of a legal document as posted (its files and corrections as inline formsets)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    existing = [{"id": f.pk, "document": f.document_id, "label": f.label, "ORDER": i} for i, f in
                enumerate(doc.files.all(), start=1)]  # fmt: skip
    data = {
        "title": doc.title,
        "slug": doc.slug,
        "doc_type": doc.doc_type_id,
        "number": doc.number,
        "issuing_body": doc.issuing_body_id,
        "signer": doc.signer,
        "issue_date": doc.issue_date.isoformat(),
        "summary": doc.summary,
        "status": doc.status,
        "files": inline_formset(existing + (files or []), initial=len(existing)),
        "corrections": inline_formset(corrections or []),
        "body": streamfield([]),
        "contributors": inline_formset([]),
        "comments": inline_formset([]),
        **fields,
    }
    if confirm:
        data["confirm_public"] = "on"
    return nested_form_data(data)
