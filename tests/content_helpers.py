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
