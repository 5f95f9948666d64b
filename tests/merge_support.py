"""Fixtures of the merge tests: two communes with content of every kind that moves, and a target."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.contrib.redirects.models import Redirect

from core.editorial_board import EDITOR_GROUP
from participation.models import ConsultationComment, Question, SiteRating, VisitDay
from tests import factories as f
from tests.participation_helpers import QUESTION


def fill_commune(tenant, tag: str, with_extras: bool = True) -> SimpleNamespace:
    """News with an image and a document, a Q&A page with a question, a consultation with a comment,
    an introduction, a contact directory, a rating, a visitor day, a redirect and an editor."""
    with tenant_context(tenant):
        image = f.ImageFactory(title=f"Ảnh {tag}")
        document = f.DocumentFactory(title=f"Tài liệu {tag}")
        news = f.NewsIndexPageFactory()
        story = f.NewsPageFactory(
            parent=news,
            title=f"Lễ hội đình {tag}",
            slug="le-hoi",
            lead_image=image,
            body=[
                ("paragraph", f.rich(f'Xem <a linktype="document" id="{document.pk}">tài liệu</a>.')),
                ("image", {"image": image, "caption": "Ảnh lễ hội"}),
                ("attachment", {"document": document, "label": "Kế hoạch"}),
            ],
        )
        qa = f.QuestionIndexPageFactory()
        question = Question.objects.create(page=qa, **QUESTION)
        extras = SimpleNamespace()
        if with_extras:
            f.IntroductionPageFactory()
            directory = f.ContactDirectoryPageFactory()
            f.OfficialFactory(page=directory, name=f"Cán bộ {tag}")
            directory.save_revision().publish()
            consultations = f.ConsultationIndexPageFactory()
            draft = f.ConsultationPageFactory(parent=consultations, title=f"Dự thảo {tag}", slug="du-thao")
            ConsultationComment.objects.create(
                consultation=draft, name="Nguyễn Văn Tâm", contact="0987 000 111", body="Đề nghị bổ sung Điều 3."
            )
            SiteRating.objects.create(interface=5, content=4, quality=4, support=5)
            VisitDay.objects.create(date="2026-06-30", visits=120)
            Redirect.objects.create(old_path="/tin-cu", redirect_page=story)
            editor = get_user_model().objects.create_user(
                "bientap", password="Mat-khau-2026", is_staff=True, email=f"bientap@{tag}.example.vn"
            )
            editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
            extras = SimpleNamespace(draft=draft, editor=editor)
    return SimpleNamespace(
        tenant=tenant,
        host=tenant.primary_hostname,
        image=image,
        document=document,
        news=news,
        story=story,
        qa=qa,
        code=question.tracking_code,
        extras=extras,
    )


def row_counts() -> dict[str, int]:
    """Rows of every table of every schema (public, the template, each site)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        tables = cursor.fetchall()
        counts = {}
        for schema, table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def communes(make_tenant, province):
    """Two former communes (A with everything, B with news and Q&A) and an existing target commune."""
    a = make_tenant("xaa", kind="commune", parent=province, name="Xã Hòa An")
    b = make_tenant("xab", kind="commune", parent=province, name="Xã Bình Yên")
    target = make_tenant("xac", kind="commune", parent=province, name="Xã Cát Tường")
    source_a, source_b = fill_commune(a, "A"), fill_commune(b, "B", with_extras=False)
    with tenant_context(target):
        news = f.NewsIndexPageFactory()
        f.NewsPageFactory(parent=news, title="Tin của xã đích", slug="le-hoi")  # the same slug as the sources'
        qa = f.QuestionIndexPageFactory()
        f.ContactDirectoryPageFactory()
        get_user_model().objects.create_user("bientap", password="Khac-2026", is_staff=True)
    return SimpleNamespace(a=source_a, b=source_b, target=target, target_news=news, target_qa=qa, province=province)
